/** One notification: who did what, when, and the post it is about. */
import type { Child, FC } from 'hono/jsx';
import { Avatar, RelativeTime } from '../../../web/components';
import type { Account } from '../../accounts';
import { visibleTo, type Hydrated } from '../hydrate';
import type { notifications, NotificationType } from '../schema';
import type { ViewContext } from '../web-shared';
import { Icon, type IconName } from './icons';
import { BrandBadge, postPath, profilePath } from './status';

export type NotificationRow = typeof notifications.$inferSelect;

const ICONS: Record<NotificationType, IconName> = { follow: 'follow', mention: 'mention', reply: 'reply', favourite: 'like', reblog: 'repost', poll: 'poll', quote: 'quote', order: 'bag', review: 'like', watch: 'mention', moderation: 'mention' };

/** A translated sentence with a live element (a link) in place of its `{name}`. */
function sentence(text: string, name: Child): Child {
  const [before, after] = text.split('\u0000');
  return (
    <>
      {before}
      {name}
      {after ?? ''}
    </>
  );
}

/** The icon colours app.css has: replies and quotes look like mentions. */
const TYPE_CLASS: Record<NotificationType, string> = { follow: 'follow', mention: 'mention', reply: 'mention', quote: 'mention', favourite: 'favourite', reblog: 'reblog', poll: 'poll', order: 'poll', review: 'favourite', watch: 'mention', moderation: 'poll' };
/** Types whose post is quoted in full (its safe HTML); the others get a plain excerpt. */
const FULL: NotificationType[] = ['mention', 'reply', 'quote'];

export const NotificationItem: FC<{ v: ViewContext; n: NotificationRow; from: Account; h: Hydrated | null; unread?: boolean }> = ({ v, n, from, h, unread }) => {
  const status = n.statusId && h ? h.statuses.get(n.statusId) : undefined;
  const shown = status && h && visibleTo(h, status) && !h.hidden.has(status.accountId) ? status : undefined;
  const statusAuthor = shown ? h!.accounts.get(shown.accountId) : undefined;
  const own = n.type === 'poll' && n.fromAccountId === n.accountId;
  const key = n.type === 'poll' ? (own ? 'social.notification.poll_own' : 'social.notification.poll') : (`social.notification.${n.type}` as const);
  const name = (
    <a class="notification-from" href={profilePath(from)}>
      <strong>{from.displayName || from.username}</strong>
    </a>
  );
  const page = shown && statusAuthor ? postPath(statusAuthor, shown.id) : null;
  if (n.type === 'order') return <OrderNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'review') return <ReviewNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'watch') return <WatchNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'moderation') return <ModerationNotification v={v} n={n} from={from} unread={unread} />;
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class={`notification-icon type-${TYPE_CLASS[n.type]}`}>
        <Icon name={ICONS[n.type]} />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          {own ? null : <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />}
          <span>
            {sentence(v.t(key as 'social.notification.follow', { name: '\u0000' }), name)} <BrandBadge v={v} account={from} />
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        {shown && page ? (
          FULL.includes(n.type) && shown.contentHtml ? (
            <div class="notification-excerpt">
              <div class="status-content" lang={shown.language ?? undefined} dangerouslySetInnerHTML={{ __html: shown.contentHtml }} />
              <a href={page}>{v.t('social.notification.view_post')}</a>
            </div>
          ) : (
            <p class="notification-excerpt">
              <a href={page}>{shown.text ? excerpt(shown.text) : v.t('social.notification.view_post')}</a>
            </p>
          )
        ) : null}
        <a class="notification-time" href={page ?? profilePath(from)}>
          <RelativeTime date={n.createdAt} locale={v.locale} />
        </a>
      </div>
    </li>
  );
};

