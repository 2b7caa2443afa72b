/**
 * Return on Involvement: a brand's figures by bucket (Paris weeks from Monday, months or days) over
 * a period ending today, the same for the period just before (bucket by bucket, shifted by the
 * period's length, so a faint line can run under the current one), the totals of both and the
 * change. Everything but the audience comes from ONE read of analytics_counts (read.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { unprocessable } from '../../../lib/errors';
import type { BrandMetric } from '../metrics';
import { audienceSeries } from './audience';
import { sumsByBucket } from './read';
import { bucketsOf, intervals, shiftDay, today, type DayRange, type Interval } from './days';

export type Money = { amount: number; currency: string };
export type RoiFigures = {
  involvement: { audience: number; reach: number };
  interaction: { likes: number; replies: number; reposts: number; check_ins: number; topics: number };
  /** Averages (null without data): sentiment −1..1 from listening, rating 1..5 from reviews. */
  intimacy: { sentiment: number | null; sentiment_count: number; rating: number | null; rating_count: number };
  influence: { revenue_ambassadors: Money; revenue_reposts: Money; creators_reach: number };
  social_revenue: { total: Money; posts: Money; popups: Money; campaigns: Money; ambassadors: Money };
};
export type RoiBucket = DayRange & RoiFigures;
type ChangeOf<T> = { [K in keyof T]: number | null };
export type RoiChange = { [P in keyof RoiFigures]: ChangeOf<RoiFigures[P]> };
export type RoiSeries = {
  brand_id: string;
  period: string;
  interval: Interval;
  currency: string;
  from: string;
  to: string;
  previous_from: string;
  previous_to: string;
  buckets: RoiBucket[];
  previous_buckets: RoiBucket[];
  totals: RoiFigures;
  previous: RoiFigures;
  change: RoiChange;
};

export const ROI_METRICS = [
  'reach',
  'likes',
  'replies',
  'reposts',
  'check_ins',
  'topics',
  'sentiment_sum',
  'sentiment_count',
  'rating_sum',
  'rating_count',
  'revenue_ambassadors',
  'revenue_reposts',
  'creators_reach',
  'revenue_posts',
  'revenue_popups',
  'revenue_campaigns',
] as const satisfies readonly BrandMetric[];
type RoiMetric = (typeof ROI_METRICS)[number];
type Sums = Record<RoiMetric, number>;

export const MIN_PERIOD_DAYS = 7;
export const MAX_PERIOD_DAYS = 730;
export const PERIOD_CHOICES = [30, 90, 180, 365] as const;

/** "90d" → 90 (7d..730d); anything else is 422 invalid_period. */
export function parsePeriod(value: string | undefined): number {
  const m = /^(\d{1,3})d$/.exec(value ?? '90d');
  const days = m ? Number(m[1]) : Number.NaN;
  if (!(days >= MIN_PERIOD_DAYS && days <= MAX_PERIOD_DAYS))
    throw unprocessable('invalid_period', 'period must be a number of days from 7d to 730d, e.g. 90d', {
      field: 'period',
    });
  return days;
}

export function parseInterval(value: string | undefined): Interval {
  const v = value ?? 'week';
  if (!(intervals as readonly string[]).includes(v))
    throw unprocessable('invalid_interval', 'interval must be week, month or day', { field: 'interval' });
  return v as Interval;
}

/** The currency the brand sells in (its variants' most common one; EUR for a brand with none). */
async function currencyOf(db: DbOrTx, brandId: string): Promise<string> {
  const [row] = await queryRows<{ currency: string }>(
    db,
    sql`select currency from variants where brand_id = ${brandId} group by currency order by count(*) desc limit 1`,
  );
  return row?.currency ?? 'EUR';
}

