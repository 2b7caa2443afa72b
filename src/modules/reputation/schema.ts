// The reputation module's tables (SQL in src/db/migrations/0007_reputation.sql, written by hand to match).
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';
import { orderLines, products } from '../commerce/schema';
import { storedImageColumns } from '../media/columns';
import type { Flag } from '../analysis';

export const reviewStatuses = ['pending', 'published', 'rejected', 'withdrawn', 'question'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/**
 * One review of a product. `verified` is true only when the review is tied to a delivered order
 * line of its author (`order_line_id`, unique: one review per line). Only published reviews are
 * shown and counted. `fingerprint_bands` are the four 16-bit bands of the text's SimHash: two
 * texts within 3 bits share at least one band, so near-duplicates are found through one GIN index.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** The brand's account id (as products store it). */
    brandId: account('brand_id'),
    authorId: account('author_id'),
    orderLineId: uuid('order_line_id').references(() => orderLines.id, { onDelete: 'set null' }),
    /** The order of that line, for the brand's team (customer questions) and the console. */
    orderId: uuid('order_id'),
    verified: boolean('verified').notNull(),
    rating: smallint('rating').notNull(),
    title: text('title'),
    body: text('body').notNull(),
    experiencedOn: date('experienced_on', { mode: 'string' }),
    language: text('language'),
    status: text('status').$type<ReviewStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    fingerprint: text('fingerprint'),
    fingerprintBands: text('fingerprint_bands').array(),
    rejectionReason: text('rejection_reason'),
    rejectionEditable: boolean('rejection_editable'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    helpfulCount: integer('helpful_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('reviews_order_line_key').on(t.orderLineId),
    // One live unverified review per author and product (verified ones are one per order line).
    uniqueIndex('reviews_unverified_author_product_key')
      .on(t.authorId, t.productId)
      .where(sql`order_line_id is null and status in ('pending', 'published', 'question')`),
    index('reviews_product_newest_idx')
      .on(t.productId, t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published'`),
    index('reviews_product_rating_desc_idx')
      .on(t.productId, t.rating.desc(), t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published'`),
    index('reviews_product_rating_asc_idx')
      .on(t.productId, t.rating, t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published'`),
    index('reviews_product_helpful_idx')
      .on(t.productId, t.helpfulCount.desc(), t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published'`),
    // Listening's review scan (every 10 s: what was published since the last one) reads a range of it.
    index('reviews_published_idx').on(t.publishedAt).where(sql`status = 'published'`),
    index('reviews_author_idx').on(t.authorId, t.id),
    index('reviews_brand_status_idx').on(t.brandId, t.status, t.id),
    index('reviews_fingerprint_bands_idx').using('gin', t.fingerprintBands),
    check('reviews_rating_range', sql`${t.rating} between 1 and 5`),
    check('reviews_status_known', sql`${t.status} in ('pending', 'published', 'rejected', 'withdrawn', 'question')`),
  ],
);

/** Up to 4 photos per review, checked and re-encoded like post images (media/images.ts). */
export const reviewPhotos = pgTable(
  'review_photos',
  {
    id: uuid('id').primaryKey(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    ...storedImageColumns(),
  },
  (t) => [index('review_photos_review_idx').on(t.reviewId, t.position)],
);

/** "Helpful" votes: one per account and review; reviews.helpful_count moves with them. */
export const reviewVotes = pgTable(
  'review_votes',
  {
    reviewId: uuid('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.accountId] })],
);

/** The brand's one public reply to a review. */
export const reviewReplies = pgTable('review_replies', {
  reviewId: uuid('review_id')
    .primaryKey()
    .references(() => reviews.id, { onDelete: 'cascade' }),
  brandId: account('brand_id'),
  /** The team member who wrote it (shown as the brand). */
  authorId: account('author_id'),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One invitation to review per delivered order line, whatever the buyer thinks of it. */
export const reviewInvitations = pgTable(
  'review_invitations',
  {
    orderLineId: uuid('order_line_id')
      .primaryKey()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id').notNull(),
    buyerId: account('buyer_id'),
    productId: uuid('product_id').notNull(),
    /** Set when the buyer reviewed the line. */
    reviewId: uuid('review_id'),
    /** When the e-mail went out (the in-app notification is written with the row). */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_invitations_order_idx').on(t.orderId)],
);

/**
 * Per-product aggregate of PUBLISHED reviews, kept in the same transaction as every status
 * change: count, sum of ratings and the distribution of 1..5 stars.
 */
export const productRatings = pgTable(
  'product_ratings',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    count: integer('count').notNull().default(0),
    sum: integer('sum').notNull().default(0),
    stars1: integer('stars_1').notNull().default(0),
    stars2: integer('stars_2').notNull().default(0),
    stars3: integer('stars_3').notNull().default(0),
    stars4: integer('stars_4').notNull().default(0),
    stars5: integer('stars_5').notNull().default(0),
  },
  (t) => [check('product_ratings_nonnegative', sql`${t.count} >= 0 and ${t.sum} >= 0`)],
);
