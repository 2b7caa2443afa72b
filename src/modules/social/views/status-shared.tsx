/**
 * Pieces the post views share (status.tsx, status-actions.tsx, and other views through
 * status.tsx): the paths of a post and a profile, the CSRF field of their forms, and the author's
 * name, badge and avatar links.
 */
import type { FC } from 'hono/jsx';
import { Avatar } from '../../../web/components';
import type { Account } from '../../accounts';
import type { ViewContext } from '../web-shared';

export const postPath = (account: Pick<Account, 'username'>, id: string) => `/@${account.username}/${id}`;
export const profilePath = (account: Pick<Account, 'username'>) => `/@${account.username}`;

export const Csrf: FC<{ v: ViewContext }> = ({ v }) => <input type="hidden" name="_csrf" value={v.csrf} />;

export const BrandBadge: FC<{ v: ViewContext; account: Pick<Account, 'kind'> }> = ({ v, account }) =>
  account.kind === 'brand' ? <span class="badge badge-brand">{v.t('social.brand_badge')}</span> : null;

/** Name and handle, linking to the profile (the avatar sits in its own column). */
export const AuthorLink: FC<{ v: ViewContext; account: Account }> = ({ v, account }) => (
  <a class="status-author" href={profilePath(account)}>
    <span class="display-name">{account.displayName || account.username}</span>
    <BrandBadge v={v} account={account} />
    <span class="handle">@{account.username}</span>
  </a>
);

/** The avatar column; hidden from screen readers and the tab order (the name link is beside it). */
export const AvatarLink: FC<{ account: Account; size?: 'sm' | 'md' }> = ({ account, size = 'md' }) => (
  <a class="status-avatar" href={profilePath(account)} tabindex={-1} aria-hidden="true">
    <Avatar account={account} size={size} class={account.kind === 'brand' ? 'is-brand' : undefined} />
  </a>
);
