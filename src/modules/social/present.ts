import { handleParts, mediaUrl, presentAccount, profileUrl, type Account, type UrlContext } from '../accounts';
import type { Relationship } from './graph';
import { presentExtensions } from './extensions';
import type { Hydrated, Media, PollRow } from './hydrate';
import { notificationTypes, type notifications, type NotificationType } from './schema';

export const statusUrl = (ctx: UrlContext, account: Pick<Account, 'username'>, id: string) =>
  `${ctx.publicUrl}/@${account.username}/${id}`;
export const tagUrl = (ctx: UrlContext, name: string) => `${ctx.publicUrl}/tags/${encodeURIComponent(name)}`;

/**
 * A Mastodon Tag entity. A hashtag has no row of its own here (posts carry their tags), so its id
 * is its stored name (no #, NFC, lower case): stable, unique, and what /api/v1/tags/:id takes.
 */
export function presentTag(ctx: UrlContext, name: string) {
  return { id: name, name, url: tagUrl(ctx, name), history: [] as unknown[], following: false };
}

export function presentMedia(ctx: UrlContext, m: Media) {
  // A remote post's image not cached yet (path ''): clients get its own address, as Mastodon does.
  const cached = m.path !== '';
  return {
    id: m.id,
    type: cached ? ('image' as const) : ('unknown' as const),
    url: cached ? mediaUrl(ctx, m.path) : m.remoteUrl,
    preview_url: cached ? mediaUrl(ctx, m.previewPath) : null,
    remote_url: m.remoteUrl ?? null,
    text_url: null,
    meta:
      m.width > 0 && m.height > 0
        ? { original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height } }
        : null,
    description: m.description || null,
    blurhash: null,
  };
}

export function presentPoll(poll: PollRow, ownVotes: number[] | undefined) {
  const expired = poll.expiresAt.getTime() <= Date.now();
  return {
    id: poll.id,
    expires_at: poll.expiresAt.toISOString(),
    expired,
    multiple: poll.multiple,
    votes_count: poll.votesCount,
    voters_count: poll.votersCount,
    options: poll.options.map((o) => ({ title: o.title, votes_count: o.votesCount })),
    emojis: [],
    voted: ownVotes !== undefined ? ownVotes.length > 0 : false,
    own_votes: ownVotes ?? [],
  };
}

/** A Mastodon Status entity for the hydrated post `id` (a repost embeds its original). */
export function presentStatus(ctx: UrlContext, h: Hydrated, id: string, depth = 0): MastodonStatus | null {
  const status = h.statuses.get(id);
  if (!status) return null;
  const account = h.accounts.get(status.accountId);
  if (!account) return null;
  const original = status.reblogOfId ? presentStatus(ctx, h, status.reblogOfId, depth + 1) : null;
  if (status.reblogOfId && !original) return null;
  const content = status.reblogOfId ? h.statuses.get(status.reblogOfId)! : status;
  const poll = h.polls.get(content.id);
  const quoted = content.quoteOfId && depth < 1 ? presentStatus(ctx, h, content.quoteOfId, depth + 1) : null;
  return {
    id: status.id,
    // A remote post: its ActivityPub id and its page on its own server.
    uri: status.uri ?? statusUrl(ctx, account, status.id),
    url: status.url ?? status.uri ?? statusUrl(ctx, account, status.id),
    created_at: status.createdAt.toISOString(),
    edited_at: status.editedAt?.toISOString() ?? null,
    account: presentAccount(ctx, account),
    content: status.reblogOfId ? '' : status.contentHtml,
    text: status.reblogOfId ? null : status.text,
    visibility: status.visibility,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    language: status.language,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToAccountId,
    reblog: original,
    replies_count: content.repliesCount,
    reblogs_count: content.reblogsCount,
    favourites_count: content.favouritesCount,
    quotes_count: content.quotesCount,
    favourited: h.viewerId ? h.favourited.has(content.id) : false,
    reblogged: h.viewerId ? h.reblogged.has(content.id) : false,
    bookmarked: h.viewerId ? h.bookmarked.has(content.id) : false,
    muted: false,
    pinned: false,
    media_attachments: status.reblogOfId ? [] : (h.media.get(status.id) ?? []).map((m) => presentMedia(ctx, m)),
    mentions: status.reblogOfId
      ? []
      : (h.mentions.get(status.id) ?? []).flatMap((accountId) => {
          const a = h.accounts.get(accountId);
          return a
            ? [
                {
                  id: a.id,
                  ...handleParts(a),
                  url: a.domain ? (a.url ?? a.uri ?? profileUrl(ctx, a)) : profileUrl(ctx, a),
                },
              ]
            : [];
        }),
    tags: status.reblogOfId ? [] : (h.tags.get(status.id) ?? []).map((name) => ({ name, url: tagUrl(ctx, name) })),
    emojis: [],
    // The link preview: the `card` extension (cards.ts) fills it in below.
    card: null,
    poll: poll && !status.reblogOfId ? presentPoll(poll, h.votes.get(poll.id)) : null,
    application: null,
    filtered: [],
    quote: quoted ? { state: 'accepted', quoted_status: quoted } : null,
    ...presentExtensions(ctx, h.extensions, status.id),
  };
}
export type MastodonStatus = {
  id: string;
  account: ReturnType<typeof presentAccount>;
  reblog: MastodonStatus | null;
  quote: { state: string; quoted_status: MastodonStatus } | null;
  [key: string]: unknown;
};

