// The request and response schemas of the payment methods and webhooks API (orders, cart and shipping have theirs
// in their own folders, next to their contracts).
import { z } from 'zod';
import { registerSchema } from '../../http/openapi';
import { webhookEventNames } from './orders';
import { SIGNATURE_HEADER } from './webhooks';

export const PaymentMethodCreate = z.object({
  provider: z.string().meta({ description: 'test (built in) or stripe (when configured); default test' }).optional(),
  token: z.string().meta({
    maxLength: 200,
    description:
      'The provider’s token (test: tok_visa, tok_mastercard, tok_declined, tok_requires_action, tok_network_error). Never a card number.',
  }),
  default: z.boolean().optional(),
});
export const WebhookCreate = z.object({
  url: z.string().meta({ maxLength: 2000, description: 'https:// address that receives POSTs' }),
  events: z
    .array(z.string())
    .meta({ description: `Events to receive (default all): ${webhookEventNames.join(', ')}, or *` })
    .optional(),
});

export const paymentMethodSchema = registerSchema('PaymentMethod', {
  type: 'object',
  description: 'A saved payment method: display facts only, never the card number nor the provider token.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    provider: { type: 'string' },
    brand: { type: 'string', description: 'Card brand: visa, mastercard…' },
    last4: { type: 'string' },
    exp_month: { type: 'integer' },
    exp_year: { type: 'integer' },
    default: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'brand', 'last4'],
});
export const webhookSchema = registerSchema('WebhookEndpoint', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    secret: {
      type: 'string',
      description: `Only in the creation answer: the key of the ${SIGNATURE_HEADER} HMAC. Keep it.`,
    },
  },
});
export const deliverySchema = registerSchema('WebhookDelivery', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    endpoint_id: { type: 'string' },
    event: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    last_status_code: { type: ['integer', 'null'] },
    last_error: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    delivered_at: { type: ['string', 'null'] },
    payload: { type: 'object' },
  },
});

export const pathId = (name: string, description: string) => ({
  name,
  in: 'path' as const,
  description,
  schema: { type: 'string', format: 'uuid' },
});
export const brandId = pathId('id', 'The brand’s account id');
export const T = { pm: ['Payment methods'], hooks: ['Webhooks'] };
export const write = { auth: 'user' as const, scopes: ['write'] };
export const read = { auth: 'user' as const, scopes: ['read'] };
