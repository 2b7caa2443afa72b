/** A profile's header (banner, avatar, names, bio, counts, actions), its tabs, and account lists. */
import type { Child, FC } from 'hono/jsx';
import { Avatar, headerSrc } from '../../../web/components';
import { formatNumber } from '../../../web/i18n';
import { noteHtml, type Account } from '../../accounts';
import type { Relationship } from '../graph';
import type { ViewContext } from '../web-shared';
import { Icon } from './icons';
import { RemoteProfileLink } from './remote';
import { BrandBadge, profilePath } from './status';

type ProfileAction = 'follow' | 'unfollow' | 'mute' | 'unmute' | 'block' | 'unblock';

const ActionForm: FC<{
  v: ViewContext;
  account: Account;
  action: ProfileAction;
  label: string;
  variant: string;
  pressed?: boolean;
  confirm?: string;
}> = ({ v, account, action, label, variant, pressed, confirm }) => {
  const url = `${profilePath(account)}/${action}`;
  return (
    <form
      method="post"
      action={url}
      class="inline"
      hx-post={url}
      hx-target="closest .profile-actions"
      hx-swap="outerHTML"
    >
      <input type="hidden" name="_csrf" value={v.csrf} />
      <input type="hidden" name="next" value={v.back} />
      <button
        type="submit"
        class={`button ${variant} small`}
        aria-pressed={pressed === undefined ? undefined : String(pressed)}
        data-confirm={confirm}
      >
        {label}
      </button>
    </form>
  );
};

/** Follow, mute and block for a signed-in visitor; "edit" on one's own page; nothing for visitors. */
export const ProfileActions: FC<{
  v: ViewContext;
  account: Account;
  relationship: Relationship | null;
  editHref?: string | null;
}> = ({ v, account, relationship, editHref }) => {
  // A suspended account offers nothing to do: following it would show nothing.
  if (account.suspendedAt) return null;
  if (!v.viewerId) {
    return (
      <div class="profile-actions">
        <a class="button primary small" href={`/login?next=${encodeURIComponent(profilePath(account))}`}>
          {v.t('social.profile.follow')}
        </a>
      </div>
    );
  }
  if (v.viewerId === account.id) {
    return (
      <div class="profile-actions">
        {editHref ? (
          <a class="button secondary small" href={editHref}>
            {v.t('social.profile.edit')}
          </a>
        ) : null}
      </div>
    );
  }
  const r = relationship;
  const name = `@${account.username}`;
  return (
    <div class="profile-actions" style="flex-wrap:wrap">
      {r?.blocking ? null : r?.following ? (
        <ActionForm
          v={v}
          account={account}
          action="unfollow"
          label={v.t('social.profile.unfollow')}
          variant="secondary"
        />
      ) : r?.blockedBy ? null : (
        <ActionForm
          v={v}
          account={account}
          action="follow"
          label={r?.followedBy ? v.t('social.profile.follow_back') : v.t('social.profile.follow')}
          variant="primary"
        />
      )}
      {r?.muting ? (
        <ActionForm
          v={v}
          account={account}
          action="unmute"
          label={v.t('social.profile.unmute')}
          variant="secondary"
          pressed
        />
      ) : (
        <ActionForm v={v} account={account} action="mute" label={v.t('social.profile.mute')} variant="ghost" />
      )}
      {r?.blocking ? (
        <ActionForm
          v={v}
          account={account}
          action="unblock"
          label={v.t('social.profile.unblock')}
          variant="danger"
          pressed
        />
      ) : (
        <ActionForm
          v={v}
          account={account}
          action="block"
          label={v.t('social.profile.block')}
          variant="ghost"
          confirm={v.t('social.profile.block_confirm', { name })}
        />
      )}
      {r?.followedBy ? <span class="badge">{v.t('social.profile.follows_you')}</span> : null}
    </div>
  );
};

function websiteLabel(url: string): string {
  try {
    const u = new URL(url);
    return (u.host + u.pathname).replace(/\/$/, '');
  } catch {
    return url;
  }
}

export type ProfileTab = 'posts' | 'replies' | 'media';

