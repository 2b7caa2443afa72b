/**
 * A source's address as we store and compare it: http(s) only, no fragment (never sent to the
 * server, so two spellings of one feed), host in lower case (the URL parser does it), no user
 * or password (they would leak in the OPML export and in logs). Anything else is 422 invalid_url.
 */
import { unprocessable } from '../../../lib/errors';
import { isPrivateAddress, normalizeHost } from '../../../lib/outbound';

export const URL_MAX = 2048;

export function normaliseFeedUrl(raw: unknown, field = 'url'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw unprocessable('invalid_url', `${field} is required`, { field });
  const text = raw.trim();
  if (text.length > URL_MAX)
    throw unprocessable('invalid_url', `${field} has at most ${URL_MAX} characters`, { field });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw unprocessable('invalid_url', `${field} is not a web address (http:// or https://)`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw unprocessable('invalid_url', `${field} must start with http:// or https://`, { field });
  if (url.username || url.password)
    throw unprocessable('invalid_url', `${field} must not carry a user name or password`, { field });
  url.hash = '';
  return url.toString();
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Refuses an address written as a private one (10.0.0.1, localhost, [::1], 0x7f.1...) without
 * resolving anything: an OPML import checks a thousand entries in no time, and the fetch checks
 * again the addresses a name resolves to when it connects. `allowLoopback` is the development
 * setting that lets a local feed in (loopback only: other private ranges stay refused).
 */
export function refusePrivateLiteral(url: string, allowLoopback: boolean, field = 'url'): void {
  const host = normalizeHost(new URL(url).hostname);
  if (allowLoopback && LOOPBACK.has(host)) return;
  if (isPrivateAddress(host))
    throw unprocessable('private_url', `${field} points to a private address, which sources may not reach`, {
      field,
    });
}
