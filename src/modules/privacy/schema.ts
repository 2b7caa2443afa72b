// Privacy requests (GDPR) as the brands concerned see them: a customer's erasure or data request.
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';

export const privacyRequestKinds = ['redact', 'data_request'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];

/**
 * One row per brand concerned by a person's request (the brands they ordered from, wrote to or
 * reviewed): the brand applies an erasure in its own tools (accounting, e-mailing) and marks it
 * done. No e-mail or name here: the customer is named by their account id and their orders.
 */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    kind: text('kind').$type<PrivacyRequestKind>().notNull(),
    /** The customer's orders with this brand (ids), at the time of the request. */
    orderIds: uuid('order_ids').array().notNull().default([]),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the brand's team marked it as applied in its own tools. */
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('privacy_requests_brand_idx').on(t.brandId, t.requestedAt)],
);

export type PrivacyRequest = typeof privacyRequests.$inferSelect;
