// The ambassadors' commission ledger: double-entry, per brand, append-only (a trigger in the
// migration refuses UPDATE and DELETE), payouts, the bank details SEPA transfers need (the
// ambassador's, the brand's). Balances are sums of entries, never stored. See docs/ambassadors-ledger.md.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { orderLines, orders } from '../../commerce/schema';
import { ambassadors } from '../schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const ledgerAccounts = ['brand', 'pending', 'payable', 'paid'] as const;
export type LedgerAccount = (typeof ledgerAccounts)[number];
export const ledgerKinds = ['earned', 'matured', 'reversed', 'paid'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];
export const payoutMethods = ['csv', 'sepa'] as const;
export type PayoutMethod = (typeof payoutMethods)[number];

/** A payout the brand recorded (paid outside: a transfer listed in the CSV or a SEPA file). */
export const ambassadorPayouts = pgTable(
  'ambassador_payouts',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method').$type<PayoutMethod>().notNull(),
    /** The transfer's reference (the SEPA EndToEndId). */
    reference: text('reference').notNull(),
    createdById: uuid('created_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    at: at('at').notNull(),
  },
  (t) => [
    check('ambassador_payouts_amount', sql`${t.amount} > 0`),
    index('ambassador_payouts_brand_idx').on(t.brandId, t.at),
    index('ambassador_payouts_ambassador_idx').on(t.ambassadorId, t.at),
  ],
);

/**
 * One leg of a movement. The legs of a movement share `txn_id` and sum to zero. Every entry names
 * its order line (a payout is split over the lines it pays, oldest first); reversals name the
 * refund's order event, payouts the payout. Partial unique indexes make each movement idempotent.
 */
export const ambassadorLedgerEntries = pgTable(
  'ambassador_ledger_entries',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    txnId: uuid('txn_id').notNull(),
    account: text('account').$type<LedgerAccount>().notNull(),
    kind: text('kind').$type<LedgerKind>().notNull(),
    /** Signed, in minor units: what enters the account (negative: what leaves it). */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    /** A reversal's refund (its order event). */
    eventId: uuid('event_id'),
    payoutId: uuid('payout_id').references(() => ambassadorPayouts.id, { onDelete: 'cascade' }),
    at: at('at').notNull(),
  },
  (t) => [
    check('ambassador_ledger_entries_amount', sql`${t.amount} <> 0`),
    check('ambassador_ledger_entries_account', sql`${t.account} in ('brand', 'pending', 'payable', 'paid')`),
    check('ambassador_ledger_entries_kind', sql`${t.kind} in ('earned', 'matured', 'reversed', 'paid')`),
    check(
      'ambassador_ledger_entries_refs',
      sql`(${t.kind} = 'reversed') = (${t.eventId} is not null) and (${t.kind} = 'paid') = (${t.payoutId} is not null)`,
    ),
    index('ambassador_ledger_entries_ambassador_idx').on(t.ambassadorId, t.account),
    index('ambassador_ledger_entries_line_idx').on(t.orderLineId),
    index('ambassador_ledger_entries_order_idx').on(t.orderId),
    index('ambassador_ledger_entries_list_idx').on(t.ambassadorId, t.at, t.id),
    uniqueIndex('ambassador_ledger_earned_uq').on(t.orderLineId, t.account).where(sql`${t.kind} = 'earned'`),
    uniqueIndex('ambassador_ledger_matured_uq').on(t.orderLineId, t.account).where(sql`${t.kind} = 'matured'`),
    uniqueIndex('ambassador_ledger_reversed_uq')
      .on(t.eventId, t.orderLineId, t.account)
      .where(sql`${t.kind} = 'reversed'`),
    uniqueIndex('ambassador_ledger_paid_uq').on(t.payoutId, t.orderLineId, t.account).where(sql`${t.kind} = 'paid'`),
  ],
);

/** A person's bank account for SEPA payouts, filled on their earnings page (one for every programme). */
export const ambassadorBankAccounts = pgTable('ambassador_bank_accounts', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  holderName: text('holder_name').notNull(),
  /** As given (spaces removed, upper case), checked with its mod-97 checksum. */
  iban: text('iban').notNull(),
  bic: text('bic').notNull().default(''),
  updatedAt: at('updated_at').notNull(),
});

/** The brand's own account, the debtor of its SEPA payout files. */
export const ambassadorPayoutSettings = pgTable('ambassador_payout_settings', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  debtorName: text('debtor_name').notNull(),
  iban: text('iban').notNull(),
  bic: text('bic').notNull(),
  updatedAt: at('updated_at').notNull(),
});
