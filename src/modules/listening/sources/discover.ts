/**
 * Discovery: the address a brand gives is a feed, or a page that announces one with
 * `<link rel="alternate" type="application/rss+xml|atom+xml|rdf+xml|feed+json">`. Runs inside the
 * request that adds a source, so its deadline is shorter than a scheduled fetch's; every failure
 * is a 422 in words the team can act on, never a 5xx.
 */
import type { Config } from '../../../config';
import { unprocessable } from '../../../lib/errors';
import { getSourceDocument, SourceFetchError } from './get';
import { feedLinks } from './html';
import { decodeBody, notAFeed, type ParsedItem, parseFeedDocument } from './parse';
import { normaliseFeedUrl, refusePrivateLiteral } from './urls';

export const DISCOVER_TIMEOUT_MS = 10_000;
/** Feeds a page announces that are tried, in page order (a page may list one per category). */
const MAX_CANDIDATES = 3;

export type DiscoverContext = { config: Pick<Config, 'publicUrl' | 'outboundAllowLocal'> };
export type DiscoveredFeed = { feedUrl: string; title: string; siteUrl: string | null; items: ParsedItem[] };

export async function discoverFeed(ctx: DiscoverContext, rawUrl: unknown): Promise<DiscoveredFeed> {
  const url = checkedUrl(ctx, rawUrl);
  const page = await get(ctx, url);
  const direct = tryParse(page.body, page.contentType, page.url);
  if (direct) return { feedUrl: page.url, title: direct.title, siteUrl: direct.siteUrl, items: direct.items };
  if (!/html/i.test(page.contentType) && !/^\s*</.test(page.body.subarray(0, 512).toString('latin1'))) throw notAFeed();
  const candidates = feedLinks(decodeBody(page.body, page.contentType), page.url).slice(0, MAX_CANDIDATES);
  for (const candidate of candidates) {
    let feedUrl: string;
    try {
      feedUrl = checkedUrl(ctx, candidate);
    } catch {
      continue;
    }
    const fetched = await get(ctx, feedUrl).catch(() => null);
    const parsed = fetched && tryParse(fetched.body, fetched.contentType, fetched.url);
    if (fetched && parsed)
      return { feedUrl: fetched.url, title: parsed.title, siteUrl: parsed.siteUrl, items: parsed.items };
  }
  throw notAFeed();
}

/** http(s), no credentials, not too long; a private address written as such refused before any request. */
function checkedUrl(ctx: DiscoverContext, raw: unknown): string {
  const url = normaliseFeedUrl(raw);
  // The app's own origin is always reachable (get.ts says why).
  if (new URL(url).origin !== new URL(ctx.config.publicUrl).origin)
    refusePrivateLiteral(url, ctx.config.outboundAllowLocal);
  return url;
}

async function get(ctx: DiscoverContext, url: string) {
  try {
    return await getSourceDocument(ctx, url, { timeoutMs: DISCOVER_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof SourceFetchError)) throw error;
    if (error.code === 'private_url') throw unprocessable('private_url', error.message, { field: 'url' });
    if (error.code === 'too_large') throw unprocessable('feed_too_large', error.message, { field: 'url' });
    throw unprocessable('fetch_failed', error.message, { field: 'url', reason: error.code });
  }
}

function tryParse(body: Buffer, contentType: string, baseUrl: string) {
  try {
    return parseFeedDocument(body, contentType, { baseUrl });
  } catch {
    return null;
  }
}
