/**
 * A brand's privacy requests over the API, for its owners and admins (others 404):
 * `GET /api/v1/brands/:id/privacy_requests` (newest first, `max_id` to page) and
 * `POST /api/v1/brands/:id/privacy_requests/:request_id/done`.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { failures, flag, id, int, json, mount, route } from '../../../http/contract';
import { listBrandPrivacyRequests, markPrivacyRequestDone, type BrandPrivacyRequest } from './service';

const PrivacyRequest = z
  .object({
    id: z.string(),
    kind: z.enum(['redact', 'data_request']),
    customer_id: z.string().nullable().meta({ description: 'The customer’s account id; null once it is erased' }),
    order_ids: z.array(z.string()),
    requested_at: z.string(),
    done_at: z.string().nullable(),
  })
  .meta({ id: 'PrivacyRequest' });

const tags = ['Privacy'];

export const brandPrivacyContracts = {
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/privacy_requests',
    tags,
    auth: 'user',
    scope: 'read',
    summary: 'The privacy requests (erasure, data copy) about the brand’s customers; owners and admins',
    request: {
      params: z.object({ id: id('The brand', 'Brand') }),
      query: z.object({
        max_id: z.string().optional().meta({ description: 'Only requests older than this id' }),
        limit: int(1, 200, 'How many (default 50)'),
        open: flag('Only those not marked done'),
      }),
    },
    responses: { 200: json(z.array(PrivacyRequest), 'The requests, newest first'), ...failures(401, 404) },
  }),
  done: route({
    method: 'post',
    path: '/api/v1/brands/{id}/privacy_requests/{request_id}/done',
    tags,
    auth: 'user',
    scope: 'write',
    summary: 'Marks a privacy request as applied in the brand’s own tools',
    request: { params: z.object({ id: id('The brand', 'Brand'), request_id: id('The request', 'Privacy request') }) },
    responses: { 200: json(PrivacyRequest, 'The request'), ...failures(401, 404) },
  }),
};

const present = (r: BrandPrivacyRequest) => ({
  id: r.id,
  kind: r.kind,
  customer_id: r.accountId,
  order_ids: r.orderIds,
  requested_at: r.requestedAt.toISOString(),
  done_at: r.doneAt?.toISOString() ?? null,
});

export const brandPrivacyApi: RouteModule = (app, ctx) => {
  mount(app, brandPrivacyContracts.list, async (c) => {
    const query = c.req.valid('query');
    const { requests } = await listBrandPrivacyRequests(ctx, c.get('viewer')!.accountId, c.req.valid('param').id, {
      before: query.max_id,
      limit: query.limit ?? 50,
      open: query.open,
    });
    return c.json(requests.map(present), 200);
  });
  mount(app, brandPrivacyContracts.done, async (c) => {
    const { id: brandId, request_id } = c.req.valid('param');
    return c.json(present(await markPrivacyRequestDone(ctx, c.get('viewer')!.accountId, brandId, request_id)), 200);
  });
};
