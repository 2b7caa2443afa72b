/**
 * The brand's audience at the end of each bucket: the dashboard's only figure not read from
 * analytics_counts. It is the engagement ladder's audience (followers plus anyone who interacted
 * in the 30 days before), from the ladder's daily snapshot of that day or the latest of the week
 * before it. Days before the ladder's first snapshot fall back to the brand's followers, counted
 * (the account's followers count less the follows made after that day): past values miss those
 * who followed then and left since (a slight under-count of the past, never of today).
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../../db/client';
import { parisInstantOf } from '../../../lib/paris';
import { shiftDay, type DayRange } from './days';

/** The audience on the last day of each bucket, in the buckets' order. */
export async function audienceSeries(db: DbOrTx, brandId: string, buckets: DayRange[]): Promise<number[]> {
  if (buckets.length === 0) return [];
  const snapshots = await ladderAudiences(db, brandId, buckets);
  const missing = buckets.filter((b) => !snapshots.has(b.to));
  const followers = missing.length ? await followerSeries(db, brandId, missing) : [];
  const fallback = new Map(missing.map((b, i) => [b.to, followers[i]]));
  return buckets.map((b) => snapshots.get(b.to) ?? fallback.get(b.to) ?? 0);
}

/** The ladder's 30-day audience on each bucket's last day (or the latest snapshot of the week before). */
async function ladderAudiences(db: DbOrTx, brandId: string, buckets: DayRange[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ day: string; audience: number | string }>(
    db,
    sql`select distinct on (d.day) to_char(d.day, 'YYYY-MM-DD') as day, l.audience
        from unnest(${arrayLiteral(buckets.map((b) => b.to))}::date[]) as d(day)
        join analytics_ladder_daily l
          on l.brand_id = ${brandId} and l.period_days = 30 and l.day <= d.day and l.day > d.day - 7
        order by d.day, l.day desc`,
  );
  return new Map(rows.map((r) => [r.day, Number(r.audience)]));
}

async function followerSeries(db: DbOrTx, brandId: string, buckets: DayRange[]): Promise<number[]> {
  const first = buckets.map((b) => b.to).sort()[0]!;
  // Follows after the end of the earliest bucket, by Paris day: today's count minus those after a day's end.
  const since = new Date(parisInstantOf(Date.parse(`${shiftDay(first, 1)}T00:00:00Z`)));
  const rows = await queryRows<{ day: string | null; n: number | string }>(
    db,
    sql`select null as day, followers_count as n from accounts where id = ${brandId}
        union all
        select to_char((created_at at time zone 'Europe/Paris')::date, 'YYYY-MM-DD'), count(*)
        from follows where followee_id = ${brandId} and created_at >= ${since.toISOString()}::timestamptz
        group by 1`,
  );
  const total = Number(rows.find((r) => r.day === null)?.n ?? 0);
  const later = rows.filter((r) => r.day !== null).map((r) => ({ day: r.day!, n: Number(r.n) }));
  return buckets.map((b) => total - later.reduce((sum, r) => (r.day > b.to ? sum + r.n : sum), 0));
}
