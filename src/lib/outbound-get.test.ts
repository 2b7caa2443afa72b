import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOutbound } from './outbound';

let server: http.Server;
let base: string;
const hits: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html' }).end('<title>hello</title>');
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'text/html' });
      // Endless: only the size limit ends the read.
      const push = () => (res.write('x'.repeat(16_384)) ? setImmediate(push) : res.once('drain', push));
      res.on('close', () => res.removeAllListeners('drain'));
      return push();
    }
    if (req.url === '/slow') return res.writeHead(200, { 'content-type': 'text/html' }).write('<title>');
    if (req.url === '/hop') return res.writeHead(301, { location: '/page' }).end();
    if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

// A request that must succeed gets a generous timeout: a loaded machine may take seconds to answer on loopback.
const allowed = { timeoutMs: 60_000, maxBytes: 64 * 1024, allowPrivate: true };

describe('getting pages from user-written addresses', () => {
  it('refuses private addresses, literal or by name, and sends nothing', async () => {
    const before = hits.length;
    const strict = { timeoutMs: 2000, maxBytes: 1000 };
    const refused = { code: 'EPRIVATEADDR' };
    await expect(getOutbound(`${base}/page`, strict)).rejects.toMatchObject(refused);
    await expect(getOutbound(`http://localhost:${new URL(base).port}/page`, strict)).rejects.toMatchObject(refused);
    await expect(getOutbound('http://[::1]/', strict)).rejects.toMatchObject(refused);
    expect(hits.length).toBe(before);
  });

  it('follows a few redirects (each hop checked like the first), not endlessly', async () => {
    const page = await getOutbound(`${base}/hop`, allowed);
    expect(page).toMatchObject({ status: 200, url: `${base}/page`, truncated: false });
    expect(page.body.toString()).toBe('<title>hello</title>');
    await expect(getOutbound(`${base}/loop`, allowed)).rejects.toThrow('too many redirects');
  });

  it('keeps at most maxBytes and stops reading', async () => {
    const page = await getOutbound(`${base}/big`, allowed);
    expect(page.truncated).toBe(true);
    expect(page.body.length).toBe(64 * 1024);
  });

  it('gives up on a server that never finishes', async () => {
    const slow = getOutbound(`${base}/slow`, { ...allowed, timeoutMs: 300 });
    await expect(slow).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
