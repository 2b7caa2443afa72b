// A brand's webhook endpoints and their deliveries: our own JSON API.
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { requireViewer } from '../../../http/middleware';
import { errors, parseParams, registerOperations } from '../../../http/openapi';
import { int, queryParams, readParams } from '../../../http/params';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  SIGNATURE_HEADER,
} from './webhooks';
import { presentDelivery, presentWebhookEndpoint } from './present';
import { pathUuid, setNextLink } from '../api-helpers';
import { brandId, deliverySchema, pathId, read, T, WebhookCreate, webhookSchema, write } from '../api-schemas';

registerOperations([
  {
    method: 'get',
    path: '/api/v1/brands/{id}/webhooks',
    tags: T.hooks,
    summary: 'Owner/admin: the brand’s webhook endpoints (secrets are not shown again)',
    ...read,
    parameters: [brandId],
    responses: {
      200: { description: 'Endpoints', schema: { type: 'array', items: webhookSchema } },
      ...errors(401, 403, 404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/webhooks',
    tags: T.hooks,
    summary: 'Owner/admin: register an HTTPS endpoint for order events',
    description: `Deliveries are POSTs of {"id","type","created_at","data":{"order",…}} signed with ${SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>; retried with backoff on any non-2xx or after 10 s.`,
    ...write,
    parameters: [brandId],
    body: { schema: WebhookCreate },
    responses: {
      201: { description: 'The endpoint, with its secret (shown once)', schema: webhookSchema },
      ...errors(400, 401, 403, 404, 422),
    },
  },
  {
    method: 'delete',
    path: '/api/v1/brands/{id}/webhooks/{webhook_id}',
    tags: T.hooks,
    summary: 'Owner/admin: delete an endpoint and its delivery log',
    ...write,
    parameters: [brandId, pathId('webhook_id', 'Endpoint id')],
    responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/webhooks/{webhook_id}/deliveries',
    tags: T.hooks,
    summary: 'Owner/admin: the endpoint’s deliveries with their status, attempts and last answer',
    ...read,
    parameters: [brandId, pathId('webhook_id', 'Endpoint id')],
    query: z.object({ max_id: z.string().optional(), limit: z.string().optional() }),
    responses: {
      200: { description: 'Deliveries, newest first', schema: { type: 'array', items: deliverySchema } },
      ...errors(401, 403, 404),
    },
  },
]);

/** A brand's webhook endpoints and their delivery log. */
export const webhookRoutes: RouteModule = (app, ctx) => {
  const publicUrl = ctx.config.publicUrl;
  app.get('/api/v1/brands/:id/webhooks', async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await listWebhookEndpoints(ctx, viewer.accountId, pathUuid(c, 'id', 'Brand'));
    return c.json(rows.map((e) => presentWebhookEndpoint(e)));
  });

  app.post('/api/v1/brands/:id/webhooks', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = pathUuid(c, 'id', 'Brand');
    const input = parseParams(WebhookCreate, await readParams(c));
    const { endpoint, secret } = await createWebhookEndpoint(ctx, viewer.accountId, brand, input);
    return c.json(presentWebhookEndpoint(endpoint, secret), 201);
  });

  app.delete('/api/v1/brands/:id/webhooks/:webhook_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteWebhookEndpoint(
      ctx,
      viewer.accountId,
      pathUuid(c, 'id', 'Brand'),
      pathUuid(c, 'webhook_id', 'Webhook endpoint'),
    );
    return c.json({});
  });

  app.get('/api/v1/brands/:id/webhooks/:webhook_id/deliveries', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const limit = int(q, 'limit', { min: 1, max: 100 }) ?? 20;
    const rows = await listDeliveries(
      ctx,
      viewer.accountId,
      pathUuid(c, 'id', 'Brand'),
      pathUuid(c, 'webhook_id', 'Webhook endpoint'),
      {
        maxId: typeof q.max_id === 'string' && q.max_id ? q.max_id : undefined,
        limit,
      },
    );
    setNextLink(
      c,
      publicUrl,
      rows.map((r) => r.id),
      limit,
    );
    return c.json(rows.map(presentDelivery));
  });
};
