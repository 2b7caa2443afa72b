/**
 * Reading a funnel: the rollup's daily counts (analytics_counts) for what is counted as it
 * happens, plus what other tables already hold exactly and is read by day when asked (likes and
 * reposts of the post, a pre-sale's pledges, an ambassador link's visits). Who may read is decided
 * here (subjectOf + the brand's analytics.read): anyone else gets not_found, never a hint.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { DomainError } from '../../../lib/errors';
import { parisDay } from '../../../lib/paris';
import { readCounts } from '../counts';
import type { FunnelSubject } from '../metrics';
import { funnelNow } from './reach';

export const steps = ['reached', 'likes', 'card_opens', 'buy_clicks', 'checkouts', 'orders'] as const;
export type Step = (typeof steps)[number];
/** The buying chain conversions are computed along (likes are beside it, not a step of it). */
export const chain = ['reached', 'card_opens', 'buy_clicks', 'checkouts', 'orders'] as const;
export type DayRow = Record<Step | 'reposts' | 'revenue', number> & { day: string };
export type Funnel = Record<Step | 'reposts', number> & {
  revenue: { amount: number; currency: string };
  from: string;
  to: string;
  by_day: DayRow[];
  /** Each step over the one before it (0..1, null when the step before is 0). */
  conversion: Record<string, number | null>;
};

