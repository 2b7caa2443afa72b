// The engagement ladder's tables (docs/analytics.md): the interactions log the collector writes,
// the per-person rollup the rungs are read from, the daily snapshots the dashboard reads, and the
// brands whose snapshot must be refreshed. SQL in src/db/migrations (drizzle-kit).
import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid, date } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });
const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/**
 * One interaction of a person with a brand (kinds and their rungs: ladder/rules.ts). `ref` is the
 * row it was read from (a post, a like, a review...; a follow or a space membership, which have
 * no id, get one made from their key), so reading the same row twice adds nothing.
 */
export const analyticsInteractions = pgTable(
  'analytics_interactions',
  {
    brandId: account('brand_id'),
    accountId: account('account_id'),
    kind: text('kind').notNull(),
    at: at('at').notNull(),
    ref: uuid('ref').notNull(),
    /** A review's rating (1..5), null otherwise. */
    value: smallint('value'),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.kind, t.ref] }),
    index('analytics_interactions_brand_at_idx').on(t.brandId, t.at),
    // An account's deletion cascades here: without it, a scan of the whole log.
    index('analytics_interactions_account_idx').on(t.accountId),
  ],
);

/**
 * Per brand and person: the latest time each rung was reached, and the two latest conversations
 * (so "at least two in the period" is one comparison). Followers are read from `follows` itself,
 * so an unfollow needs no bookkeeping here. `spectator_at` is the one trace of views: a date per
 * person and brand, never what was seen.
 */
export const analyticsLadderPeople = pgTable(
  'analytics_ladder_people',
  {
    brandId: account('brand_id'),
    accountId: account('account_id'),
    creatorAt: at('creator_at'),
    convLastAt: at('conv_last_at'),
    convPrevAt: at('conv_prev_at'),
    criticAt: at('critic_at'),
    collectorAt: at('collector_at'),
    joinerAt: at('joiner_at'),
    spectatorAt: at('spectator_at'),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.accountId] }),
    index('analytics_ladder_people_account_idx').on(t.accountId),
  ],
);

/**
 * The rung counts of a brand on a Paris day, for a period of `period_days` days ending that day
 * (the standard periods, rules.ts), rewritten by the collector whenever the brand changes.
 * `followers` is the brand's followers count when written: a difference means an unfollow.
 */
export const analyticsLadderDaily = pgTable(
  'analytics_ladder_daily',
  {
    brandId: account('brand_id'),
    day: date('day', { mode: 'string' }).notNull(),
    periodDays: integer('period_days').notNull(),
    audience: integer('audience').notNull(),
    creators: integer('creators').notNull(),
    conversationalists: integer('conversationalists').notNull(),
    critics: integer('critics').notNull(),
    collectors: integer('collectors').notNull(),
    joiners: integer('joiners').notNull(),
    spectators: integer('spectators').notNull(),
    inactives: integer('inactives').notNull(),
    followers: integer('followers').notNull(),
    refreshedAt: at('refreshed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.periodDays, t.day] })],
);

/** Brands whose snapshot is out of date (new interactions, spectators marked): emptied by the collector. */
export const analyticsLadderDirty = pgTable('analytics_ladder_dirty', {
  brandId: account('brand_id').primaryKey(),
  since: at('since').notNull(),
});
