/**
 * The brand's audience at the end of each bucket: the dashboard's only figure not read from
 * analytics_counts. Until the engagement ladder (ladder/, `ladderSeries`) is merged, the audience is
 * the brand's followers, counted from the follows table; the lead points `audienceSeries` at
 * ladder's export (followers plus anyone who interacted in the period) when both branches meet.
 * Followers who left are not in the table, so past values are today's followers who had
 * already followed then (a slight under-count of the past, never of today).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { parisInstantOf } from '../../../lib/paris';
import { shiftDay, type DayRange } from './days';

/** The audience on the last day of each bucket, in the buckets' order. */
export async function audienceSeries(db: DbOrTx, brandId: string, buckets: DayRange[]): Promise<number[]> {
  if (buckets.length === 0) return [];
  const first = buckets.map((b) => b.to).sort()[0]!;
  // Follows after the end of the earliest bucket, by Paris day: today's count minus those after a day's end.
  const since = new Date(parisInstantOf(Date.parse(`${shiftDay(first, 1)}T00:00:00Z`)));
  const rows = await queryRows<{ day: string | null; n: number | string }>(
    db,
    sql`select null as day, count(*) as n from follows where followee_id = ${brandId}
        union all
        select to_char((created_at at time zone 'Europe/Paris')::date, 'YYYY-MM-DD'), count(*)
        from follows where followee_id = ${brandId} and created_at >= ${since.toISOString()}::timestamptz
        group by 1`,
  );
  const total = Number(rows.find((r) => r.day === null)?.n ?? 0);
  const later = rows.filter((r) => r.day !== null).map((r) => ({ day: r.day!, n: Number(r.n) }));
  return buckets.map((b) => total - later.reduce((sum, r) => (r.day > b.to ? sum + r.n : sum), 0));
}
