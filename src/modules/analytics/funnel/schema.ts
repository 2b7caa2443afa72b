// The funnel's only own tables: the day's de-duplication of viewers (reach). Everything counted
// lives in the shared rollup analytics_counts. SQL in src/db/migrations (drizzle-kit).
import { date, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * One random salt per Paris day, made at the day's first view and deleted with the day (purge
 * job): a viewer's hash is sha256(salt, viewer), so once the salt is gone nobody can tell whose
 * hash a row held, even with every account id in hand.
 */
export const funnelReachSalts = pgTable('funnel_reach_salts', {
  day: date('day', { mode: 'string' }).primaryKey(),
  salt: text('salt').notNull(),
});

/**
 * Who was already counted as reached today, by subject ('status', 'popup', or 'brand' for the
 * brand's reach over all its subjects), as the day-salted hash of the viewer (hex). Only the
 * current day (and yesterday until the purge runs) is ever kept.
 */
export const funnelReachSeen = pgTable(
  'funnel_reach_seen',
  {
    day: date('day', { mode: 'string' }).notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    viewer: text('viewer').notNull(),
  },
  // The key starts with the day: the purge deletes a range of it.
  (t) => [primaryKey({ columns: [t.day, t.subjectKind, t.subjectId, t.viewer] })],
);
