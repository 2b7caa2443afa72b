// Sign-in attempts, kept for a short while (COMPTOIR_RETENTION_IP_DAYS) to spot attacks and show a person theirs.
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

/**
 * One row per password sign-in (the log-in form and the OAuth password grant), successful or not.
 * `account_id` when the identifier names one of our accounts; otherwise only a keyed hash of the
 * identifier typed (never the text itself). The address and user agent go with the row when it
 * is purged.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    identifierHash: text('identifier_hash'),
    ip: text('ip').notNull(),
    userAgent: text('user_agent').notNull(),
    success: boolean('success').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_attempts_account_idx').on(t.accountId, t.at), index('sign_in_attempts_at_idx').on(t.at)],
);
