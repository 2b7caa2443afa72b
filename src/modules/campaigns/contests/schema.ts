// Contests (campaigns, issue 13 part 5): a brand's jeu-concours with a draw anyone can verify.
// SQL in src/db/migrations (drizzle-kit).
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { places } from '../../places/schema';
import { statuses } from '../../social/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** How a person enters: an action on the brand's post, a check-in at its place, or the page's form. */
export const entryKinds = ['reply', 'repost', 'like', 'checkin', 'form'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** Why a collected entry does not take part in the draw (the rules list them). */
export const exclusionReasons = ['late_account', 'blocked', 'suspended', 'team', 'not_a_person'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/**
 * A contest. `seed` is 32 random bytes (hex) made at creation and kept secret until the draw;
 * `commitment` (hex SHA-256 of the seed's bytes) is public from the start, so the brand cannot
 * pick a seed after seeing the entries. `drawn_at`, `entries_hash` and `winners` (account ids in
 * drawn order) are set once by the draw (draw.ts). `result_status_id` is the brand's post
 * announcing the winners.
 */
export const contests = pgTable(
  'contests',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    rules: text('rules').notNull(),
    prizes: text('prizes'),
    entryKind: text('entry_kind').$type<EntryKind>().notNull(),
    statusId: uuid('status_id').references(() => statuses.id, { onDelete: 'set null' }),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    winnersCount: integer('winners_count').notNull(),
    seed: text('seed').notNull(),
    commitment: text('commitment').notNull(),
    drawnAt: at('drawn_at'),
    entriesHash: text('entries_hash'),
    winners: jsonb('winners').$type<string[]>(),
    resultStatusId: uuid('result_status_id').references(() => statuses.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('contests_brand_idx').on(t.brandId, t.createdAt.desc()),
    check('contests_winners_positive', sql`${t.winnersCount} >= 1`),
    check('contests_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * One entry per person and contest (the unique key holds it under concurrency). Form entries are
 * written when made; entries by an action (reply, repost, like, check-in) are collected from the
 * social and places tables at the draw. `excluded` names the rule that keeps an entry out of the
 * draw (null: it takes part).
 */
export const contestEntries = pgTable(
  'contest_entries',
  {
    id: uuid('id').primaryKey(),
    contestId: uuid('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    enteredAt: at('entered_at').notNull(),
    source: text('source').$type<EntryKind>().notNull(),
    excluded: text('excluded').$type<ExclusionReason>(),
  },
  (t) => [uniqueIndex('contest_entries_one_per_person_key').on(t.contestId, t.accountId)],
);
