// Tables of moderation (SQL in src/db/migrations/0010_moderation.sql, written by hand to match).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';
import type { Flag } from '../analysis';
import type { ModerationType } from './subjects';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A rejection reason of a brand: `editable` lets the author correct and resubmit. Labels are in i18n (`mod.reason.<code>`) unless `label` is set. */
export type RejectionReason = { code: string; editable: boolean; label?: string };

export const defaultReasons: RejectionReason[] = [
  { code: 'personal_data', editable: true },
  { code: 'insult', editable: true },
  { code: 'advertising', editable: true },
  { code: 'off_topic', editable: false },
  { code: 'other_product', editable: false },
  { code: 'not_experience', editable: false },
  { code: 'customer_service', editable: false },
  { code: 'duplicate', editable: false },
  { code: 'other', editable: false },
];

export const moderationModes = ['pre', 'post'] as const;
export type ModerationMode = (typeof moderationModes)[number];

/** One row per brand that changed its policy; brands without a row use the defaults (policyFor). */
export const moderationPolicies = pgTable('moderation_policies', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  mode: text('mode').$type<ModerationMode>().notNull().default('pre'),
  maxDelayHours: integer('max_delay_hours').notNull().default(48),
  rulesText: text('rules_text').notNull().default(''),
  reasons: jsonb('reasons').$type<RejectionReason[]>().notNull().default(defaultReasons),
  allowUnverifiedReviews: boolean('allow_unverified_reviews').notNull().default(true),
  autoApproveConfident: boolean('auto_approve_confident').notNull().default(false),
  autoApproveMinConfidence: real('auto_approve_min_confidence').notNull().default(0.9),
  staffPostsNeedApproval: boolean('staff_posts_need_approval').notNull().default(false),
  socialMediaPolicy: text('social_media_policy').notNull().default(''),
  /** Days between delivery and the invitation to review (0: at delivery), for the product to be tried first. */
  reviewInvitationDelayDays: integer('review_invitation_delay_days').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const itemStatuses = ['pending', 'approved', 'rejected', 'escalated', 'withdrawn'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

/**
 * The queue. A brand's queue is its `pending` items; the platform's queue is the `pending` items
 * without a brand plus every `escalated` item. Ids are UUIDv7, so "oldest first" is "id
 * ascending" and keyset paging and age filters both run on the (brand_id, id) partial indexes.
 */
export const moderationItems = pgTable(
  'moderation_items',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id').references(() => accounts.id, { onDelete: 'cascade' }),
    type: text('type').$type<ModerationType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    authorId: uuid('author_id'),
    productId: uuid('product_id'),
    orderId: uuid('order_id'),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    /** The flags' codes, for the flag filter (GIN). */
    flagCodes: text('flag_codes').array().notNull().default(sql`'{}'::text[]`),
    /** The highest flag confidence (0 when clean): how sure triage is that something is wrong. */
    confidence: real('confidence').notNull().default(0),
    status: text('status').$type<ItemStatus>().notNull().default('pending'),
    reason: text('reason'),
    note: text('note'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** An appeal is a new item pointing at the rejected one; the rejected one gets appealed = true. */
    appealOf: uuid('appeal_of'),
    appealed: boolean('appealed').notNull().default(false),
    appealText: text('appeal_text'),
    createdAt: createdAt(),
  },
  (t) => [
    index('moderation_items_queue_idx').on(t.brandId, t.id).where(sql`${t.status} = 'pending'`),
    index('moderation_items_queue_type_idx').on(t.brandId, t.type, t.id).where(sql`${t.status} = 'pending'`),
    index('moderation_items_queue_product_idx').on(t.productId, t.id).where(sql`${t.status} = 'pending'`),
    index('moderation_items_queue_flags_idx').using('gin', t.flagCodes).where(sql`${t.status} = 'pending'`),
    index('moderation_items_platform_idx')
      .on(t.id)
      .where(sql`${t.status} = 'escalated' or (${t.status} = 'pending' and ${t.brandId} is null)`),
    index('moderation_items_author_idx').on(t.authorId, t.id),
    index('moderation_items_subject_idx').on(t.subjectId),
    // A subject is in the queue at most once at a time.
    uniqueIndex('moderation_items_open_subject_idx')
      .on(t.type, t.subjectId)
      .where(sql`${t.status} in ('pending', 'escalated')`),
  ],
);

/** The audit log: every action on an item, by whom, when and why. */
export const moderationActions = pgTable(
  'moderation_actions',
  {
    id: uuid('id').primaryKey(),
    /** null for actions on the queue itself (a policy change). */
    itemId: uuid('item_id').references(() => moderationItems.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id'),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    reason: text('reason'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('moderation_actions_brand_idx').on(t.brandId, t.createdAt),
    index('moderation_actions_item_idx').on(t.itemId),
  ],
);

export const reportTargets = ['post', 'reply', 'review', 'account'] as const;
export type ReportTarget = (typeof reportTargets)[number];

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    targetType: text('target_type').$type<ReportTarget>().notNull(),
    targetId: uuid('target_id').notNull(),
    reason: text('reason').notNull(),
    comment: text('comment').notNull().default(''),
    itemId: uuid('item_id').references(() => moderationItems.id, { onDelete: 'set null' }),
    /** null while pending; 'removed' (the content was rejected) or 'kept'. */
    outcome: text('outcome'),
    createdAt: createdAt(),
  },
  (t) => [index('reports_reporter_idx').on(t.reporterId, t.id), index('reports_item_idx').on(t.itemId)],
);

export const platformRoleNames = ['admin', 'moderator'] as const;
export type PlatformRole = (typeof platformRoleNames)[number];

/** The instance's own staff: they handle the platform queue (granted by `npm run moderators`). */
export const platformRoles = pgTable('platform_roles', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  role: text('role').$type<PlatformRole>().notNull(),
  createdAt: createdAt(),
});

export const hiddenReasons = ['held', 'rejected'] as const;
export type HiddenReason = (typeof hiddenReasons)[number];

/**
 * Posts moderation keeps out of sight: a staff post held for approval, or a post/reply rejected
 * in the queue. Social's rules drop them (through the status extension in src/links/); removing
 * the row shows the post again (approval, successful appeal).
 */
export const hiddenStatuses = pgTable('moderation_hidden_statuses', {
  statusId: uuid('status_id').primaryKey(),
  reason: text('reason').$type<HiddenReason>().notNull(),
  itemId: uuid('item_id'),
  createdAt: createdAt(),
});
