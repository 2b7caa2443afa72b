/**
 * The recurring `sources.tick`: every few seconds, sources whose next fetch is due (and that at
 * least one brand listens to: a source nobody follows any more costs nothing) get one
 * `source.fetch` job each. Rows are taken with FOR UPDATE SKIP LOCKED and a source whose fetch is
 * still waiting or running is skipped, so several app nodes, or a tick slower than its period,
 * never queue a source twice. The fetches run in the queue's sources lane, several at once.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { queryRows } from '../../../db/client';
import { enqueueMany, keepScheduled } from '../../../jobs/queue';
import { nowOf } from '../../../lib/clock';
import type { FetchContext } from './fetch';

export const SOURCES_TICK_MS = 10_000;
/** Sources queued by one tick at most: a larger backlog is taken by the next ticks. */
const TICK_BATCH = 2000;

export async function scheduleSourcesTick(
  db: Db,
  counting: 'any' | 'future' = 'any',
  at = new Date(Date.now() + SOURCES_TICK_MS),
): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = 'sources.tick' and done_at < now() - interval '10 minutes'`);
  await keepScheduled(db, 'sources.tick', at, counting);
}

/** Queues a fetch for every due source; answers how many were queued. */
export async function queueDueSources(ctx: Pick<FetchContext, 'db' | 'clock'>): Promise<number> {
  const now = nowOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const due = await queryRows<{ id: string }>(
      tx,
      sql`select s.id from listening_sources s
          where s.next_fetch_at <= ${now.toISOString()}::timestamptz
            and exists (select 1 from brand_sources b where b.source_id = s.id)
            and not exists (select 1 from jobs j where j.kind = 'source.fetch' and j.done_at is null
                              and j.attempts < j.max_attempts and j.payload->>'sourceId' = s.id::text)
          order by s.next_fetch_at limit ${TICK_BATCH}
          for update of s skip locked`,
    );
    await enqueueMany(
      tx,
      'source.fetch',
      due.map((r) => ({ sourceId: r.id })),
    );
    return due.length;
  });
}

export async function runSourcesTick(ctx: Pick<FetchContext, 'db' | 'clock'>): Promise<void> {
  await queueDueSources(ctx);
  // Days no list shows any more ("items this week" reads seven).
  const dayBefore = new Date(nowOf(ctx).getTime() - 8 * 86_400_000).toISOString().slice(0, 10);
  await queryRows(ctx.db, sql`delete from source_item_days where day < ${dayBefore}::date`);
  await scheduleSourcesTick(ctx.db, 'future');
}
