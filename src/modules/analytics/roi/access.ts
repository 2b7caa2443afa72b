/**
 * Who reads a brand's analytics: its team members whose role carries analytics.read (owner, admin,
 * community manager). Anyone else, another brand's team included, is told the brand is not
 * there (404), so the dashboard does not even confirm which brands keep one.
 */
import type { Db } from '../../../db/client';
import { notFound } from '../../../lib/errors';
import { getBrand, roleAllows, roleIn } from '../../accounts';
import type { Clock } from '../../../lib/clock';
import { parseInterval, parsePeriod, roiSeries, type RoiSeries } from './series';

export async function assertAnalyticsReader(ctx: { db: Db }, viewerId: string, brandId: string): Promise<void> {
  await getBrand(ctx, brandId);
  if (!roleAllows(await roleIn(ctx, brandId, viewerId), 'analytics.read')) throw notFound('Brand');
}

/** The API's and the page's door: access first, then the query's values checked (422 naming the field). */
export async function roiForViewer(
  ctx: { db: Db; reads?: Db; clock: Clock },
  viewerId: string,
  brandId: string,
  query: { period?: string; interval?: string },
): Promise<RoiSeries> {
  await assertAnalyticsReader(ctx, viewerId, brandId);
  const period = parsePeriod(query.period);
  const interval = parseInterval(query.interval);
  // Who may read is asked of the primary; the figures may be a few seconds old (the read replica).
  return roiSeries(ctx.reads ?? ctx.db, brandId, { period, interval, now: ctx.clock.now() });
}
