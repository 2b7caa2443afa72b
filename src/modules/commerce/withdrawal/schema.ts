// Withdrawals (droit de rétractation, Code de la consommation L221-18 to L221-28): a buyer's
// withdrawal from all or part of an order, its deadlines, and what the brand did about it.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orders } from '../schema';

/** Why a product is excluded from withdrawal (L221-28 3°, 4°, 5°). */
export const withdrawalExclusions = ['made_to_order', 'hygiene', 'perishable'] as const;
export type WithdrawalExclusion = (typeof withdrawalExclusions)[number];

export const withdrawals = pgTable(
  'withdrawals',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** The order lines withdrawn (whole lines: a line's every unit goes back). */
    lineIds: uuid('line_ids').array().notNull(),
    /** Every line of the order is withdrawn with this one: the shipping is refunded too (L221-24). */
    wholeOrder: boolean('whole_order').notNull(),
    /** What the brand owes back, in the order's currency (lines, plus shipping for the whole order). */
    amount: integer('amount').notNull(),
    reason: text('reason').notNull().default(''),
    /** The buyer stated that the hygiene products withdrawn are still sealed. */
    sealed: boolean('sealed').notNull().default(false),
    status: text('status').$type<'requested' | 'refunded'>().notNull().default('requested'),
    returnDeadline: timestamp('return_deadline', { withTimezone: true }).notNull(),
    refundDeadline: timestamp('refund_deadline', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The team was reminded that the refund is due soon (3 days before). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** The refund deadline passed without the refund: shown as late to the team. */
    lateAt: timestamp('late_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (t) => [
    index('withdrawals_order_idx').on(t.orderId),
    index('withdrawals_open_idx').on(t.refundDeadline).where(sql`${t.status} = 'requested'`),
    check('withdrawals_amount_not_negative', sql`${t.amount} >= 0`),
  ],
);

export type Withdrawal = typeof withdrawals.$inferSelect;
