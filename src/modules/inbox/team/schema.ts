// The inbox's team work (inboxcore): the brand's routing settings, its agents' availability (round robin),
// saved replies and who has a conversation open right now (collision warning).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { inboxConversations } from '../schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One row per brand that changed its routing. `round_robin` turns automatic assignment on;
 * `open_cap` is how many unresolved conversations an agent holds at most before the rotation
 * skips them. The row is also the lock that serialises two assignments racing for one brand.
 */
export const inboxSettings = pgTable('inbox_settings', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  roundRobin: boolean('round_robin').notNull().default(false),
  openCap: integer('open_cap').notNull().default(10),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * An agent's availability for a brand's rotation; `last_assigned_at` orders the rotation (the
 * agent who waited longest gets the next conversation).
 */
export const inboxAgents = pgTable(
  'inbox_agents',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    available: boolean('available').notNull().default(false),
    lastAssignedAt: at('last_assigned_at'),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.accountId] })],
);

/** A brand's saved reply: a title and a text with {{variables}} filled when it is used. */
export const inboxSavedReplies = pgTable(
  'inbox_saved_replies',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    text: text('text').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('inbox_saved_replies_brand_idx').on(t.brandId, t.title)],
);

/**
 * Who has a conversation open (`viewing`) or is writing in it (`typing`), refreshed by the page's
 * polling; a row older than the staleness window (presence.ts, read with the app's clock) no
 * longer counts.
 */
export const inboxPresence = pgTable(
  'inbox_presence',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => inboxConversations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    typing: boolean('typing').notNull().default(false),
    seenAt: at('seen_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.accountId] })],
);
