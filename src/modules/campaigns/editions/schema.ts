// Numbered limited editions: one counter row per edition variant and one row per numbered unit.
// The edition's size is the variant's own column (variants.edition_size, commerce's catalog).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orderLines, variants } from '../../commerce/schema';

/**
 * The next number to give, per edition variant. Paying takes `qty` numbers with one
 * `UPDATE … SET next = next + qty RETURNING`: the row lock serialises payers of one edition, and
 * the numbers commit (or roll back) with the payment, so there is never a gap nor a duplicate.
 */
export const editionCounters = pgTable(
  'edition_counters',
  {
    variantId: uuid('variant_id')
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    next: integer('next').notNull().default(1),
  },
  (t) => [check('edition_counters_next_positive', sql`${t.next} >= 1`)],
);

export const editionUnitStatuses = ['assigned', 'withdrawn'] as const;
export type EditionUnitStatus = (typeof editionUnitStatuses)[number];

/**
 * A numbered unit: given to a paid order line, and withdrawn (never given again) when that order
 * is cancelled or refunded. No foreign key to the variant: a certificate outlives its variant.
 */
export const editionUnits = pgTable(
  'edition_units',
  {
    variantId: uuid('variant_id').notNull(),
    number: integer('number').notNull(),
    /** The edition's size when the number was given (the certificate's "/ 500" if the variant goes). */
    editionSize: integer('edition_size').notNull(),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    status: text('status').$type<EditionUnitStatus>().notNull().default('assigned'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.number] }),
    index('edition_units_line_idx').on(t.orderLineId),
    index('edition_units_order_idx').on(t.orderId),
    check('edition_units_number_positive', sql`${t.number} >= 1`),
  ],
);
