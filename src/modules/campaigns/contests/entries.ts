/**
 * Who entered a contest and who may take part in its draw. Entries by an action (a reply to, a
 * repost of, a like of the contest's post; a counted check-in at its place) are read from the
 * social and places tables at the time they were made, between the contest's start and end, so the
 * draw sees exactly the actions that qualify (an unliked post or a deleted reply no longer counts).
 * Form entries are rows of contest_entries written when made. The exclusions, in the order they
 * are checked: the brand itself and its team, accounts that are not a person, suspended accounts,
 * a block either way with the brand, accounts created after the contest started.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import type { contests, EntryKind, ExclusionReason } from './schema';

export type Contest = typeof contests.$inferSelect;
export type Candidate = { accountId: string; enteredAt: Date; source: EntryKind; excluded: ExclusionReason | null };

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** SQL: each person's first qualifying action, as (account_id, entered_at). */
function actions(contest: Contest, until: Date): SQL {
  const from = iso(contest.startsAt);
  const to = iso(until < contest.endsAt ? until : contest.endsAt);
  switch (contest.entryKind) {
    case 'like':
      return sql`select account_id, min(created_at) as entered_at from favourites
                 where status_id = ${contest.statusId} and created_at >= ${from} and created_at < ${to}
                 group by account_id`;
    case 'repost':
      return sql`select account_id, min(created_at) as entered_at from statuses
                 where reblog_of_id = ${contest.statusId} and created_at >= ${from} and created_at < ${to}
                 group by account_id`;
    case 'reply':
      return sql`select account_id, min(created_at) as entered_at from statuses
                 where in_reply_to_id = ${contest.statusId} and reblog_of_id is null
                   and created_at >= ${from} and created_at < ${to} group by account_id`;
    case 'checkin':
      return sql`select account_id, min(created_at) as entered_at from checkins
                 where place_id = ${contest.placeId} and counted and created_at >= ${from} and created_at < ${to}
                 group by account_id`;
    case 'form':
      return sql`select account_id, entered_at from contest_entries where contest_id = ${contest.id}`;
  }
}

/** SQL: the exclusion that applies to the account `a` (an `accounts` row alias), or null. */
function exclusion(contest: Contest): SQL {
  return sql`case
      when a.id = ${contest.brandId}
        or exists (select 1 from brand_members bm where bm.brand_id = ${contest.brandId} and bm.account_id = a.id)
        then 'team'
      when a.kind <> 'person' then 'not_a_person'
      when a.suspended_at is not null then 'suspended'
      when exists (select 1 from blocks b where (b.account_id = ${contest.brandId} and b.target_id = a.id)
                                              or (b.account_id = a.id and b.target_id = ${contest.brandId}))
        then 'blocked'
      when a.created_at > ${iso(contest.startsAt)} then 'late_account'
    end`;
}

type Row = { account_id: string; entered_at: Date | string; excluded: ExclusionReason | null };

/** Every entry made up to `until` (at most the end), each with its exclusion (null: it takes part). */
export async function candidates(db: DbOrTx, contest: Contest, until: Date): Promise<Candidate[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select c.account_id, c.entered_at, ${exclusion(contest)} as excluded
        from (${actions(contest, until)}) c join accounts a on a.id = c.account_id
        order by c.account_id`,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    enteredAt: new Date(r.entered_at),
    source: contest.entryKind,
    excluded: r.excluded,
  }));
}

/** The exclusion that would keep this account out of the draw, or null (form entries check it up front). */
export async function exclusionOf(db: DbOrTx, contest: Contest, accountId: string): Promise<ExclusionReason | null> {
  const [row] = await queryRows<{ excluded: ExclusionReason | null }>(
    db,
    sql`select ${exclusion(contest)} as excluded from accounts a where a.id = ${accountId}`,
  );
  return row?.excluded ?? null;
}

/** How many entries take part so far (before the draw: counted live; after: the draw's list). */
export async function entriesCount(db: DbOrTx, contest: Contest, now: Date): Promise<number> {
  if (contest.drawnAt) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from contest_entries where contest_id = ${contest.id} and excluded is null`,
    );
    return row?.n ?? 0;
  }
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (${actions(contest, now)}) c join accounts a on a.id = c.account_id
        where (${exclusion(contest)}) is null`,
  );
  return row?.n ?? 0;
}
