import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';

/**
 * The queue's backlog by kind, for the metrics at scrape time: jobs due and not done (waiting or
 * running) and how long the oldest has been due. It walks only due, unfinished rows through the
 * partial index jobs_due_idx (run_at, where done_at is null), so it stays cheap however many
 * finished jobs are kept. Jobs out of attempts never run again and are left out.
 */
export async function jobBacklog(db: DbOrTx): Promise<{ kind: string; due: number; lagSeconds: number }[]> {
  const rows = await queryRows<{ kind: string; due: number; lag: number | string }>(
    db,
    sql`select kind, count(*)::int as due, extract(epoch from now() - min(run_at))::float8 as lag
        from jobs where done_at is null and run_at <= now() and attempts < max_attempts
        group by kind`,
  );
  return rows.map((r) => ({ kind: r.kind, due: Number(r.due), lagSeconds: Number(r.lag) }));
}
