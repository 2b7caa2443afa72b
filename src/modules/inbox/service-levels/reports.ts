/**
 * Service reports over the conversations a brand opened in the last 7, 30 or 90 days: response
 * and resolution times in business minutes (p50, p90, from inbox_sla_records), breaches,
 * satisfaction, volume by channel, by kind and per agent. Every figure is a SQL aggregate (one
 * grouping-sets query for the table, one for the rating distribution, one for the daily series),
 * so a brand with a million conversations is not read row by row.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { unprocessable } from '../../../lib/errors';
import { toCsv } from '../../commerce';
import { BUSINESS_ZONE } from './business-hours';

export const REPORT_PERIODS = [7, 30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export function periodOf(value: unknown): ReportPeriod {
  if (value === undefined || value === null || value === '') return 30;
  const n = Number(value);
  if (!REPORT_PERIODS.includes(n as ReportPeriod))
    throw unprocessable('invalid_period', 'days must be 7, 30 or 90', { field: 'days' });
  return n as ReportPeriod;
}

export type ReportRow = {
  /** `total`, `channel`, `kind` or `agent`. */
  section: 'total' | 'channel' | 'kind' | 'agent';
  /** The channel, the kind, the agent's username ('' unassigned); '' for the total. */
  key: string;
  conversations: number;
  firstResponseP50: number | null;
  firstResponseP90: number | null;
  resolutionP50: number | null;
  resolutionP90: number | null;
  breaches: number;
  /** Breached conversations / conversations, 0..1. */
  breachRate: number;
  ratings: number;
  ratingAverage: number | null;
  /** Share of ratings that are 4 or 5, 0..1 (null without ratings). */
  csat: number | null;
};

export type ServiceReport = {
  days: ReportPeriod;
  from: Date;
  to: Date;
  total: ReportRow;
  byChannel: ReportRow[];
  byKind: ReportRow[];
  byAgent: ReportRow[];
  /** Count of ratings 1..5 (index 0 is 1 star). */
  distribution: [number, number, number, number, number];
  /** Per local day (Paris), oldest first: conversations opened and those breached. */
  daily: { day: string; opened: number; breached: number }[];
};

type RawRow = {
  section: ReportRow['section'];
  key: string | null;
  conversations: number | string;
  fr50: number | null;
  fr90: number | null;
  res50: number | null;
  res90: number | null;
  breaches: number | string;
  ratings: number | string;
  rating_avg: number | string | null;
  happy: number | string;
};

const round1 = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

function rowOf(r: RawRow): ReportRow {
  const conversations = Number(r.conversations);
  const breaches = Number(r.breaches);
  const ratings = Number(r.ratings);
  return {
    section: r.section,
    key: r.key ?? '',
    conversations,
    firstResponseP50: round1(r.fr50),
    firstResponseP90: round1(r.fr90),
    resolutionP50: round1(r.res50),
    resolutionP90: round1(r.res90),
    breaches,
    breachRate: conversations ? breaches / conversations : 0,
    ratings,
    ratingAverage: ratings ? Math.round(Number(r.rating_avg) * 100) / 100 : null,
    csat: ratings ? Number(r.happy) / ratings : null,
  };
}

const empty = (section: ReportRow['section'], key = ''): ReportRow =>
  rowOf({
    section,
    key,
    conversations: 0,
    fr50: null,
    fr90: null,
    res50: null,
    res90: null,
    breaches: 0,
    ratings: 0,
    rating_avg: null,
    happy: 0,
  });

