/**
 * What a counted check-in unlocks, decided inside the check-in's transaction. The running specials
 * of the place are locked (`select … for no key update`, in id order, so two transactions never
 * wait on each other in a cycle; not FOR UPDATE, which would also wait for the KEY SHARE locks that
 * new codes' foreign keys hold) before anything is counted: under PostgreSQL's READ COMMITTED each
 * later statement sees every unlock committed by the transactions that held the lock before, so a
 * flash special for the first 5 is unlocked exactly 5 times however many check in together. On
 * PGlite (one connection) transactions run one at a time anyway.
 *
 * The kinds (docs/places.md): newbie (first counted check-in ever at the place), check_in (every
 * counted one), loyalty (every Nth counted one at the place), flash (the first N people per Paris
 * day, from starts_at's time of day), swarm (at least N people checked in at the place within the
 * window: everyone of them gets the code), friends (N people the person follows checked in there
 * within the window), mayor (the place's mayor). A person unlocks a special at most once per Paris
 * day (newbie: once ever, by its rule).
 */
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { parisMinutes } from './days';
import type { CountedCheckin } from './effects';
import { runningAt, specialFromRow, type Special } from './specials';

/** 31 signs nobody confuses when read aloud or typed from a phone: no I, L, O, 0 or 1. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A typed code as stored: upper case, spaces and dashes dropped. */
export const normalizeCode = (raw: string) => raw.toUpperCase().replace(/[\s-]/g, '');

export type Unlocked = { id: string; kind: string; title: string; code: string };

/** Records one unlock with a fresh code (a new code on the rare collision). */
async function insertUnlock(
  tx: DbOrTx,
  u: { specialId: string; accountId: string; checkinId: string | null; localDay: string; at: Date },
): Promise<string> {
  for (;;) {
    const code = newCode();
    const rows = await queryRows<{ code: string }>(
      tx,
      sql`insert into special_unlocks (id, special_id, account_id, checkin_id, code, local_day, unlocked_at)
          values (${uuidv7()}, ${u.specialId}, ${u.accountId}, ${u.checkinId}, ${code}, ${u.localDay},
            ${u.at.toISOString()}::timestamptz)
          on conflict (code) do nothing returning code`,
    );
    if (rows[0]) return rows[0].code;
  }
}

/** Distinct people with a counted check-in at the place within the window ending at `at`. */
async function peopleWithin(tx: DbOrTx, placeId: string, at: Date, minutes: number, followedBy?: string) {
  const rows = await queryRows<{ account_id: string }>(
    tx,
    sql`select distinct c.account_id from checkins c
        ${followedBy ? sql`join follows f on f.followee_id = c.account_id and f.follower_id = ${followedBy}` : sql``}
        where c.place_id = ${placeId} and c.counted
          and c.created_at > ${at.toISOString()}::timestamptz - make_interval(mins => ${minutes})
          and c.created_at <= ${at.toISOString()}::timestamptz`,
  );
  return rows.map((r) => r.account_id);
}

/**
 * Unlocks what this counted check-in earns; returns the person's own new codes (a swarm also gives
 * codes to the others there, which they find in their list).
 */
export async function unlockSpecials(tx: DbOrTx, checkin: CountedCheckin, mayorId: string | null): Promise<Unlocked[]> {
  if (!checkin.counted) return [];
  const specials = (
    await queryRows<Parameters<typeof specialFromRow>[0]>(
      tx,
      sql`select s.* from place_specials s where s.place_id = ${checkin.placeId} ${runningAt(checkin.at)}
          order by s.id for no key update`,
    )
  ).map(specialFromRow);
  if (specials.length === 0) return [];
  const [facts] = await queryRows<{ here: number; today: string[] | string | null }>(
    tx,
    sql`select (select count(*)::int from checkins where place_id = ${checkin.placeId}
      and account_id = ${checkin.accountId} and counted) as here,
               (select coalesce(array_agg(special_id::text), '{}') from special_unlocks
                 where account_id = ${checkin.accountId} and local_day = ${checkin.localDay}
                   and special_id in ${specials.map((s) => s.id)}) as today`,
  );
  const already = new Set(
    Array.isArray(facts.today) ? facts.today : (facts.today ?? '').replace(/[{}]/g, '').split(',').filter(Boolean),
  );
  const mine: Unlocked[] = [];
  const give = async (s: Special, accountId: string) => {
    const code = await insertUnlock(tx, {
      specialId: s.id,
      accountId,
      checkinId: accountId === checkin.accountId ? checkin.id : null,
      localDay: checkin.localDay,
      at: checkin.at,
    });
    if (accountId === checkin.accountId) mine.push({ id: s.id, kind: s.kind, title: s.title, code });
  };
  for (const s of specials) {
    if (already.has(s.id)) continue;
    switch (s.kind) {
      case 'newbie':
        if (facts.here === 1) await give(s, checkin.accountId);
        break;
      case 'check_in':
        await give(s, checkin.accountId);
        break;
      case 'loyalty':
        if (s.everyN && facts.here % s.everyN === 0) await give(s, checkin.accountId);
        break;
      case 'mayor':
        if (mayorId === checkin.accountId) await give(s, checkin.accountId);
        break;
      case 'flash':
        if (await flashOpen(tx, s, checkin)) await give(s, checkin.accountId);
        break;
      case 'swarm':
        await swarm(tx, s, checkin, give);
        break;
      case 'friends': {
        const friends = await peopleWithin(tx, checkin.placeId, checkin.at, s.windowMinutes ?? 60, checkin.accountId);
        if (friends.length >= (s.minPeople ?? 1)) await give(s, checkin.accountId);
        break;
      }
    }
  }
  return mine;
}

/** A flash special: after its daily start time, while fewer than N people unlocked it today. */
async function flashOpen(tx: DbOrTx, s: Special, checkin: CountedCheckin): Promise<boolean> {
  if (s.startsAt && parisMinutes(checkin.at) < parisMinutes(s.startsAt)) return false;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from special_unlocks where special_id = ${s.id} and local_day = ${checkin.localDay}`,
  );
  return row.n < (s.firstN ?? 0);
}

/** A swarm: once N people are there within the window, each of them not yet served today gets a code. */
async function swarm(
  tx: DbOrTx,
  s: Special,
  checkin: CountedCheckin,
  give: (s: Special, accountId: string) => Promise<void>,
) {
  const people = await peopleWithin(tx, checkin.placeId, checkin.at, s.windowMinutes ?? 60);
  if (people.length < (s.minPeople ?? 1)) return;
  const served = await queryRows<{ account_id: string }>(
    tx,
    sql`select account_id from special_unlocks where special_id = ${s.id} and local_day = ${checkin.localDay}`,
  );
  const done = new Set(served.map((r) => r.account_id));
  for (const accountId of [checkin.accountId, ...people.filter((p) => p !== checkin.accountId)])
    if (!done.has(accountId)) await give(s, accountId);
}
