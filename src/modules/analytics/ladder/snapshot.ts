/**
 * The ladder read from the people's rollup: the rung of every person for a period (rules.ts,
 * `rungOf`, in SQL), the daily snapshots of the standard periods the collector refreshes for the
 * brands that changed, and the reads the dashboard makes (ladderCounts, ladderSeries).
 * A period of N days is the N Paris days ending today (today included).
 */
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import { unprocessable } from '../../../lib/errors';
import { parisDay, parisInstantOf } from '../../../lib/paris';
import { MAX_PERIOD_DAYS, MIN_PERIOD_DAYS, rungs, standardPeriods, type Rung } from './rules';

export type LadderCounts = { audience: number; rungs: Record<Rung, number> };

/** The first instant of a period of `days` Paris days ending on the day of `now`. */
export function periodStart(now: Date, days: number): Date {
  const [y, m, d] = parisDay(now).split('-').map(Number) as [number, number, number];
  return new Date(parisInstantOf(Date.UTC(y, m - 1, d - (days - 1))));
}

/** 7..365 whole days, else 422 invalid_period. Accepts 30, '30' or '30d'. */
export function parsePeriod(value: unknown, fallback = 30): number {
  if (value === undefined || value === null || value === '') return fallback;
  const match = /^(\d{1,3})d?$/.exec(String(value));
  const days = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(days) || days < MIN_PERIOD_DAYS || days > MAX_PERIOD_DAYS)
    throw unprocessable('invalid_period', `period must be from ${MIN_PERIOD_DAYS}d to ${MAX_PERIOD_DAYS}d`, {
      field: 'period',
    });
  return days;
}

/** The person's rung number (1 creators .. 7 inactives, null: not in the audience), rules.ts's order. */
export function rungSql(start: Date): SQL {
  const s = sql`${start.toISOString()}::timestamptz`;
  return sql`case when p.creator_at >= ${s} then 1 when p.conv_prev_at >= ${s} then 2
    when p.critic_at >= ${s} or p.conv_last_at >= ${s} then 3 when p.collector_at >= ${s} then 4
    when p.joiner_at >= ${s} then 5 when p.spectator_at >= ${s} then 6
    when f.follower_id is not null then 7 end`;
}

/**
 * The brand's people (rollup) and followers (follows, so an unfollow counts at once), side by
 * side. The brand's own team is not its audience (the collector leaves their acts out too).
 */
export function audienceFrom(brandId: string): SQL {
  return sql`(select * from analytics_ladder_people where brand_id = ${brandId}) p
    full join (select follower_id from follows where followee_id = ${brandId} and follower_id <> ${brandId}
                 and follower_id not in (select account_id from brand_members where brand_id = ${brandId})) f
      on f.follower_id = p.account_id`;
}

const emptyCounts = (): LadderCounts => ({
  audience: 0,
  rungs: Object.fromEntries(rungs.map((r) => [r, 0])) as Record<Rung, number>,
});

/** The counts of several periods at once, from the rollup, in one pass over the brand's audience. */
export async function countsFromRollup(
  db: DbOrTx,
  brandId: string,
  now: Date,
  periods: readonly number[],
): Promise<Map<number, LadderCounts>> {
  const values = sql.join(
    periods.map((days) => sql`(${days}::int, ${rungSql(periodStart(now, days))})`),
    sql`, `,
  );
  const rows = await queryRows<{ period: number; rung: number; n: string | number }>(
    db,
    sql`select v.period, v.rung, count(*) as n from ${audienceFrom(brandId)}
        cross join lateral (values ${values}) as v(period, rung)
        where v.rung is not null group by v.period, v.rung`,
  );
  const out = new Map(periods.map((d) => [d, emptyCounts()]));
  for (const r of rows) {
    const counts = out.get(Number(r.period));
    const rung = rungs[Number(r.rung) - 1];
    if (!counts || !rung) continue;
    counts.rungs[rung] += Number(r.n);
    counts.audience += Number(r.n);
  }
  return out;
}

/** Writes today's snapshot of every standard period for one brand. */
export async function refreshBrand(db: Db, brandId: string, now: Date): Promise<void> {
  const day = parisDay(now);
  await db.transaction(async (tx) => {
    const counts = await countsFromRollup(tx, brandId, now, standardPeriods);
    const records = [...counts].map(([period, c]) => ({ period, audience: c.audience, ...c.rungs }));
    await queryRows(
      tx,
      sql`insert into analytics_ladder_daily (brand_id, day, period_days, audience, creators, conversationalists,
            critics, collectors, joiners, spectators, inactives, followers, refreshed_at)
          select ${brandId}::uuid, ${day}::date, r.period, r.audience, r.creators, r.conversationalists, r.critics,
                 r.collectors, r.joiners, r.spectators, r.inactives,
                 (select followers_count from accounts where id = ${brandId}), ${now.toISOString()}::timestamptz
          from json_to_recordset(${JSON.stringify(records)}::json) as r(period int, audience int, creators int,
            conversationalists int, critics int, collectors int, joiners int, spectators int, inactives int)
          on conflict (brand_id, period_days, day) do update set audience = excluded.audience,
            creators = excluded.creators, conversationalists = excluded.conversationalists,
            critics = excluded.critics, collectors = excluded.collectors, joiners = excluded.joiners,
            spectators = excluded.spectators, inactives = excluded.inactives, followers = excluded.followers,
            refreshed_at = excluded.refreshed_at`,
    );
  });
}

