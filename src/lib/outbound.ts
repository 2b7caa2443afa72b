/**
 * Outgoing HTTP requests to addresses users chose (webhooks, link previews, remote media): the
 * address actually connected to is checked, not only the name typed. A name that resolves to a
 * special-use address (DNS rebinding: public when registered, 127.0.0.1 when delivered) is refused
 * at connect time: every address the lookup answers is checked, and the socket connects to the
 * address the check saw (it is the `lookup` of the request, so nothing resolves the name again).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isLoopbackAddress, isPrivateAddress, normalizeHost } from './address-ranges';

export { isLoopbackAddress, isPrivateAddress, normalizeHost } from './address-ranges';

export class PrivateAddressError extends Error {
  code = 'EPRIVATEADDR';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private address`);
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** Who an outgoing request may reach: public addresses, plus the loopback when the operator allows it. */
const refused = (address: string, allowLoopback: boolean) =>
  isPrivateAddress(address) && !(allowLoopback && isLoopbackAddress(address));

function checkedLookup(allowLoopback: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => refused(a.address, allowLoopback));
      if (bad) return callback(new PrivateAddressError(hostname, bad.address), '');
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** A dns.lookup that fails on private addresses, for http(s).request's `lookup` option. */
export const publicOnlyLookup = checkedLookup(false);
/** The same, letting the loopback through (COMPTOIR_OUTBOUND_ALLOW_LOCAL): other private ranges still fail. */
const publicOrLoopbackLookup = checkedLookup(true);

/** The `lookup` a request uses: none when every address is allowed, else one that checks what the name resolves to. */
const lookupFor = (options: { allowPrivate?: boolean; allowLoopback?: boolean }) =>
  options.allowPrivate
    ? undefined
    : ((options.allowLoopback ? publicOrLoopbackLookup : publicOnlyLookup) as unknown as typeof dns.lookup);

/**
 * POSTs `body` and resolves with the status code (the reply's body is discarded). Redirects are
 * not followed. `allowPrivate` (local development, tests) lifts the address check.
 */
export function postOutbound(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate?: boolean; allowLoopback?: boolean },
): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const literal = normalizeHost(target.hostname);
  // Addresses written as such and local names are refused before any lookup; other names by what they resolve to.
  if (!options.allowPrivate && refused(literal, options.allowLoopback ?? false))
    return Promise.reject(new PrivateAddressError(target.hostname, literal));
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: lookupFor(options),
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () =>
      request.destroy(
        Object.assign(new Error(`timeout after ${options.timeoutMs / 1000} s`), { name: 'TimeoutError' }),
      ),
    );
    request.on('error', reject);
    request.end(body);
  });
}

type GetOptions = {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate?: boolean;
  /** The loopback (127.0.0.0/8, ::1, localhost) is reachable, other private ranges still not. */
  allowLoopback?: boolean;
  /** An origin reached without the address check (this app's own, for its own feeds), on any hop that goes there. */
  trustedOrigin?: string;
  maxRedirects?: number;
  headers?: Record<string, string>;
};
export type FetchedPage = {
  status: number;
  url: string;
  contentType: string;
  body: Buffer;
  truncated: boolean;
  /** The final answer's headers (validators for conditional requests). */
  headers: http.IncomingHttpHeaders;
};

/**
 * GETs a page from an address a user wrote (link previews): every hop of up to `maxRedirects`
 * redirects is checked like postOutbound's address, the whole exchange is bounded by
 * `timeoutMs`, and at most `maxBytes` of the body are kept (the rest is not read).
 */
export function getOutbound(url: string, options: GetOptions): Promise<FetchedPage> {
  const deadline = Date.now() + options.timeoutMs;
  const timeout = () =>
    Object.assign(new Error(`timeout after ${options.timeoutMs / 1000} s`), { name: 'TimeoutError' });
  const hop = (current: URL, redirectsLeft: number): Promise<FetchedPage> => {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      return Promise.reject(new Error(`unsupported scheme ${current.protocol}`));
    }
    const literal = normalizeHost(current.hostname);
    const trusted = options.trustedOrigin !== undefined && current.origin === options.trustedOrigin;
    const hopOptions = { ...options, allowPrivate: options.allowPrivate || trusted };
    if (!hopOptions.allowPrivate && refused(literal, options.allowLoopback ?? false)) {
      return Promise.reject(new PrivateAddressError(current.hostname, literal));
    }
    const client = current.protocol === 'https:' ? https : http;
    return new Promise<FetchedPage>((resolve, reject) => {
      const remaining = Math.max(1, deadline - Date.now());
      const request = client.request(current, {
        method: 'GET',
        headers: options.headers,
        lookup: lookupFor(hopOptions),
        timeout: remaining,
      });
      const timer = setTimeout(() => request.destroy(timeout()), remaining);
      const done = <T>(settle: (value: T) => void, value: T) => {
        clearTimeout(timer);
        settle(value);
      };
      request.on('timeout', () => request.destroy(timeout()));
      request.on('error', (error) => done(reject, error));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
          response.resume();
          clearTimeout(timer);
          if (redirectsLeft <= 0) return reject(new Error('too many redirects'));
          let next: URL;
          try {
            next = new URL(location, current);
          } catch {
            return reject(new Error('invalid redirect'));
          }
          return hop(next, redirectsLeft - 1).then(resolve, reject);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const contentType = String(response.headers['content-type'] ?? '');
        const finish = () =>
          done(resolve, {
            status,
            url: current.toString(),
            contentType,
            body: Buffer.concat(chunks),
            truncated,
            headers: response.headers,
          });
        response.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = options.maxBytes - size;
          chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
          size += Math.min(chunk.length, room);
          if (size >= options.maxBytes) {
            truncated = true;
            finish();
            response.destroy();
          }
        });
        response.on('end', () => {
          if (!truncated) finish();
        });
        response.on('error', (error) => {
          if (!truncated) done(reject, error);
        });
      });
      request.end();
    });
  };
  return hop(new URL(url), options.maxRedirects ?? 3);
}
