// The daily forgetting of who was reached: an hourly recurring job (cheap: it deletes at most
// yesterday's rows), so a day's salt and rows are gone within an hour after Paris midnight.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import { keepScheduled } from '../../../jobs/queue';
import { purgeReach } from './reach';

const JOB = 'analytics.reach_purge';
export const REACH_PURGE_MS = 60 * 60_000;

export async function scheduleReachPurge(db: Db, counting: 'any' | 'future' = 'any', at?: Date): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = ${JOB} and done_at < now() - interval '1 day'`);
  await keepScheduled(db, JOB, at ?? new Date(Date.now() + REACH_PURGE_MS), counting);
}

export async function runReachPurge(ctx: { db: Db; clock: Clock }): Promise<void> {
  await purgeReach(ctx.db, ctx.clock.now());
  await scheduleReachPurge(ctx.db, 'future');
}
