/**
 * The dashboard's figures change only when a match arrives or leaves, or a UTC day passes; a
 * brand's team reloads its dashboard far more often than that. The figures are kept per watch,
 * window and state of its matches (how many, when the latest was matched): one indexed read says whether they
 * still hold, instead of the series, voices and words queries (the words scan up to 3,000 texts).
 * The dashboard page and GET …/watches/:id/stats both read through it.
 * Per process and bounded: another node computes its own, at worst once per change.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { watchStats, type WatchStats } from './stats';

const MAX_ENTRIES = 500;
const cache = new Map<string, { key: string; stats: WatchStats }>();

export async function dashboardStats(db: Db, watchId: string, days: number, now = new Date()): Promise<WatchStats> {
  const [state] = await queryRows<{ n: number; last: string | null }>(
    db,
    sql`select count(*)::int as n, max(matched_at)::text as last from watch_matches where watch_id = ${watchId}`,
  );
  const key = `${now.toISOString().slice(0, 10)}|${state?.n ?? 0}|${state?.last ?? ''}`;
  const slot = `${watchId}|${days}`;
  const hit = cache.get(slot);
  if (hit && hit.key === key) return hit.stats;
  const stats = await watchStats(db, watchId, days, now);
  cache.delete(slot);
  cache.set(slot, { key, stats });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return stats;
}
