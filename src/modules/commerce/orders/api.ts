/**
 * Orders, payment methods, addresses, shipping methods and webhooks: our own JSON API (errors
 * `{"error": {"code", "message"}}`), described in the OpenAPI document from the same zod schemas
 * that check the requests. Schemas check types (400); the services check the rules and who may
 * do what (403/404/409/422). A provider token never leaves the server: saved methods show their
 * card brand, last 4 digits and expiry only.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { badRequest, notFound, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { errors, parseParams, registerOperations, registerSchema, type JsonSchema } from '../../../http/openapi';
import { bool, int, queryParams, readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { deleteAddress, listAddresses, saveAddress, type Address } from '../shipping';
import { placeOrderOnce, type OrderRequest } from '../checkout';
import { cancelOrder, confirmPayment, deliverOrder, markPreparing, refundOrder, shipOrder } from './transitions';
import { checkStatuses, getOrder, listBrandOrders, listMyOrders, resolveBuyer, type OrderFilters } from './read';
import { createShippingMethod, deleteShippingMethod, listShippingMethods, presentShippingMethod, updateShippingMethod, type ShippingInput } from '../shipping';
import { exportOrdersCsv } from './csv';
import { handleReturn, requestReturn, type ReturnAction } from './returns';
import { presentOrder, presentOrderSummary, presentReturn } from './present';
import { teamRole } from './access';
import { webhookEventNames } from './model';
import { deletePaymentMethod, listPaymentMethods, presentPaymentMethod, savePaymentMethod, setDefaultPaymentMethod } from '../payments';
import { orderStatuses, shippingKinds } from '../schema';
import { createWebhookEndpoint, deleteWebhookEndpoint, listDeliveries, listWebhookEndpoints, presentDelivery, presentWebhookEndpoint, SIGNATURE_HEADER } from '../webhooks';

type Ctx = Context<AppEnv>;

// Schemas -------------------------------------------------------------------------------------

const id = (description: string) => z.string().meta({ format: 'uuid', description });

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
  shipping_address: AddressInput.optional().meta({ description: 'Where to ship; or address_id. Required for physical goods' }),
  address_id: id('One of your saved addresses, instead of shipping_address').optional(),
  shipping_method_id: id('One of the brand’s shipping methods; default: the brand’s default method').optional(),
  source_status_id: id('The post the order comes from (Buy button on a shoppable post)').optional(),
  expected_prices: z.record(z.string(), z.number()).meta({ description: 'Unit prices the buyer saw, by variant id: a different current price answers 409 price_changed' }).optional(),
});

const ShipBody = z.object({
  carrier: z.string().meta({ maxLength: 60, description: 'e.g. Colissimo, Chronopost, Mondial Relay' }),
  tracking_number: z.string().meta({ maxLength: 100 }),
});
const RefundBody = z.object({
  amount: z.number().meta({ description: 'Minor units; default: everything not yet refunded' }).optional(),
  reason: z.string().meta({ maxLength: 500 }).optional(),
});
const CancelBody = z.object({ reason: z.string().meta({ maxLength: 500 }).optional() });
const ReturnBody = z.object({
  kind: z.string().meta({ enum: ['return', 'repair'], description: 'Send it back for a refund, or have it repaired (default return)' }).optional(),
  reason: z.string().meta({ maxLength: 2000 }),
  photos: z.array(z.file()).meta({ description: 'Up to 4 images (JPEG, PNG, WebP, GIF, AVIF), multipart only' }).optional(),
});
const ReturnMoveBody = z.object({
  note: z.string().meta({ maxLength: 2000, description: 'Shown to the buyer (e.g. why it is refused)' }).optional(),
  outcome: z.string().meta({ enum: ['refunded', 'repaired'], description: 'resolve only: default refunded for a return, repaired for a repair' }).optional(),
  amount: z.number().meta({ description: 'resolve refunded only: minor units, default all that is left' }).optional(),
});
const PaymentMethodCreate = z.object({
  provider: z.string().meta({ description: 'test (built in) or stripe (when configured); default test' }).optional(),
  token: z.string().meta({ maxLength: 200, description: 'The provider’s token (test: tok_visa, tok_mastercard, tok_declined, tok_requires_action, tok_network_error). Never a card number.' }),
  default: z.boolean().optional(),
});
const AddressCreate = AddressInput.extend({ default: z.boolean().optional() });
const MoneyIn = z.object({ amount: z.number(), currency: z.string().optional() });
const ShippingCreate = z.object({
  kind: z.string().meta({ enum: [...shippingKinds], description: 'flat: a fixed price; free_above: free from an order subtotal; pickup: collect in store (free)' }),
  name: z.string().meta({ maxLength: 60 }),
  price: MoneyIn.optional().meta({ description: 'Minor units; ignored for pickup' }),
  free_above: MoneyIn.nullable().optional().meta({ description: 'free_above only: subtotal from which shipping is free' }),
  default: z.boolean().optional(),
});
const ShippingUpdate = ShippingCreate.partial();
const WebhookCreate = z.object({
  url: z.string().meta({ maxLength: 2000, description: 'https:// address that receives POSTs' }),
  events: z.array(z.string()).meta({ description: `Events to receive (default all): ${webhookEventNames.join(', ')}, or *` }).optional(),
});

const money: JsonSchema = { type: 'object', properties: { amount: { type: 'integer', description: 'Minor units' }, currency: { type: 'string' } }, required: ['amount', 'currency'] };
const person: JsonSchema = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, username: { type: 'string' }, display_name: { type: 'string' } } };
const returnSchema = registerSchema('ReturnRequest', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    order_id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['return', 'repair'] },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['requested', 'accepted', 'refused', 'received', 'refunded', 'repaired'] },
    resolution: { type: 'string' },
    photos: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, preview_url: { type: 'string' } } } },
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
  shipping: { type: 'object', properties: { method_id: { type: ['string', 'null'] }, name: { type: 'string' }, amount: money } },
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
  expires_at: { type: ['string', 'null'], format: 'date-time', description: 'Unpaid orders only: when the held stock is released' },
};
const orderSummarySchema = registerSchema('OrderSummary', { type: 'object', properties: orderCore, required: ['id', 'status', 'total'] });
const orderSchema = registerSchema('Order', {
  type: 'object',
  description: 'An order with its timeline ("where is my order"), payments and return requests.',
  properties: {
    ...orderCore,
    payment_method: { type: ['object', 'null'], properties: { id: { type: 'string' }, provider: { type: 'string' }, brand: { type: 'string' }, last4: { type: 'string' } } },
    next_action: { type: ['object', 'null'], properties: { url: { type: 'string' } }, description: 'A payment that needs the buyer (3-D Secure): open the url, then POST confirm_payment' },
    events: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' }, created_at: { type: 'string' }, data: { type: 'object' } } } },
    payments: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string', enum: ['authorization', 'capture', 'refund', 'void'] }, amount: money, status: { type: 'string' }, created_at: { type: 'string' } } },
    },
    returns: { type: 'array', items: returnSchema },
    url: { type: 'string', description: 'The order’s status page' },
  },
  required: ['id', 'status', 'total'],
});
const paymentMethodSchema = registerSchema('PaymentMethod', {
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
const addressSchema = registerSchema('Address', {
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
const shippingSchema = registerSchema('ShippingMethod', {
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
const webhookSchema = registerSchema('WebhookEndpoint', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    secret: { type: 'string', description: `Only in the creation answer: the key of the ${SIGNATURE_HEADER} HMAC. Keep it.` },
  },
});
const deliverySchema = registerSchema('WebhookDelivery', {
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

const OrderListQuery = z.object({
  status: z.string().meta({ description: `Comma-separated: ${orderStatuses.join(', ')}` }).optional(),
  max_id: z.string().meta({ description: 'Orders older than this id (next page)' }).optional(),
  since_id: z.string().meta({ description: 'Orders newer than this id' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
});
const BrandOrderQuery = OrderListQuery.extend({
  from: z.string().meta({ description: 'Created on or after: YYYY-MM-DD or an ISO 8601 time' }).optional(),
  to: z.string().meta({ description: 'Created before: YYYY-MM-DD (that whole day included) or an ISO 8601 time' }).optional(),
  buyer: z.string().meta({ description: 'A buyer’s account id or username' }).optional(),
});

const idempotencyHeader = { name: 'Idempotency-Key', in: 'header' as const, description: 'Any unique string (≤ 255): a retry with the same key and body answers the first result and never charges twice; the same key with another body is 422' };
const pathId = (name: string, description: string) => ({ name, in: 'path' as const, description, schema: { type: 'string', format: 'uuid' } });
const orderId = pathId('id', 'The order id');
const brandId = pathId('id', 'The brand’s account id');
const orderOk = { 200: { description: 'The order', schema: orderSchema } };
const T = { orders: ['Orders'], returns: ['Orders: returns'], pm: ['Payment methods'], addr: ['Addresses'], ship: ['Shipping methods'], hooks: ['Webhooks'] };
const write = { auth: 'user' as const, scopes: ['write'] };
const read = { auth: 'user' as const, scopes: ['read'] };

registerOperations([
  {
    method: 'post',
    path: '/api/v1/orders',
    tags: T.orders,
    summary: 'Place an order: take the stock, authorize the payment, record the order',
    description:
      'All or nothing: on 402 or 409 no stock is held and nothing is charged. A payment that needs the buyer (3-D Secure) answers 201 with status awaiting_payment and next_action.url; the stock is held 15 minutes. The payment is captured when the brand ships.',
    ...write,
    parameters: [idempotencyHeader],
    body: { schema: OrderCreate, contentTypes: ['application/json'] },
    responses: {
      201: { description: 'The order (status paid, or awaiting_payment with next_action)', schema: orderSchema },
      ...errors(400, 401),
      402: { description: 'payment_declined (nothing charged) or payment_unavailable (provider unreachable; retry)', schema: errors(402)[402].schema },
      409: { description: 'out_of_stock, price_changed, or idempotency_in_progress', schema: errors(409)[409].schema },
      422: { description: 'Invalid lines (invalid_quantity, unknown_variant, mixed_brands, currency_mismatch), missing_address, invalid_payment_method, invalid_shipping_method, or idempotency_key_reused', schema: errors(422)[422].schema },
    },
  },
  { method: 'get', path: '/api/v1/orders', tags: T.orders, summary: 'Your orders, newest first', ...read, query: OrderListQuery, responses: { 200: { description: 'Orders (Link header for the next page)', schema: { type: 'array', items: orderSummarySchema } }, ...errors(400, 401, 422) } },
  { method: 'get', path: '/api/v1/orders/{id}', tags: T.orders, summary: 'One order with its timeline (buyer, or the brand’s team)', ...read, parameters: [orderId], responses: { ...orderOk, ...errors(401, 403, 404) } },
  { method: 'post', path: '/api/v1/orders/{id}/cancel', tags: T.orders, summary: 'Cancel before shipment (buyer; or brand owner/admin): stock back, authorization voided', ...write, parameters: [orderId], body: { schema: CancelBody, required: false }, responses: { ...orderOk, ...errors(400, 401, 403, 404, 409) } },
  { method: 'post', path: '/api/v1/orders/{id}/confirm_payment', tags: T.orders, summary: 'Buyer: finish a payment that needed an action (after next_action.url)', ...write, parameters: [orderId], responses: { ...orderOk, ...errors(401, 402, 404, 409) } },
  { method: 'post', path: '/api/v1/orders/{id}/prepare', tags: T.orders, summary: 'Brand team: mark the order as being prepared', ...write, parameters: [orderId], responses: { ...orderOk, ...errors(401, 403, 404, 409) } },
  {
    method: 'post',
    path: '/api/v1/orders/{id}/ship',
    tags: T.orders,
    summary: 'Brand team: shipped, with carrier and tracking number; captures the payment',
    description: 'Two parallel calls ship once: the second answers 409 invalid_transition. The capture uses the idempotency key order:<id>:capture with the provider.',
    ...write,
    parameters: [orderId],
    body: { schema: ShipBody },
    responses: { ...orderOk, ...errors(400, 401, 403, 404, 409, 422) },
  },
  { method: 'post', path: '/api/v1/orders/{id}/deliver', tags: T.orders, summary: 'Brand team: delivered', ...write, parameters: [orderId], responses: { ...orderOk, ...errors(401, 403, 404, 409) } },
  {
    method: 'post',
    path: '/api/v1/orders/{id}/refund',
    tags: T.orders,
    summary: 'Brand owner/admin: refund all or part (amount ≤ paid − refunded)',
    description: 'A full refund sets the status refunded; a partial one keeps the status. Staff get 403 role_not_allowed.',
    ...write,
    parameters: [orderId, idempotencyHeader],
    body: { schema: RefundBody, required: false },
    responses: { ...orderOk, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'post',
    path: '/api/v1/orders/{id}/returns',
    tags: T.returns,
    summary: 'Buyer, after delivery: ask for a return or a repair, with a reason and up to 4 photos',
    ...write,
    parameters: [orderId],
    body: { schema: ReturnBody, contentTypes: ['multipart/form-data', 'application/json'] },
    responses: { 201: { description: 'The request', schema: returnSchema }, ...errors(400, 401, 404, 409, 413, 422) },
  },
  ...(['accept', 'refuse', 'receive', 'resolve'] as const).map((action) => ({
    method: 'post' as const,
    path: `/api/v1/returns/{id}/${action}`,
    tags: T.returns,
    summary: {
      accept: 'Brand team: accept a return or repair request',
      refuse: 'Brand team: refuse it (note says why)',
      receive: 'Brand team: the item came back',
      resolve: 'Brand team: refunded (owner/admin; amount default all that is left) or repaired',
    }[action],
    ...write,
    parameters: [pathId('id', 'The return request id')],
    body: { schema: ReturnMoveBody, required: false },
    responses: { 200: { description: 'The request', schema: returnSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  })),
  { method: 'get', path: '/api/v1/brands/{id}/orders', tags: T.orders, summary: 'Brand team: the brand’s orders, filtered; unpaid ones only when asked for by status', ...read, parameters: [brandId], query: BrandOrderQuery, responses: { 200: { description: 'Orders (Link header for the next page)', schema: { type: 'array', items: orderSummarySchema } }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'get', path: '/api/v1/brands/{id}/orders.csv', tags: T.orders, summary: 'Brand team: the same list as CSV (UTF-8, amounts in decimal units)', ...read, parameters: [brandId], query: BrandOrderQuery.omit({ limit: true, since_id: true }), responses: { 200: { description: 'text/csv', contentType: 'text/csv', schema: { type: 'string' } }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'get', path: '/api/v1/payment_methods', tags: T.pm, summary: 'Your saved payment methods (default first)', ...read, responses: { 200: { description: 'Methods', schema: { type: 'array', items: paymentMethodSchema } }, ...errors(401) } },
  { method: 'post', path: '/api/v1/payment_methods', tags: T.pm, summary: 'Save a payment method from a provider token; the first becomes the default', ...write, body: { schema: PaymentMethodCreate }, responses: { 201: { description: 'The saved method', schema: paymentMethodSchema }, ...errors(400, 401, 402, 422) } },
  { method: 'delete', path: '/api/v1/payment_methods/{id}', tags: T.pm, summary: 'Forget a saved method', ...write, parameters: [pathId('id', 'Payment method id')], responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 404) } },
  { method: 'post', path: '/api/v1/payment_methods/{id}/default', tags: T.pm, summary: 'Make it the default (one-click buy)', ...write, parameters: [pathId('id', 'Payment method id')], responses: { 200: { description: 'The method', schema: paymentMethodSchema }, ...errors(401, 404) } },
  { method: 'get', path: '/api/v1/addresses', tags: T.addr, summary: 'Your address book (default first)', ...read, responses: { 200: { description: 'Addresses', schema: { type: 'array', items: addressSchema } }, ...errors(401) } },
  { method: 'post', path: '/api/v1/addresses', tags: T.addr, summary: 'Save an address; the first becomes the default', ...write, body: { schema: AddressCreate }, responses: { 201: { description: 'The address', schema: addressSchema }, ...errors(400, 401, 422) } },
  { method: 'delete', path: '/api/v1/addresses/{id}', tags: T.addr, summary: 'Delete an address', ...write, parameters: [pathId('id', 'Address id')], responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 404) } },
  { method: 'get', path: '/api/v1/brands/{id}/shipping_methods', tags: T.ship, summary: 'The brand’s shipping methods (its team may add ?all=true for retired ones)', auth: 'optional', parameters: [brandId], responses: { 200: { description: 'Methods, default first', schema: { type: 'array', items: shippingSchema } }, ...errors(404) } },
  { method: 'post', path: '/api/v1/brands/{id}/shipping_methods', tags: T.ship, summary: 'Owner/admin: add a method (flat, free_above, pickup)', ...write, parameters: [brandId], body: { schema: ShippingCreate }, responses: { 201: { description: 'The method', schema: shippingSchema }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'patch', path: '/api/v1/brands/{id}/shipping_methods/{method_id}', tags: T.ship, summary: 'Owner/admin: change a method; default: true makes it the only default', ...write, parameters: [brandId, pathId('method_id', 'Shipping method id')], body: { schema: ShippingUpdate }, responses: { 200: { description: 'The method', schema: shippingSchema }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'delete', path: '/api/v1/brands/{id}/shipping_methods/{method_id}', tags: T.ship, summary: 'Owner/admin: retire a method (the last one stays: 409)', ...write, parameters: [brandId, pathId('method_id', 'Shipping method id')], responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 403, 404, 409) } },
  { method: 'get', path: '/api/v1/brands/{id}/webhooks', tags: T.hooks, summary: 'Owner/admin: the brand’s webhook endpoints (secrets are not shown again)', ...read, parameters: [brandId], responses: { 200: { description: 'Endpoints', schema: { type: 'array', items: webhookSchema } }, ...errors(401, 403, 404) } },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/webhooks',
    tags: T.hooks,
    summary: 'Owner/admin: register an HTTPS endpoint for order events',
    description: `Deliveries are POSTs of {"id","type","created_at","data":{"order",…}} signed with ${SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>; retried with backoff on any non-2xx or after 10 s.`,
    ...write,
    parameters: [brandId],
    body: { schema: WebhookCreate },
    responses: { 201: { description: 'The endpoint, with its secret (shown once)', schema: webhookSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  { method: 'delete', path: '/api/v1/brands/{id}/webhooks/{webhook_id}', tags: T.hooks, summary: 'Owner/admin: delete an endpoint and its delivery log', ...write, parameters: [brandId, pathId('webhook_id', 'Endpoint id')], responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 403, 404) } },
  { method: 'get', path: '/api/v1/brands/{id}/webhooks/{webhook_id}/deliveries', tags: T.hooks, summary: 'Owner/admin: the endpoint’s deliveries with their status, attempts and last answer', ...read, parameters: [brandId, pathId('webhook_id', 'Endpoint id')], query: z.object({ max_id: z.string().optional(), limit: z.string().optional() }), responses: { 200: { description: 'Deliveries, newest first', schema: { type: 'array', items: deliverySchema } }, ...errors(401, 403, 404) } },
]);

// Helpers ---------------------------------------------------------------------------------------

function pathUuid(c: Ctx, name: string, what: string): string {
  const value = c.req.param(name);
  if (!isUuid(value)) throw notFound(what);
  return value;
}

function setNextLink(c: Ctx, publicUrl: string, ids: string[], limit: number) {
  if (ids.length < limit) return;
  const url = new URL(c.req.url);
  const query = new URLSearchParams(url.search);
  query.delete('since_id');
  query.set('max_id', ids[ids.length - 1]);
  c.header('Link', `<${publicUrl}${url.pathname}?${query.toString()}>; rel="next"`);
}

function parseDate(value: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw badRequest('invalid_param', `${field} must be a date (YYYY-MM-DD) or an ISO 8601 time`, { field });
  if (dateOnly && endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

function listFilters(q: Params): OrderFilters & { limit: number } {
  const limit = int(q, 'limit', { min: 1, max: 100 }) ?? 20;
  return {
    status: checkStatuses(q.status),
    maxId: typeof q.max_id === 'string' && q.max_id ? q.max_id : undefined,
    sinceId: typeof q.since_id === 'string' && q.since_id ? q.since_id : undefined,
    from: parseDate(typeof q.from === 'string' ? q.from : undefined, 'from', false),
    to: parseDate(typeof q.to === 'string' ? q.to : undefined, 'to', true),
    limit,
  };
}

/** The API's order body → the checkout's request, refusing malformed ids before they reach SQL. */
function orderRequest(input: z.output<typeof OrderCreate>): OrderRequest {
  input.lines.forEach((line, index) => {
    if (!isUuid(line.variant_id)) throw unprocessable('unknown_variant', `Line ${index + 1}: variant ${line.variant_id} does not exist or is not for sale`, { line: index, variant_id: line.variant_id });
  });
  if (!isUuid(input.payment_method_id)) throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');
  if (input.address_id !== undefined && !isUuid(input.address_id)) throw unprocessable('invalid_address', 'Choose one of your saved addresses');
  if (input.shipping_method_id !== undefined && !isUuid(input.shipping_method_id)) throw unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand');
  if (input.source_status_id !== undefined && !isUuid(input.source_status_id)) throw unprocessable('unknown_status', 'source_status_id is not a post', { field: 'source_status_id' });
  return {
    lines: input.lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
    paymentMethodId: input.payment_method_id,
    shippingAddress: input.shipping_address,
    addressId: input.address_id,
    shippingMethodId: input.shipping_method_id,
    sourceStatusId: input.source_status_id ?? null,
    sourceMustExist: input.source_status_id !== undefined,
    expectedPrices: input.expected_prices,
  };
}

