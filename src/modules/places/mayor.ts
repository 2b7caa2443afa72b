/**
 * The mayor of a place: the person with the most Europe/Paris days with a counted check-in there
 * in the last 60 days (today included); the incumbent keeps the title on a tie. Recomputed in the
 * check-in's transaction, with the place's row locked (so two check-ins at one place decide one
 * after the other), and by the `places.mayors` job when days leave the window (a mayor who stops
 * coming loses the title without anybody checking in). Becoming or losing the title notifies.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { keepScheduled } from '../../jobs/queue';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import { notify, publishNotifications } from '../social';
import { parisDay, shiftDay } from './days';

export const MAYOR_WINDOW_DAYS = 60;

export type MayorChange = {
  placeId: string;
  mayorId: string | null;
  previousId: string | null;
  changed: boolean;
  /** The notifications written (to publish after the commit). */
  notices: { id: string | null; accountId: string }[];
};

/**
 * Locks the place's row until the transaction ends; returns its brand and current mayor (null if
 * gone). FOR NO KEY UPDATE, the lock the check-in's own `update places` takes: FOR UPDATE would
 * also wait for the KEY SHARE locks that other transactions' new check-in rows hold on the place
 * (their foreign key), and two check-ins at once would deadlock on PostgreSQL.
 */
export async function lockPlace(
  tx: DbOrTx,
  placeId: string,
): Promise<{ brandId: string | null; mayorId: string | null } | null> {
  const [row] = await queryRows<{ brand_id: string | null; mayor_id: string | null }>(
    tx,
    sql`select brand_id, mayor_id from places where id = ${placeId} for no key update`,
  );
  return row ? { brandId: row.brand_id, mayorId: row.mayor_id } : null;
}

/**
 * Who should be mayor on `today`, with the place's row already locked by the caller: the most days
 * in the window; the incumbent on a tie with the best; among challengers tied, the most recent visit.
 */
export async function electMayor(
  tx: DbOrTx,
  placeId: string,
  incumbent: string | null,
  today: string,
): Promise<string | null> {
  const rows = await queryRows<{ account_id: string; days: number }>(
    tx,
    sql`select account_id, count(distinct local_day)::int as days from checkins
        where place_id = ${placeId} and counted
          and local_day > ${today}::date - ${MAYOR_WINDOW_DAYS}::int and local_day <= ${today}::date
        group by account_id order by days desc, max(created_at) desc, account_id limit 50`,
  );
  if (rows.length === 0) return null;
  const best = rows[0].days;
  if (incumbent && rows.some((r) => r.account_id === incumbent && r.days === best)) return incumbent;
  return rows[0].account_id;
}

async function sharedCheckinAt(tx: DbOrTx, placeId: string, accountId: string): Promise<boolean> {
  const [row] = await queryRows<{ shared: boolean }>(
    tx,
    sql`select exists (select 1 from checkins where place_id = ${placeId} and account_id = ${accountId}
                         and visibility = 'public') as shared`,
  );
  return row?.shared === true;
}

/**
 * Recomputes and records the mayor of a place (row locked here if the caller has not), and tells
 * the new mayor and the former one. `at` dates the change.
 */
export async function recomputeMayor(tx: DbOrTx, placeId: string, today: string, at: Date): Promise<MayorChange> {
  const place = await lockPlace(tx, placeId);
  if (!place) return { placeId, mayorId: null, previousId: null, changed: false, notices: [] };
  const mayorId = await electMayor(tx, placeId, place.mayorId, today);
  const previousId = place.mayorId;
  if (mayorId === previousId) return { placeId, mayorId, previousId, changed: false, notices: [] };
  await queryRows(
    tx,
    sql`update places set mayor_id = ${mayorId}, mayor_since = ${mayorId ? at.toISOString() : null}::timestamptz
        where id = ${placeId}`,
  );
  const notices: MayorChange['notices'] = [];
  type Detail = 'mayor_gained' | 'mayor_lost' | 'mayor_lost_quiet';
  const tell = async (accountId: string, fromAccountId: string, detail: Detail) =>
    notices.push({
      accountId,
      id: await notify(tx, { accountId, fromAccountId, type: 'place', subjectId: placeId, detail }, { toSelf: true }),
    });
  // From the place's brand when it has one; otherwise the platform's notice, "from" the person.
  if (mayorId) await tell(mayorId, place.brandId ?? mayorId, 'mayor_gained');
  // The former mayor hears who took the title, unless nobody did (the window slid) or the new
  // mayor never shared a check-in here: private check-ins count, but do not name the person.
  if (previousId) {
    const named = mayorId !== null && (await sharedCheckinAt(tx, placeId, mayorId));
    await tell(previousId, named ? mayorId : (place.brandId ?? previousId), named ? 'mayor_lost' : 'mayor_lost_quiet');
  }
  return { placeId, mayorId, previousId, changed: true, notices };
}

// The window sliding -----------------------------------------------------------------------------

const JOB = 'places.mayors';
const CURSOR_KEY = 'places.mayors_day';
export const MAYOR_SWEEP_MS = 60 * 60_000;

/**
 * Job `places.mayors` (hourly; work only when the Paris day changed): the places that had a counted
 * check-in on a day that has just left the window are recomputed, each in its own transaction with
 * its row locked. Only those places can change without a check-in (counts only fall there). The
 * last day handled is kept in `settings`, so days missed while the app was down are caught up.
 */
export async function sweepMayors(ctx: { db: Db; clock: Clock; events: Pick<EventBus, 'publish'> }): Promise<number> {
  const now = ctx.clock.now();
  const today = parisDay(now);
  const [cursor] = await queryRows<{ value: string }>(
    ctx.db,
    sql`select value from settings where key = ${CURSOR_KEY}`,
  );
  const from = cursor ? shiftDay(cursor.value, 1) : today;
  if (from > today) return 0;
  // Days that left the window between the last sweep and today: [from - 60, today - 60].
  const places = await queryRows<{ place_id: string }>(
    ctx.db,
    sql`select distinct place_id from checkins where counted
          and local_day between ${shiftDay(from, -MAYOR_WINDOW_DAYS)}::date
            and ${shiftDay(today, -MAYOR_WINDOW_DAYS)}::date`,
  );
  let changed = 0;
  for (const { place_id } of places) {
    const change = await ctx.db.transaction((tx) => recomputeMayor(tx, place_id, today, now));
    if (change.changed) changed++;
    await publishNotifications(ctx, change.notices);
  }
  await queryRows(
    ctx.db,
    sql`insert into settings (key, value) values (${CURSOR_KEY}, ${today})
      on conflict (key) do update set value = excluded.value`,
  );
  return changed;
}

export async function scheduleMayorSweep(db: Db, counting: 'any' | 'future' = 'any', at?: Date): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = ${JOB} and done_at < now() - interval '1 day'`);
  await keepScheduled(db, JOB, at ?? new Date(Date.now() + MAYOR_SWEEP_MS), counting);
}

export async function runMayorSweep(ctx: { db: Db; clock: Clock; events: Pick<EventBus, 'publish'> }): Promise<void> {
  await sweepMayors(ctx);
  await scheduleMayorSweep(ctx.db, 'future');
}