export const ProfileHeader: FC<{
  v: ViewContext;
  account: Account;
  relationship: Relationship | null;
  editHref?: string | null;
  /** The brand's back-office, for members of its team. */
  manageHref?: string | null;
  children?: Child;
}> = ({ v, account, relationship, editHref, manageHref, children }) => {
  const base = profilePath(account);
  const website = /^https?:\/\//i.test(account.website) ? account.website : '';
  return (
    <section class={`profile-header${account.kind === 'brand' ? ' is-brand' : ''}`} aria-labelledby="profile-name">
      <div class="profile-banner">
        <img src={headerSrc(account)} alt="" width="1500" height="500" />
      </div>
      <div class="profile-main">
        <Avatar account={account} size="xl" class="profile-avatar" />
        <div class="profile-names">
          <h1 id="profile-name">
            {account.displayName || account.username} <BrandBadge v={v} account={account} />
          </h1>
          <p class="handle">@{account.username}</p>
          <RemoteProfileLink v={v} account={account} />
        </div>
        <ProfileActions v={v} account={account} relationship={relationship} editHref={editHref} />
        {manageHref ? (
          <a class="button primary small profile-manage" href={manageHref}>
            {v.t('bo.manage')}
          </a>
        ) : null}
      </div>
      {relationship?.blockedBy ? (
        <p class="flash flash-info profile-notice">{v.t('social.profile.blocked_by')}</p>
      ) : null}
      {account.note ? <div class="profile-bio" dangerouslySetInnerHTML={{ __html: noteHtml(account.note) }} /> : null}
      {account.location || website ? (
        <ul class="profile-meta">
          {account.location ? (
            <li>
              <Icon name="pin" /> <span class="visually-hidden">{v.t('social.profile.location')} </span>
              {account.location}
            </li>
          ) : null}
          {website ? (
            <li>
              <Icon name="link" /> <span class="visually-hidden">{v.t('social.profile.website')} </span>
              <a href={website} rel="me nofollow noopener noreferrer" target="_blank">
                {websiteLabel(website)}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {account.fields.length ? (
        <dl class="profile-fields">
          {account.fields.map((f) => (
            <div>
              <dt>{f.name}</dt>
              <dd>
                {/^https?:\/\/\S+$/i.test(f.value) ? (
                  <a href={f.value} rel="me nofollow noopener noreferrer" target="_blank">
                    {f.value}
                  </a>
                ) : (
                  f.value
                )}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ul class="profile-counts">
        <li>
          <a href={base}>
            <strong>{formatNumber(v.locale, account.postsCount)}</strong>{' '}
            {v.t('social.profile.posts', { count: account.postsCount })}
          </a>
        </li>
        <li>
          <a href={`${base}/followers`}>
            <strong>{formatNumber(v.locale, account.followersCount)}</strong>{' '}
            {v.t('social.profile.followers', { count: account.followersCount })}
          </a>
        </li>
        <li>
          <a href={`${base}/following`}>
            <strong>{formatNumber(v.locale, account.followingCount)}</strong>{' '}
            {v.t('social.profile.following', { count: account.followingCount })}
          </a>
        </li>
      </ul>
      {account.kind === 'brand' && !account.domain ? (
        <p class="profile-legal small">
          <a href={`${base}/legal`}>{v.t('legal.link')}</a>
        </p>
      ) : null}
      {children}
    </section>
  );
};

export const ProfileTabs: FC<{ v: ViewContext; account: Account; current: ProfileTab | 'followers' | 'following' }> = ({
  v,
  account,
  current,
}) => {
  const base = profilePath(account);
  const tab = (key: typeof current, href: string, label: string) => (
    <a href={href} aria-current={key === current ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="tabs" aria-label={v.t('social.profile.tabs')}>
      {tab('posts', base, v.t('social.profile.tab_posts'))}
      {tab('replies', `${base}/with_replies`, v.t('social.profile.tab_replies'))}
      {tab('media', `${base}/media`, v.t('social.profile.tab_media'))}
      {account.kind === 'brand' ? <a href={`${base}/shop`}>{v.t('catalog.shop.tab')}</a> : null}
    </nav>
  );
};

/** One account in a followers/following list. */
export const AccountItem: FC<{ v: ViewContext; account: Account }> = ({ v, account }) => {
  const note = [...account.note.replace(/\s+/g, ' ')];
  return (
    <li class="list-item">
      <a href={profilePath(account)} tabindex={-1} aria-hidden="true">
        <Avatar account={account} size="md" class={account.kind === 'brand' ? 'is-brand' : undefined} />
      </a>
      <div class="list-main">
        <a class="display-name" href={profilePath(account)}>
          {account.displayName || account.username}
        </a>
        <span class="handle">
          @{account.username} <BrandBadge v={v} account={account} />
        </span>
        {note.length ? (
          <span class="muted small">{note.slice(0, 140).join('') + (note.length > 140 ? '…' : '')}</span>
        ) : null}
      </div>
    </li>
  );
};
