// Outside sources (RSS, Atom, RDF feeds of blogs, forums, news) that brands listen to.
import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

/**
 * One feed, fetched once for every brand that listens to it (its URL is the feed's own address,
 * after discovery). The fetch state lives here: validators for conditional requests, the next
 * due time (spread over the interval), the consecutive failures behind the exponential backoff.
 */
export const listeningSources = pgTable(
  'listening_sources',
  {
    id: uuid('id').primaryKey(),
    /** The feed's address, normalised (no fragment); unique across the server. */
    url: text('url').notNull(),
    /** The site the feed belongs to (its <link>), when it says. */
    siteUrl: text('site_url'),
    /** The feed's own title, as last read. */
    title: text('title').notNull().default(''),
    etag: text('etag'),
    lastModified: text('last_modified'),
    intervalSeconds: integer('interval_seconds').notNull().default(900),
    nextFetchAt: timestamp('next_fetch_at', { withTimezone: true }).notNull().defaultNow(),
    /** Failed fetches in a row (0 after a success): the backoff's exponent. */
    failures: integer('failures').notNull().default(0),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastNewItemAt: timestamp('last_new_item_at', { withTimezone: true }),
    /** The last failure in plain words (null once a fetch succeeds). */
    lastError: text('last_error'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    /** Since when every fetch has failed (null while it works). */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Items stored from this feed so far (kept by each fetch: the sources list never counts them). */
    itemsCount: integer('items_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('listening_sources_url_key').on(t.url), index('listening_sources_due_idx').on(t.nextFetchAt)],
);

/** A brand listening to a source, under the name the brand gave it. `id` is the API's source id. */
export const brandSources = pgTable(
  'brand_sources',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => listeningSources.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdById: uuid('created_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** When the team was told the source keeps failing (once per failing episode). */
    failingNotifiedAt: timestamp('failing_notified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('brand_sources_once_key').on(t.brandId, t.sourceId),
    index('brand_sources_source_idx').on(t.sourceId),
  ],
);

/**
 * An item read from a source, stored once per source: `dedupe_key` is its guid, else its link
 * (so refetches and brands sharing the source never store it twice). `text` is the cleaned text
 * (no markup); `url` is the item's own page on the outside site.
 */
export const outsideItems = pgTable(
  'outside_items',
  {
    id: uuid('id').primaryKey(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => listeningSources.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    url: text('url'),
    title: text('title').notNull().default(''),
    text: text('text').notNull().default(''),
    authorName: text('author_name'),
    language: text('language'),
    /** The date the feed gives, else when we first read it. */
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outside_items_once_key').on(t.sourceId, t.dedupeKey),
    index('outside_items_source_time_idx').on(t.sourceId, t.fetchedAt),
  ],
);

/**
 * New items stored per source and UTC day, for "items this week" without counting the items
 * themselves (a source with 100,000 items is listed as fast as a new one). Days older than a week
 * are forgotten by the sources tick.
 */
export const sourceItemDays = pgTable(
  'source_item_days',
  {
    sourceId: uuid('source_id')
      .notNull()
      .references(() => listeningSources.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    items: integer('items').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.day] })],
);

export type ListeningSource = typeof listeningSources.$inferSelect;
export type BrandSource = typeof brandSources.$inferSelect;
export type OutsideItem = typeof outsideItems.$inferSelect;
