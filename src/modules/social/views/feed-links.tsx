/**
 * Public RSS/Atom feeds of a profile or hashtag page (served by listening/search/feeds.ts at
 * `<base>.rss` and `<base>.atom`): the <head> alternate links and the small icons on the page.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';

export const FeedLinks: FC<{ base: string; title: string }> = ({ base, title }) => (
  <>
    <link rel="alternate" type="application/rss+xml" title={`${title} (RSS)`} href={`${base}.rss`} />
    <link rel="alternate" type="application/atom+xml" title={`${title} (Atom)`} href={`${base}.atom`} />
  </>
);

export const FeedIcons: FC<{ v: { t: T }; base: string }> = ({ v, base }) => (
  <p class="search-feed-icons" role="group" aria-label={v.t('search.feeds_label')}>
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="3" cy="13" r="2" fill="currentColor" />
      <path d="M1 7a8 8 0 0 1 8 8M1 2a13 13 0 0 1 13 13" fill="none" stroke="currentColor" stroke-width="2" />
    </svg>{' '}
    <a href={`${base}.rss`} type="application/rss+xml">
      {v.t('search.feed.rss')}
    </a>{' '}
    ·{' '}
    <a href={`${base}.atom`} type="application/atom+xml">
      {v.t('search.feed.atom')}
    </a>
  </p>
);