export function presentStatuses(ctx: UrlContext, h: Hydrated, ids: string[]): MastodonStatus[] {
  return ids.map((id) => presentStatus(ctx, h, id)).filter((s): s is MastodonStatus => s !== null);
}

export function presentRelationship(r: Relationship) {
  return {
    id: r.id,
    following: r.following,
    showing_reblogs: r.following && r.follow.reblogs,
    notifying: r.following && r.follow.notify,
    languages: r.following ? r.follow.languages : null,
    followed_by: r.followedBy,
    blocking: r.blocking,
    blocked_by: r.blockedBy,
    muting: r.muting,
    muting_notifications: r.mutingNotifications,
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}

type NotificationRow = typeof notifications.$inferSelect;

/** The notification types Mastodon clients know (Mastodon 4.3's, plus 4.5's `quote`). */
export type MastodonNotificationType =
  | 'mention'
  | 'status'
  | 'reblog'
  | 'follow'
  | 'follow_request'
  | 'favourite'
  | 'poll'
  | 'update'
  | 'admin.sign_up'
  | 'admin.report'
  | 'severed_relationships'
  | 'moderation_warning'
  | 'quote';

/**
 * The one decision about which of our notifications Mastodon clients see, and as what: replies
 * are "mention"s; our own kinds (orders, reviews, watch alerts, moderation outcomes) are null,
 * left out of every Mastodon route and stream (megalodon throws on an unknown type, masto's types
 * reject it). They reach people on the notifications page and through our own JSON route.
 */
const MASTODON_TYPE: Record<NotificationType, MastodonNotificationType | null> = {
  follow: 'follow',
  mention: 'mention',
  reply: 'mention',
  favourite: 'favourite',
  reblog: 'reblog',
  poll: 'poll',
  quote: 'quote',
  status: 'status',
  order: null,
  review: null,
  watch: null,
  moderation: null,
  campaign: null,
  place: null,
  inbox: null,
  ambassador: null,
  privacy: null,
};

export const mastodonNotificationType = (type: NotificationType): MastodonNotificationType | null =>
  MASTODON_TYPE[type] ?? null;

/** Our types that Mastodon clients see, for the queries behind the Mastodon routes. */
export const MASTODON_VISIBLE_TYPES = notificationTypes.filter((type) => MASTODON_TYPE[type] !== null);

/** Our types shown to Mastodon clients as one of `mastodonTypes` (mention covers our replies). */
export function typesShownAs(mastodonTypes: string[]): NotificationType[] {
  return MASTODON_VISIBLE_TYPES.filter((type) => mastodonTypes.includes(MASTODON_TYPE[type]!));
}

/** A Mastodon Notification entity, or null for our own kinds, which Mastodon clients never get. */
export function presentNotification(ctx: UrlContext, n: NotificationRow, from: Account, status: MastodonStatus | null) {
  const type = mastodonNotificationType(n.type);
  if (!type) return null;
  return {
    id: n.id,
    type,
    created_at: n.createdAt.toISOString(),
    group_key: `ungrouped-${n.id}`,
    account: presentAccount(ctx, from),
    status,
    comptoir_type: n.type,
  };
}
