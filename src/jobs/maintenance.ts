import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';

/**
 * PGlite has no autovacuum: without a vacuum, index-only scans of the timeline's covering index
 * fall back to the heap. Vacuum the busiest tables now and then (a PostgreSQL server does this
 * itself).
 */
export function startMaintenance(database: Database, everyMs = 30 * 60_000) {
  if (database.kind !== 'pglite') return { stop() {} };
  const run = () => database.db.execute(sql`vacuum (analyze) statuses, follows, notifications, favourites`).catch(() => {});
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
