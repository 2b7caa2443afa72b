/**
 * The dashboard's series as CSV: one row per bucket of the period, then one per bucket of the
 * previous period (column `period`), every figure of the API; amounts twice, in the currency's
 * units with two decimals (12.50) and as the raw minor units (1250), so a spreadsheet sums them
 * either way. Written by commerce's CSV writer (formula-looking cells defused).
 */
import { toCsv } from '../../commerce';
import type { RoiBucket, RoiSeries } from './series';

const units = (minor: number) => (minor / 100).toFixed(2);
const moneyCols = [
  ['revenue_ambassadors', (b: RoiBucket) => b.influence.revenue_ambassadors.amount],
  ['revenue_reposts', (b: RoiBucket) => b.influence.revenue_reposts.amount],
  ['social_revenue', (b: RoiBucket) => b.social_revenue.total.amount],
  ['revenue_posts', (b: RoiBucket) => b.social_revenue.posts.amount],
  ['revenue_popups', (b: RoiBucket) => b.social_revenue.popups.amount],
  ['revenue_campaigns', (b: RoiBucket) => b.social_revenue.campaigns.amount],
] as const;

export const CSV_HEADER = [
  'period',
  'from',
  'to',
  'audience',
  'reach',
  'likes',
  'replies',
  'reposts',
  'check_ins',
  'topics',
  'sentiment',
  'sentiment_count',
  'rating',
  'rating_count',
  'creators_reach',
  'currency',
  ...moneyCols.flatMap(([name]) => [name, `${name}_minor`]),
];

export function roiCsv(series: RoiSeries): string {
  const row = (period: string, b: RoiBucket) => [
    period,
    b.from,
    b.to,
    b.involvement.audience,
    b.involvement.reach,
    b.interaction.likes,
    b.interaction.replies,
    b.interaction.reposts,
    b.interaction.check_ins,
    b.interaction.topics,
    b.intimacy.sentiment ?? '',
    b.intimacy.sentiment_count,
    b.intimacy.rating ?? '',
    b.intimacy.rating_count,
    b.influence.creators_reach,
    series.currency,
    ...moneyCols.flatMap(([, of]) => [units(of(b)), of(b)]),
  ];
  return toCsv([
    CSV_HEADER,
    ...series.buckets.map((b) => row('current', b)),
    ...series.previous_buckets.map((b) => row('previous', b)),
  ]);
}
