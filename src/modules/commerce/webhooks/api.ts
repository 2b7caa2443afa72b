/**
 * A brand's webhook endpoints and their deliveries: our own JSON API. Each route is a contract
 * (src/http/contract.ts): its schemas check the requests, type the handlers and describe it in
 * the OpenAPI document; the service checks the rules (owner or admin, public HTTPS URLs).
 * These routes only manage endpoints: the deliveries we send are signed over their raw body
 * (webhooks.ts); no route here receives a provider's signed webhook.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { setNextLink } from '../../../http/pagination';
import { DeliveriesQuery, WebhookCreate, WebhookDeliveryEntity, WebhookEndpointEntity } from './api-schemas';
import { presentDelivery, presentWebhookEndpoint } from './present';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  SIGNATURE_HEADER,
} from './webhooks';

// Contracts ---------------------------------------------------------------------------------------

const tags = ['Webhooks'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const brand = z.object({ id: id('The brand’s account id', 'Brand') });
const endpoint = brand.extend({ webhook_id: id('Endpoint id', 'Webhook endpoint') });

const list = route({
  method: 'get',
  path: '/api/v1/brands/{id}/webhooks',
  tags,
  summary: 'Owner/admin: the brand’s webhook endpoints (secrets are not shown again)',
  ...reader,
  request: { params: brand },
  responses: { 200: json(z.array(WebhookEndpointEntity), 'Endpoints'), ...failures(401, 403, 404) },
});
const create = route({
  method: 'post',
  path: '/api/v1/brands/{id}/webhooks',
  tags,
  summary: 'Owner/admin: register an HTTPS endpoint for order events',
  description:
    `Deliveries are POSTs of {"id","type","created_at","data":{"order",…}} signed with ${SIGNATURE_HEADER}: ` +
    't=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")> over the raw body; retried with backoff on any non-2xx ' +
    'or after 10 s.',
  ...writer,
  request: { params: brand, body: body(WebhookCreate) },
  responses: {
    201: json(WebhookEndpointEntity, 'The endpoint, with its secret (shown once)'),
    ...failures(400, 401, 403, 404, 422),
  },
});
const remove = route({
  method: 'delete',
  path: '/api/v1/brands/{id}/webhooks/{webhook_id}',
  tags,
  summary: 'Owner/admin: delete an endpoint and its delivery log',
  ...writer,
  request: { params: endpoint },
  responses: { 200: json(z.object({}), 'Removed; {}'), ...failures(401, 403, 404) },
});
const deliveries = route({
  method: 'get',
  path: '/api/v1/brands/{id}/webhooks/{webhook_id}/deliveries',
  tags,
  summary: 'Owner/admin: the endpoint’s deliveries with their status, attempts and last answer',
  description: 'Keyset paging: follow the Link header (rel="next").',
  ...reader,
  request: { params: endpoint, query: DeliveriesQuery },
  responses: {
    200: json(z.array(WebhookDeliveryEntity), 'Deliveries, newest first'),
    ...failures(400, 401, 403, 404),
  },
});

// Routes ------------------------------------------------------------------------------------------

/** A brand's webhook endpoints and their delivery log. */
export const webhookRoutes: RouteModule = (app, ctx) => {
  const publicUrl = ctx.config.publicUrl;

  mount(app, list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await listWebhookEndpoints(ctx, viewer.accountId, c.req.valid('param').id);
    return c.json(
      rows.map((e) => presentWebhookEndpoint(e)),
      200,
    );
  });

  mount(app, create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brandId = c.req.valid('param').id;
    const { endpoint, secret } = await createWebhookEndpoint(ctx, viewer.accountId, brandId, c.req.valid('json'));
    return c.json(presentWebhookEndpoint(endpoint, secret), 201);
  });

  mount(app, remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, webhook_id } = c.req.valid('param');
    await deleteWebhookEndpoint(ctx, viewer.accountId, id, webhook_id);
    return c.json({}, 200);
  });

  mount(app, deliveries, async (c) => {
    const viewer = requireViewer(c, 'read');
    const { id, webhook_id } = c.req.valid('param');
    const query = c.req.valid('query');
    const limit = query.limit ?? 20;
    const rows = await listDeliveries(ctx, viewer.accountId, id, webhook_id, {
      maxId: query.max_id || undefined,
      limit,
    });
    setNextLink(
      c,
      publicUrl,
      rows.map((r) => r.id),
      limit,
    );
    return c.json(rows.map(presentDelivery), 200);
  });
};
