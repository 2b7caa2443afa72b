// Pop-up stores: an ephemeral shop of a brand (its products, opening and closing times, an
// optional place), the people who asked to be told when it opens, and the orders bought through
// it. SQL in src/db/migrations (drizzle-kit). The status (scheduled, open, closed) is not stored:
// it follows from the clock and starts_at/ends_at, so nothing has to flip it on time.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';
import { orders, products } from '../../commerce/schema';
import { places } from '../../places/schema';
import { statuses } from '../../social/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const popups = pgTable(
  'popups',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** A stored image (media/images.ts paths), or null. */
    bannerPath: text('banner_path'),
    bannerPreviewPath: text('banner_preview_path'),
    bannerAlt: text('banner_alt').notNull().default(''),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    /** Followers (before early_access_announced_at) may buy this many hours before starts_at. */
    earlyAccessHours: integer('early_access_hours').notNull().default(0),
    earlyAccessAnnouncedAt: at('early_access_announced_at'),
    /** The brand's post at opening (written once by the opening job). */
    openingStatusId: uuid('opening_status_id').references(() => statuses.id, { onDelete: 'set null' }),
    /** The last time the team announced it (POST /api/v1/popups/:id/announce) or the opening post went out. */
    announcedAt: at('announced_at'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('popups_brand_idx').on(t.brandId, t.startsAt),
    check('popups_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('popups_early_access_hours', sql`${t.earlyAccessHours} between 0 and 720`),
  ],
);

export const popupProducts = pgTable(
  'popup_products',
  {
    popupId: uuid('popup_id')
      .notNull()
      .references(() => popups.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.popupId, t.productId] })],
);

/** Followers who asked to be told when it opens; `notified_at` makes the opening job's notices once only. */
export const popupSubscribers = pgTable(
  'popup_subscribers',
  {
    popupId: uuid('popup_id')
      .notNull()
      .references(() => popups.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: at('created_at').notNull().defaultNow(),
    notifiedAt: at('notified_at'),
  },
  (t) => [primaryKey({ columns: [t.popupId, t.accountId] })],
);

/** Orders bought through a pop-up, written in the order's own transaction (commerce's orders stay as they are). */
export const popupOrders = pgTable(
  'popup_orders',
  {
    orderId: uuid('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    popupId: uuid('popup_id')
      .notNull()
      .references(() => popups.id, { onDelete: 'cascade' }),
  },
  (t) => [index('popup_orders_popup_idx').on(t.popupId)],
);
