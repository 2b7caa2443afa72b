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

const ICONS: Record<NotificationType, IconName> = {
  follow: 'follow',
  mention: 'mention',
  reply: 'reply',
  favourite: 'like',
  reblog: 'repost',
  poll: 'poll',
  quote: 'quote',
  status: 'mention',
  order: 'bag',
  review: 'like',
  watch: 'mention',
  moderation: 'mention',
  campaign: 'bag',
  place: 'mention',
  inbox: 'mention',
  ambassador: 'bag',
  privacy: 'mention',
};

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
const TYPE_CLASS: Record<NotificationType, string> = {
  follow: 'follow',
  mention: 'mention',
  reply: 'mention',
  quote: 'mention',
  status: 'mention',
  favourite: 'favourite',
  reblog: 'reblog',
  poll: 'poll',
  order: 'poll',
  review: 'favourite',
  watch: 'mention',
  moderation: 'poll',
  campaign: 'favourite',
  place: 'favourite',
  inbox: 'favourite',
  ambassador: 'favourite',
  privacy: 'poll',
};
/** Types whose post is quoted in full (its safe HTML); the others get a plain excerpt. */
const FULL: NotificationType[] = ['mention', 'reply', 'quote', 'status', 'campaign'];

export const NotificationItem: FC<{
  v: ViewContext;
  n: NotificationRow;
  from: Account;
  h: Hydrated | null;
  unread?: boolean;
  /** What it is about when another module sent it (a product, a watch): notificationSubjects(). */
  subject?: string;
}> = ({ v, n, from, h, unread, subject }) => {
  const status = n.statusId && h ? h.statuses.get(n.statusId) : undefined;
  const shown = status && h && visibleTo(h, status) && !h.hidden.has(status.accountId) ? status : undefined;
  const statusAuthor = shown ? h!.accounts.get(shown.accountId) : undefined;
  const own = n.type === 'poll' && n.fromAccountId === n.accountId;
  const key =
    n.type === 'poll'
      ? own
        ? 'social.notification.poll_own'
        : 'social.notification.poll'
      : (`social.notification.${n.type}` as const);
  const name = (
    <a class="notification-from" href={profilePath(from)}>
      <strong>{from.displayName || from.username}</strong>
    </a>
  );
  const page = shown && statusAuthor ? postPath(statusAuthor, shown.id) : null;
  if (n.type === 'order') return <OrderNotification v={v} n={n} from={from} unread={unread} subject={subject} />;
  if (n.type === 'review') return <ReviewNotification v={v} n={n} from={from} unread={unread} subject={subject} />;
  if (n.type === 'watch') return <WatchNotification v={v} n={n} from={from} unread={unread} subject={subject} />;
  if (n.type === 'moderation') return <ModerationNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'campaign') return <CampaignNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'place') return <PlaceNotification v={v} n={n} from={from} unread={unread} subject={subject} />;
  if (n.type === 'inbox') return <InboxNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'ambassador') return <AmbassadorNotification v={v} n={n} from={from} unread={unread} />;
  if (n.type === 'privacy') return <PrivacyNotification v={v} n={n} from={from} unread={unread} />;
  return (
    <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
      <span class={`notification-icon type-${TYPE_CLASS[n.type]}`}>
        <Icon name={ICONS[n.type]} />
      </span>
      <div class="notification-body">
        <p class="notification-text media-row">
          {own ? null : <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />}
          <span>
            {sentence(v.t(key as 'social.notification.follow', { name: '\u0000' }), name)}{' '}
            <BrandBadge v={v} account={from} />
            {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
          </span>
        </p>
        {shown && page ? (
          FULL.includes(n.type) && shown.contentHtml ? (
            <div class="notification-excerpt">
              <div
                class="status-content"
                lang={shown.language ?? undefined}
                dangerouslySetInnerHTML={{ __html: shown.contentHtml }}
              />
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

type LinkedProps = { v: ViewContext; n: NotificationRow; from: Account; unread?: boolean; subject?: string };

/**
 * The notifications other modules send (orders, reviews, watches, moderation): an icon, the
 * sender's avatar and one translated line, all linking to the page the notification is about.
 */
const LinkedNotification: FC<LinkedProps & { href: string; children: Child }> = ({
  v,
  n,
  from,
  unread,
  subject,
  href,
  children,
}) => (
  <li class={`notification${unread ? ' is-unread' : ''}`} id={`notification-${n.id}`}>
    <span class={`notification-icon type-${TYPE_CLASS[n.type]}`}>
      <Icon name={ICONS[n.type]} />
    </span>
    <div class="notification-body">
      <p class="notification-text media-row">
        <Avatar account={from} size="xs" class={from.kind === 'brand' ? 'is-brand' : undefined} />
        <span>
          <a class="notification-from" href={href}>
            {children}
          </a>
          {subject ? (
            <>
              {' '}
              <span class="notification-subject">{v.t('social.notification.subject', { name: subject })}</span>
            </>
          ) : null}
          {unread ? <span class="visually-hidden"> ({v.t('social.notification.unread')})</span> : null}
        </span>
      </p>
      <a class="notification-time" href={href}>
        <RelativeTime date={n.createdAt} locale={v.locale} />
      </a>
    </div>
  </li>
);

/** Messages of other modules, looked up by a key built at run time. */
const dynamicT = (v: ViewContext, key: string, params?: Record<string, string | number>) =>
  v.t(key as 'social.notification.follow', params);

/** An order step (paid, shipped, ...) told by the brand; links to the order's page (a pre-sale's for presale_*). */
const OrderNotification: FC<LinkedProps> = (p) => (
  <LinkedNotification {...p} href={`/${p.n.detail?.startsWith('presale_') ? 'presales' : 'orders'}/${p.n.subjectId}`}>
    <strong>{p.from.displayName || p.from.username}</strong> · {dynamicT(p.v, `order.event.${p.n.detail ?? 'updated'}`)}
  </LinkedNotification>
);

/**
 * About a review (reputation module): an invitation to review a delivered item (subject: the order
 * line), or a moderation decision on the reader's review (subject: the review; detail
 * `published` or `rejected:<reason>`). Words come from the reputation messages (`review.notification.*`).
 */
const ReviewNotification: FC<LinkedProps> = (p) => {
  const [kind, reason] = (p.n.detail ?? 'invitation').split(':');
  const text = dynamicT(p.v, `review.notification.${kind}`, {
    reason: reason ? dynamicT(p.v, `review.reason.${reason}`) : '',
  });
  const href = kind === 'invitation' ? `/reviews/new?line=${p.n.subjectId}` : `/me/reviews#review-${p.n.subjectId}`;
  return (
    <LinkedNotification {...p} href={href}>
      <strong>{p.from.displayName || p.from.username}</strong> · {text}
    </LinkedNotification>
  );
};

/** A brand's watch alert (listening module): new matches, the daily digest, a crisis, or a source failing for days. Words: `watch.notification.*`. */
const WatchNotification: FC<LinkedProps> = (p) => {
  const kind = ['match', 'digest', 'crisis', 'source_failing'].includes(p.n.detail ?? '') ? p.n.detail : 'match';
  // A source failing for days (subject: the brand's source) leads to the sources page, where its error is.
  const href =
    kind === 'source_failing'
      ? `/brands/${p.from.username}/sources`
      : `/brands/${p.from.username}/watches/${p.n.subjectId}`;
  return (
    <LinkedNotification {...p} href={href}>
      {dynamicT(p.v, `watch.notification.${kind}`, { name: p.from.displayName || p.from.username })}
    </LinkedNotification>
  );
};

/**
 * A moderation decision on what the reader wrote or reported (moderation module): detail is
 * `<what>` or `<what>:<reason>` (e.g. `post_rejected:insult`, `report_removed`); words from the
 * moderation messages (`mod.notification.*`, `mod.reason.*`). Links to the reader's decisions page.
 */
const ModerationNotification: FC<LinkedProps> = (p) => {
  const [kind, code] = (p.n.detail ?? 'report_kept').split(':');
  const reasonKey = `mod.reason.${code}`;
  const reason = code ? (dynamicT(p.v, reasonKey) === reasonKey ? code : dynamicT(p.v, reasonKey)) : '';
  return (
    <LinkedNotification {...p} href="/moderation/mine">
      {dynamicT(p.v, `mod.notification.${kind}`, { reason })}
    </LinkedNotification>
  );
};

/**
 * About a brand's campaign (campaigns module): detail names what happened (`contest_won`, `popup_open`), the
 * subject is the campaign; words from the campaigns' messages (`campaign.notification.<detail>`).
 */
const CAMPAIGN_PAGES: Record<string, string> = { contest_won: '/contests/', popup_open: '/popups/' };
const CampaignNotification: FC<LinkedProps> = (p) => (
  <LinkedNotification {...p} href={`${CAMPAIGN_PAGES[p.n.detail ?? ''] ?? '/notifications#'}${p.n.subjectId}`}>
    {dynamicT(p.v, `campaign.notification.${p.n.detail}`, { name: p.from.displayName || p.from.username })}
  </LinkedNotification>
);

/** An ambassadorship (ambassadors module): invited, accepted, refused, or someone applied (to the brand). */
const AMBASSADOR_DETAILS = ['invited', 'accepted', 'refused', 'applied'];
const AmbassadorNotification: FC<LinkedProps> = (p) => {
  const detail = AMBASSADOR_DETAILS.includes(p.n.detail ?? '') ? p.n.detail! : 'accepted';
  const href = detail === 'applied' ? `/ambassadors/${p.n.subjectId}/manage` : '/ambassador';
  return (
    <LinkedNotification {...p} href={href}>
      {dynamicT(p.v, `amb.notification.${detail}`, { name: p.from.displayName || p.from.username })}
    </LinkedNotification>
  );
};

/** A place's mayorship won or lost (places module); words: `place.notification.*`; links to the place. */
const PLACE_DETAILS = ['mayor_gained', 'mayor_lost', 'mayor_lost_quiet'];
const PlaceNotification: FC<LinkedProps> = (p) => (
  <LinkedNotification {...p} href={`/places/${p.n.subjectId}`}>
    {dynamicT(p.v, `place.notification.${PLACE_DETAILS.includes(p.n.detail ?? '') ? p.n.detail : 'mayor_gained'}`, {
      name: p.from.displayName || p.from.username,
    })}
  </LinkedNotification>
);

/** A conversation with a brand's team resolved (inbox module): asks its customer to rate it; words `sla.notification.*`. */
const InboxNotification: FC<LinkedProps> = (p) => (
  <LinkedNotification {...p} href={`/conversations/${p.n.subjectId}/rate`}>
    {dynamicT(p.v, 'sla.notification.rate', { name: p.from.displayName || p.from.username })}
  </LinkedNotification>
);

/** One's data archive is ready (privacy module); words `privacy.notification.*`; links to the settings page with the link. */
const PrivacyNotification: FC<LinkedProps> = (p) => (
  <LinkedNotification {...p} href="/settings/privacy">
    {dynamicT(p.v, 'privacy.notification.export_ready')}
  </LinkedNotification>
);

function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > 160 ? `${chars.slice(0, 159).join('')}…` : chars.join('');
}
