/**
 * Orders, payment methods, addresses, shipping methods and webhooks: our own JSON API (errors
 * `{"error": {"code", "message"}}`), described in the OpenAPI document from the same zod schemas
 * that check the requests. Schemas check types (400); the services check the rules and who may
 * do what (403/404/409/422). A provider token never leaves the server: saved methods show their
 * card brand, last 4 digits and expiry only.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { badRequest, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { parseParams } from '../../../http/openapi';
import { int, queryParams, readParams, type Params } from '../../../http/params';
import { placeOrderOnce, type OrderRequest } from '../checkout';
import { cancelOrder, confirmPayment, deliverOrder, markPreparing, refundOrder, shipOrder } from './transitions';
import { checkStatuses, getOrder, listBrandOrders, listMyOrders, resolveBuyer, type OrderFilters } from './read';
import { exportOrdersCsv } from './csv';
import { handleReturn, requestReturn, type ReturnAction } from './returns';
import { presentOrder, presentOrderSummary, presentReturn } from './present';
import { type Ctx, pathUuid, setNextLink } from '../api-helpers';
import {
  BrandOrderQuery,
  CancelBody,
  OrderCreate,
  RefundBody,
  ReturnBody,
  ReturnMoveBody,
  ShipBody,
} from '../api-schemas';
import './api-operations';

// Helpers ---------------------------------------------------------------------------------------

function parseDate(value: string | undefined, field: string, endOfDay: boolean): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw badRequest('invalid_param', `${field} must be a date (YYYY-MM-DD) or an ISO 8601 time`, { field });
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
    if (!isUuid(line.variant_id))
      throw unprocessable(
        'unknown_variant',
        `Line ${index + 1}: variant ${line.variant_id} does not exist or is not for sale`,
        { line: index, variant_id: line.variant_id },
      );
  });
  if (!isUuid(input.payment_method_id))
    throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');
  if (input.address_id !== undefined && !isUuid(input.address_id))
    throw unprocessable('invalid_address', 'Choose one of your saved addresses');
  if (input.shipping_method_id !== undefined && !isUuid(input.shipping_method_id))
    throw unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand');
  if (input.source_status_id !== undefined && !isUuid(input.source_status_id))
    throw unprocessable('unknown_status', 'source_status_id is not a post', { field: 'source_status_id' });
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

async function photosOf(params: Params): Promise<Uint8Array[]> {
  const raw = params.photos ?? params['photos[]'];
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Uint8Array[] = [];
  for (const item of list) {
    if (!(item instanceof Blob))
      throw badRequest('invalid_param', 'photos must be files (multipart/form-data)', { field: 'photos' });
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
      const [row] = await queryRows<{ provider: string }>(
        ctx.db,
        sql`select pm.provider from orders o join payment_methods pm on pm.id = o.payment_method_id where o.id = ${orderId}`,
      );
      return row?.provider === 'test' ? `${publicUrl}/orders/${orderId}` : undefined;
    };
    const orderBody = async (actorId: string, orderId: string, nextActionUrl?: string) => {
      const detail = await getOrder(ctx, actorId, orderId);
      const next =
        nextActionUrl ??
        (detail.order.status === 'awaiting_payment'
          ? await nextActionFor(orderId, detail.order.paymentRef)
          : undefined);
      return presentOrder(detail, { publicUrl, nextActionUrl: next });
    };
    // The test provider's "action" is a confirmation on our own order page (its confirm button
    // posts to confirm_payment); a real provider's is its own page (3-D Secure).
    const actionUrl = (orderId: string, url: string | undefined) =>
      url?.startsWith('/') ? `${publicUrl}/orders/${orderId}` : url;

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
          const detail = {
            ...rows!,
            returns: [],
            brand: quote.brand,
            buyer: quote.buyer,
            paymentMethod: quote.paymentMethod,
            as: 'buyer' as const,
            role: null,
          };
          return { status: 201, body: presentOrder(detail, { publicUrl }) };
        },
        async (placed) => ({
          status: 201,
          body: await orderBody(viewer.accountId, placed.orderId, actionUrl(placed.orderId, placed.nextActionUrl)),
        }),
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, result.status as 201);
    });

    app.get('/api/v1/orders', async (c) => {
      const viewer = requireViewer(c, 'read');
      const filters = listFilters(queryParams(c));
      const rows = await listMyOrders(ctx, viewer.accountId, filters);
      setNextLink(
        c,
        publicUrl,
        rows.map((r) => r.order.id),
        filters.limit,
      );
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
      const request = await requestReturn(ctx, viewer.accountId, id, {
        kind: input.kind,
        reason: input.reason,
        photos,
      });
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
      const result = await idempotent(
        ctx.db,
        {
          scope: 'orders.refund',
          principal: viewer.accountId,
          key: c.req.header('idempotency-key'),
          body: { order: id, ...params },
        },
        async () => {
          await refundOrder(ctx, viewer.accountId, id, input);
          return { status: 200, body: await orderBody(viewer.accountId, id) };
        },
      );
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
      setNextLink(
        c,
        publicUrl,
        rows.map((r) => r.order.id),
        filters.limit,
      );
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
  },
];
