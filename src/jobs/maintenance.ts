import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client';

/** How long finished jobs and idempotency keys are kept (Stripe keeps keys for 24 hours). */
export const RETENTION = { finishedJobsDays: 7, idempotencyKeysHours: 24, rateLimitHours: 24 };

/**
 * Housekeeping every `everyMs`, on every app node (the deletes are idempotent):
 * - bookkeeping rows that only grow: finished jobs, old idempotency keys, stale rate-limit windows;
 * - PGlite has no autovacuum: without a vacuum, index-only scans of the timeline's covering index
 *   fall back to the heap. Vacuum the busiest tables now and then (a PostgreSQL server does this itself).
 */
export function startMaintenance(database: Database, everyMs = 30 * 60_000) {
  const run = async () => {
    await purgeBookkeeping(database).catch(() => {});
    if (database.kind === 'pglite')
      await database.db
        .execute(sql`vacuum (analyze) statuses, follows, notifications, favourites, jobs`)
        .catch(() => {});
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

/** Deletes what nobody reads any more; returns how many rows of each went. */
export async function purgeBookkeeping(
  database: Pick<Database, 'db'>,
  now = new Date(),
): Promise<{ jobs: number; idempotencyKeys: number; rateLimits: number }> {
  const before = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
  const jobs = await queryRows(
    database.db,
    sql`delete from jobs where done_at is not null and done_at < ${before(RETENTION.finishedJobsDays * 24)}::timestamptz returning 1`,
  );
  const keys = await queryRows(
    database.db,
    sql`delete from idempotency_keys where created_at < ${before(RETENTION.idempotencyKeysHours)}::timestamptz returning 1`,
  );
  const limits = await queryRows(
    database.db,
    sql`delete from rate_limits where window_start < ${before(RETENTION.rateLimitHours)}::timestamptz returning 1`,
  );
  return { jobs: jobs.length, idempotencyKeys: keys.length, rateLimits: limits.length };
}
