import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';
import { storedImageColumns } from '../media/columns';
import type { TaxClass } from './tax/schema';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const brand = () =>
  uuid('brand_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });
export const productStatuses = ['draft', 'published'] as const;
export type ProductStatus = (typeof productStatuses)[number];
export const productKinds = ['physical', 'virtual'] as const;
export type ProductKind = (typeof productKinds)[number];
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey(),
    brandId: brand(),
    title: text('title').notNull(),
    /** Rich text as the brand wrote it (a safe Markdown subset), rendered and escaped on output. */
    description: text('description').notNull().default(''),
    status: text('status').$type<ProductStatus>().notNull().default('draft'),
    kind: text('kind').$type<ProductKind>().notNull().default('physical'),
    /** Free attributes shown on the product page, e.g. {"Origine": "Jura", "Affinage": "24 mois"}. */
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull().default({}),
    /** Early access (campaigns): open to everyone at launches_at, to the brand's earlier followers hours before. */
    launchesAt: timestamp('launches_at', { withTimezone: true }),
    earlyAccessHours: integer('early_access_hours').notNull().default(0),
    earlyAccessAnnouncedAt: timestamp('early_access_announced_at', { withTimezone: true }),
    taxClass: text('tax_class').$type<TaxClass>().notNull().default('standard'),
    /** Withdrawal (L221-28): why it is excluded; since when is set by a trigger (commerce/withdrawal). */
    withdrawalExclusion: text('withdrawal_exclusion').$type<'made_to_order' | 'hygiene' | 'perishable'>(),
    withdrawalExcludedAt: timestamp('withdrawal_excluded_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('products_brand_idx').on(t.brandId, t.id)],
);
export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    ...storedImageColumns(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.position)],
);

/**
 * Sellable units. Stock can never go below zero: the CHECK is the last line of defence behind
 * the conditional decrement in inventory.ts.
 */
export const variants = pgTable(
  'variants',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    brandId: brand(),
    sku: text('sku').notNull(),
    /** Option values, e.g. {"Taille": "M", "Couleur": "Bleu"}. */
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    priceAmount: integer('price_amount').notNull(),
    currency: text('currency').notNull().default('EUR'),
    compareAtAmount: integer('compare_at_amount'),
    stock: integer('stock').notNull().default(0),
    weightGrams: integer('weight_grams'),
    position: integer('position').notNull().default(0),
    /** A numbered limited edition of this many units (campaigns/editions), or null. */
    editionSize: integer('edition_size'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('variants_brand_sku_key').on(t.brandId, t.sku),
    index('variants_product_idx').on(t.productId, t.position),
    check('variants_stock_nonnegative', sql`${t.stock} >= 0`),
    check('variants_price_nonnegative', sql`${t.priceAmount} >= 0`),
    check('variants_edition_size_positive', sql`${t.editionSize} is null or ${t.editionSize} >= 1`),
  ],
);

export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey(),
    brandId: brand(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('collections_brand_idx').on(t.brandId)],
);

export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.productId] })],
);

/** VAT rates by destination country, in basis points (2000 = 20 %). Prices include VAT. */
export const vatRates = pgTable('vat_rates', {
  country: text('country').primaryKey(),
  rateBp: integer('rate_bp').notNull(),
});

export const shippingKinds = ['flat', 'free_above', 'pickup'] as const;
export type ShippingKind = (typeof shippingKinds)[number];

export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: uuid('id').primaryKey(),
    brandId: brand(),
    kind: text('kind').$type<ShippingKind>().notNull(),
    name: text('name').notNull(),
    amount: integer('amount').notNull().default(0),
    /** For free_above: orders at or above this subtotal ship free; below, `amount` applies. */
    freeAboveAmount: integer('free_above_amount'),
    currency: text('currency').notNull().default('EUR'),
    isDefault: boolean('is_default').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('shipping_methods_brand_idx').on(t.brandId)],
);

export const addresses = pgTable(
  'addresses',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    line1: text('line1').notNull(),
    line2: text('line2').notNull().default(''),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    phone: text('phone').notNull().default(''),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('addresses_account_idx').on(t.accountId)],
);

