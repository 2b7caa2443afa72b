/**
 * A space's RSS 2.0 and Atom 1.0 feeds (/spaces/<id>.rss, .atom): its newest published topics,
 * built with the `feed` package like the profiles' and hashtags' feeds (listening's feeds.ts),
 * which escapes every text. A members-only space's feed is its members' only (404 to the others).
 */
import { Feed } from 'feed';
import type { Db } from '../../../db/client';
import { excerpt } from '../../../lib/text';
import { translate, type Locale } from '../../../web/i18n';
import { spaceFeedPaths, spacePath, topicPath } from './present';
import { listTopics } from './topics';

export const FEED_ITEMS = 40;
export type FeedFormat = 'rss' | 'atom';
export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

export async function spaceFeed(
  ctx: { db: Db; config: { publicUrl: string } },
  viewerId: string | null,
  spaceId: string,
  format: FeedFormat,
  locale: Locale,
): Promise<string> {
  const { access, topics } = await listTopics(ctx.db, viewerId, spaceId, { publishedOnly: true, limit: FEED_ITEMS });
  // Newest first, whatever is pinned: a reader wants what is new.
  const items = [...topics].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const base = ctx.config.publicUrl;
  const link = `${base}${spacePath(access.space.id)}`;
  const feed = new Feed({
    id: link,
    title: translate(locale, 'spaces.feed.title', { space: access.space.name, brand: access.space.brandName }),
    description: access.space.description || access.space.name,
    link,
    language: locale,
    updated: items[0]?.createdAt ?? access.space.createdAt,
    generator: 'Comptoir',
    feedLinks: { [format]: `${base}${spaceFeedPaths(access.space.id)[format]}` },
    copyright: '',
  });
  for (const t of items) {
    const url = `${base}${topicPath(t.id)}`;
    feed.addItem({
      id: url,
      guid: url,
      link: url,
      title: t.title,
      date: t.createdAt,
      description: excerpt(t.text, 280),
      author: [{ name: t.author.displayName, link: `${base}/@${t.author.username}` }],
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
