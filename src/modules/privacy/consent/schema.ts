// Consent to what is not strictly necessary (CNIL guidelines): each choice a signed-in person makes.
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

/**
 * Every choice a person made while signed in, newest last: the latest one is in force, the earlier
 * ones prove what was agreed to and when (the data export lists them). `version` is the version of
 * the banner's text the choice answered; a new text asks again.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    /** The ambassadors' attribution cookie (the one purpose that needs consent). */
    referral: boolean('referral').notNull(),
    /** Where the choice was made: the banner, the cookies page or the API. */
    source: text('source').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('consents_account_idx').on(t.accountId, t.decidedAt)],
);
