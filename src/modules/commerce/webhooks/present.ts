// Webhook endpoints and deliveries as our JSON API shows them.
import type { WebhookDelivery, WebhookEndpoint } from './webhooks';

export function presentWebhookEndpoint(e: WebhookEndpoint, secret?: string) {
  return {
    id: e.id,
    brand_id: e.brandId,
    url: e.url,
    events: e.events,
    active: e.active,
    created_at: e.createdAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}

export function presentDelivery(d: WebhookDelivery) {
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    delivered_at: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    payload: d.payload,
  };
}
