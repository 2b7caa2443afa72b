import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPrivateAddress, postOutbound, publicOnlyLookup } from './outbound';

let server: http.Server;
let port: number;
let received = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    received++;
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('outgoing requests to user-chosen addresses', () => {
  it('knows private, loopback, link-local and mapped addresses from public ones', () => {
    for (const h of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'localhost',
      'db.internal',
    ]) {
      expect(isPrivateAddress(h), h).toBe(true);
    }
    for (const h of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', 'example.com'])
      expect(isPrivateAddress(h), h).toBe(false);
  });

  it('refuses a name that resolves to a private address when connecting (DNS rebinding), and sends nothing', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup('localhost', {}, (err) => resolve(err)),
    );
    expect(error?.code).toBe('EPRIVATEADDR');
    const before = received;
    // postOutbound checks only literal addresses up front: a name is judged by what it resolves to.
    await expect(postOutbound(`http://localhost:${port}/hook`, '{}', {}, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'EPRIVATEADDR',
    });
    await expect(postOutbound(`http://127.0.0.1:${port}/hook`, '{}', {}, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'EPRIVATEADDR',
    });
    expect(received).toBe(before);
  });

  it('posts and returns the status code where private addresses are allowed (local development)', async () => {
    expect(
      await postOutbound(
        `http://127.0.0.1:${port}/hook`,
        '{"a":1}',
        { 'content-type': 'application/json' },
        { timeoutMs: 60_000, allowPrivate: true },
      ),
    ).toBe(204);
  });
});

describe('the lookup an outgoing request connects through', () => {
  const answer = (addresses: string[]) =>
    vi.spyOn(dns, 'lookup').mockImplementation(((
      _name: string,
      _options: unknown,
      callback: (error: null, list: dns.LookupAddress[]) => void,
    ) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      )) as unknown as typeof dns.lookup);
  const lookup = (all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
      publicOnlyLookup('hooks.example.com', { all }, (error, result) => resolve({ error, result })),
    );

  it('refuses a name when any address it resolves to is special-use (DNS rebinding), and hands on only checked ones', async () => {
    for (const addresses of [
      ['93.184.216.34', '10.0.0.1'],
      ['198.18.0.5'],
      ['::ffff:127.0.0.1'],
      ['2606:4700::1111', '64:ff9b::a9fe:a9fe'],
      ['2002:7f00:1::1'],
    ]) {
      const spy = answer(addresses);
      try {
        expect((await lookup(true)).error?.code, addresses.join(' ')).toBe('EPRIVATEADDR');
      } finally {
        spy.mockRestore();
      }
    }
    const spy = answer(['93.184.216.34', '2606:4700::1111']);
    try {
      expect((await lookup(true)).result).toEqual([
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1111', family: 6 },
      ]);
      expect((await lookup(false)).result).toBe('93.184.216.34');
    } finally {
      spy.mockRestore();
    }
  });
});
