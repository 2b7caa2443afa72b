// A person's data archives (GDPR art. 15 and 20): asked for, built by a job, downloaded, forgotten.
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../../accounts/schema';

export const exportStatuses = ['pending', 'ready'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/**
 * One archive asked for by a person. The row stays while the archive may be downloaded (7 days
 * after it is ready) and is then deleted with its file; since it is ready after it is asked for,
 * the row is always there for the "one archive per 7 days" rule. The link's token is never
 * stored: only its SHA-256, to find the row from a link.
 */
export const accountExports = pgTable(
  'account_exports',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status').$type<ExportStatus>().notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The archive's key in the media store (an unguessable name, never served by /media/). */
    mediaKey: text('media_key'),
    sizeBytes: integer('size_bytes'),
    /** SHA-256 (hex) of the download link's token. */
    tokenHash: text('token_hash').unique(),
  },
  (t) => [
    index('account_exports_account_idx').on(t.accountId, t.requestedAt),
    index('account_exports_expiry_idx').on(t.expiresAt),
  ],
);

export type AccountExport = typeof accountExports.$inferSelect;
