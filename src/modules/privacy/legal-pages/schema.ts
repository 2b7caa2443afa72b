// The platform's legal pages as the operator adapted them (until then, the shipped templates show).
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

export const legalPageKinds = ['notice', 'privacy', 'terms'] as const;
export type LegalPageKind = (typeof legalPageKinds)[number];

export const platformLegalPages = pgTable(
  'platform_legal_pages',
  {
    page: text('page').$type<LegalPageKind>().notNull(),
    locale: text('locale').notNull(),
    body: text('body').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => accounts.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.page, t.locale] })],
);
