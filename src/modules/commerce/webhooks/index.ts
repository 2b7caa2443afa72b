// What the rest of commerce uses of webhooks/.
export { deliverWebhook, fanOutWebhooks, SIGNATURE_HEADER } from './webhooks';
