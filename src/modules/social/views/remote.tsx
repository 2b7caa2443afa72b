/** Remote (federated) accounts and posts: links to their pages on their own servers. */
import type { FC } from 'hono/jsx';
import type { Account } from '../../accounts';
import type { ViewContext } from '../web-shared';

// Addresses come from other servers: only web pages are linked (never javascript: or data:).
const webPage = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

/** "View on host" under a remote account's name. */
export const RemoteProfileLink: FC<{ v: ViewContext; account: Account }> = ({ v, account }) => {
  const href = account.domain ? webPage(account.url ?? account.uri) : null;
  if (!account.domain || !href) return null;
  return (
    <p class="profile-remote muted small">
      <a href={href} rel="nofollow noopener noreferrer" target="_blank">
        {v.t('social.remote.view_on', { host: account.domain })}
      </a>
    </p>
  );
};

/** "Original on host" beside a remote post's time. */
export const RemoteOrigin: FC<{
  v: ViewContext;
  author: Account;
  status: { uri: string | null; url: string | null };
}> = ({ v, author, status }) => {
  const href = author.domain ? webPage(status.url ?? status.uri) : null;
  if (!author.domain || !href) return null;
  return (
    <a class="status-origin muted small" href={href} rel="nofollow noopener noreferrer" target="_blank">
      {v.t('social.remote.original', { host: author.domain })}
    </a>
  );
};
