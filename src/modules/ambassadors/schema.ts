// Ambassadors: a brand's programme for fans and resellers who sell through their own links, the
// people in it, their links and the visits through them, and which orders they brought. The
// commission ledger has its own tables (ledger/schema.ts). SQL in src/db/migrations (drizzle-kit).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';
import { collections, orders, products } from '../commerce/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A brand's programme (one per brand): its terms for every ambassador. */
export const ambassadorPrograms = pgTable(
  'ambassador_programs',
  {
    brandId: uuid('brand_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Commission in basis points of a line's amount with VAT (1000 = 10 %), 0 to 5000. */
    commissionBp: integer('commission_bp').notNull(),
    /** How long a followed link is remembered (last click wins), in days. */
    windowDays: integer('window_days').notNull(),
    /** Days after delivery before a commission is payable (the buyer's right to return). */
    returnWindowDays: integer('return_window_days').notNull().default(14),
    /** Smallest payout, in minor units of `currency`. */
    minPayoutAmount: integer('min_payout_amount').notNull().default(0),
    currency: text('currency').notNull().default('EUR'),
    terms: text('terms').notNull().default(''),
    /** 'all' the brand's products earn, or only those in ambassador_program_products. */
    productScope: text('product_scope').$type<'all' | 'selected'>().notNull().default('all'),
    /** People may apply (otherwise by invitation only). */
    openToApplications: boolean('open_to_applications').notNull().default(true),
    /** A closed programme accepts no new visits nor orders; the ledger stays. */
    active: boolean('active').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('ambassador_programs_commission', sql`${t.commissionBp} between 0 and 5000`),
    check('ambassador_programs_window', sql`${t.windowDays} between 1 and 365`),
    check('ambassador_programs_return_window', sql`${t.returnWindowDays} between 0 and 365`),
    check('ambassador_programs_min_payout', sql`${t.minPayoutAmount} >= 0`),
  ],
);

/** A collection's own rate, instead of the programme's (a line in several: the highest). */
export const ambassadorProgramRates = pgTable(
  'ambassador_program_rates',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => ambassadorPrograms.brandId, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    commissionBp: integer('commission_bp').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.brandId, t.collectionId] }),
    check('ambassador_program_rates_commission', sql`${t.commissionBp} between 0 and 5000`),
  ],
);

/** The products that earn, when the programme's scope is 'selected'. */
export const ambassadorProgramProducts = pgTable(
  'ambassador_program_products',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => ambassadorPrograms.brandId, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.productId] })],
);

export const ambassadorStatuses = ['applied', 'invited', 'accepted', 'refused', 'ended'] as const;
export type AmbassadorStatus = (typeof ambassadorStatuses)[number];

/** A person in a brand's programme: applied, invited, accepted, refused or ended (one row per pair). */
export const ambassadors = pgTable(
  'ambassadors',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status').$type<AmbassadorStatus>().notNull(),
    /** What the person wrote when applying, or the brand when inviting. */
    message: text('message').notNull().default(''),
    decidedById: uuid('decided_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    decidedAt: at('decided_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ambassadors_brand_account').on(t.brandId, t.accountId),
    index('ambassadors_account_idx').on(t.accountId),
    index('ambassadors_brand_status_idx').on(t.brandId, t.status),
  ],
);

export const ambassadorLinkTargets = ['product', 'collection', 'popup', 'picks'] as const;
export type AmbassadorLinkTarget = (typeof ambassadorLinkTargets)[number];

/** An ambassador's personal short link to one target (one link per target, reused). */
export const ambassadorLinks = pgTable(
  'ambassador_links',
  {
    id: uuid('id').primaryKey(),
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The short code in /r/<code> and in an order's `ref`. */
    code: text('code').notNull().unique(),
    targetKind: text('target_kind').$type<AmbassadorLinkTarget>().notNull(),
    /** The product, collection or pop-up (null for the picks storefront). */
    targetId: uuid('target_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ambassador_links_target').on(t.ambassadorId, t.targetKind, t.targetId).nullsNotDistinct(),
    index('ambassador_links_brand_idx').on(t.brandId),
  ],
);

/** An ambassador's picks: the products on their small storefront (/@name/picks/brand). */
export const ambassadorPicks = pgTable(
  'ambassador_picks',
  {
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ambassadorId, t.productId] })],
);

/**
 * A link followed: the browser's referral cookie (a random token, not the person) and, when
 * signed in, the account; the post it was followed from when known. Attribution reads the latest
 * visit of the buyer's cookie or account for the order's brand within the programme's window.
 */
export const ambassadorVisits = pgTable(
  'ambassador_visits',
  {
    id: uuid('id').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => ambassadorLinks.id, { onDelete: 'cascade' }),
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    visitor: text('visitor'),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    fromStatusId: uuid('from_status_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    index('ambassador_visits_visitor_idx').on(t.visitor, t.brandId, t.at),
    index('ambassador_visits_account_idx').on(t.accountId, t.brandId, t.at),
    index('ambassador_visits_link_idx').on(t.linkId, t.at),
    index('ambassador_visits_ambassador_idx').on(t.ambassadorId, t.at),
  ],
);

/**
 * The ambassador an order is attributed to (last click within the window), with the link, the
 * visit and the post it came from. `excluded` says why it earns nothing (self-referral, the
 * brand's own team, the ambassador's own payment method); null: it earns.
 */
export const orderAttributions = pgTable(
  'order_attributions',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ambassadorId: uuid('ambassador_id')
      .notNull()
      .references(() => ambassadors.id, { onDelete: 'cascade' }),
    linkId: uuid('link_id').references(() => ambassadorLinks.id, { onDelete: 'set null' }),
    visitId: uuid('visit_id'),
    fromStatusId: uuid('from_status_id'),
    excluded: text('excluded').$type<'self' | 'team' | 'same_payment'>(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('order_attributions_ambassador_idx').on(t.ambassadorId, t.createdAt),
    index('order_attributions_brand_idx').on(t.brandId, t.createdAt),
  ],
);
