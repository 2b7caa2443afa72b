/**
 * Specials a brand attaches to its places (Foursquare's seven kinds), created, listed and
 * deactivated by its team (owner, admin, community manager). What unlocks them is in unlocks.ts;
 * redeeming their codes in redeem.ts. Deactivating keeps the codes already unlocked redeemable.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { notFound, unprocessable } from '../../lib/errors';
import { specialKinds, type SpecialKind } from './schema';
import { findPlace, placeForTeam, teamRole, MANAGE_ROLES } from './team';

/** The parameters each kind needs (every N is a whole number from 1 to MAX_N). */
export const kindParameters: Record<SpecialKind, ('every_n' | 'first_n' | 'min_people' | 'window_minutes')[]> = {
  newbie: [],
  check_in: [],
  loyalty: ['every_n'],
  flash: ['first_n'],
  swarm: ['min_people', 'window_minutes'],
  friends: ['min_people', 'window_minutes'],
  mayor: [],
};
export const MAX_N = 10_000;
export const MAX_WINDOW_MINUTES = 24 * 60;
export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 1000;

export type SpecialInput = {
  kind?: unknown;
  title?: unknown;
  description?: unknown;
  every_n?: unknown;
  first_n?: unknown;
  min_people?: unknown;
  window_minutes?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
};

export type Special = {
  id: string;
  placeId: string;
  kind: SpecialKind;
  title: string;
  description: string | null;
  everyN: number | null;
  firstN: number | null;
  minPeople: number | null;
  windowMinutes: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  active: boolean;
  createdAt: Date;
};

const invalid = (field: string, message: string, code = 'invalid_special') => unprocessable(code, message, { field });

function whole(raw: unknown, field: string, max: number): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(field, `${field} must be a whole number`);
  if (n < 1 || n > max) throw invalid(field, `${field} must be from 1 to ${max}`);
  return n;
}

function instant(raw: unknown, field: string): Date | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const d = typeof raw === 'string' ? new Date(raw) : null;
  if (!d || Number.isNaN(d.getTime())) throw invalid(field, `${field} must be a date and time (ISO 8601)`);
  return d;
}

function text(raw: unknown, field: string, max: number, required: boolean): string | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (required) throw invalid(field, `${field} is required`);
    return null;
  }
  if (typeof raw !== 'string') throw invalid(field, `${field} must be text`);
  if ([...raw.trim()].length > max) throw invalid(field, `${field} has at most ${max} characters`);
  return raw.trim();
}

/** Checks a new special: the kind, its parameters (422 naming the field), the dates' order. */
export function checkSpecial(input: SpecialInput) {
  if (typeof input.kind !== 'string' || !(specialKinds as readonly string[]).includes(input.kind))
    throw invalid('kind', `kind must be one of ${specialKinds.join(', ')}`);
  const kind = input.kind as SpecialKind;
  const title = text(input.title, 'title', MAX_TITLE, true)!;
  const description = text(input.description, 'description', MAX_DESCRIPTION, false);
  // Any N given is checked (a negative N is refused whatever the kind); only the kind's are kept.
  const given = {
    every_n: whole(input.every_n, 'every_n', MAX_N),
    first_n: whole(input.first_n, 'first_n', MAX_N),
    min_people: whole(input.min_people, 'min_people', MAX_N),
    window_minutes: whole(input.window_minutes, 'window_minutes', MAX_WINDOW_MINUTES),
  };
  const needs = kindParameters[kind];
  for (const field of needs)
    if (given[field] === undefined) throw invalid(field, `A ${kind} special needs ${field}`, 'missing_parameter');
  const keep = (field: keyof typeof given) => (needs.includes(field) ? given[field]! : null);
  const startsAt = instant(input.starts_at, 'starts_at');
  const endsAt = instant(input.ends_at, 'ends_at');
  if (startsAt && endsAt && endsAt <= startsAt) throw invalid('ends_at', 'ends_at must be after starts_at');
  return {
    kind,
    title,
    description,
    everyN: keep('every_n'),
    firstN: keep('first_n'),
    minPeople: keep('min_people'),
    windowMinutes: keep('window_minutes'),
    startsAt,
    endsAt,
  };
}

