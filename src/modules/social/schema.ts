import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';

export const visibilities = ['public', 'unlisted', 'private', 'direct'] as const;
export type Visibility = (typeof visibilities)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/**
 * Posts, replies, reposts and quotes. A repost is a row whose reblog_of_id points at the
 * original, so the home timeline reads one index: (account_id, id desc).
 */
// Indexes are ascending on purpose: a backward scan serves `order by id desc` (NULLS FIRST),
// which a `desc` index (NULLS LAST) cannot. The per-account index (account_id, id) INCLUDE
// (visibility, in_reply_to_account_id, reblog_of_id, language) is a covering index made by hand in
// migrations/0006_covering_indexes.sql and 0017_follow_options.sql: Drizzle cannot declare INCLUDE.
export const statuses = pgTable(
  'statuses',
  {
    id: uuid('id').primaryKey(),
    accountId: account('account_id'),
    /** The team member who wrote a brand's post (null when the account wrote it itself). */
    writtenById: uuid('written_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    text: text('text').notNull().default(''),
    contentHtml: text('content_html').notNull().default(''),
    spoilerText: text('spoiler_text').notNull().default(''),
    sensitive: boolean('sensitive').notNull().default(false),
    visibility: text('visibility').$type<Visibility>().notNull().default('public'),
    language: text('language'),
    inReplyToId: uuid('in_reply_to_id'),
    inReplyToAccountId: uuid('in_reply_to_account_id'),
    reblogOfId: uuid('reblog_of_id'),
    quoteOfId: uuid('quote_of_id'),
    repliesCount: integer('replies_count').notNull().default(0),
    reblogsCount: integer('reblogs_count').notNull().default(0),
    favouritesCount: integer('favourites_count').notNull().default(0),
    quotesCount: integer('quotes_count').notNull().default(0),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    /** A remote post's ActivityPub id and its page on its own server (null for ours: derived from the id). */
    uri: text('uri'),
    url: text('url'),
  },
  (t) => [
    uniqueIndex('statuses_uri_key').on(t.uri).where(sql`${t.uri} is not null`),
    index('statuses_reply_idx').on(t.inReplyToId),
    index('statuses_reblog_idx').on(t.reblogOfId),
    index('statuses_quote_idx').on(t.quoteOfId),
    uniqueIndex('statuses_one_reblog_key').on(t.accountId, t.reblogOfId).where(sql`${t.reblogOfId} is not null`),
    index('statuses_public_idx').on(t.id).where(sql`${t.visibility} = 'public' and ${t.reblogOfId} is null`),
  ],
);

export const statusTags = pgTable(
  'status_tags',
  {
    tag: text('tag').notNull(),
    statusId: uuid('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.tag, t.statusId] }), index('status_tags_status_idx').on(t.statusId)],
);

export const statusMentions = pgTable(
  'status_mentions',
  {
    statusId: uuid('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
  },
  (t) => [primaryKey({ columns: [t.statusId, t.accountId] }), index('status_mentions_account_idx').on(t.accountId)],
);

export const mediaAttachments = pgTable(
  'media_attachments',
  {
    id: uuid('id').primaryKey(),
    accountId: account('account_id'),
    statusId: uuid('status_id').references(() => statuses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    path: text('path').notNull(),
    previewPath: text('preview_path').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    description: text('description').notNull().default(''),
    /** A remote post's attachment: where it lives; `path` is empty until the copy is cached here. */
    remoteUrl: text('remote_url'),
    createdAt: createdAt(),
  },
  (t) => [index('media_status_idx').on(t.statusId)],
);

export type PollOption = { title: string; votesCount: number };
export const polls = pgTable('polls', {
  id: uuid('id').primaryKey(),
  statusId: uuid('status_id')
    .notNull()
    .unique()
    .references(() => statuses.id, { onDelete: 'cascade' }),
  options: jsonb('options').$type<PollOption[]>().notNull(),
  multiple: boolean('multiple').notNull().default(false),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  votesCount: integer('votes_count').notNull().default(0),
  votersCount: integer('voters_count').notNull().default(0),
});

export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    choice: integer('choice').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.accountId, t.choice] })],
);

export const follows = pgTable(
  'follows',
  {
    followerId: account('follower_id'),
    followeeId: account('followee_id'),
    /** Mastodon's follow options: show their reposts in home, tell me when they post, only these languages (null: all). */
    showReblogs: boolean('show_reblogs').notNull().default(true),
    notify: boolean('notify').notNull().default(false),
    languages: text('languages').array(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.followeeId, t.createdAt),
  ],
);

export const blocks = pgTable(
  'blocks',
  { accountId: account('account_id'), targetId: account('target_id'), createdAt: createdAt() },
  (t) => [primaryKey({ columns: [t.accountId, t.targetId] }), index('blocks_target_idx').on(t.targetId)],
);

export const mutes = pgTable(
  'mutes',
  {
    accountId: account('account_id'),
    targetId: account('target_id'),
    hideNotifications: boolean('hide_notifications').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.targetId] })],
);

