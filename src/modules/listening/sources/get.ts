/**
 * The one way sources reach the outside: lib/outbound.ts's checked GET (every redirect hop
 * checked, the address connected to checked, a deadline for the whole exchange, a byte limit),
 * and failures told in plain words. Used by discovery (when a brand adds a source) and by the
 * scheduled fetch.
 */
import type { Config } from '../../../config';
import { type FetchedPage, getOutbound, PrivateAddressError } from '../../../lib/outbound';

/** A feed's size limit: a bigger document is refused whole, nothing of it stored. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
/** The whole exchange (connect, headers, body) of a scheduled fetch: a feed that never ends is cut. */
export const FETCH_TIMEOUT_MS = 20_000;

export type SourceGetContext = { config: Pick<Config, 'publicUrl' | 'outboundAllowLocal'> };

/** Why a fetch failed: a stable code (the page may translate it) and a short English sentence. */
export class SourceFetchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceFetchError';
  }
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

/**
 * GETs a source's address. Private addresses are refused; the loopback too unless
 * COMPTOIR_OUTBOUND_ALLOW_LOCAL. This app's own origin is always allowed: the demo's feeds are
 * served by the app itself, and a request to our own public routes reaches nothing a user could
 * not already read (no cookie or credential is sent), whatever address the name resolves to.
 * A body over `maxBytes` is an error, never a truncated feed.
 */
export async function getSourceDocument(
  ctx: SourceGetContext,
  url: string,
  options: { timeoutMs?: number; maxBytes?: number; headers?: Record<string, string> } = {},
): Promise<FetchedPage> {
  const maxBytes = options.maxBytes ?? MAX_FEED_BYTES;
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  let page: FetchedPage;
  try {
    page = await getOutbound(url, {
      timeoutMs,
      // One byte over the limit tells a document at the limit from one over it.
      maxBytes: maxBytes + 1,
      allowLoopback: ctx.config.outboundAllowLocal,
      trustedOrigin: new URL(ctx.config.publicUrl).origin,
      maxRedirects: 5,
      headers: {
        accept: ACCEPT,
        'user-agent': `Comptoir feed reader (+${ctx.config.publicUrl})`,
        ...options.headers,
      },
    });
  } catch (error) {
    throw describe(error, timeoutMs);
  }
  if (page.truncated || page.body.length > maxBytes)
    throw new SourceFetchError('too_large', `The feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  if (page.status === 304) return page;
  if (page.status === 404 || page.status === 410)
    throw new SourceFetchError('not_found', `The address answered ${page.status}: the feed is not there (any more)`);
  if (page.status === 401 || page.status === 403)
    throw new SourceFetchError('forbidden', `The site refused access (HTTP ${page.status})`);
  if (page.status === 429) throw new SourceFetchError('rate_limited', 'The site asks us to slow down (HTTP 429)');
  if (page.status >= 500) throw new SourceFetchError('server_error', `The site had an error (HTTP ${page.status})`);
  if (page.status !== 200) throw new SourceFetchError('http_status', `The site answered HTTP ${page.status}`);
  return page;
}

function describe(error: unknown, timeoutMs: number): SourceFetchError {
  if (error instanceof SourceFetchError) return error;
  if (error instanceof PrivateAddressError)
    return new SourceFetchError('private_url', 'The address points to a private network, which sources may not reach');
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'TimeoutError')
    return new SourceFetchError('timeout', `The site did not answer in full within ${timeoutMs / 1000} s`);
  switch (e?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SourceFetchError('dns', 'No site answers at this name (DNS lookup failed)');
    case 'ECONNREFUSED':
      return new SourceFetchError('refused', 'The site refused the connection');
    case 'ECONNRESET':
    case 'EPIPE':
      return new SourceFetchError('reset', 'The connection was cut before the feed arrived');
  }
  if (/certificate|SSL|TLS/i.test(e?.message ?? '') || e?.code?.startsWith('ERR_TLS') || e?.code?.includes('CERT'))
    return new SourceFetchError('tls', 'The site’s secure connection (certificate) is not valid');
  if (e?.message === 'too many redirects')
    return new SourceFetchError('redirects', 'The address redirects too many times');
  if (/unsupported scheme/.test(e?.message ?? ''))
    return new SourceFetchError('redirects', 'The address redirects to something other than a web page');
  return new SourceFetchError('network', `The feed could not be fetched (${e?.code ?? e?.message ?? 'network error'})`);
}
