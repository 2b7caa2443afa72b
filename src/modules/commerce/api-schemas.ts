// The request and response schemas of the orders, addresses and shipping API.
import { z } from 'zod';
import { registerSchema, type JsonSchema } from '../../http/openapi';
import { orderStatuses, shippingKinds } from './schema';

export const id = (description: string) => z.string().meta({ format: 'uuid', description });

const AddressInput = z.object({
  name: z.string().meta({ maxLength: 100, description: 'Recipient' }),
  line1: z.string().meta({ maxLength: 200 }),
  line2: z.string().meta({ maxLength: 200 }).optional(),
  postal_code: z.string().meta({ maxLength: 12, description: '5 digits in France' }),
  city: z.string().meta({ maxLength: 100 }),
  country: z.string().meta({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166 two-letter code, e.g. FR' }),
  phone: z.string().meta({ maxLength: 30 }).optional(),
});

export const OrderCreate = z.object({
  lines: z
    .array(
      z.object({
        variant_id: id('A published variant'),
        quantity: z.number().meta({ description: 'A whole number ≥ 1 (two lines on one variant add up)' }),
      }),
    )
    .meta({ description: 'What to buy, from one brand, 1 to 100 lines' }),
  payment_method_id: id('One of your saved payment methods (POST /api/v1/payment_methods)'),
  shipping_address: AddressInput.optional().meta({
    description: 'Where to ship; or address_id. Required for physical goods',
  }),
  address_id: id('One of your saved addresses, instead of shipping_address').optional(),
  shipping_method_id: id('One of the brand’s shipping methods; default: the brand’s default method').optional(),
  source_status_id: id('The post the order comes from (Buy button on a shoppable post)').optional(),
  expected_prices: z
    .record(z.string(), z.number())
    .meta({
      description: 'Unit prices the buyer saw, by variant id: a different current price answers 409 price_changed',
    })
    .optional(),
});

export const ShipBody = z.object({
  carrier: z.string().meta({ maxLength: 60, description: 'e.g. Colissimo, Chronopost, Mondial Relay' }),
  tracking_number: z.string().meta({ maxLength: 100 }),
});
export const RefundBody = z.object({
  amount: z.number().meta({ description: 'Minor units; default: everything not yet refunded' }).optional(),
  reason: z.string().meta({ maxLength: 500 }).optional(),
});
export const CancelBody = z.object({ reason: z.string().meta({ maxLength: 500 }).optional() });
export const ReturnBody = z.object({
  kind: z
    .string()
    .meta({
      enum: ['return', 'repair'],
      description: 'Send it back for a refund, or have it repaired (default return)',
    })
    .optional(),
  reason: z.string().meta({ maxLength: 2000 }),
  photos: z
    .array(z.file())
    .meta({ description: 'Up to 4 images (JPEG, PNG, WebP, GIF, AVIF), multipart only' })
    .optional(),
});
export const ReturnMoveBody = z.object({
  note: z.string().meta({ maxLength: 2000, description: 'Shown to the buyer (e.g. why it is refused)' }).optional(),
  outcome: z
    .string()
    .meta({
      enum: ['refunded', 'repaired'],
      description: 'resolve only: default refunded for a return, repaired for a repair',
    })
    .optional(),
  amount: z.number().meta({ description: 'resolve refunded only: minor units, default all that is left' }).optional(),
});
export const AddressCreate = AddressInput.extend({ default: z.boolean().optional() });
const MoneyIn = z.object({ amount: z.number(), currency: z.string().optional() });
export const ShippingCreate = z.object({
  kind: z.string().meta({
    enum: [...shippingKinds],
    description: 'flat: a fixed price; free_above: free from an order subtotal; pickup: collect in store (free)',
  }),
  name: z.string().meta({ maxLength: 60 }),
  price: MoneyIn.optional().meta({ description: 'Minor units; ignored for pickup' }),
  free_above: MoneyIn.nullable()
    .optional()
    .meta({ description: 'free_above only: subtotal from which shipping is free' }),
  default: z.boolean().optional(),
});
export const ShippingUpdate = ShippingCreate.partial();
const money: JsonSchema = {
  type: 'object',
  properties: { amount: { type: 'integer', description: 'Minor units' }, currency: { type: 'string' } },
  required: ['amount', 'currency'],
};
const person: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    username: { type: 'string' },
    display_name: { type: 'string' },
  },
};
export const returnSchema = registerSchema('ReturnRequest', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    order_id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['return', 'repair'] },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['requested', 'accepted', 'refused', 'received', 'refunded', 'repaired'] },
    resolution: { type: 'string' },
    photos: {
      type: 'array',
      items: { type: 'object', properties: { url: { type: 'string' }, preview_url: { type: 'string' } } },
    },
    created_at: { type: 'string', format: 'date-time' },
  },
});
const orderCore: Record<string, JsonSchema> = {
  id: { type: 'string', format: 'uuid' },
  number: { type: 'string', description: 'Short reference for people' },
  status: { type: 'string', enum: [...orderStatuses] },
  brand: person,
  buyer: person,
  total: { ...money, description: 'VAT included, shipping included' },
  subtotal: money,
  shipping: {
    type: 'object',
    properties: { method_id: { type: ['string', 'null'] }, name: { type: 'string' }, amount: money },
  },
  vat: { ...money, description: 'VAT contained in the total' },
  refunded: money,
  refundable: money,
  currency: { type: 'string' },
  lines: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        variant_id: { type: 'string' },
        product_id: { type: 'string' },
        title: { type: 'string' },
        sku: { type: 'string' },
        options: { type: 'object' },
        quantity: { type: 'integer' },
        unit_price: money,
        vat_rate: { type: 'number', description: 'Percent, e.g. 20' },
        vat: money,
        total: money,
      },
    },
  },
  shipping_address: { type: ['object', 'null'] },
  carrier: { type: ['string', 'null'] },
  tracking_number: { type: ['string', 'null'] },
  source_status_id: { type: ['string', 'null'] },
  created_at: { type: 'string', format: 'date-time' },
  paid_at: { type: ['string', 'null'], format: 'date-time' },
  shipped_at: { type: ['string', 'null'], format: 'date-time' },
  delivered_at: { type: ['string', 'null'], format: 'date-time' },
  cancelled_at: { type: ['string', 'null'], format: 'date-time' },
  expires_at: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'Unpaid orders only: when the held stock is released',
  },
};
export const orderSummarySchema = registerSchema('OrderSummary', {
  type: 'object',
  properties: orderCore,
  required: ['id', 'status', 'total'],
});
export const orderSchema = registerSchema('Order', {
  type: 'object',
  description: 'An order with its timeline ("where is my order"), payments and return requests.',
  properties: {
    ...orderCore,
    payment_method: {
      type: ['object', 'null'],
      properties: {
        id: { type: 'string' },
        provider: { type: 'string' },
        brand: { type: 'string' },
        last4: { type: 'string' },
      },
    },
    next_action: {
      type: ['object', 'null'],
      properties: { url: { type: 'string' } },
      description: 'A payment that needs the buyer (3-D Secure): open the url, then POST confirm_payment',
    },
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          created_at: { type: 'string' },
          data: { type: 'object' },
        },
      },
    },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string', enum: ['authorization', 'capture', 'refund', 'void'] },
          amount: money,
          status: { type: 'string' },
          created_at: { type: 'string' },
        },
      },
    },
    returns: { type: 'array', items: returnSchema },
    url: { type: 'string', description: 'The order’s status page' },
  },
  required: ['id', 'status', 'total'],
});
export const addressSchema = registerSchema('Address', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    line1: { type: 'string' },
    line2: { type: 'string' },
    postal_code: { type: 'string' },
    city: { type: 'string' },
    country: { type: 'string' },
    phone: { type: 'string' },
    default: { type: 'boolean' },
  },
});
export const shippingSchema = registerSchema('ShippingMethod', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: [...shippingKinds] },
    name: { type: 'string' },
    price: money,
    free_above: { anyOf: [money, { type: 'null' }] },
    default: { type: 'boolean' },
    active: { type: 'boolean' },
  },
});
export const OrderListQuery = z.object({
  status: z
    .string()
    .meta({ description: `Comma-separated: ${orderStatuses.join(', ')}` })
    .optional(),
  max_id: z.string().meta({ description: 'Orders older than this id (next page)' }).optional(),
  since_id: z.string().meta({ description: 'Orders newer than this id' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
});
export const BrandOrderQuery = OrderListQuery.extend({
  from: z.string().meta({ description: 'Created on or after: YYYY-MM-DD or an ISO 8601 time' }).optional(),
  to: z
    .string()
    .meta({ description: 'Created before: YYYY-MM-DD (that whole day included) or an ISO 8601 time' })
    .optional(),
  buyer: z.string().meta({ description: 'A buyer’s account id or username' }).optional(),
});

export const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  description:
    'Any unique string (≤ 255): a retry with the same key and body answers the first result and never charges twice; the same key with another body is 422',
};
export const pathId = (name: string, description: string) => ({
  name,
  in: 'path' as const,
  description,
  schema: { type: 'string', format: 'uuid' },
});
export const orderId = pathId('id', 'The order id');
export const brandId = pathId('id', 'The brand’s account id');
export const orderOk = { 200: { description: 'The order', schema: orderSchema } };
export const T = {
  orders: ['Orders'],
  returns: ['Orders: returns'],
  addr: ['Addresses'],
  ship: ['Shipping methods'],
};
export const write = { auth: 'user' as const, scopes: ['write'] };
export const read = { auth: 'user' as const, scopes: ['read'] };