type SpecialRow = {
  id: string;
  place_id: string;
  kind: SpecialKind;
  title: string;
  description: string | null;
  every_n: number | null;
  first_n: number | null;
  min_people: number | null;
  window_minutes: number | null;
  starts_at: Date | string | null;
  ends_at: Date | string | null;
  active: boolean;
  created_at: Date | string;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));
export const specialFromRow = (r: SpecialRow): Special => ({
  id: r.id,
  placeId: r.place_id,
  kind: r.kind,
  title: r.title,
  description: r.description,
  everyN: r.every_n,
  firstN: r.first_n,
  minPeople: r.min_people,
  windowMinutes: r.window_minutes,
  startsAt: date(r.starts_at),
  endsAt: date(r.ends_at),
  active: r.active,
  createdAt: new Date(r.created_at),
});

/** A brand's team adds a special to one of its places. */
export async function createSpecial(
  ctx: { db: DbOrTx; clock: { now(): Date } },
  actorId: string,
  placeId: string,
  input: SpecialInput,
): Promise<Special> {
  const place = await placeForTeam(ctx.db, actorId, placeId);
  const s = checkSpecial(input);
  const [row] = await queryRows<SpecialRow>(
    ctx.db,
    sql`insert into place_specials (id, place_id, kind, title, description, every_n, first_n, min_people,
                                    window_minutes, starts_at, ends_at, active, created_at)
        values (${uuidv7()}, ${place.id}, ${s.kind}, ${s.title}, ${s.description}, ${s.everyN}, ${s.firstN},
                ${s.minPeople}, ${s.windowMinutes}, ${s.startsAt?.toISOString() ?? null}::timestamptz,
                ${s.endsAt?.toISOString() ?? null}::timestamptz, true, ${ctx.clock.now().toISOString()}::timestamptz)
        returning *`,
  );
  return specialFromRow(row);
}

export type SpecialWithCounts = Special & { unlocked: number; redeemed: number };

/**
 * A place's specials: its team sees all of them (inactive and past ones too) with how many were
 * unlocked and redeemed; anybody else the ones running at `at`.
 */
export async function listSpecials(
  db: DbOrTx,
  viewerId: string | null,
  placeId: string,
  at: Date,
): Promise<{ team: boolean; specials: SpecialWithCounts[] }> {
  const place = await findPlace(db, placeId);
  if (!place || place.status === 'hidden') throw notFound('Place');
  const role = viewerId && place.brandId ? await teamRole(db, place.brandId, viewerId) : null;
  const team = role !== null && MANAGE_ROLES.includes(role);
  const rows = await queryRows<SpecialRow & { unlocked: number; redeemed: number }>(
    db,
    sql`select s.*, (select count(*)::int from special_unlocks u where u.special_id = s.id) as unlocked,
               (select count(*)::int from special_unlocks u where u.special_id = s.id
                 and u.redeemed_at is not null) as redeemed
        from place_specials s where s.place_id = ${place.id}
        ${team ? sql`` : runningAt(at)}
        order by s.id`,
  );
  return {
    team,
    specials: rows.map((r) => ({
      ...specialFromRow(r),
      unlocked: team ? r.unlocked : 0,
      redeemed: team ? r.redeemed : 0,
    })),
  };
}

/** Specials of the place `s` running at `at`: active, started, not ended. */
export const runningAt = (at: Date) =>
  sql`and s.active and (s.starts_at is null or s.starts_at <= ${at.toISOString()}::timestamptz)
      and (s.ends_at is null or s.ends_at > ${at.toISOString()}::timestamptz)`;

/** The team stops a special: no more unlocks; codes already unlocked stay redeemable. */
export async function deactivateSpecial(db: DbOrTx, actorId: string, specialId: string): Promise<Special> {
  if (!isUuid(specialId)) throw notFound('Special');
  const [found] = await queryRows<{ place_id: string }>(
    db,
    sql`select place_id from place_specials where id = ${specialId}`,
  );
  if (!found) throw notFound('Special');
  try {
    await placeForTeam(db, actorId, found.place_id);
  } catch (error) {
    // Another brand's special: as if it did not exist.
    if ((error as { kind?: string }).kind === 'forbidden') throw notFound('Special');
    throw error;
  }
  const [row] = await queryRows<SpecialRow>(
    db,
    sql`update place_specials set active = false where id = ${specialId} returning *`,
  );
  return specialFromRow(row);
}
