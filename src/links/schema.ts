// Tables that belong to a link between modules (src/links/), not to either module; gathered by
// src/db/schema.ts like every module's tables.
import { index, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { products } from '../modules/commerce/schema';
import { statuses } from '../modules/social/schema';
import { inboxMessages } from '../modules/inbox/schema';

/** Products attached to a post (shoppable posts, links/shoppable-posts.ts), at most 4. */
export const statusProducts = pgTable(
  'status_products',
  {
    statusId: uuid('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.statusId, t.productId] }), index('status_products_product_idx').on(t.productId)],
);

/**
 * The post or direct message that carried a team's inbox reply (links/inbox-social.ts): written
 * in the post's own transaction, keyed by the inbox message, so a delivery run twice posts once.
 */
export const inboxStatusDeliveries = pgTable('inbox_status_deliveries', {
  messageId: uuid('message_id')
    .primaryKey()
    .references(() => inboxMessages.id, { onDelete: 'cascade' }),
  statusId: uuid('status_id')
    .notNull()
    .references(() => statuses.id, { onDelete: 'cascade' }),
});