export async function serviceReport(db: Db, brandId: string, days: ReportPeriod, now: Date): Promise<ServiceReport> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const nowIso = now.toISOString();
  const fromIso = from.toISOString();
  // A conversation counts as breached once: answered or resolved late (recorded), or overdue now.
  const breached = sql`(coalesce(r.first_response_breached, false) or coalesce(r.next_response_breaches, 0) > 0
    or coalesce(r.resolution_breached, false) or c.sla_due_at < ${nowIso}::timestamptz)`;
  const window = sql`c.brand_id = ${brandId} and c.created_at >= ${fromIso}::timestamptz
    and c.created_at < ${nowIso}::timestamptz`;
  const [table, distribution, daily] = await Promise.all([
    queryRows<RawRow>(
      db,
      sql`select
            case when grouping(c.channel) = 0 then 'channel' when grouping(c.kind) = 0 then 'kind'
                 when grouping(c.assignee_id) = 0 then 'agent' else 'total' end as section,
            case when grouping(c.channel) = 0 then c.channel when grouping(c.kind) = 0 then c.kind
                 when grouping(c.assignee_id) = 0 then coalesce(min(a.username), '') else '' end as key,
            count(*) as conversations,
            percentile_cont(0.5) within group (order by r.first_response_minutes) as fr50,
            percentile_cont(0.9) within group (order by r.first_response_minutes) as fr90,
            percentile_cont(0.5) within group (order by r.resolution_minutes) as res50,
            percentile_cont(0.9) within group (order by r.resolution_minutes) as res90,
            count(*) filter (where ${breached}) as breaches,
            count(c.rating) as ratings,
            avg(c.rating) as rating_avg,
            count(*) filter (where c.rating >= 4) as happy
          from inbox_conversations c
          left join inbox_sla_records r on r.conversation_id = c.id
          left join accounts a on a.id = c.assignee_id
          where ${window}
          group by grouping sets ((), (c.channel), (c.kind), (c.assignee_id))
          order by section, key`,
    ),
    queryRows<{ rating: number; n: number | string }>(
      db,
      sql`select c.rating, count(*) as n from inbox_conversations c
          where ${window} and c.rating is not null group by c.rating`,
    ),
    queryRows<{ day: string; opened: number | string; breached: number | string }>(
      db,
      sql`select to_char(c.created_at at time zone ${BUSINESS_ZONE}, 'YYYY-MM-DD') as day,
                 count(*) as opened, count(*) filter (where ${breached}) as breached
          from inbox_conversations c left join inbox_sla_records r on r.conversation_id = c.id
          where ${window} group by 1 order by 1`,
    ),
  ]);
  const rows = table.map(rowOf);
  const dist: ServiceReport['distribution'] = [0, 0, 0, 0, 0];
  for (const d of distribution) dist[d.rating - 1] = Number(d.n);
  return {
    days,
    from,
    to: now,
    total: rows.find((r) => r.section === 'total') ?? empty('total'),
    byChannel: rows.filter((r) => r.section === 'channel'),
    byKind: rows.filter((r) => r.section === 'kind'),
    byAgent: rows.filter((r) => r.section === 'agent'),
    distribution: dist,
    daily: fillDays(
      from,
      now,
      daily.map((d) => ({ day: d.day, opened: Number(d.opened), breached: Number(d.breached) })),
    ),
  };
}

/** Every local day of the period, the quiet ones at 0, so the chart's x axis is even. */
function fillDays(from: Date, to: Date, rows: ServiceReport['daily']): ServiceReport['daily'] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: BUSINESS_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const out: ServiceReport['daily'] = [];
  const seen = new Set<string>();
  for (let t = from.getTime(); t <= to.getTime() + 3_600_000; t += 3_600_000 * 6) {
    const d = day.format(new Date(Math.min(t, to.getTime())));
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(byDay.get(d) ?? { day: d, opened: 0, breached: 0 });
  }
  return out;
}

export const REPORT_CSV_HEADER = [
  'section',
  'key',
  'conversations',
  'first_response_p50_minutes',
  'first_response_p90_minutes',
  'resolution_p50_minutes',
  'resolution_p90_minutes',
  'breaches',
  'breach_rate',
  'ratings',
  'rating_average',
  'csat',
];

/** The report's table as CSV: the total, then each channel, kind and agent, one row each. */
export function reportCsv(report: ServiceReport): string {
  const rows = [report.total, ...report.byChannel, ...report.byKind, ...report.byAgent];
  const ratio = (v: number | null) => (v === null ? '' : (Math.round(v * 1000) / 1000).toString());
  return toCsv([
    REPORT_CSV_HEADER,
    ...rows.map((r) => [
      r.section,
      r.key,
      r.conversations,
      r.firstResponseP50 ?? '',
      r.firstResponseP90 ?? '',
      r.resolutionP50 ?? '',
      r.resolutionP90 ?? '',
      r.breaches,
      ratio(r.breachRate),
      r.ratings,
      r.ratingAverage ?? '',
      ratio(r.csat),
    ]),
  ]);
}
