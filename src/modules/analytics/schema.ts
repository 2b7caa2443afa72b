// Analytics' shared rollup: one counter per subject, metric and Paris day. Every part of analytics
// (funnels, the engagement ladder, Return on Involvement) writes and reads its figures here, so a
// dashboard is a range read of a few hundred rows, never a scan of what happened.
// The metric names and who writes each are in metrics.ts. SQL in src/db/migrations (drizzle-kit).
import { bigint, date, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

export const analyticsCounts = pgTable(
  'analytics_counts',
  {
    /** What is counted: 'brand', 'status', 'popup', 'campaign', 'link' (an ambassador's), 'ambassador'. */
    subjectKind: text('subject_kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    metric: text('metric').notNull(),
    /** The Paris calendar day (YYYY-MM-DD). */
    day: date('day', { mode: 'string' }).notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subjectKind, t.subjectId, t.metric, t.day] }),
    index('analytics_counts_day_idx').on(t.day),
  ],
);
