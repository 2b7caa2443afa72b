/**
 * A post's action bar (reply, repost, quote, like, bookmark, delete or report): plain POST forms
 * that htmx swaps with the server's answer, and counts only for visitors.
 */
import type { FC } from 'hono/jsx';
import { formatNumber } from '../../../web/i18n';
import type { Account } from '../../accounts';
import type { Hydrated } from '../hydrate';
import type { Status } from '../posts';
import type { ViewContext } from '../web-shared';
import { Icon } from './icons';
import { Csrf, postPath } from './status-shared';

type ActionButtonProps = {
  v: ViewContext;
  action: string;
  label: string;
  pressed?: boolean;
  count?: number;
  icon: Parameters<typeof Icon>[0]['name'];
  class: string;
  confirm?: string;
};

/** One toggle as a plain POST form; htmx swaps the whole action bar with the server's answer. */
const ActionButton: FC<ActionButtonProps> = ({ v, action, label, pressed, count, icon, class: cls, confirm }) => (
  <form
    method="post"
    action={action}
    class="action-form"
    hx-post={action}
    hx-target="closest .status-actions"
    hx-swap="outerHTML"
  >
    <Csrf v={v} />
    <input type="hidden" name="next" value={v.back} />
    <button
      type="submit"
      class={`action ${cls}`}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      data-confirm={confirm}
    >
      <Icon name={icon} class="action-icon" />
      <span class="visually-hidden">{label}</span>
      {count !== undefined ? <span class="count">{count > 0 ? formatNumber(v.locale, count) : ''}</span> : null}
    </button>
  </form>
);

const CountOnly: FC<{
  v: ViewContext;
  icon: Parameters<typeof Icon>[0]['name'];
  label: string;
  count: number;
  class: string;
  href?: string;
}> = ({ v, icon, label, count, class: cls, href }) => {
  const inner = (
    <>
      <Icon name={icon} class="action-icon" />
      <span class="visually-hidden">{label}</span>
      <span class="count">{count > 0 ? formatNumber(v.locale, count) : ''}</span>
    </>
  );
  return href ? (
    <a class={`action ${cls}`} href={href}>
      {inner}
    </a>
  ) : (
    <span class={`action ${cls}`}>{inner}</span>
  );
};

export type ActionBarProps = { v: ViewContext; h: Hydrated; status: Status; author: Account };

/** Reply, repost, quote, like, bookmark and delete for the original post `status`. */
export const ActionBar: FC<ActionBarProps> = ({ v, h, status, author }) => {
  const base = `/statuses/${status.id}`;
  const page = postPath(author, status.id);
  const shareable = status.visibility === 'public' || status.visibility === 'unlisted';
  const liked = h.favourited.has(status.id);
  const reposted = h.reblogged.has(status.id);
  const bookmarked = h.bookmarked.has(status.id);
  if (!v.viewerId) {
    const login = `/login?next=${encodeURIComponent(page)}`;
    return (
      <footer class="status-actions" aria-label={v.t('social.actions.label')} role="group">
        <CountOnly
          v={v}
          icon="reply"
          label={v.t('social.actions.reply')}
          count={status.repliesCount}
          class="reply"
          href={login}
        />
        <CountOnly
          v={v}
          icon="repost"
          label={v.t('social.actions.repost')}
          count={status.reblogsCount}
          class="repost"
          href={login}
        />
        <CountOnly
          v={v}
          icon="like"
          label={v.t('social.actions.like')}
          count={status.favouritesCount}
          class="like"
          href={login}
        />
      </footer>
    );
  }
  return (
    <footer class="status-actions" aria-label={v.t('social.actions.label')} role="group">
      <CountOnly
        v={v}
        icon="reply"
        label={v.t('social.actions.reply')}
        count={status.repliesCount}
        class="reply"
        href={`${page}#reply`}
      />
      {shareable ? (
        <ActionButton
          v={v}
          action={`${base}/${reposted ? 'unrepost' : 'repost'}`}
          label={v.t('social.actions.repost')}
          pressed={reposted}
          count={status.reblogsCount}
          icon="repost"
          class="repost"
        />
      ) : (
        <span class="action repost is-disabled" title={v.t('social.actions.repost_private')}>
          <Icon name="lock" class="action-icon" />
          <span class="visually-hidden">{v.t('social.actions.repost_private')}</span>
        </span>
      )}
      {shareable ? (
        <a class="action quote-link" href={`${page}?quote=1#composer`}>
          <Icon name="quote" class="action-icon" />
          <span class="visually-hidden">{v.t('social.actions.quote')}</span>
          <span class="count">{status.quotesCount > 0 ? formatNumber(v.locale, status.quotesCount) : ''}</span>
        </a>
      ) : null}
      <ActionButton
        v={v}
        action={`${base}/${liked ? 'unlike' : 'like'}`}
        label={v.t('social.actions.like')}
        pressed={liked}
        count={status.favouritesCount}
        icon="like"
        class="like"
      />
      <ActionButton
        v={v}
        action={`${base}/${bookmarked ? 'unbookmark' : 'bookmark'}`}
        label={v.t('social.actions.bookmark')}
        pressed={bookmarked}
        icon="bookmark"
        class="bookmark"
      />
      {status.accountId === v.viewerId ? (
        <form
          method="post"
          action={`${base}/delete`}
          class="action-form"
          hx-post={`${base}/delete`}
          hx-target="closest article.status"
          hx-swap="outerHTML"
        >
          <Csrf v={v} />
          <input type="hidden" name="next" value={v.back} />
          <button type="submit" class="action delete" data-confirm={v.t('social.actions.delete_confirm')}>
            <Icon name="trash" class="action-icon" />
            <span class="visually-hidden">{v.t('social.actions.delete')}</span>
          </button>
        </form>
      ) : (
        // Report ("Signaler"): the moderation module's form (a link: social does not import moderation).
        <a
          class="action report-link"
          href={`/moderation/report?type=${status.inReplyToId ? 'reply' : 'post'}&id=${status.id}`}
          rel="nofollow"
        >
          <Icon name="flag" class="action-icon" />
          <span class="visually-hidden">{v.t('mod.report' as 'social.actions.delete')}</span>
        </a>
      )}
    </footer>
  );
};
