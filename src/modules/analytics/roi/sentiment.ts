/**
 * Sentiment into the rollup: the brand metrics `sentiment_sum` (scores ×1000, rounded) and
 * `sentiment_count` per Paris day, from listening's recorded matches (watch_matches, written by
 * listening/watches/matcher.ts with each item's sentiment score, −1..1).
 *
 * The job `analytics.sentiment` runs every 30 s. It finds the (brand, day) pairs that received
 * matches since its watermark (recording time, kept in `settings`, read back with 5 minutes of
 * overlap so a matcher transaction that committed late is not missed), and RECOUNTS those days
 * from watch_matches, setting the two counters rather than adding to them: running it twice, or
 * over the same matches again, changes nothing. An item matched by several watches of the same
 * brand counts once; the day is the item's (when it was said), not the match's. The first run has
 * no watermark and recounts every day listening ever recorded (that is the backfill).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { keepScheduled } from '../../../jobs/queue';

const JOB = 'analytics.sentiment';
const CURSOR_KEY = 'analytics.sentiment_matched_at';
export const SENTIMENT_SCAN_MS = 30_000;

/** Recounts the days touched since the last run; answers how many (brand, day) pairs were written. */
export async function collectSentiment(db: Db): Promise<number> {
  const [cursor] = await queryRows<{ value: string }>(db, sql`select value from settings where key = ${CURSOR_KEY}`);
  const since = cursor ? sql`${cursor.value}::timestamptz - interval '5 minutes'` : sql`'-infinity'::timestamptz`;
  const [last] = await queryRows<{ at: string | null }>(
    db,
    sql`select to_char(max(matched_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
        from watch_matches where matched_at > ${since}`,
  );
  if (!last?.at) return 0;
  const written = await queryRows<{ n: number }>(
    db,
    sql`with touched as (
          select distinct w.brand_id, (m.item_created_at at time zone 'Europe/Paris')::date as day
          from watch_matches m join watches w on w.id = m.watch_id
          where m.matched_at > ${since}
        ), items as (
          select t.brand_id, t.day, m.item_id, max(m.sentiment_score) as score
          from touched t
          join watches w on w.brand_id = t.brand_id
          join watch_matches m on m.watch_id = w.id
            and m.item_created_at >= (t.day::timestamp at time zone 'Europe/Paris')
            and m.item_created_at < ((t.day + 1)::timestamp at time zone 'Europe/Paris')
          group by t.brand_id, t.day, m.item_id
        ), sums as (
          select brand_id, day, sum(round(score * 1000))::bigint as s, count(*)::bigint as n
          from items group by brand_id, day
        ), written as (
          insert into analytics_counts (subject_kind, subject_id, metric, day, value)
          select 'brand', brand_id, 'sentiment_sum', day, s from sums
          union all
          select 'brand', brand_id, 'sentiment_count', day, n from sums
          on conflict (subject_kind, subject_id, metric, day) do update set value = excluded.value
          returning 1
        )
        select count(*)::int as n from written`,
  );
  await queryRows(
    db,
    sql`insert into settings (key, value) values (${CURSOR_KEY}, ${last.at})
        on conflict (key) do update set value = excluded.value`,
  );
  return Number(written[0]?.n ?? 0) / 2;
}

export async function scheduleSentimentScan(
  db: Db,
  counting: 'any' | 'future' = 'any',
  at = new Date(Date.now() + SENTIMENT_SCAN_MS),
): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = ${JOB} and done_at < now() - interval '10 minutes'`);
  await keepScheduled(db, JOB, at, counting);
}

/** Job `analytics.sentiment`: collect, then the next run. */
export async function runSentimentScan(ctx: { db: Db }): Promise<void> {
  await collectSentiment(ctx.db);
  await scheduleSentimentScan(ctx.db, 'future');
}
