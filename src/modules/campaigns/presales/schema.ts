// The pre-sales' tables: a pre-sale (threshold, deadline, cap, counters) and its pledges.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { orders, paymentMethods, products, variants, type AddressSnapshot } from '../../commerce/schema';

export const presaleStatuses = ['open', 'succeeded', 'failed'] as const;
export type PresaleStatus = (typeof presaleStatuses)[number];
export const pledgeStatuses = ['pledged', 'charged', 'cancelled', 'payment_failed', 'lapsed'] as const;
export type PledgeStatus = (typeof pledgeStatuses)[number];

/**
 * A pre-sale of a product that does not exist yet (a draft product, shown only on the pre-sale's
 * page). `pledged_units` counts the units of live pledges (pledged, charged, payment_failed) and is
 * only written with the row locked (`for update`), so the pledge that crosses the threshold is
 * exactly one. `prices` keeps each variant's price at creation: pledges are charged that price.
 * Charged units are counted from the pledges when read: a counter here would make every charge
 * wait for the others on this one row.
 */
export const presales = pgTable(
  'presales',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    thresholdUnits: integer('threshold_units').notNull(),
    capUnits: integer('cap_units'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    expectedDelivery: date('expected_delivery', { mode: 'string' }),
    /** Variant id -> unit price (minor units) agreed at creation. */
    prices: jsonb('prices').$type<Record<string, number>>().notNull(),
    currency: text('currency').notNull(),
    status: text('status').$type<PresaleStatus>().notNull().default('open'),
    pledgedUnits: integer('pledged_units').notNull().default(0),
    pledgeCount: integer('pledge_count').notNull().default(0),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('presales_brand_idx').on(t.brandId, t.id),
    check('presales_threshold_positive', sql`${t.thresholdUnits} > 0`),
    check('presales_cap_above_threshold', sql`${t.capUnits} is null or ${t.capUnits} >= ${t.thresholdUnits}`),
  ],
);

/**
 * One person's pledge: nothing is charged when it is made. `attempt` names the provider call
 * (`presale-pledge:<id>:<attempt>`): a retry of the same attempt reuses the provider's answer (never
 * a second charge), a new saved method starts a new attempt. `stocked` says the pledge's units were
 * added to the variant's stock (once, when the pre-sale succeeded or the pledge came after).
 */
export const presalePledges = pgTable(
  'presale_pledges',
  {
    id: uuid('id').primaryKey(),
    presaleId: uuid('presale_id')
      .notNull()
      .references(() => presales.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    unitAmount: integer('unit_amount').notNull(),
    paymentMethodId: uuid('payment_method_id').references(() => paymentMethods.id, { onDelete: 'set null' }),
    shippingAddress: jsonb('shipping_address').$type<AddressSnapshot | null>(),
    status: text('status').$type<PledgeStatus>().notNull().default('pledged'),
    attempt: integer('attempt').notNull().default(1),
    stocked: boolean('stocked').notNull().default(false),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    failureCode: text('failure_code'),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The pledge request's hash (lib/idempotency's keyClaim): the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    chargedAt: timestamp('charged_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('presale_pledges_key_idx').on(t.accountId, t.idempotencyKey),
    index('presale_pledges_presale_idx').on(t.presaleId, t.status, t.id),
    index('presale_pledges_account_idx').on(t.accountId, t.presaleId),
    check('presale_pledges_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