/** An order step (paid, shipped, delivered, ...) told by the brand; links to the order's status page. */
const OrderNotification: FC<{ v: ViewContext; n: NotificationRow; from: Account; unread?: boolean }> = ({ v, n, from, unread }) => {
  const step = v.t(`order.event.${n.detail ?? 'updated'}` as 'social.notification.follow');
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class="notification-icon type-poll">
        <Icon name="bag" />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />
          <span>
            <a class="notification-from" href={`/orders/${n.subjectId}`}>
              <strong>{from.displayName || from.username}</strong> · {step}
            </a>
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        <a class="notification-time" href={`/orders/${n.subjectId}`}>
          <RelativeTime date={n.createdAt} locale={v.locale} />
        </a>
      </div>
    </li>
  );
};

/**
 * About a review (reputation module): an invitation to review a delivered item (subject: the order
 * line), or a moderation decision on the reader's review (subject: the review; detail
 * `published` or `rejected:<reason>`). Words come from the reputation messages (`review.notification.*`).
 */
const ReviewNotification: FC<{ v: ViewContext; n: NotificationRow; from: Account; unread?: boolean }> = ({ v, n, from, unread }) => {
  const [kind, reason] = (n.detail ?? 'invitation').split(':');
  const text = v.t(`review.notification.${kind}` as 'social.notification.follow', { reason: reason ? v.t(`review.reason.${reason}` as 'social.notification.follow') : '' });
  const href = kind === 'invitation' ? `/reviews/new?line=${n.subjectId}` : `/me/reviews#review-${n.subjectId}`;
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class="notification-icon type-favourite">
        <Icon name="like" />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />
          <span>
            <a class="notification-from" href={href}>
              <strong>{from.displayName || from.username}</strong> · {text}
            </a>
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        <a class="notification-time" href={href}>
          <RelativeTime date={n.createdAt} locale={v.locale} />
        </a>
      </div>
    </li>
  );
};

/** A brand's watch alert (listening module): new matches, the daily digest, or a crisis. Words: `watch.notification.*`. */
const WatchNotification: FC<{ v: ViewContext; n: NotificationRow; from: Account; unread?: boolean }> = ({ v, n, from, unread }) => {
  const kind = ['match', 'digest', 'crisis'].includes(n.detail ?? '') ? n.detail : 'match';
  const href = `/brands/${from.username}/watches/${n.subjectId}`;
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class="notification-icon type-mention">
        <Icon name="mention" />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          <Avatar account={from} size="xs" class="is-brand" />
          <span>
            <a class="notification-from" href={href}>
              {v.t(`watch.notification.${kind}` as 'social.notification.follow', { name: from.displayName || from.username })}
            </a>
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        <a class="notification-time" href={href}>
          <RelativeTime date={n.createdAt} locale={v.locale} />
        </a>
      </div>
    </li>
  );
};

/**
 * A moderation decision on what the reader wrote or reported (moderation module): detail is
 * `<what>` or `<what>:<reason>` (e.g. `post_rejected:insult`, `report_removed`); words from the
 * moderation messages (`mod.notification.*`, `mod.reason.*`). Links to the reader's decisions page.
 */
const ModerationNotification: FC<{ v: ViewContext; n: NotificationRow; from: Account; unread?: boolean }> = ({ v, n, from, unread }) => {
  const [kind, code] = (n.detail ?? 'report_kept').split(':');
  const reasonKey = `mod.reason.${code}`;
  const reason = code ? (v.t(reasonKey as 'social.notification.follow') === reasonKey ? code : v.t(reasonKey as 'social.notification.follow')) : '';
  const text = v.t(`mod.notification.${kind}` as 'social.notification.follow', { reason });
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class="notification-icon type-poll">
        <Icon name="mention" />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />
          <span>
            <a class="notification-from" href="/moderation/mine">
              {text}
            </a>
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        <a class="notification-time" href="/moderation/mine">
          <RelativeTime date={n.createdAt} locale={v.locale} />
        </a>
      </div>
    </li>
  );
};

function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > 160 ? `${chars.slice(0, 159).join('')}…` : chars.join('');
}
