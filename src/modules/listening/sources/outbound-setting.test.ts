import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config';
import { getOutbound, postOutbound } from '../../../lib/outbound';

let server: http.Server;
let origin: string;
beforeAll(async () => {
  server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain', etag: '"e"' }).end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('COMPTOIR_OUTBOUND_ALLOW_LOCAL', () => {
  it('is off by default, on with 1, and refused when the server is public (https)', () => {
    expect(loadConfig({}).outboundAllowLocal).toBe(false);
    expect(loadConfig({ COMPTOIR_OUTBOUND_ALLOW_LOCAL: '1' }).outboundAllowLocal).toBe(true);
    expect(() => loadConfig({ COMPTOIR_OUTBOUND_ALLOW_LOCAL: '1', COMPTOIR_URL: 'https://comptoir.example' })).toThrow(
      /COMPTOIR_OUTBOUND_ALLOW_LOCAL=1 is for development only/,
    );
  });

  it('lets outgoing requests reach the loopback, and only the loopback', async () => {
    const get = (url: string, allowLoopback: boolean) =>
      getOutbound(url, { timeoutMs: 2000, maxBytes: 100, allowLoopback });
    await expect(get(`${origin}/`, false)).rejects.toMatchObject({ code: 'EPRIVATEADDR' });
    const page = await get(`${origin}/`, true);
    expect(page).toMatchObject({ status: 200, body: Buffer.from('ok') });
    expect(page.headers.etag).toBe('"e"');
    // A name that resolves to the loopback passes the connect-time check too.
    const port = new URL(origin).port;
    expect((await get(`http://localhost:${port}/`, true)).status).toBe(200);
    await expect(get('http://10.1.2.3/', true)).rejects.toMatchObject({ code: 'EPRIVATEADDR' });
    await expect(get('http://[fd00::1]/', true)).rejects.toMatchObject({ code: 'EPRIVATEADDR' });
    await expect(postOutbound(`${origin}/`, '{}', {}, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'EPRIVATEADDR',
    });
    expect(await postOutbound(`${origin}/`, '{}', {}, { timeoutMs: 2000, allowLoopback: true })).toBe(200);
    await expect(
      postOutbound('http://192.168.0.1/', '{}', {}, { timeoutMs: 2000, allowLoopback: true }),
    ).rejects.toMatchObject({
      code: 'EPRIVATEADDR',
    });
  });
});
