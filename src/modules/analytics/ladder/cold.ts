/**
 * The ladder computed from the interactions log alone, without the rollup: what the bench compares
 * with the snapshots, how past days are rebuilt (backfillLadder: a brand's history before its
 * first snapshot, the demo's 90 days), and how the rollup itself can be rebuilt (rebuildPeople).
 * Spectators come from the rollup in every case: views are kept nowhere else.
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type Db, type DbOrTx } from '../../../db/client';
import { parisDay, parisInstantOf } from '../../../lib/paris';
import { kindsOf, rungs, standardPeriods, type Rung } from './rules';
import { periodStart, type LadderCounts } from './snapshot';

const kinds = (target: Rung | 'conversation'): SQL => sql`${arrayLiteral(kindsOf(target))}::text[]`;

/** The end of the Paris day of `now` (exclusive): the period's upper bound. */
function dayEnd(now: Date): Date {
  const [y, m, d] = parisDay(now).split('-').map(Number) as [number, number, number];
  return new Date(parisInstantOf(Date.UTC(y, m - 1, d + 1)));
}

/** The ladder of a period of `periodDays` ending on the day of `now`, from the log. */
export async function coldLadder(
  db: DbOrTx,
  brandId: string,
  options: { periodDays: number; now: Date },
): Promise<LadderCounts> {
  const start = periodStart(options.now, options.periodDays).toISOString();
  const end = dayEnd(options.now).toISOString();
  const rows = await queryRows<{ rung: number; n: string | number }>(
    db,
    sql`with acts as (
          select account_id,
                 count(*) filter (where kind = any(${kinds('creators')})) as cr,
                 count(*) filter (where kind = any(${kinds('conversation')})) as cv,
                 count(*) filter (where kind = any(${kinds('critics')})) as ct,
                 count(*) filter (where kind = any(${kinds('collectors')})) as co,
                 count(*) filter (where kind = any(${kinds('joiners')})) as jo
          from analytics_interactions
          where brand_id = ${brandId} and at >= ${start}::timestamptz and at < ${end}::timestamptz
          group by account_id),
        seen as (
          select account_id from analytics_ladder_people
          where brand_id = ${brandId} and spectator_at >= ${start}::timestamptz and spectator_at < ${end}::timestamptz),
        fans as (
          select follower_id from follows
          where followee_id = ${brandId} and follower_id <> ${brandId} and created_at < ${end}::timestamptz
            and follower_id not in (select account_id from brand_members where brand_id = ${brandId})),
        people as (
          select case when a.cr > 0 then 1 when a.cv >= 2 then 2 when a.ct > 0 or a.cv = 1 then 3
                      when a.co > 0 then 4 when a.jo > 0 then 5 when s.account_id is not null then 6
                      when f.follower_id is not null then 7 end as rung
          from acts a full join seen s on s.account_id = a.account_id
            full join fans f on f.follower_id = coalesce(a.account_id, s.account_id))
        select rung, count(*) as n from people where rung is not null group by rung`,
  );
  const out: LadderCounts = {
    audience: 0,
    rungs: Object.fromEntries(rungs.map((r) => [r, 0])) as Record<Rung, number>,
  };
  for (const r of rows) {
    const rung = rungs[Number(r.rung) - 1];
    if (!rung) continue;
    out.rungs[rung] += Number(r.n);
    out.audience += Number(r.n);
  }
  return out;
}

/**
 * Writes the snapshots of the `days` days before the day of `now` (today's is the collector's),
 * computed from the log. Days that already have one are rewritten.
 */
export async function backfillLadder(db: Db, brandId: string, options: { days: number; now: Date }): Promise<void> {
  const [followers] = await queryRows<{ n: number }>(
    db,
    sql`select followers_count as n from accounts where id = ${brandId}`,
  );
  const [y, m, d] = parisDay(options.now).split('-').map(Number) as [number, number, number];
  for (let back = options.days; back >= 1; back--) {
    // Noon, Paris time: well inside the day whatever the season.
    const at = new Date(parisInstantOf(Date.UTC(y, m - 1, d - back, 12)));
    const records = [];
    for (const period of standardPeriods) {
      const c = await coldLadder(db, brandId, { periodDays: period, now: at });
      records.push({ period, audience: c.audience, ...c.rungs });
    }
    await queryRows(
      db,
      sql`insert into analytics_ladder_daily (brand_id, day, period_days, audience, creators, conversationalists,
            critics, collectors, joiners, spectators, inactives, followers, refreshed_at)
          select ${brandId}::uuid, ${parisDay(at)}::date, r.period, r.audience, r.creators, r.conversationalists,
                 r.critics, r.collectors, r.joiners, r.spectators, r.inactives, ${followers?.n ?? 0}::int,
                 ${options.now.toISOString()}::timestamptz
          from json_to_recordset(${JSON.stringify(records)}::json) as r(period int, audience int, creators int,
            conversationalists int, critics int, collectors int, joiners int, spectators int, inactives int)
          on conflict (brand_id, period_days, day) do update set audience = excluded.audience,
            creators = excluded.creators, conversationalists = excluded.conversationalists,
            critics = excluded.critics, collectors = excluded.collectors, joiners = excluded.joiners,
            spectators = excluded.spectators, inactives = excluded.inactives`,
    );
  }
}

/** Rebuilds a brand's rollup from its log (spectator dates are kept: the log has no views). */
export async function rebuildPeople(db: Db, brandId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`update analytics_ladder_people set creator_at = null, conv_last_at = null, conv_prev_at = null,
            critic_at = null, collector_at = null, joiner_at = null where brand_id = ${brandId}`,
    );
    await queryRows(
      tx,
      sql`insert into analytics_ladder_people as p
            (brand_id, account_id, creator_at, conv_last_at, conv_prev_at, critic_at, collector_at, joiner_at)
          select ${brandId}::uuid, account_id,
                 max(at) filter (where kind = any(${kinds('creators')})),
                 (array_agg(at order by at desc) filter (where kind = any(${kinds('conversation')})))[1],
                 (array_agg(at order by at desc) filter (where kind = any(${kinds('conversation')})))[2],
                 max(at) filter (where kind = any(${kinds('critics')})),
                 max(at) filter (where kind = any(${kinds('collectors')})),
                 max(at) filter (where kind = any(${kinds('joiners')}))
          from analytics_interactions where brand_id = ${brandId} group by account_id
          on conflict (brand_id, account_id) do update set creator_at = excluded.creator_at,
            conv_last_at = excluded.conv_last_at, conv_prev_at = excluded.conv_prev_at,
            critic_at = excluded.critic_at, collector_at = excluded.collector_at, joiner_at = excluded.joiner_at`,
    );
  });
}
