/**
 * A watch's private feeds: RSS 2.0 and Atom 1.0 of its newest matches, built with the `feed`
 * package (which escapes every text). Reachable only with the watch's current token
 * (watchForFeed); each item links to the post and carries its sentiment as a category and in
 * its description.
 */
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import { translate, type Locale } from '../../../web/i18n';
import { loadMatches, matchIds, matchUrl, watchForFeed, type MatchRow, type WatchesContext } from './watches';
import { excerpt as shorten } from '../../../lib/text';
import { escapeHtml } from '../../social';
import type { Db } from '../../../db/client';

export const FEED_ITEMS = 50;

const excerpt = (text: string, max = 80) => shorten(text, max);

/**
 * The feed, or `null` when the reader's If-None-Match names the current version: feed readers
 * poll, and most polls find nothing new. The ETag covers the items listed (one light query),
 * the watch's name, query and token version, the format and the language.
 */
export async function watchFeed(
  ctx: WatchesContext & { reads?: Db },
  watchId: string,
  token: unknown,
  format: 'rss' | 'atom',
  locale: Locale = 'fr',
  ifNoneMatch?: string | null,
): Promise<{ xml: string | null; etag: string }> {
  const watch = await watchForFeed(ctx, watchId, token);
  // The token is checked on the primary (a rotated one stops at once); the matches may be a few seconds old.
  const reads = ctx.reads ?? ctx.db;
  const ids = await matchIds(reads, watch.id, FEED_ITEMS);
  const etag = `"${createHash('sha256')
    .update(JSON.stringify([watch.id, watch.tokenVersion, watch.name, watch.query, format, locale, ids]))
    .digest('base64url')
    .slice(0, 27)}"`;
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return { xml: null, etag };
  const matches = await loadMatches(reads, watch.id, { limit: FEED_ITEMS });
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const self = `${ctx.config.publicUrl}/watches/${watch.id}/feed.${format}?token=${encodeURIComponent(String(token))}`;
  const feed = new Feed({
    id: `${ctx.config.publicUrl}/watches/${watch.id}`,
    title: t('watch.feed.title', { name: watch.name }),
    description: t('watch.feed.description', { query: watch.query }),
    link: ctx.config.publicUrl,
    language: locale,
    updated: matches[0] ? new Date(matches[0].matched_at) : watch.updatedAt,
    generator: 'Comptoir',
    feedLinks: format === 'rss' ? { rss: self } : { atom: self },
    copyright: '',
  });
  for (const m of matches) feed.addItem(itemOf(ctx, m, t));
  return { xml: format === 'rss' ? feed.rss2() : feed.atom1(), etag };
}

function sourceCategory(name: string) {
  const label = `source:${name.replace(/[<>]/g, '')}`;
  return { name: label, term: label };
}

function itemOf(
  ctx: WatchesContext,
  m: MatchRow,
  t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string,
) {
  // An outside item links to its own page out there, labelled with the brand's name for its source.
  const outside = m.item_type === 'outside';
  const link = matchUrl(ctx.config.publicUrl, m) ?? `${ctx.config.publicUrl}${outside ? '/' : (m.path ?? '/')}`;
  const id = outside ? `urn:uuid:${m.item_id}` : link;
  const sentiment = t(`watch.sentiment.${m.sentiment}` as 'watch.sentiment.neutral');
  const text = m.text ?? '';
  const author = outside
    ? t('watch.outside_via', { name: m.source_name ?? '' })
    : m.author_username
      ? `@${m.author_username}`
      : '';
  const tone = t('watch.feed.sentiment', { label: sentiment, score: Number(m.sentiment_score).toFixed(2) });
  const remote = m.author_domain ? ` · ${t('watch.remote', { host: m.author_domain })}` : '';
  const reach = outside ? '' : ` · ${t('watch.reach', { count: Number(m.author_reach) })}`;
  return {
    id,
    guid: id,
    // Atom marks an entry's title and summary as HTML, and RSS readers read descriptions as HTML:
    // every text is escaped (a post's or an outside page's words are shown, never run).
    title: escapeHtml(`${author}: ${excerpt(text) || t('watch.feed.no_text')}`),
    link,
    date: new Date(m.item_created_at),
    description: escapeHtml(`${text}\n\n${tone}${reach}${remote}`),
    category: [
      { name: `sentiment:${m.sentiment}`, term: `sentiment:${m.sentiment}` },
      // Heard from another server of the fediverse: its host, for readers that filter by it.
      ...(m.author_domain ? [{ name: `fediverse:${m.author_domain}`, term: `fediverse:${m.author_domain}` }] : []),
      // Read from one of the brand's outside sources: its name, for readers that filter by it.
      // (the feed package leaves < as is in Atom's attributes, which XML forbids: it is dropped here).
      ...(outside ? [sourceCategory(m.source_name ?? '')] : []),
    ],
    author: m.author_username
      ? [{ name: m.author_display_name || m.author_username, link: `${ctx.config.publicUrl}/@${m.author_username}` }]
      : undefined,
  };
}
