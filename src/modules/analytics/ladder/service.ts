/**
 * The ladder's doors for routes and other parts: who may read it (the brand's team with
 * analytics.read; anyone else is told the brand does not exist), the people on a rung (public
 * profiles only), and spectators marked by the reach counting.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound } from '../../../lib/errors';
import { can } from '../../accounts';
import { markDirty } from './collector';
import { rungs, type Rung } from './rules';
import { audienceFrom, ladderCounts, parsePeriod, periodStart, rungSql, type LadderCounts } from './snapshot';

/** 404 unless the viewer may read the brand's analytics (owner, admin, community manager). */
export async function assertAnalyticsReader(db: Db, viewerId: string | null, brandId: string): Promise<void> {
  if (!viewerId || !isUuid(brandId) || !(await can({ db }, viewerId, brandId.toLowerCase(), 'analytics.read')))
    throw notFound('Brand');
}

/** The API's read: the ladder of `period` ('30d') for the brand's team. */
export async function readLadder(
  ctx: { db: Db; reads?: Db; clock: { now(): Date } },
  viewerId: string | null,
  brandId: string,
  period: unknown,
): Promise<LadderCounts & { periodDays: number }> {
  await assertAnalyticsReader(ctx.db, viewerId, brandId);
  const periodDays = parsePeriod(period);
  // Who may read is asked of the primary; the figures may be a few seconds old (the read replica).
  const counts = await ladderCounts(ctx.reads ?? ctx.db, brandId.toLowerCase(), { periodDays, now: ctx.clock.now() });
  return { ...counts, periodDays };
}

export type RungPerson = { id: string; username: string; displayName: string; avatarPath: string | null };

/**
 * The people on one rung, by account id, `limit` at a time after `after`. Only people whose
 * profile is public: discoverable (they agreed to be featured), not locked (their follows are not
 * approved one by one) and not suspended. The counts include everyone; the list names only them.
 */
export async function peopleOnRung(
  db: DbOrTx,
  brandId: string,
  options: { periodDays: number; now: Date; rung: Rung; after?: string; limit?: number },
): Promise<{ people: RungPerson[]; next: string | null }> {
  const limit = options.limit ?? 30;
  const rank = rungs.indexOf(options.rung) + 1;
  const after = options.after && isUuid(options.after) ? options.after.toLowerCase() : null;
  const rows = await queryRows<{ id: string; username: string; display_name: string; avatar_path: string | null }>(
    db,
    sql`select a.id, a.username, a.display_name, a.avatar_path
        from (select coalesce(p.account_id, f.follower_id) as account_id,
                     ${rungSql(periodStart(options.now, options.periodDays))} as rung
              from ${audienceFrom(brandId)}) x
        join accounts a on a.id = x.account_id
        where x.rung = ${rank} and a.discoverable and not a.locked and a.suspended_at is null
          ${after ? sql`and a.id > ${after}::uuid` : sql``}
        order by a.id limit ${limit + 1}`,
  );
  const people = rows.slice(0, limit).map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    avatarPath: r.avatar_path,
  }));
  return { people, next: rows.length > limit ? (people.at(-1)?.id ?? null) : null };
}

/**
 * Which of these accounts are the brand's creators (the ladder's top rung) over the period ending
 * on the day of `now` (30 days unless said): for the funnel's `creators_reach`, the reach of
 * posts by the brand's creators. Read from the rollup: one index range.
 */
export async function creatorsAmong(
  db: DbOrTx,
  brandId: string,
  accountIds: string[],
  options: { now: Date; periodDays?: number },
): Promise<Set<string>> {
  const ids = [...new Set(accountIds.filter(isUuid))];
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`select account_id from analytics_ladder_people
        where brand_id = ${brandId} and account_id = any(${`{${ids.join(',')}}`}::uuid[])
          and creator_at >= ${periodStart(options.now, options.periodDays ?? 30).toISOString()}::timestamptz`,
  );
  return new Set(rows.map((r) => r.account_id));
}

/**
 * Called by the reach counting (funnel) when signed-in people saw the brand's posts or products
 * or followed one of its ambassadors' links: their `spectator` date for the brand moves to `at`.
 * The one trace of views the ladder keeps: a date per person and brand, never what was seen.
 */
export async function markSpectators(db: DbOrTx, brandId: string, accountIds: string[], at: Date): Promise<void> {
  const ids = [...new Set(accountIds.filter((id) => isUuid(id) && id !== brandId))].sort();
  if (ids.length === 0) return;
  await queryRows(
    db,
    sql`insert into analytics_ladder_people as p (brand_id, account_id, spectator_at)
        select ${brandId}::uuid, a, ${at.toISOString()}::timestamptz from unnest(${`{${ids.join(',')}}`}::uuid[]) as a
        where a not in (select account_id from brand_members where brand_id = ${brandId})
        on conflict (brand_id, account_id)
        do update set spectator_at = greatest(p.spectator_at, excluded.spectator_at)`,
  );
  await markDirty(db, [brandId], at);
}
