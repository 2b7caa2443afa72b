/**
 * The funnel's JSON routes: a shoppable post's funnel (GET /api/v1/statuses/:id/funnel), and a
 * brand's funnels (GET /api/v1/brands/:id/analytics/funnels: the list, or one subject with
 * ?kind=&id=). Readers: the brand's team with analytics.read; anyone else gets 404. The query's
 * values pass through to the service, which answers 422 with the field (invalid_from, ...).
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { failures, id, json, mount, route } from '../../../http/contract';
import { assertReader, brandFunnels, parseKind, parseSort, readFunnel } from './access';
import type { Funnel } from './read';

const Money = z.object({ amount: z.number().int(), currency: z.string() });
const counts = {
  reached: z.number().int(),
  likes: z.number().int(),
  reposts: z.number().int(),
  card_opens: z.number().int(),
  buy_clicks: z.number().int(),
  checkouts: z.number().int(),
  orders: z.number().int(),
};
const FunnelBody = z
  .object({
    ...counts,
    revenue: Money,
    from: z.string().meta({ format: 'date' }),
    to: z.string().meta({ format: 'date' }),
    by_day: z.array(z.object({ day: z.string().meta({ format: 'date' }), ...counts, revenue: z.number().int() })),
    conversion: z.record(z.string(), z.number().nullable()),
  })
  .meta({ id: 'Funnel' });
const ListBody = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    funnels: z.array(
      z.object({
        kind: z.string(),
        id: z.string(),
        title: z.string(),
        reached: z.number().int(),
        card_opens: z.number().int(),
        buy_clicks: z.number().int(),
        checkouts: z.number().int(),
        orders: z.number().int(),
        revenue: Money,
      }),
    ),
  })
  .meta({ id: 'FunnelList' });
const day = (what: string) =>
  z
    .string()
    .optional()
    .meta({ format: 'date', description: `${what} Paris day (YYYY-MM-DD), inclusive` });

const statusFunnel = route({
  method: 'get',
  path: '/api/v1/statuses/{id}/funnel',
  tags: ['Analytics'],
  summary: "A shoppable post's like-to-buy funnel (the team of an attached product's brand)",
  auth: 'user',
  scope: 'read',
  request: {
    params: z.object({ id: id('The post', 'Status') }),
    query: z.object({ from: day('First'), to: day('Last') }),
  },
  responses: { 200: json(FunnelBody, 'Totals, by day and conversions'), ...failures(401, 404, 422) },
});

const brandList = route({
  method: 'get',
  path: '/api/v1/brands/{id}/analytics/funnels',
  tags: ['Analytics'],
  summary: "A brand's funnels (posts, pop-ups, campaigns, ambassador links), or one with kind and id",
  auth: 'user',
  scope: 'read',
  request: {
    params: z.object({ id: id('The brand', 'Brand') }),
    query: z.object({
      kind: z.string().optional().meta({ description: 'status, popup, campaign or link: one funnel' }),
      id: z.string().optional().meta({ format: 'uuid', description: 'With kind: the subject' }),
      sort: z.string().optional().meta({ description: 'The list: revenue (default), orders, reached, checkouts' }),
      from: day('First'),
      to: day('Last (default today; the list starts 90 days before)'),
    }),
  },
  responses: {
    200: json(z.union([FunnelBody, ListBody]), 'The list, or one funnel'),
    ...failures(401, 404, 422),
  },
});

const present = (f: Funnel) => f;

export const funnelApi: RouteModule = (app, ctx) => {
  mount(app, statusFunnel, async (c) => {
    const q = c.req.valid('query');
    const viewer = c.get('viewer')!.accountId;
    const funnel = await readFunnel(ctx, viewer, { kind: 'status', id: c.req.valid('param').id.toLowerCase() }, q);
    return c.json(present(funnel), 200);
  });

  mount(app, brandList, async (c) => {
    const q = c.req.valid('query');
    const viewer = c.get('viewer')!.accountId;
    const brandId = c.req.valid('param').id.toLowerCase();
    await assertReader(ctx, viewer, brandId);
    if (q.kind !== undefined || q.id !== undefined) {
      const kind = parseKind(q.kind);
      const subjectId = (q.id ?? '').toLowerCase();
      const funnel = await readFunnel(ctx, viewer, { kind, id: subjectId, brandId }, q);
      return c.json(present(funnel), 200);
    }
    const list = await brandFunnels(ctx, brandId, { from: q.from, to: q.to, sort: parseSort(q.sort) });
    return c.json(
      {
        from: list.from,
        to: list.to,
        currency: list.currency,
        funnels: list.rows.map((r) => ({ ...r, revenue: { amount: r.revenue, currency: list.currency } })),
      },
      200,
    );
  });
};