/**
 * Refreshes the snapshots that are out of date: brands with new interactions or spectators (the
 * dirty list), brands whose followers count moved since (an unfollow), and brands whose last
 * snapshot is from an earlier day (their rungs age with the days). At most `limit` brands a run.
 */
export async function refreshDirtyBrands(ctx: { db: Db; clock: Clock }, limit = 50): Promise<number> {
  const now = ctx.clock.now();
  const today = parisDay(now);
  const main = standardPeriods[1];
  const brands = await queryRows<{ brand_id: string; since: Date | string | null }>(
    ctx.db,
    sql`(select brand_id, since from analytics_ladder_dirty order by since limit ${limit})
        union
        (select d.brand_id, null from analytics_ladder_daily d join accounts a on a.id = d.brand_id
          where d.period_days = ${main} and d.day = ${today}::date and a.followers_count <> d.followers limit ${limit})
        union
        (select brand_id, null from analytics_ladder_daily where period_days = ${main}
          group by brand_id having max(day) < ${today}::date limit ${limit})`,
  );
  const done = new Set<string>();
  for (const b of brands) {
    if (done.has(b.brand_id)) continue;
    done.add(b.brand_id);
    await refreshBrand(ctx.db, b.brand_id, now);
    // Only the mark read: one set while refreshing stays for the next run.
    if (b.since !== null)
      await queryRows(
        ctx.db,
        sql`delete from analytics_ladder_dirty
            where brand_id = ${b.brand_id} and since <= ${new Date(b.since).toISOString()}::timestamptz`,
      );
  }
  return done.size;
}

/**
 * The ladder of a brand for a period ending on the day of `now`: today's snapshot for a standard
 * period when there is one, else computed from the rollup (one pass over the brand's audience).
 */
export async function ladderCounts(
  db: DbOrTx,
  brandId: string,
  options: { periodDays: number; now: Date },
): Promise<LadderCounts> {
  const days = parsePeriod(options.periodDays);
  if ((standardPeriods as readonly number[]).includes(days)) {
    const [row] = await queryRows<Record<Rung | 'audience', number | string>>(
      db,
      sql`select audience, creators, conversationalists, critics, collectors, joiners, spectators, inactives
          from analytics_ladder_daily
          where brand_id = ${brandId} and period_days = ${days} and day = ${parisDay(options.now)}::date`,
    );
    if (row)
      return {
        audience: Number(row.audience),
        rungs: Object.fromEntries(rungs.map((r) => [r, Number(row[r])])) as Record<Rung, number>,
      };
  }
  const counts = await countsFromRollup(db, brandId, options.now, [days]);
  return counts.get(days) ?? emptyCounts();
}

export type LadderPoint = LadderCounts & { day: string };

/**
 * Rung counts over time (the chart, Return on Involvement's audience): for each day, week (from
 * Monday) or month between `from` and `to`, the snapshot of its last day that has one, for a
 * period of `periodDays` (30 unless said; a standard period). Buckets without a snapshot are left out.
 */
export async function ladderSeries(
  db: DbOrTx,
  brandId: string,
  options: { from: Date; to: Date; interval: 'day' | 'week' | 'month'; periodDays?: number },
): Promise<LadderPoint[]> {
  const period = options.periodDays ?? 30;
  const rows = await queryRows<Record<Rung | 'audience', number | string> & { day: string }>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, audience, creators, conversationalists, critics, collectors,
               joiners, spectators, inactives
        from analytics_ladder_daily
        where brand_id = ${brandId} and period_days = ${period}
          and day between ${parisDay(options.from)}::date and ${parisDay(options.to)}::date
        order by day`,
  );
  const buckets = new Map<string, LadderPoint>();
  for (const row of rows) {
    // Later days overwrite earlier ones: a bucket shows its last snapshot.
    buckets.set(bucketOf(row.day, options.interval), {
      day: bucketOf(row.day, options.interval),
      audience: Number(row.audience),
      rungs: Object.fromEntries(rungs.map((r) => [r, Number(row[r])])) as Record<Rung, number>,
    });
  }
  return [...buckets.values()];
}

/** The first day of the bucket a Paris day falls in. */
export function bucketOf(day: string, interval: 'day' | 'week' | 'month'): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
