// A brand's legal identity (the French "mentions légales" of a seller) and its versioned terms of sale.
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

/** One row per brand that filled it in; a brand without one can still sell (its back-office reminds it). */
export const brandLegal = pgTable('brand_legal', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  companyName: text('company_name').notNull(),
  legalForm: text('legal_form').notNull().default(''),
  /** 9 digits, Luhn-checked; null for a seller without one (a foreign company). */
  siren: text('siren'),
  address: text('address').notNull(),
  vatNumber: text('vat_number'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  /** The consumer mediator the brand adheres to (Code de la consommation, L612-1). */
  mediatorName: text('mediator_name'),
  mediatorUrl: text('mediator_url'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every version of a brand's terms of sale, kept for as long as the brand: an order names the
 * version its buyer accepted (orders.terms_version), which must stay readable afterwards.
 */
export const termsOfSale = pgTable(
  'terms_of_sale',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.version] })],
);
