// What the rest of commerce uses of webhooks/.
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliverWebhook,
  fanOutWebhooks,
  listDeliveries,
  listWebhookEndpoints,
  presentDelivery,
  presentWebhookEndpoint,
  SIGNATURE_HEADER,
} from './webhooks';
