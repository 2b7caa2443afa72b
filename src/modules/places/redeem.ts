/**
 * Codes: the person shows an unlocked special's code on their phone; the brand's staff redeems it
 * at the counter. A code is redeemed once (one conditional UPDATE: of two tills typing the same
 * code, one wins and the other gets 409 `already_redeemed`). A code of another brand answers 404,
 * like a code that does not exist: staff learn nothing about other brands' customers.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { redeemingBrands } from './team';
import { CODE_ALPHABET, CODE_LENGTH, normalizeCode } from './unlocks';

export type Redeemed = {
  code: string;
  redeemedAt: Date;
  unlockedAt: Date;
  special: { id: string; kind: string; title: string; description: string | null };
  place: { id: string; name: string };
  /** The person's display name (or username), for the staff to greet them. */
  person: { id: string; displayName: string };
};

type Row = {
  code: string;
  redeemed_at: Date | string;
  unlocked_at: Date | string;
  special_id: string;
  kind: string;
  title: string;
  description: string | null;
  place_id: string;
  place_name: string;
  account_id: string;
  display_name: string;
};

const validCode = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export async function redeemCode(db: DbOrTx, actorId: string, rawCode: unknown, at: Date): Promise<Redeemed> {
  if (typeof rawCode !== 'string' || rawCode.trim() === '')
    throw unprocessable('invalid_code', 'code is required', { field: 'code' });
  const code = normalizeCode(rawCode);
  if (!validCode.test(code)) throw notFound('Code');
  const brands = await redeemingBrands(db, actorId);
  const [row] = await queryRows<Row>(
    db,
    sql`update special_unlocks u set redeemed_at = ${at.toISOString()}::timestamptz, redeemed_by = ${actorId}
        from place_specials s, places p, accounts a
        where u.code = ${code} and s.id = u.special_id and p.id = s.place_id and a.id = u.account_id
          and p.brand_id in ${brands} and u.redeemed_at is null
        returning u.code, u.redeemed_at, u.unlocked_at, s.id as special_id, s.kind, s.title, s.description,
                  p.id as place_id, p.name as place_name, a.id as account_id,
                  coalesce(nullif(a.display_name, ''), a.username) as display_name`,
  );
  if (!row) {
    const [seen] = await queryRows<{ redeemed: boolean }>(
      db,
      sql`select (u.redeemed_at is not null) as redeemed from special_unlocks u
          join place_specials s on s.id = u.special_id join places p on p.id = s.place_id
          where u.code = ${code} and p.brand_id in ${brands}`,
    );
    if (seen?.redeemed) throw conflict('already_redeemed', 'This code was already redeemed');
    throw notFound('Code');
  }
  return {
    code: row.code,
    redeemedAt: new Date(row.redeemed_at),
    unlockedAt: new Date(row.unlocked_at),
    special: { id: row.special_id, kind: row.kind, title: row.title, description: row.description },
    place: { id: row.place_id, name: row.place_name },
    person: { id: row.account_id, displayName: row.display_name },
  };
}

export type MyCode = {
  code: string;
  unlockedAt: Date;
  redeemedAt: Date | null;
  special: { id: string; kind: string; title: string; description: string | null; endsAt: Date | null };
  place: { id: string; name: string };
};

/** A person's unlocked codes, newest first (the "code on the phone" page). */
export async function myCodes(db: DbOrTx, accountId: string, limit = 50): Promise<MyCode[]> {
  const rows = await queryRows<{
    code: string;
    unlocked_at: Date | string;
    redeemed_at: Date | string | null;
    special_id: string;
    kind: string;
    title: string;
    description: string | null;
    ends_at: Date | string | null;
    place_id: string;
    place_name: string;
  }>(
    db,
    sql`select u.code, u.unlocked_at, u.redeemed_at, s.id as special_id, s.kind, s.title, s.description, s.ends_at,
               p.id as place_id, p.name as place_name
        from special_unlocks u join place_specials s on s.id = u.special_id join places p on p.id = s.place_id
        where u.account_id = ${accountId}
        order by u.unlocked_at desc, u.id desc limit ${Math.min(Math.max(limit, 1), 200)}`,
  );
  return rows.map((r) => ({
    code: r.code,
    unlockedAt: new Date(r.unlocked_at),
    redeemedAt: r.redeemed_at ? new Date(r.redeemed_at) : null,
    special: {
      id: r.special_id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      endsAt: r.ends_at ? new Date(r.ends_at) : null,
    },
    place: { id: r.place_id, name: r.place_name },
  }));
}