/** Saved payment methods: the provider's token and display facts only, never a card number. */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    providerToken: text('provider_token').notNull(),
    cardBrand: text('card_brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('payment_methods_account_idx').on(t.accountId)],
);

export const cartItems = pgTable(
  'cart_items',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    /** The price seen when adding, so checkout can tell the buyer it changed. */
    seenPriceAmount: integer('seen_price_amount').notNull(),
    sourceStatusId: uuid('source_status_id'),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.variantId] }), check('cart_quantity_positive', sql`${t.quantity} > 0`)],
);

export const orderStatuses = [
  'pending_confirmation',
  'awaiting_payment',
  'paid',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export type AddressSnapshot = {
  name: string;
  line1: string;
  line2?: string;
  postal_code: string;
  city: string;
  country: string;
  phone?: string;
};

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    brandId: brand(),
    status: text('status').$type<OrderStatus>().notNull(),
    currency: text('currency').notNull(),
    subtotalAmount: integer('subtotal_amount').notNull(),
    shippingAmount: integer('shipping_amount').notNull(),
    vatAmount: integer('vat_amount').notNull(),
    totalAmount: integer('total_amount').notNull(),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    shippingMethodId: uuid('shipping_method_id'),
    shippingMethodName: text('shipping_method_name').notNull().default(''),
    shippingAddress: jsonb('shipping_address').$type<AddressSnapshot | null>(),
    paymentMethodId: uuid('payment_method_id'),
    /** The provider's reference of the authorization (or of the pending action). */
    paymentRef: text('payment_ref'),
    /** The post the order came from (Buy button or reply-to-buy), for the funnel and commissions. */
    sourceStatusId: uuid('source_status_id'),
    termsVersion: integer('terms_version'), // the brand's terms of sale accepted (null: it had none)
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    /** Stock held for an unpaid order is released at this time. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** The app node whose live request holds this unpaid order, and its Idempotency-Key: recovered if the node dies. */
    leaseNode: uuid('lease_node'),
    leaseKey: jsonb('lease_key').$type<{ scope: string; principal: string; key: string }>(),
  },
  (t) => [
    index('orders_buyer_idx').on(t.buyerId, t.id),
    index('orders_lease_idx').on(t.leaseNode).where(sql`${t.leaseNode} is not null`),
    index('orders_brand_idx').on(t.brandId, t.id),
    index('orders_source_status_idx').on(t.sourceStatusId),
    check(
      'orders_amounts_nonnegative',
      sql`${t.totalAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.totalAmount}`,
    ),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: uuid('variant_id').notNull(),
    productId: uuid('product_id').notNull(),
    title: text('title').notNull(),
    sku: text('sku').notNull(),
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    quantity: integer('quantity').notNull(),
    unitAmount: integer('unit_amount').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    vatAmount: integer('vat_amount').notNull(),
    totalAmount: integer('total_amount').notNull(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_product_idx').on(t.productId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** The order's timeline ("where is my order"): every step, who did it and when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

/** Every money movement with the provider: authorizations, captures, refunds, voids. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    kind: text('kind').$type<'authorization' | 'capture' | 'refund' | 'void'>().notNull(),
    providerRef: text('provider_ref').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('payments_order_idx').on(t.orderId)],
);

export const returnRequests = pgTable(
  'return_requests',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'return' | 'repair'>().notNull(),
    reason: text('reason').notNull(),
    photoPaths: jsonb('photo_paths').$type<string[]>().notNull().default([]),
    status: text('status')
      .$type<'requested' | 'accepted' | 'refused' | 'received' | 'refunded' | 'repaired'>()
      .notNull()
      .default('requested'),
    resolution: text('resolution').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('return_requests_order_idx').on(t.orderId)],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey(),
    brandId: brand(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_endpoints_brand_idx').on(t.brandId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id)],
);

/** Per-brand commerce settings: the reply-to-buy keywords. */
export const shopSettings = pgTable('shop_settings', {
  brandId: uuid('brand_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  buyKeywords: text('buy_keywords').array().notNull().default(sql`array['jachete', 'buy']`),
});
