/**
 * The Return on Involvement API: `GET /api/v1/brands/{id}/analytics/roi?period=90d&interval=week`,
 * a contract (src/http/contract.ts) whose schemas describe the series in the OpenAPI document.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { failures, id, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { roiForViewer } from './access';

const count = z.number().int();
const day = z.string().meta({ format: 'date', description: 'A Paris calendar day' });
const Money = z
  .object({ amount: z.number().int().meta({ description: 'Minor units (cents)' }), currency: z.string() })
  .meta({ id: 'RoiMoney' });
const change = z.number().nullable();

const Figures = {
  involvement: z.object({
    audience: count.meta({ description: 'Followers at the end of the bucket (the ladder’s audience once merged)' }),
    reach: count.meta({ description: 'Sum of each day’s distinct viewers of the brand’s posts and products' }),
  }),
  interaction: z.object({ likes: count, replies: count, reposts: count, check_ins: count, topics: count }),
  intimacy: z.object({
    sentiment: z.number().nullable().meta({ description: 'Average sentiment of listening’s matches, −1..1' }),
    sentiment_count: count,
    rating: z.number().nullable().meta({ description: 'Average review rating, 1..5' }),
    rating_count: count,
  }),
  influence: z.object({
    revenue_ambassadors: Money,
    revenue_reposts: Money,
    creators_reach: count.meta({ description: 'Reach of posts about the brand by its creators' }),
  }),
  social_revenue: z.object({
    total: Money.meta({ description: 'posts + popups + campaigns + ambassadors' }),
    posts: Money,
    popups: Money,
    campaigns: Money,
    ambassadors: Money,
  }),
};
const RoiFigures = z.object(Figures).meta({ id: 'RoiFigures' });
const RoiBucket = z.object({ from: day, to: day, ...Figures }).meta({ id: 'RoiBucket' });
const changeOf = (o: { shape: Record<string, unknown> }) =>
  z.object(Object.fromEntries(Object.keys(o.shape).map((k) => [k, change])));
export const RoiSeriesSchema = z
  .object({
    brand_id: z.string().meta({ format: 'uuid' }),
    period: z.string().meta({ description: 'As asked, e.g. "90d"' }),
    interval: z.enum(['week', 'month', 'day']),
    currency: z.string(),
    from: day,
    to: day,
    previous_from: day,
    previous_to: day,
    buckets: z.array(RoiBucket).meta({
      description: 'Paris weeks from Monday, calendar months or days; the first and last cut to the period',
    }),
    previous_buckets: z.array(RoiBucket).meta({
      description: 'The same buckets shifted back by the period’s length (the faint comparison line)',
    }),
    totals: RoiFigures,
    previous: RoiFigures.meta({ description: 'Totals of the previous period of the same length' }),
    change: z.object(Object.fromEntries(Object.entries(Figures).map(([k, v]) => [k, changeOf(v)]))).meta({
      description:
        'Per figure: percent change vs the previous period (one decimal; null when the previous value is 0), ' +
        'except intimacy.sentiment and intimacy.rating: the difference of the averages',
    }),
  })
  .meta({ id: 'RoiSeries' });

const roi = route({
  method: 'get',
  path: '/api/v1/brands/{id}/analytics/roi',
  tags: ['Analytics'],
  summary: 'Return on Involvement: the dashboard’s series, totals, previous period and change',
  description:
    'Owner, admin or community manager (analytics.read); anyone else gets 404. period 7d–730d (default 90d), ' +
    'interval week|month|day (default week); a bad value is 422 invalid_period / invalid_interval. Audience is a ' +
    'stock (its value on the last day); averages are weighted over the days; the rest are sums.',
  auth: 'user',
  scope: 'read',
  request: {
    params: z.object({ id: id('The brand’s account id', 'Brand') }),
    query: z.object({
      period: z.string().optional().meta({ description: 'Days, e.g. 30d, 90d, 180d, 365d (7d–730d)' }),
      interval: z.string().optional().meta({ description: 'week (Paris, from Monday), month or day' }),
    }),
  },
  responses: { 200: json(RoiSeriesSchema, 'The series'), ...failures(401, 403, 404, 422) },
});

export const roiApiRoutes: RouteModule = (app, ctx) => {
  mount(app, roi, async (c) => {
    const viewer = requireViewer(c, 'read');
    const query = c.req.valid('query');
    const series = await roiForViewer(ctx, viewer.accountId, c.req.valid('param').id.toLowerCase(), query);
    return c.json(series, 200);
  });
};
