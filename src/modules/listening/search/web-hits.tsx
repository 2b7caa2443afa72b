/** The search page's hits that need no more than their row: accounts and hashtags, and the highlighted name. */
import type { FC } from 'hono/jsx';
import { Avatar } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { SearchResults } from './results';
import type { Segment } from './service';

export type V = { t: T; locale: Locale };

export const Highlight: FC<{ segments: Segment[] }> = ({ segments }) => (
  <>{segments.map((s) => (s.mark ? <mark class="search-mark">{s.text}</mark> : s.text))}</>
);

export const AccountResults: FC<{ v: V; results: SearchResults }> = ({ v, results }) => (
  <ol class="search-list">
    {results.accounts.map(({ account, name }) => (
      <li class="search-hit search-hit-account">
        <a class="search-hit-author" href={`/@${account.username}`}>
          <Avatar account={account} size="sm" />
          <span>
            <strong>
              <Highlight segments={name} />
            </strong>{' '}
            <span class="handle">@{account.username}</span>
          </span>
        </a>
        {account.kind === 'brand' ? <span class="badge">{v.t('search.brand')}</span> : null}
        <span class="search-meta">{v.t('search.followers', { count: account.followersCount })}</span>
      </li>
    ))}
  </ol>
);

export const HashtagResults: FC<{ v: V; results: SearchResults }> = ({ v, results }) => (
  <ul class="search-list search-tags">
    {results.hashtags.map((h) => (
      <li class="search-hit search-hit-tag">
        <a href={`/tags/${encodeURIComponent(h.name)}`}>#{h.name}</a>{' '}
        <span class="search-meta">{v.t('search.uses', { count: h.uses })}</span>
      </li>
    ))}
  </ul>
);
