/**
 * A place's figures for its brand's team: counted check-ins per Europe/Paris day over the last 30
 * or 90 days, new versus returning visitors, specials unlocked and redeemed, tips, the mayor; and
 * the same per day as CSV. Private check-ins count like public ones; nobody is named except the
 * mayor, named as on the place's page (only if they shared a check-in there).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { toCsv } from '../commerce';
import { parisDay, shiftDay } from './days';
import { placeForTeam } from './team';
import { permissions } from '../accounts';

export const DASHBOARD_PERIODS = [30, 90] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export type DashboardDay = {
  day: string;
  checkins: number;
  /** People whose first counted check-in at the place ever is this day. */
  newVisitors: number;
  /** People with a counted check-in this day who had come on an earlier day. */
  returningVisitors: number;
  unlocked: number;
  redeemed: number;
};

export type PlaceDashboard = {
  placeId: string;
  name: string;
  period: { days: number; from: string; to: string };
  totals: {
    checkins: number;
    /** Distinct people in the period, split by whether their first visit ever falls in it. */
    visitors: number;
    newVisitors: number;
    returningVisitors: number;
    unlocked: number;
    redeemed: number;
    /** All time, counted check-ins (the place's counter). */
    checkinsAllTime: number;
  };
  days: DashboardDay[];
  specials: { id: string; kind: string; title: string; active: boolean; unlocked: number; redeemed: number }[];
  tips: { published: number; pending: number };
  mayor: { id: string; username: string; displayName: string; since: Date | null; days: number } | null;
};