function presentAddress(a: Address) {
  return { id: a.id, name: a.name, line1: a.line1, line2: a.line2, postal_code: a.postalCode, city: a.city, country: a.country, phone: a.phone, default: a.isDefault };
}

function shippingInput(body: z.output<typeof ShippingUpdate>): ShippingInput {
  const currency = body.price?.currency ?? body.free_above?.currency;
  return {
    kind: body.kind,
    name: body.name,
    amount: body.price?.amount,
    freeAboveAmount: body.free_above === null ? null : body.free_above?.amount,
    currency,
    isDefault: body.default,
  };
}

async function photosOf(params: Params): Promise<Uint8Array[]> {
  const raw = params.photos ?? params['photos[]'];
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Uint8Array[] = [];
  for (const item of list) {
    if (!(item instanceof Blob)) throw badRequest('invalid_param', 'photos must be files (multipart/form-data)', { field: 'photos' });
    out.push(new Uint8Array(await item.arrayBuffer()));
  }
  return out;
}

// Routes ----------------------------------------------------------------------------------------

export const routes: RouteModule[] = [
  (app, ctx) => {
    const publicUrl = ctx.config.publicUrl;
    const nextActionFor = async (orderId: string, ref: string | null) => {
      if (!ref) return undefined;
      const [row] = await queryRows<{ provider: string }>(ctx.db, sql`select pm.provider from orders o join payment_methods pm on pm.id = o.payment_method_id where o.id = ${orderId}`);
      return row?.provider === 'test' ? `${publicUrl}/orders/${orderId}` : undefined;
    };
    const orderBody = async (actorId: string, orderId: string, nextActionUrl?: string) => {
      const detail = await getOrder(ctx, actorId, orderId);
      const next = nextActionUrl ?? (detail.order.status === 'awaiting_payment' ? await nextActionFor(orderId, detail.order.paymentRef) : undefined);
      return presentOrder(detail, { publicUrl, nextActionUrl: next });
    };
    // The test provider's "action" is a confirmation on our own order page (its confirm button
    // posts to confirm_payment); a real provider's is its own page (3-D Secure).
    const actionUrl = (orderId: string, url: string | undefined) => (url && url.startsWith('/') ? `${publicUrl}/orders/${orderId}` : url);

    // Orders: buyer ---------------------------------------------------------------------------

    app.post('/api/v1/orders', async (c) => {
      const viewer = requireViewer(c, 'write');
      const params = await readParams(c);
      const request = orderRequest(parseParams(OrderCreate, params));
      // The key is claimed with the stock and the reply kept with the payment: no statement of its own.
      const result = await placeOrderOnce(
        ctx,
        viewer.accountId,
        request,
        { scope: 'orders', key: c.req.header('idempotency-key'), body: params },
        ({ quote, rows }) => {
          const detail = { ...rows!, returns: [], brand: quote.brand, buyer: quote.buyer, paymentMethod: quote.paymentMethod, as: 'buyer' as const, role: null };
          return { status: 201, body: presentOrder(detail, { publicUrl }) };
        },
        async (placed) => ({ status: 201, body: await orderBody(viewer.accountId, placed.orderId, actionUrl(placed.orderId, placed.nextActionUrl)) }),
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, result.status as 201);
    });

    app.get('/api/v1/orders', async (c) => {
      const viewer = requireViewer(c, 'read');
      const filters = listFilters(queryParams(c));
      const rows = await listMyOrders(ctx, viewer.accountId, filters);
      setNextLink(c, publicUrl, rows.map((r) => r.order.id), filters.limit);
      return c.json(rows.map(presentOrderSummary));
    });

    app.get('/api/v1/orders/:id', async (c) => {
      const viewer = requireViewer(c, 'read');
      return c.json(await orderBody(viewer.accountId, pathUuid(c, 'id', 'Order')));
    });

    app.post('/api/v1/orders/:id/cancel', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      const input = parseParams(CancelBody, await readParams(c));
      await cancelOrder(ctx, viewer.accountId, id, input);
      return c.json(await orderBody(viewer.accountId, id));
    });

    app.post('/api/v1/orders/:id/confirm_payment', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      await confirmPayment(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id));
    });

    app.post('/api/v1/orders/:id/returns', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      const params = await readParams(c);
      const photos = await photosOf(params);
      const input = parseParams(ReturnBody.omit({ photos: true }), { kind: params.kind, reason: params.reason });
      const request = await requestReturn(ctx, viewer.accountId, id, { kind: input.kind, reason: input.reason, photos });
      return c.json(presentReturn(request, publicUrl), 201);
    });

    // Orders: brand team ----------------------------------------------------------------------

    app.post('/api/v1/orders/:id/prepare', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      await markPreparing(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id));
    });

    app.post('/api/v1/orders/:id/ship', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      const input = parseParams(ShipBody, await readParams(c));
      await shipOrder(ctx, viewer.accountId, id, { carrier: input.carrier, trackingNumber: input.tracking_number });
      return c.json(await orderBody(viewer.accountId, id));
    });

    app.post('/api/v1/orders/:id/deliver', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      await deliverOrder(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id));
    });

    app.post('/api/v1/orders/:id/refund', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Order');
      const params = await readParams(c);
      const input = parseParams(RefundBody, params);
      const result = await idempotent(ctx.db, { scope: 'orders.refund', principal: viewer.accountId, key: c.req.header('idempotency-key'), body: { order: id, ...params } }, async () => {
        await refundOrder(ctx, viewer.accountId, id, input);
        return { status: 200, body: await orderBody(viewer.accountId, id) };
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, 200);
    });

    for (const action of ['accept', 'refuse', 'receive', 'resolve'] as const satisfies readonly ReturnAction[]) {
      app.post(`/api/v1/returns/:id/${action}`, async (c) => {
        const viewer = requireViewer(c, 'write');
        const id = pathUuid(c, 'id', 'Return request');
        const input = parseParams(ReturnMoveBody, await readParams(c));
        const request = await handleReturn(ctx, viewer.accountId, id, action, input);
        return c.json(presentReturn(request, publicUrl));
      });
    }

    const brandFilters = async (c: Ctx) => {
      const q = queryParams(c);
      const parsed = parseParams(BrandOrderQuery, q);
      const filters = listFilters(q);
      return { ...filters, buyerId: parsed.buyer ? await resolveBuyer(ctx.db, parsed.buyer) : undefined };
    };

    app.get('/api/v1/brands/:id/orders', async (c) => {
      const viewer = requireViewer(c, 'read');
      const brand = pathUuid(c, 'id', 'Brand');
      const filters = await brandFilters(c);
      const rows = await listBrandOrders(ctx, viewer.accountId, brand, filters);
      setNextLink(c, publicUrl, rows.map((r) => r.order.id), filters.limit);
      return c.json(rows.map(presentOrderSummary));
    });

    app.get('/api/v1/brands/:id/orders.csv', async (c) => {
      const viewer = requireViewer(c, 'read');
      const brand = pathUuid(c, 'id', 'Brand');
      const { limit: _limit, sinceId: _since, ...filters } = await brandFilters(c);
      const csv = await exportOrdersCsv(ctx, viewer.accountId, brand, filters);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`);
      c.header('Cache-Control', 'no-store');
      return c.body(csv);
    });

    // Payment methods -------------------------------------------------------------------------

    app.get('/api/v1/payment_methods', async (c) => {
      const viewer = requireViewer(c, 'read');
      return c.json((await listPaymentMethods(ctx.db, viewer.accountId)).map(presentPaymentMethod));
    });

    app.post('/api/v1/payment_methods', async (c) => {
      const viewer = requireViewer(c, 'write');
      const input = parseParams(PaymentMethodCreate, await readParams(c));
      const method = await savePaymentMethod(ctx, viewer.accountId, { provider: input.provider, token: input.token, makeDefault: input.default });
      return c.json(presentPaymentMethod(method), 201);
    });

    app.delete('/api/v1/payment_methods/:id', async (c) => {
      const viewer = requireViewer(c, 'write');
      await deletePaymentMethod(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Payment method'));
      return c.json({});
    });

    app.post('/api/v1/payment_methods/:id/default', async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Payment method');
      await setDefaultPaymentMethod(ctx.db, viewer.accountId, id);
      const method = (await listPaymentMethods(ctx.db, viewer.accountId)).find((m) => m.id === id);
      if (!method) throw notFound('Payment method');
      return c.json(presentPaymentMethod(method));
    });

    // Addresses -------------------------------------------------------------------------------

    app.get('/api/v1/addresses', async (c) => {
      const viewer = requireViewer(c, 'read');
      return c.json((await listAddresses(ctx.db, viewer.accountId)).map(presentAddress));
    });

    app.post('/api/v1/addresses', async (c) => {
      const viewer = requireViewer(c, 'write');
      const input = parseParams(AddressCreate, await readParams(c));
      const { default: makeDefault, ...address } = input;
      return c.json(presentAddress(await saveAddress(ctx.db, viewer.accountId, address, makeDefault ?? false)), 201);
    });

    app.delete('/api/v1/addresses/:id', async (c) => {
      const viewer = requireViewer(c, 'write');
      await deleteAddress(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Address'));
      return c.json({});
    });

    // Shipping methods ------------------------------------------------------------------------

    app.get('/api/v1/brands/:id/shipping_methods', async (c) => {
      const brand = pathUuid(c, 'id', 'Brand');
      const viewer = c.get('viewer');
      const all = bool(queryParams(c), 'all') ?? false;
      const team = all && viewer ? await teamRole(ctx.db, brand, viewer.accountId) : null;
      const [exists] = await queryRows<{ id: string }>(ctx.db, sql`select id from accounts where id = ${brand} and kind = 'brand'`);
      if (!exists) throw notFound('Brand');
      return c.json((await listShippingMethods(ctx.db, brand, { includeInactive: Boolean(team) })).map(presentShippingMethod));
    });

    app.post('/api/v1/brands/:id/shipping_methods', async (c) => {
      const viewer = requireViewer(c, 'write');
      const brand = pathUuid(c, 'id', 'Brand');
      const input = parseParams(ShippingCreate, await readParams(c));
      return c.json(presentShippingMethod(await createShippingMethod(ctx.db, viewer.accountId, brand, shippingInput(input))), 201);
    });

    app.patch('/api/v1/brands/:id/shipping_methods/:method_id', async (c) => {
      const viewer = requireViewer(c, 'write');
      const brand = pathUuid(c, 'id', 'Brand');
      const method = pathUuid(c, 'method_id', 'Shipping method');
      const input = parseParams(ShippingUpdate, await readParams(c));
      return c.json(presentShippingMethod(await updateShippingMethod(ctx.db, viewer.accountId, brand, method, shippingInput(input))));
    });

    app.delete('/api/v1/brands/:id/shipping_methods/:method_id', async (c) => {
      const viewer = requireViewer(c, 'write');
      await deleteShippingMethod(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Brand'), pathUuid(c, 'method_id', 'Shipping method'));
      return c.json({});
    });

    // Webhooks --------------------------------------------------------------------------------

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
      await deleteWebhookEndpoint(ctx, viewer.accountId, pathUuid(c, 'id', 'Brand'), pathUuid(c, 'webhook_id', 'Webhook endpoint'));
      return c.json({});
    });

    app.get('/api/v1/brands/:id/webhooks/:webhook_id/deliveries', async (c) => {
      const viewer = requireViewer(c, 'read');
      const q = queryParams(c);
      const limit = int(q, 'limit', { min: 1, max: 100 }) ?? 20;
      const rows = await listDeliveries(ctx, viewer.accountId, pathUuid(c, 'id', 'Brand'), pathUuid(c, 'webhook_id', 'Webhook endpoint'), {
        maxId: typeof q.max_id === 'string' && q.max_id ? q.max_id : undefined,
        limit,
      });
      setNextLink(c, publicUrl, rows.map((r) => r.id), limit);
      return c.json(rows.map(presentDelivery));
    });
  },
];