const zero = (): Sums => Object.fromEntries(ROI_METRICS.map((m) => [m, 0])) as Sums;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function figuresOf(s: Sums, audience: number, currency: string): RoiFigures {
  const money = (amount: number): Money => ({ amount, currency });
  return {
    involvement: { audience, reach: s.reach },
    interaction: {
      likes: s.likes,
      replies: s.replies,
      reposts: s.reposts,
      check_ins: s.check_ins,
      topics: s.topics,
    },
    intimacy: {
      // Scores are kept ×1000 in the rollup (integers).
      sentiment: s.sentiment_count ? round(s.sentiment_sum / 1000 / s.sentiment_count, 3) : null,
      sentiment_count: s.sentiment_count,
      rating: s.rating_count ? round(s.rating_sum / s.rating_count, 2) : null,
      rating_count: s.rating_count,
    },
    influence: {
      revenue_ambassadors: money(s.revenue_ambassadors),
      revenue_reposts: money(s.revenue_reposts),
      creators_reach: s.creators_reach,
    },
    social_revenue: {
      total: money(s.revenue_posts + s.revenue_popups + s.revenue_campaigns + s.revenue_ambassadors),
      posts: money(s.revenue_posts),
      popups: money(s.revenue_popups),
      campaigns: money(s.revenue_campaigns),
      ambassadors: money(s.revenue_ambassadors),
    },
  };
}

const plain = (v: number | Money | null) => (v !== null && typeof v === 'object' ? v.amount : v);

/**
 * The change of one figure: a percentage (one decimal; null when the previous value is 0), or
 * for an average (sentiment, rating) the difference of the two.
 */
export function changeBetween(average: boolean, now: number | null, then: number | null): number | null {
  if (now === null || then === null) return null;
  if (average) return round(now - then, 3);
  return then === 0 ? null : round(((now - then) / then) * 100, 1);
}

/** Every figure's change, in the shape of the figures (the API's `change`). */
export function changeOf(current: RoiFigures, previous: RoiFigures): RoiChange {
  const out: Record<string, Record<string, number | null>> = {};
  for (const [panel, figures] of Object.entries(current) as [keyof RoiFigures, Record<string, unknown>][]) {
    const before = previous[panel] as Record<string, unknown>;
    out[panel] = Object.fromEntries(
      Object.entries(figures).map(([name, value]) => [
        name,
        changeBetween(
          name === 'sentiment' || name === 'rating',
          plain(value as number | Money | null),
          plain(before[name] as number | Money | null),
        ),
      ]),
    );
  }
  return out as RoiChange;
}

/**
 * The series of one brand (no access check: see roiForViewer). `period` in days (7..730), ending
 * on `now`'s Paris day; the previous period is the same number of days just before.
 */
export async function roiSeries(
  db: DbOrTx,
  brandId: string,
  options: { period: number; interval: Interval; now: Date },
): Promise<RoiSeries> {
  const { period, interval } = options;
  const to = today(options.now);
  const current = { from: shiftDay(to, 1 - period), to };
  const previous = { from: shiftDay(current.from, -period), to: shiftDay(current.from, -1) };
  const buckets = bucketsOf(current, interval);
  const before = buckets.map((b) => ({ from: shiftDay(b.from, -period), to: shiftDay(b.to, -period) }));
  // The buckets of both periods cover each period exactly: the totals are the sums of their buckets.
  const [sums, currency, audience] = await Promise.all([
    sumsByBucket(db, brandId, ROI_METRICS, { buckets, period, interval }).then((s) => [...s.current, ...s.previous]),
    currencyOf(db, brandId),
    audienceSeries(db, brandId, [...buckets, ...before]),
  ]);
  const total = (list: Sums[]) => {
    const s = zero();
    for (const one of list) for (const m of ROI_METRICS) s[m] += one[m];
    return s;
  };
  const row = (range: DayRange, i: number): RoiBucket => ({
    ...range,
    ...figuresOf(sums[i]!, audience[i] ?? 0, currency),
  });
  const totals = figuresOf(total(sums.slice(0, buckets.length)), audience[buckets.length - 1] ?? 0, currency);
  const previousTotals = figuresOf(total(sums.slice(buckets.length)), audience[audience.length - 1] ?? 0, currency);
  return {
    brand_id: brandId,
    period: `${period}d`,
    interval,
    currency,
    from: current.from,
    to: current.to,
    previous_from: previous.from,
    previous_to: previous.to,
    buckets: buckets.map((b, i) => row(b, i)),
    previous_buckets: before.map((b, i) => row(b, buckets.length + i)),
    totals,
    previous: previousTotals,
    change: changeOf(totals, previousTotals),
  };
}
