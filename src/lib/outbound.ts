/**
 * Outgoing HTTP requests to addresses users chose (webhooks): the address actually connected to
 * is checked, not only the name typed. A name that resolves to a private or loopback address
 * (DNS rebinding: public when registered, 127.0.0.1 when delivered) is refused at connect time.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Loopback, private, link-local, carrier-grade NAT, unique-local and mapped addresses, and local names. */
export function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  if (net.isIPv4(h)) {
    const [a, b] = h.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  if (net.isIPv6(h)) return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80') || h.startsWith('::ffff:');
  return false;
}

export class PrivateAddressError extends Error {
  code = 'EPRIVATEADDR';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private address`);
  }
}

/** A dns.lookup that fails on private addresses, for http(s).request's `lookup` option. */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new PrivateAddressError(hostname, bad.address), '');
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

/**
 * POSTs `body` and resolves with the status code (the reply's body is discarded). Redirects are
 * not followed. `allowPrivate` (local development, tests) lifts the address check.
 */
export function postOutbound(url: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; allowPrivate?: boolean }): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && net.isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new PrivateAddressError(target.hostname, literal));
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.allowPrivate ? undefined : (publicOnlyLookup as unknown as typeof dns.lookup),
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`timeout after ${options.timeoutMs / 1000} s`), { name: 'TimeoutError' })));
    request.on('error', reject);
    request.end(body);
  });
}
