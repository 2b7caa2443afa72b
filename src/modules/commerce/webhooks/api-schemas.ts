/** Request and response schemas of the webhooks API (api.ts puts them in contracts). */
import { z } from 'zod';
import { int } from '../../../http/contract';
import { webhookEventNames } from '../orders';
import { SIGNATURE_HEADER } from './webhooks';

export const WebhookCreate = z.object({
  url: z.string().meta({ maxLength: 2000, description: 'https:// address that receives POSTs' }),
  // The service reads a list or a comma-separated string, and answers 400/422 for a bad one.
  events: z
    .union([z.array(z.string()), z.string()])
    .meta({ description: `Events to receive (default all): ${webhookEventNames.join(', ')}, or *` })
    .optional(),
});

export const DeliveriesQuery = z.object({
  max_id: z.string().meta({ format: 'uuid', description: 'Deliveries older than this id (next page)' }).optional(),
  limit: int(1, 100, '1 to 100, default 20'),
});

const uuid = z.string().meta({ format: 'uuid' });
const time = z.string().meta({ format: 'date-time' });

export const WebhookEndpointEntity = z
  .object({
    id: uuid,
    brand_id: uuid,
    url: z.string().meta({ format: 'uri' }),
    events: z.array(z.string()),
    active: z.boolean(),
    created_at: time,
    secret: z
      .string()
      .meta({ description: `Only in the creation answer: the key of the ${SIGNATURE_HEADER} HMAC. Keep it.` })
      .optional(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const WebhookDeliveryEntity = z
  .object({
    id: uuid,
    endpoint_id: uuid,
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable().meta({ description: 'The endpoint’s last HTTP answer' }),
    last_error: z.string().nullable(),
    created_at: time,
    delivered_at: time.nullable(),
    payload: z.unknown().meta({
      type: 'object',
      description: 'The JSON body POSTed (signed as it is sent): {"id", "type", "created_at", "data"}',
    }),
  })
  .meta({ id: 'WebhookDelivery' });
