// Tables of search (SQL in src/db/migrations/0009_search.sql, written by hand to match).
import { customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { statuses } from '../../social/schema';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Public posts and replies as search sees them: one row per public, non-repost post, kept by a
 * trigger on statuses (same transaction as the post), with its text-search vector in its language.
 */
export const statusSearch = pgTable(
  'status_search',
  {
    statusId: uuid('status_id')
      .primaryKey()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
    language: text('language'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    tsv: tsvector('tsv').notNull(),
  },
  (t) => [
    index('status_search_tsv_idx').using('gin', t.tsv),
    index('status_search_account_idx').on(t.accountId, t.statusId),
    index('status_search_created_idx').on(t.createdAt),
  ],
);