export type Subject = {
  kind: FunnelSubject;
  id: string;
  brandId: string;
  title: string;
  /** The subject's first day: a funnel's default `from`. */
  since: string;
  /** The post whose likes and reposts the funnel shows (the post itself, a pop-up's opening post). */
  statusId: string | null;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (2026-02-30 is not: it would read as 2 March). */
const isDay = (s: string) => DAY.test(s) && new Date(Date.parse(`${s}T00:00:00Z`) || 0).toISOString().startsWith(s);

/** One subject with its brand, or null (unknown id, or a post without products). */
export async function subjectOf(db: DbOrTx, kind: FunnelSubject, id: string): Promise<Subject | null> {
  const query =
    kind === 'status'
      ? sql`select s.id, min(p.brand_id::text)::uuid as brand_id, left(min(s.text), 80) as title,
                   min(s.created_at) as since, s.id as status_id
            from statuses s join status_products sp on sp.status_id = s.id join products p on p.id = sp.product_id
            where s.id = ${id} group by s.id`
      : kind === 'popup'
        ? sql`select id, brand_id, title, created_at as since, opening_status_id as status_id from popups where id = ${id}`
        : kind === 'campaign'
          ? sql`select id, brand_id, label as title, created_at as since, null::uuid as status_id
                from price_rules where id = ${id}
                union all
                select ps.id, ps.brand_id, p.title, ps.created_at, null::uuid from presales ps
                join products p on p.id = ps.product_id where ps.id = ${id}`
          : sql`select l.id, l.brand_id, '/r/' || l.code as title, l.created_at as since, null::uuid as status_id
                from ambassador_links l where l.id = ${id}`;
  const [row] = await queryRows<{
    id: string;
    brand_id: string;
    title: string;
    since: Date | string;
    status_id: string | null;
  }>(
    db,
    // A subject's life starts at its creation, or at its first counted day when that is earlier
    // (the demo's history of posts made today).
    sql`select q.id, q.brand_id, q.title, q.status_id,
               least(q.since, (select min(day)::timestamptz from analytics_counts
                               where subject_kind = ${kind} and subject_id = ${id})) as since
        from (${query}) as q(id, brand_id, title, since, status_id)`,
  );
  if (!row) return null;
  return {
    kind,
    id: row.id,
    brandId: row.brand_id,
    title: row.title,
    since: parisDay(new Date(row.since)),
    statusId: row.status_id,
  };
}

/** The day range asked for: days (YYYY-MM-DD), from <= to, at most 3 years; defaults to the subject's life. */
export function rangeOf(subject: Pick<Subject, 'since'>, from?: string, to?: string): { from: string; to: string } {
  if (from !== undefined && !isDay(from))
    throw new DomainError('unprocessable', 'invalid_from', 'from: a day, YYYY-MM-DD', { field: 'from' });
  if (to !== undefined && !isDay(to))
    throw new DomainError('unprocessable', 'invalid_to', 'to: a day, YYYY-MM-DD', { field: 'to' });
  const range = { from: from ?? subject.since, to: to ?? parisDay(funnelNow()) };
  if (range.from > range.to)
    throw new DomainError('unprocessable', 'invalid_range', 'from must not be after to', { field: 'from' });
  if (Date.parse(range.to) - Date.parse(range.from) > 3 * 366 * 86_400_000)
    throw new DomainError('unprocessable', 'invalid_range', 'At most three years at once', { field: 'from' });
  return range;
}

const byDay = (column: ReturnType<typeof sql>) =>
  sql`to_char((${column} at time zone 'Europe/Paris')::date, 'YYYY-MM-DD')`;

/** What other tables hold, by day, for this subject: likes, reposts, pledges, visits. */
async function readTimeCounts(db: DbOrTx, s: Subject, from: string, to: string) {
  const inRange = (column: ReturnType<typeof sql>) =>
    sql`(${column} at time zone 'Europe/Paris')::date between ${from}::date and ${to}::date`;
  const parts = [];
  if (s.statusId)
    parts.push(
      sql`select 'likes' as metric, ${byDay(sql`created_at`)} as day, count(*) as value from favourites
          where status_id = ${s.statusId} and ${inRange(sql`created_at`)} group by 2`,
      sql`select 'reposts', ${byDay(sql`created_at`)}, count(*) from statuses
          where reblog_of_id = ${s.statusId} and ${inRange(sql`created_at`)} group by 2`,
    );
  if (s.kind === 'campaign')
    parts.push(
      sql`select 'checkouts', ${byDay(sql`created_at`)}, count(*) from presale_pledges
          where presale_id = ${s.id} and ${inRange(sql`created_at`)} group by 2`,
    );
  if (s.kind === 'link')
    parts.push(
      sql`select 'reached', ${byDay(sql`at`)}, count(distinct coalesce(account_id::text, visitor, id::text))
          from ambassador_visits where link_id = ${s.id} and ${inRange(sql`at`)} group by 2`,
      sql`select 'card_opens', ${byDay(sql`at`)}, count(*) from ambassador_visits
          where link_id = ${s.id} and ${inRange(sql`at`)} group by 2`,
    );
  if (parts.length === 0) return [];
  // Named once around the union: its parts' columns are positional.
  const rows = await queryRows<{ metric: string; day: string; value: string | number }>(
    db,
    sql`select * from (${sql.join(parts, sql` union all `)}) as x(metric, day, value)`,
  );
  return rows.map((r) => ({ metric: r.metric, day: r.day, value: Number(r.value) }));
}

const zeroDay = (day: string): DayRow => ({
  day,
  reached: 0,
  likes: 0,
  reposts: 0,
  card_opens: 0,
  buy_clicks: 0,
  checkouts: 0,
  orders: 0,
  revenue: 0,
});

/** The brand's currency as its orders use it (euros before its first order). */
export async function brandCurrency(db: DbOrTx, brandId: string): Promise<string> {
  const [row] = await queryRows<{ currency: string }>(
    db,
    sql`select currency from orders where brand_id = ${brandId} order by id desc limit 1`,
  );
  return row?.currency ?? 'EUR';
}

/** A subject's funnel between two Paris days (inclusive); no authorization (callers check). */
export async function funnelOfSubject(db: DbOrTx, s: Subject, range: { from: string; to: string }): Promise<Funnel> {
  const { from, to } = range;
  const [counted, extra, currency] = await Promise.all([
    readCounts(db, s, ['reached', 'card_opens', 'buy_clicks', 'checkouts', 'orders', 'revenue'], from, to),
    readTimeCounts(db, s, from, to),
    brandCurrency(db, s.brandId),
  ]);
  const days = new Map<string, DayRow>();
  for (const r of [...counted, ...extra]) {
    const row = days.get(r.day) ?? zeroDay(r.day);
    const key = r.metric as keyof Omit<DayRow, 'day'>;
    if (key in row) row[key] += r.value;
    days.set(r.day, row);
  }
  const by_day = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  const total = (k: keyof Omit<DayRow, 'day'>) => by_day.reduce((n, d) => n + d[k], 0);
  const totals = Object.fromEntries([...steps, 'reposts'].map((k) => [k, total(k as Step)])) as Record<
    Step | 'reposts',
    number
  >;
  const rate = (a: Step, b: Step) => (totals[a] > 0 ? Math.round((totals[b] / totals[a]) * 1000) / 1000 : null);
  const conversion: Record<string, number | null> = { reached_to_likes: rate('reached', 'likes') };
  for (let i = 1; i < chain.length; i++) conversion[`${chain[i - 1]}_to_${chain[i]}`] = rate(chain[i - 1], chain[i]);
  return { ...totals, revenue: { amount: total('revenue'), currency }, from, to, by_day, conversion };
}

/** Exported door: a subject's funnel, `from`/`to` defaulting to its whole life. Throws not_found. */
export async function funnelOf(
  db: DbOrTx,
  subject: { kind: FunnelSubject; id: string },
  range: { from?: string; to?: string } = {},
): Promise<Funnel> {
  const s = await subjectOf(db, subject.kind, subject.id);
  if (!s) throw new DomainError('not_found', 'not_found', 'No such funnel');
  return funnelOfSubject(db, s, rangeOf(s, range.from, range.to));
}
