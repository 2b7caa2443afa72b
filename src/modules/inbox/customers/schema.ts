// The customer's file's own tables: a brand's labels on a customer and its team's private notes.
// Everything else the file shows is read from the modules that own it (orders, reviews, posts...).
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** One label a brand's team put on a customer (per brand: another brand never sees it). */
export const inboxCustomerLabels = pgTable(
  'inbox_customer_labels',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    createdById: uuid('created_by_id').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.accountId, t.label] })],
);

/**
 * A private note of a brand's team about a customer: never shown to the customer nor to another
 * brand. Only its author edits or deletes it (`author_id` null once the author's account is gone).
 */
export const inboxCustomerNotes = pgTable(
  'inbox_customer_notes',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at'),
  },
  (t) => [index('inbox_customer_notes_customer_idx').on(t.brandId, t.accountId, t.id)],
);
