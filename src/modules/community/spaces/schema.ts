// A brand's discussion spaces: spaces, their invited members, topics and replies.
// SQL in src/db/migrations (drizzle-kit).
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Flag } from '../../analysis';
import { accounts } from '../../accounts/schema';

const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** `public`: anyone reads; `members`: only the brand's team and the admitted (see the admit_* columns). */
export const spaceVisibilities = ['public', 'members'] as const;
export type SpaceVisibility = (typeof spaceVisibilities)[number];
/** Topics and replies: `pending` until moderation approves, `rejected` stays visible to nobody but the team. */
export const postStatuses = ['published', 'pending', 'rejected'] as const;
export type SpacePostStatus = (typeof postStatuses)[number];

export const communitySpaces = pgTable(
  'community_spaces',
  {
    id: uuid('id').primaryKey(),
    brandId: account('brand_id'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    charter: text('charter').notNull().default(''),
    visibility: text('visibility').$type<SpaceVisibility>().notNull(),
    // Who a members-only space admits besides invited accounts (the brand chooses).
    admitFollowers: boolean('admit_followers').notNull().default(true),
    admitBuyers: boolean('admit_buyers').notNull().default(true),
    archivedAt: at('archived_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('community_spaces_brand_idx').on(t.brandId, t.createdAt)],
);

export const communitySpaceInvites = pgTable(
  'community_space_invites',
  {
    spaceId: uuid('space_id')
      .notNull()
      .references(() => communitySpaces.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    invitedBy: uuid('invited_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.spaceId, t.accountId] })],
);

export const communityTopics = pgTable(
  'community_topics',
  {
    id: uuid('id').primaryKey(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => communitySpaces.id, { onDelete: 'cascade' }),
    authorId: account('author_id'),
    title: text('title').notNull(),
    text: text('text').notNull(),
    language: text('language'),
    status: text('status').$type<SpacePostStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    pinned: boolean('pinned').notNull().default(false),
    locked: boolean('locked').notNull().default(false),
    // No foreign key: a reply and its topic reference each other; the service keeps it consistent.
    acceptedReplyId: uuid('accepted_reply_id'),
    lastActivityAt: at('last_activity_at').notNull().defaultNow(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('community_topics_space_idx').on(t.spaceId, t.pinned.desc(), t.lastActivityAt.desc()),
    index('community_topics_author_idx').on(t.authorId),
    index('community_topics_search_idx')
      .using('gin', sql`comptoir_tsv(${t.language}, ${t.title} || ' ' || ${t.text})`)
      .where(sql`status = 'published'`),
  ],
);

export const communityTopicReplies = pgTable(
  'community_topic_replies',
  {
    id: uuid('id').primaryKey(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => communityTopics.id, { onDelete: 'cascade' }),
    authorId: account('author_id'),
    text: text('text').notNull(),
    language: text('language'),
    status: text('status').$type<SpacePostStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('community_topic_replies_topic_idx').on(t.topicId, t.createdAt),
    index('community_topic_replies_author_idx').on(t.authorId),
  ],
);
