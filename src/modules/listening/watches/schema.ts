// Tables of watches (SQL in src/db/migrations/0008_listening.sql, written by hand to match).
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { statuses } from '../../social/schema';

export const alertModes = ['none', 'immediate', 'digest'] as const;
export type AlertMode = (typeof alertModes)[number];

/**
 * A brand's saved query. Its feeds carry a token derived from the instance secret, the watch id
 * and token_version: rotating the token bumps the version, so the old one stops at once.
 * crisis_since is set while a negative spike lasts (one alert per episode).
 */
export const watches = pgTable(
  'watches',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: text('query').notNull(),
    createdById: uuid('created_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    active: boolean('active').notNull().default(true),
    tokenVersion: integer('token_version').notNull().default(1),
    alertMode: text('alert_mode').$type<AlertMode>().notNull().default('none'),
    alertInApp: boolean('alert_in_app').notNull().default(true),
    alertEmail: boolean('alert_email').notNull().default(false),
    alertWebhook: boolean('alert_webhook').notNull().default(false),
    spikeK: real('spike_k').notNull().default(2),
    spikeMinCount: integer('spike_min_count').notNull().default(5),
    crisisSince: timestamp('crisis_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('watches_brand_idx').on(t.brandId, t.id)],
);

/** `outside`: an item read from one of the brand's outside sources (listening/sources). */
export const matchItemTypes = ['status', 'review', 'checkin', 'tip', 'outside'] as const;
export type MatchItemType = (typeof matchItemTypes)[number];

/**
 * One item (a post or a review) recorded against a watch, once: the key is (watch, item).
 * A deleted post takes its matches with it (status_id cascades); reviews are checked when read.
 * author_reach is the author's followers count when the match was recorded.
 */
export const watchMatches = pgTable(
  'watch_matches',
  {
    watchId: uuid('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull(),
    itemType: text('item_type').$type<MatchItemType>().notNull(),
    statusId: uuid('status_id').references(() => statuses.id, { onDelete: 'cascade' }),
    reviewId: uuid('review_id'),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'cascade' }),
    authorReach: integer('author_reach').notNull().default(0),
    sentiment: text('sentiment').notNull().default('neutral'),
    sentimentScore: real('sentiment_score').notNull().default(0),
    itemCreatedAt: timestamp('item_created_at', { withTimezone: true }).notNull(),
    matchedAt: timestamp('matched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.watchId, t.itemId] }),
    index('watch_matches_time_idx').on(t.watchId, t.itemCreatedAt),
    index('watch_matches_status_idx').on(t.statusId),
    // Outside items leave with their source (migration 0046's triggers find their matches by item).
    index('watch_matches_outside_idx').on(t.itemId).where(sql`item_type = 'outside'`),
  ],
);

export const alertKinds = ['match', 'digest', 'crisis'] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * Alerts sent for a watch. (watch, kind, period) is unique, so an alert exists once however
 * often the job that makes it runs: period is the item id (immediate), the UTC day (digest) or
 * the hour the episode started (crisis). notified_at / mailed_at mark the channels done.
 */
export const watchAlerts = pgTable(
  'watch_alerts',
  {
    id: uuid('id').primaryKey(),
    watchId: uuid('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AlertKind>().notNull(),
    period: text('period').notNull(),
    itemIds: jsonb('item_ids').$type<string[]>().notNull().default([]),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('watch_alerts_once_key').on(t.watchId, t.kind, t.period),
    index('watch_alerts_watch_idx').on(t.watchId, t.id),
  ],
);

export type Watch = typeof watches.$inferSelect;
export type WatchMatch = typeof watchMatches.$inferSelect;
export type WatchAlert = typeof watchAlerts.$inferSelect;