/** The figures of one place, whoever asks (the API checks the team first: `dashboardFor`). */
export async function placeDashboard(
  db: DbOrTx,
  placeId: string,
  at: Date,
  periodDays: number = 30,
): Promise<PlaceDashboard | null> {
  const to = parisDay(at);
  const from = shiftDay(to, -(periodDays - 1));
  const [place] = await queryRows<{
    name: string;
    checkins_count: number;
    mayor_id: string | null;
    mayor_since: Date | string | null;
    username: string | null;
    display_name: string | null;
    mayor_public: boolean;
  }>(
    db,
    // The mayor is named only if they shared a check-in here (as on the place's page).
    sql`select p.name, p.checkins_count, p.mayor_id, p.mayor_since, a.username, a.display_name,
               exists (select 1 from checkins c where c.place_id = p.id and c.account_id = p.mayor_id
                         and c.visibility = 'public') as mayor_public
        from places p left join accounts a on a.id = p.mayor_id where p.id = ${placeId}`,
  );
  if (!place) return null;
  const days = await queryRows<{ day: string; checkins: number; new_visitors: number; returning_visitors: number }>(
    db,
    sql`with firsts as (select account_id, min(local_day) as first_day from checkins
                        where place_id = ${placeId} and counted group by account_id)
        select to_char(d, 'YYYY-MM-DD') as day,
               count(c.account_id)::int as checkins,
               count(c.account_id) filter (where f.first_day = c.local_day)::int as new_visitors,
               count(c.account_id) filter (where f.first_day < c.local_day)::int as returning_visitors
        from generate_series(${from}::date, ${to}::date, interval '1 day') as d
        left join checkins c on c.place_id = ${placeId} and c.counted and c.local_day = d::date
        left join firsts f on f.account_id = c.account_id
        group by d order by d`,
  );
  const codes = await queryRows<{ day: string; unlocked: number; redeemed: number }>(
    db,
    sql`select to_char(u.local_day, 'YYYY-MM-DD') as day, count(*)::int as unlocked,
               count(*) filter (where u.redeemed_at is not null)::int as redeemed
        from special_unlocks u join place_specials s on s.id = u.special_id
        where s.place_id = ${placeId} and u.local_day between ${from}::date and ${to}::date
        group by u.local_day`,
  );
  const [visitors] = await queryRows<{ visitors: number; new_visitors: number }>(
    db,
    sql`select count(distinct c.account_id)::int as visitors,
               count(distinct c.account_id) filter (where not exists (
                 select 1 from checkins e where e.place_id = c.place_id and e.account_id = c.account_id
                   and e.counted and e.local_day < ${from}::date))::int as new_visitors
        from checkins c where c.place_id = ${placeId} and c.counted and c.local_day between ${from}::date
          and ${to}::date`,
  );
  const specials = await queryRows<{
    id: string;
    kind: string;
    title: string;
    active: boolean;
    unlocked: number;
    redeemed: number;
  }>(
    db,
    sql`select s.id, s.kind, s.title, s.active,
               count(u.id) filter (where u.local_day between ${from}::date and ${to}::date)::int as unlocked,
               count(u.id) filter (where u.local_day between ${from}::date and ${to}::date
                 and u.redeemed_at is not null)::int as redeemed
        from place_specials s left join special_unlocks u on u.special_id = s.id
        where s.place_id = ${placeId} group by s.id order by s.id`,
  );
  const [tips] = await queryRows<{ published: number; pending: number }>(
    db,
    sql`select count(*) filter (where status = 'published')::int as published,
               count(*) filter (where status = 'pending')::int as pending
        from place_tips where place_id = ${placeId}`,
  );
  const [mayorDays] = place.mayor_id
    ? await queryRows<{ days: number }>(
        db,
        sql`select count(distinct local_day)::int as days from checkins where place_id = ${placeId}
              and account_id = ${place.mayor_id} and counted and local_day > ${to}::date - 60
                and local_day <= ${to}::date`,
      )
    : [];
  const byDay = new Map(codes.map((c) => [c.day, c]));
  const list: DashboardDay[] = days.map((d) => ({
    day: d.day,
    checkins: d.checkins,
    newVisitors: d.new_visitors,
    returningVisitors: d.returning_visitors,
    unlocked: byDay.get(d.day)?.unlocked ?? 0,
    redeemed: byDay.get(d.day)?.redeemed ?? 0,
  }));
  const sum = (key: keyof DashboardDay) => list.reduce((n, d) => n + Number(d[key]), 0);
  return {
    placeId,
    name: place.name,
    period: { days: periodDays, from, to },
    totals: {
      checkins: sum('checkins'),
      visitors: visitors.visitors,
      newVisitors: visitors.new_visitors,
      returningVisitors: visitors.visitors - visitors.new_visitors,
      unlocked: sum('unlocked'),
      redeemed: sum('redeemed'),
      checkinsAllTime: place.checkins_count,
    },
    days: list,
    specials,
    tips: tips ?? { published: 0, pending: 0 },
    mayor:
      place.mayor_id && place.username !== null && place.mayor_public
        ? {
            id: place.mayor_id,
            username: place.username,
            displayName: place.display_name ?? '',
            since: place.mayor_since ? new Date(place.mayor_since) : null,
            days: mayorDays?.days ?? 0,
          }
        : null,
  };
}

/** The dashboard for a member of the brand's team (any role that reads the brand's figures). */
export async function dashboardFor(
  db: DbOrTx,
  actorId: string,
  placeId: string,
  at: Date,
  periodDays: number = 30,
  /** Where the figures are read: the read replica's handle (they may be a few seconds old); `db` checks who reads. */
  reads: DbOrTx = db,
): Promise<PlaceDashboard> {
  await placeForTeam(db, actorId, placeId, permissions.read);
  return (await placeDashboard(reads, placeId, at, periodDays))!;
}

export const DASHBOARD_CSV_COLUMNS = [
  'day',
  'checkins',
  'new_visitors',
  'returning_visitors',
  'specials_unlocked',
  'specials_redeemed',
] as const;

/** One line per day (CSV, cells a spreadsheet would run as formulas defused by the writer). */
export function dashboardCsv(d: PlaceDashboard): string {
  return toCsv([
    [...DASHBOARD_CSV_COLUMNS],
    ...d.days.map((x) => [x.day, x.checkins, x.newVisitors, x.returningVisitors, x.unlocked, x.redeemed]),
  ]);
}
