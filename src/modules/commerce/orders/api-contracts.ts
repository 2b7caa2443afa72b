/** The contracts of the orders API (src/http/contract.ts); api.ts mounts them with their handlers. */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { ErrorBody } from '../../../http/openapi';
import { IdempotencyHeader } from '../cart/api-schemas';
import type { ReturnAction } from './returns';
import {
  BrandOrderCsvQuery,
  BrandOrderQuery,
  CancelBody,
  OrderCreate,
  OrderEntity,
  OrderListQuery,
  OrderSummaryEntity,
  RefundBody,
  ReturnBody,
  ReturnMoveBody,
  ReturnRequestEntity,
  ShipBody,
} from './api-schemas';

const orders = ['Orders'];
const returns = ['Orders: returns'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const order = z.object({ id: id('The order id', 'Order') });
const brand = z.object({ id: id('The brand’s account id', 'Brand') });
const orderOk = { 200: json(OrderEntity, 'The order') };
const listOk = { 200: json(z.array(OrderSummaryEntity), 'Orders, newest first (a Link header names the next page)') };
const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const paymentFailed = error('payment_declined (nothing charged) or payment_unavailable (provider unreachable; retry)');

export const placeOrder = route({
  method: 'post',
  path: '/api/v1/orders',
  tags: orders,
  summary: 'Place an order: take the stock, authorize the payment, record the order',
  description:
    'All or nothing: on 402 or 409 no stock is held and nothing is charged. A payment that needs the buyer ' +
    '(3-D Secure) answers 201 with status awaiting_payment and next_action.url; the stock is held 15 minutes. ' +
    'The payment is captured when the brand ships.',
  ...writer,
  request: { headers: IdempotencyHeader, body: body(OrderCreate, { types: ['application/json'] }) },
  responses: {
    201: json(OrderEntity, 'The order (status paid, or awaiting_payment with next_action)'),
    ...failures(400, 401),
    402: paymentFailed,
    403: error('early_access_only: during early access only the brand’s earlier followers may order'),
    409: error('out_of_stock, price_changed, popup_not_open, or idempotency_in_progress'),
    422: error(
      'Invalid lines (invalid_quantity, unknown_variant, mixed_brands, currency_mismatch), missing_address, ' +
        'invalid_payment_method, invalid_shipping_method, unknown_popup, not_in_popup, or idempotency_key_reused',
    ),
  },
});
export const myOrders = route({
  method: 'get',
  path: '/api/v1/orders',
  tags: orders,
  summary: 'Your orders, newest first',
  ...reader,
  request: { query: OrderListQuery },
  responses: { ...listOk, ...failures(400, 401, 422) },
});
export const showOrder = route({
  method: 'get',
  path: '/api/v1/orders/{id}',
  tags: orders,
  summary: 'One order with its timeline (buyer, or the brand’s team)',
  ...reader,
  request: { params: order },
  responses: { ...orderOk, ...failures(401, 403, 404) },
});
export const cancel = route({
  method: 'post',
  path: '/api/v1/orders/{id}/cancel',
  tags: orders,
  summary: 'Cancel before shipment (buyer; or brand owner/admin): stock back, authorization voided',
  description:
    'An order captured when paid (a pre-sale pledge) is refunded instead: the cancelled event carries the ' +
    'amount, refunded shows it, and a refund payment is recorded.',
  ...writer,
  request: { params: order, body: body(CancelBody, { required: false }) },
  responses: { ...orderOk, ...failures(400, 401, 403, 404, 409, 422) },
});
export const confirmPayment = route({
  method: 'post',
  path: '/api/v1/orders/{id}/confirm_payment',
  tags: orders,
  summary: 'Buyer: finish a payment that needed an action (after next_action.url)',
  ...writer,
  request: { params: order },
  responses: { ...orderOk, 402: paymentFailed, ...failures(401, 404, 409) },
});
export const prepare = route({
  method: 'post',
  path: '/api/v1/orders/{id}/prepare',
  tags: orders,
  summary: 'Brand team: mark the order as being prepared',
  ...writer,
  request: { params: order },
  responses: { ...orderOk, ...failures(401, 403, 404, 409) },
});
export const ship = route({
  method: 'post',
  path: '/api/v1/orders/{id}/ship',
  tags: orders,
  summary: 'Brand team: shipped, with carrier and tracking number; captures the payment',
  description:
    'Two parallel calls ship once: the second answers 409 invalid_transition. The capture uses the idempotency ' +
    'key order:<id>:capture with the provider. An order already captured when paid (a pre-sale pledge) is not ' +
    'captured again.',
  ...writer,
  request: { params: order, body: body(ShipBody) },
  responses: { ...orderOk, ...failures(400, 401, 403, 404, 409, 422) },
});
export const deliver = route({
  method: 'post',
  path: '/api/v1/orders/{id}/deliver',
  tags: orders,
  summary: 'Brand team: delivered',
  ...writer,
  request: { params: order },
  responses: { ...orderOk, ...failures(401, 403, 404, 409) },
});
export const refund = route({
  method: 'post',
  path: '/api/v1/orders/{id}/refund',
  tags: orders,
  summary: 'Brand owner/admin: refund all or part (amount ≤ paid − refunded)',
  description:
    'A full refund sets the status refunded; a partial one keeps the status. Staff get 403 role_not_allowed.',
  ...writer,
  request: { params: order, headers: IdempotencyHeader, body: body(RefundBody, { required: false }) },
  responses: { ...orderOk, ...failures(400, 401, 403, 404, 409, 422) },
});
export const requestReturn = route({
  method: 'post',
  path: '/api/v1/orders/{id}/returns',
  tags: returns,
  summary: 'Buyer, after delivery: ask for a return or a repair, with a reason and up to 4 photos',
  ...writer,
  request: { params: order, body: body(ReturnBody, { types: ['multipart/form-data', 'application/json'] }) },
  responses: { 201: json(ReturnRequestEntity, 'The request'), ...failures(400, 401, 404, 409, 413, 422) },
});
const moveSummary: Record<ReturnAction, string> = {
  accept: 'Brand team: accept a return or repair request',
  refuse: 'Brand team: refuse it (note says why)',
  receive: 'Brand team: the item came back',
  resolve: 'Brand team: refunded (owner/admin; amount default all that is left) or repaired',
};
export const moveReturn = (action: ReturnAction) =>
  route({
    method: 'post',
    path: `/api/v1/returns/{id}/${action}`,
    tags: returns,
    summary: moveSummary[action],
    ...writer,
    request: {
      params: z.object({ id: id('The return request id', 'Return request') }),
      body: body(ReturnMoveBody, { required: false }),
    },
    responses: { 200: json(ReturnRequestEntity, 'The request'), ...failures(400, 401, 403, 404, 409, 422) },
  });
export const brandOrders = route({
  method: 'get',
  path: '/api/v1/brands/{id}/orders',
  tags: orders,
  summary: 'Brand team: the brand’s orders, filtered; unpaid ones only when asked for by status',
  ...reader,
  request: { params: brand, query: BrandOrderQuery },
  responses: { ...listOk, ...failures(400, 401, 403, 404, 422) },
});
export const brandOrdersCsv = route({
  method: 'get',
  path: '/api/v1/brands/{id}/orders.csv',
  tags: orders,
  summary: 'Brand team: the same list as CSV (UTF-8, amounts in decimal units)',
  ...reader,
  request: { params: brand, query: BrandOrderCsvQuery },
  responses: {
    200: { description: 'The orders as CSV', content: { 'text/csv': { schema: z.string() } } },
    ...failures(400, 401, 403, 404, 422),
  },
});
