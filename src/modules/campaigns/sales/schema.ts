/**
 * Sales that obey the law (French consumer code art. L112-1-1, from the EU Omnibus directive):
 * every variant's price history, the brands' price rules, and what an order line sold at a sale
 * price keeps of it. The reference price of a reduction is computed from the history (pricing.ts),
 * never typed by the brand.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { collections, orderLines, products, variants } from '../../commerce/schema';

const time = (name: string) => timestamp(name, { withTimezone: true });

/** One row per price a variant had, from valid_from to valid_to (null: its price now). */
export const variantPrices = pgTable(
  'variant_prices',
  {
    id: uuid('id').primaryKey(),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    amount: integer('amount').notNull(),
    validFrom: time('valid_from').notNull(),
    validTo: time('valid_to'),
  },
  (t) => [
    index('variant_prices_variant_idx').on(t.variantId, t.validFrom),
    check('variant_prices_period', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

export const priceRuleKinds = ['percent', 'amount'] as const;
export type PriceRuleKind = (typeof priceRuleKinds)[number];
/** What a rule reduces: the whole shop, some products, or a collection (its products at the time of reading). */
export const priceRuleScopes = ['shop', 'products', 'collection'] as const;
export type PriceRuleScope = (typeof priceRuleScopes)[number];

export const priceRules = pgTable(
  'price_rules',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    kind: text('kind').$type<PriceRuleKind>().notNull(),
    /** percent: 1 to 99; amount: minor units taken off each unit. */
    value: integer('value').notNull(),
    scope: text('scope').$type<PriceRuleScope>().notNull(),
    collectionId: uuid('collection_id').references(() => collections.id, { onDelete: 'set null' }),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: time('created_at').notNull().defaultNow(),
  },
  (t) => [
    // The running rules of a brand at a time: brand, then the window's end (rules that ended drop out first).
    index('price_rules_brand_time_idx').on(t.brandId, t.endsAt, t.startsAt),
    check('price_rules_window', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'price_rules_value',
      sql`(${t.kind} = 'percent' and ${t.value} between 1 and 99) or (${t.kind} = 'amount' and ${t.value} > 0)`,
    ),
  ],
);

export const priceRuleProducts = pgTable(
  'price_rule_products',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => priceRules.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.productId] }), index('price_rule_products_product_idx').on(t.productId)],
);

/** The sale an order line was sold under (label and reference price as the buyer saw them). */
export const orderLineSales = pgTable('order_line_sales', {
  orderLineId: uuid('order_line_id')
    .primaryKey()
    .references(() => orderLines.id, { onDelete: 'cascade' }),
  label: text('label').notNull(),
  referenceAmount: integer('reference_amount').notNull(),
  regularAmount: integer('regular_amount').notNull(),
  endsAt: time('ends_at').notNull(),
});
