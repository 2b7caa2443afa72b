/**
 * Public feeds: RSS 2.0 and Atom 1.0 of every profile and every hashtag, like Mastodon's:
 *   /@alice.rss  /@alice.atom  /tags/soldes.rss  /tags/soldes.atom
 * Public posts only (no replies to others, no reposts on a profile), newest FEED_ITEMS, through
 * social's skeletons and rules (moderation-hidden posts drop out). The `feed` package escapes
 * every text; descriptions carry the post's HTML as social rendered it (escaped at write time).
 */
import { Feed } from 'feed';
import type { AppContext } from '../../../context';
import { profileUrl, type Account } from '../../accounts';
import { accountSkeleton, loadVisible, statusUrl, tagSkeleton, tagUrl, type Hydrated } from '../../social';
import { translate, type Locale } from '../../../web/i18n';
import { excerpt as shorten } from '../../../lib/text';

export const FEED_ITEMS = 40;
export type FeedFormat = 'rss' | 'atom';

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** Links for a page's <head> and its feed icons. */
export const profileFeedPaths = (username: string) => ({ rss: `/@${username}.rss`, atom: `/@${username}.atom` });
export const tagFeedPaths = (tag: string) => ({
  rss: `/tags/${encodeURIComponent(tag)}.rss`,
  atom: `/tags/${encodeURIComponent(tag)}.atom`,
});

const excerpt = (text: string, max = 80) => shorten(text, max);

type FeedHead = {
  id: string;
  title: string;
  description: string;
  link: string;
  self: string;
  locale: Locale;
  image?: string;
};

function buildFeed(ctx: AppContext, head: FeedHead, h: Hydrated, ids: string[], format: FeedFormat): string {
  const first = ids.length ? h.statuses.get(ids[0]) : undefined;
  const feed = new Feed({
    id: head.id,
    title: head.title,
    description: head.description,
    link: head.link,
    language: head.locale,
    image: head.image,
    updated: first ? first.createdAt : new Date(0),
    generator: 'Comptoir',
    feedLinks: format === 'rss' ? { rss: head.self } : { atom: head.self },
    copyright: '',
  });
  const t = (key: 'search.feed.untitled') => translate(head.locale, key);
  for (const id of ids) {
    const s = h.statuses.get(id);
    const a = s && h.accounts.get(s.accountId);
    if (!s || !a) continue;
    const url = statusUrl(ctx.config, a, s.id);
    const text = s.spoilerText || s.text;
    feed.addItem({
      id: url,
      guid: url,
      link: url,
      title: excerpt(text) || t('search.feed.untitled'),
      date: s.createdAt,
      description: s.spoilerText ? s.spoilerText : s.contentHtml,
      content: s.spoilerText ? undefined : s.contentHtml,
      author: [{ name: a.displayName || a.username, link: profileUrl(ctx.config, a) }],
      category: (h.tags.get(s.id) ?? []).map((tag) => ({ name: tag, term: tag })),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

export async function profileFeed(
  ctx: AppContext,
  account: Account,
  format: FeedFormat,
  locale: Locale,
): Promise<string> {
  const skeleton = await accountSkeleton(ctx.db, null, account.id, {
    excludeReplies: true,
    excludeReblogs: true,
    limit: FEED_ITEMS,
  });
  const { hydrated, ids } = await loadVisible(ctx, null, skeleton);
  const publicIds = ids.filter((id) => hydrated.statuses.get(id)?.visibility === 'public');
  const link = profileUrl(ctx.config, account);
  const name = account.displayName || account.username;
  return buildFeed(
    ctx,
    {
      id: link,
      title: translate(locale, 'search.feed.profile_title', { name, username: account.username }),
      description: account.note || translate(locale, 'search.feed.profile_description', { name }),
      link,
      self: `${ctx.config.publicUrl}${profileFeedPaths(account.username)[format]}`,
      locale,
    },
    hydrated,
    publicIds,
    format,
  );
}

export async function tagFeed(ctx: AppContext, tag: string, format: FeedFormat, locale: Locale): Promise<string> {
  const skeleton = await tagSkeleton(ctx.db, tag, { limit: FEED_ITEMS });
  const { hydrated, ids } = await loadVisible(ctx, null, skeleton);
  const link = tagUrl(ctx.config, tag);
  return buildFeed(
    ctx,
    {
      id: link,
      title: `#${tag}`,
      description: translate(locale, 'search.feed.tag_description', { tag: `#${tag}` }),
      link,
      self: `${ctx.config.publicUrl}${tagFeedPaths(tag)[format]}`,
      locale,
    },
    hydrated,
    ids,
    format,
  );
}
