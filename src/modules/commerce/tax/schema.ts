// VAT by product kind: the classes and the table of rates per country and class (tax/index.ts).
import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** VAT classes (France's categories; other countries map them to their nearest rate). */
export const taxClasses = ['standard', 'intermediate', 'reduced', 'super_reduced', 'exempt'] as const;
export type TaxClass = (typeof taxClasses)[number];

/** VAT rates by country and tax class (basis points); a class missing for a country falls back to vat_rates. */
export const taxRates = pgTable(
  'tax_rates',
  {
    country: text('country').notNull(),
    taxClass: text('tax_class').$type<TaxClass>().notNull(),
    rateBp: integer('rate_bp').notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.taxClass] }), check('tax_rates_rate', sql`${t.rateBp} >= 0`)],
);
