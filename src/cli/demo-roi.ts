/**
 * Return on Involvement in the demo world: its own metrics only (sentiment_sum / sentiment_count).
 * First the real thing: listening's matches (the demo's watches, ~35 days of posts) recounted into
 * the rollup by the collector. Then, so the dashboard's 180-day view and its comparison with the
 * previous period have a past, the days before that of the brands that keep watches get a plausible
 * sentiment (a slow rise with a bad fortnight three months ago), written only on days that have
 * none. The other figures come from the funnel's and the ladder's demos, which write their own.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { parisDay } from '../lib/paris';
import type { Account } from '../modules/accounts';
import { bumpCounts, collectSentiment, type CountBump } from '../modules/analytics';

const DAY = 86_400_000;
export const ROI_DEMO_DAYS = 180;

/** A repeatable 0..1 from a day number (no randomness: the demo is the same every time). */
const noise = (n: number) => {
  const x = Math.sin(n * 12.9898) * 43_758.5453;
  return x - Math.floor(x);
};

export async function createDemoRoi(ctx: AppContext, brands: Account[]): Promise<number> {
  await collectSentiment(ctx.db);
  const now = ctx.clock.now().getTime();
  const from = parisDay(new Date(now - ROI_DEMO_DAYS * DAY));
  const watched = await queryRows<{ brand_id: string }>(ctx.db, sql`select distinct brand_id from watches`);
  let filled = 0;
  for (const { brand_id: brandId } of watched) {
    if (!brands.some((b) => b.id === brandId)) continue;
    const known = new Set(
      (
        await queryRows<{ day: string }>(
          ctx.db,
          sql`select to_char(day, 'YYYY-MM-DD') as day from analytics_counts
              where subject_kind = 'brand' and subject_id = ${brandId} and metric = 'sentiment_count' and day >= ${from}::date`,
        )
      ).map((r) => r.day),
    );
    const bumps: CountBump[] = [];
    for (let d = ROI_DEMO_DAYS - 1; d >= 1; d--) {
      const at = new Date(now - d * DAY);
      if (known.has(parisDay(at))) continue;
      const seed = d * 7 + brandId.charCodeAt(brandId.length - 1);
      const count = 2 + Math.floor(noise(seed) * 9) + (at.getUTCDay() === 6 ? 4 : 0);
      // From about +0.1 half a year ago to +0.35 now, a dip below zero around day 90, some noise.
      const dip = d >= 84 && d <= 98 ? -0.4 : 0;
      const mean = 0.1 + (0.25 * (ROI_DEMO_DAYS - d)) / ROI_DEMO_DAYS + dip + (noise(seed + 1) - 0.5) * 0.3;
      const score = Math.max(-1, Math.min(1, mean));
      bumps.push({ kind: 'brand', id: brandId, metric: 'sentiment_count', at, by: count });
      bumps.push({ kind: 'brand', id: brandId, metric: 'sentiment_sum', at, by: Math.round(score * 1000) * count });
      filled++;
    }
    await bumpCounts(ctx.db, bumps);
  }
  return filled;
}