/** Likes and bookmarks carry their own UUIDv7 so the lists page by when they were made. */
export const favourites = pgTable(
  'favourites',
  {
    id: uuid('id').notNull().unique(),
    accountId: account('account_id'),
    statusId: uuid('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.statusId] }),
    index('favourites_status_idx').on(t.statusId),
    index('favourites_account_idx').on(t.accountId, t.id),
  ],
);

export const bookmarks = pgTable(
  'bookmarks',
  {
    id: uuid('id').notNull().unique(),
    accountId: account('account_id'),
    statusId: uuid('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.statusId] }), index('bookmarks_account_idx').on(t.accountId, t.id)],
);

/**
 * 'order' notifications come from the commerce module (an order step: paid, shipped, ...); 'review'
 * ones from reputation (detail: invitation, published, rejected; subject: the order line or review).
 */
// 'watch' ones from listening (a brand's watch alert; subject: the watch, detail: match, digest or crisis).
// 'moderation' ones from moderation (a decision on what one wrote or reported; subject: the post or report, detail: what, e.g. post_rejected:insult).
// 'campaign' ones from campaigns (detail: what happened, e.g. contest_won; subject: the campaign).
// 'place' ones from places (subject: the place; detail: mayor_gained, mayor_lost).
// 'inbox' ones from the inbox (subject: the conversation; detail: rate, asking its customer to rate it).
// 'ambassador' ones from ambassadors (subject: the ambassadorship; detail: invited, accepted, refused, applied).
// 'privacy' ones from privacy (one's data archive is ready; subject: the archive, detail: export_ready).
// 'status': a followed account one asked to be told about (follow option notify) published a post.
export const notificationTypes = [
  'follow',
  'mention',
  'reply',
  'favourite',
  'reblog',
  'poll',
  'quote',
  'status',
  'order',
  'review',
  'watch',
  'moderation',
  'campaign',
  'place',
  'inbox',
  'ambassador',
  'privacy',
] as const;
export type NotificationType = (typeof notificationTypes)[number];

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    accountId: account('account_id'),
    fromAccountId: account('from_account_id'),
    type: text('type').$type<NotificationType>().notNull(),
    statusId: uuid('status_id').references(() => statuses.id, { onDelete: 'cascade' }),
    /** For notifications about something other than a post: e.g. an order and what happened to it. */
    subjectId: uuid('subject_id'),
    detail: text('detail'),
    /** Sent with notify()'s reachMuted policy: the recipient's mute of the sender does not hide it. */
    reachMuted: boolean('reach_muted').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_account_idx').on(t.accountId, t.id)],
);

/** Our own short links (/s/<code>) with click counts. */
export const shortLinks = pgTable('short_links', {
  code: text('code').primaryKey(),
  url: text('url').notNull().unique(),
  clicks: integer('clicks').notNull().default(0),
  createdAt: createdAt(),
});

export const listRepliesPolicies = ['followed', 'list', 'none'] as const;
export type ListRepliesPolicy = (typeof listRepliesPolicies)[number];

/** Mastodon lists: an account's own groupings of accounts it follows, each with its timeline. */
export const lists = pgTable(
  'lists',
  {
    id: uuid('id').primaryKey(),
    accountId: account('account_id'),
    title: text('title').notNull(),
    /** Which replies the list's timeline shows: to anyone followed, to list members, or none. */
    repliesPolicy: text('replies_policy').$type<ListRepliesPolicy>().notNull().default('list'),
    /** Exclusive: its members' posts show in the list only, not in the owner's home timeline. */
    exclusive: boolean('exclusive').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('lists_account_idx').on(t.accountId, t.id)],
);

export const listAccounts = pgTable(
  'list_accounts',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => lists.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.accountId] }), index('list_accounts_account_idx').on(t.accountId)],
);

export const previewCardStates = ['ok', 'failed'] as const;
export type PreviewCardState = (typeof previewCardStates)[number];

/**
 * Link previews (Mastodon's PreviewCard) of other sites, by URL, filled by the `card.fetch` job
 * (cards.ts). A failed fetch is kept too, so a bad address is tried again only after a while.
 */
export const previewCards = pgTable('preview_cards', {
  url: text('url').primaryKey(),
  state: text('state').$type<PreviewCardState>().notNull(),
  title: text('title').notNull().default(''),
  description: text('description').notNull().default(''),
  authorName: text('author_name').notNull().default(''),
  authorUrl: text('author_url').notNull().default(''),
  providerName: text('provider_name').notNull().default(''),
  providerUrl: text('provider_url').notNull().default(''),
  image: text('image'),
  imageDescription: text('image_description').notNull().default(''),
  width: integer('width').notNull().default(0),
  height: integer('height').notNull().default(0),
  language: text('language'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  /** Why the last fetch gave no card (failed state). */
  error: text('error'),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The link a post previews: the first URL of its text (not a mention or a hashtag). */
export const statusCards = pgTable('status_cards', {
  statusId: uuid('status_id')
    .primaryKey()
    .references(() => statuses.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
});
