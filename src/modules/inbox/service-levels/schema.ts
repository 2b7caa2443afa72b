// Service levels' tables: a brand's targets and business hours, and what each conversation's
// service levels came to (breaches, business times), kept after the due times are cleared so
// reports can count a conversation answered late. SQL in src/db/migrations.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { inboxConversations } from '../schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** [open, close) in minutes after local (Europe/Paris) midnight. */
export type StoredInterval = [number, number];

/**
 * A brand's targets, in business minutes. No row: the defaults (targets.ts). `enabled` false:
 * no due times at all. `week` is Monday first, each day a list of intervals; `closed_days` local
 * dates (public holidays).
 */
export const inboxServiceLevels = pgTable('inbox_service_levels', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(true),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  nextResponseMinutes: integer('next_response_minutes').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  week: jsonb('week').$type<StoredInterval[][]>().notNull(),
  closedDays: text('closed_days').array().notNull().default(sql`'{}'::text[]`),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * One row per conversation that ever had a due time. `*_minutes`: business minutes from the
 * customer's first message to the first reply, and from opening to resolution (the last one).
 * `paused_at`: snoozed since then (due times move by the business time spent snoozed).
 * `rating_requested_at`: the customer was asked to rate, once.
 */
export const inboxSlaRecords = pgTable(
  'inbox_sla_records',
  {
    conversationId: uuid('conversation_id')
      .primaryKey()
      .references(() => inboxConversations.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    firstResponseMinutes: integer('first_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    firstResponseBreached: boolean('first_response_breached').notNull().default(false),
    nextResponseBreaches: smallint('next_response_breaches').notNull().default(0),
    resolutionBreached: boolean('resolution_breached').notNull().default(false),
    pausedAt: at('paused_at'),
    ratingRequestedAt: at('rating_requested_at'),
  },
  (t) => [index('inbox_sla_records_brand_idx').on(t.brandId)],
);
