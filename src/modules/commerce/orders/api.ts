/**
 * Orders and their returns: our own JSON API (errors `{"error": {"code", "message"}}`). Each route is
 * a contract (api-contracts.ts): its schemas check the requests' types (400), type the handlers and
 * describe the route in the OpenAPI document; the services check the rules and who may do what
 * (403/404/409/422). A provider token never leaves the server.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { badRequest, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { setNextLink } from '../../../http/pagination';
import { type OrderRequest, placeOrderOnce } from '../checkout';
import {
  brandOrders,
  brandOrdersCsv,
  cancel,
  confirmPayment as confirmPaymentRoute,
  deliver,
  moveReturn,
  myOrders,
  placeOrder,
  prepare,
  refund,
  requestReturn as requestReturnRoute,
  ship,
  showOrder,
} from './api-contracts';
import type { BrandOrderQuery, OrderCreate, OrderEntity, OrderListQuery, ReturnBody } from './api-schemas';
import { exportOrdersCsv } from './csv';
import { presentOrder, presentOrderSummary, presentReturn } from './present';
import { loadOrderApiFields } from '../extensions';
import { checkStatuses, getOrder, listBrandOrders, listMyOrders, type OrderFilters, resolveBuyer } from './read';
import { handleReturn, type ReturnAction, requestReturn } from './returns';
import { cancelOrder, confirmPayment, deliverOrder, markPreparing, refundOrder, shipOrder } from './transitions';

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

function listFilters(q: z.output<typeof OrderListQuery> & Partial<z.output<typeof BrandOrderQuery>>) {
  return {
    status: checkStatuses(q.status),
    maxId: q.max_id,
    sinceId: q.since_id,
    from: parseDate(q.from, 'from', false),
    to: parseDate(q.to, 'to', true),
    limit: q.limit ?? 20,
  } satisfies OrderFilters & { limit: number };
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
  if (input.popup_id !== undefined && !isUuid(input.popup_id))
    throw unprocessable('unknown_popup', 'popup_id is not a pop-up store', { field: 'popup_id' });
  return {
    lines: input.lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
    paymentMethodId: input.payment_method_id,
    shippingAddress: input.shipping_address,
    addressId: input.address_id,
    shippingMethodId: input.shipping_method_id,
    sourceStatusId: input.source_status_id ?? null,
    sourceMustExist: input.source_status_id !== undefined,
    expectedPrices: input.expected_prices,
    popupId: input.popup_id?.toLowerCase() ?? null,
    referral: referralCode(input.ref),
  };
}

/** `ref`: a short link code (letters, digits, - and _); an unknown code is simply not attributed. */
function referralCode(ref: string | undefined): OrderRequest['referral'] {
  if (ref === undefined) return null;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(ref))
    throw unprocessable('invalid_ref', 'ref is the code of a link (letters, digits, - and _)', { field: 'ref' });
  return { code: ref };
}

async function photosOf(photos: z.output<typeof ReturnBody>['photos']): Promise<Uint8Array[]> {
  if (photos === undefined) return [];
  const list = Array.isArray(photos) ? photos : [photos];
  return Promise.all(list.map(async (file) => new Uint8Array(await file.arrayBuffer())));
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
    const orderBody = async (actorId: string, orderId: string, nextActionUrl?: string, linked = false) => {
      const detail = await getOrder(ctx, actorId, orderId);
      const next =
        nextActionUrl ??
        (detail.order.status === 'awaiting_payment'
          ? await nextActionFor(orderId, detail.order.paymentRef)
          : undefined);
      const body = presentOrder(detail, { publicUrl, nextActionUrl: next });
      // GET: linked modules' fields (ambassadors' ambassador_id), team-only ones null for the buyer.
      return linked ? { ...body, ...(await loadOrderApiFields(ctx.db, orderId, detail.as === 'team')) } : body;
    };
    // The test provider's "action" is a confirmation on our own order page (its confirm button
    // posts to confirm_payment); a real provider's is its own page (3-D Secure).
    const actionUrl = (orderId: string, url: string | undefined) =>
      url?.startsWith('/') ? `${publicUrl}/orders/${orderId}` : url;

    // Orders: buyer ---------------------------------------------------------------------------

    mount(app, placeOrder, async (c) => {
      const viewer = requireViewer(c, 'write');
      const input = c.req.valid('json');
      const key = c.req.valid('header')['Idempotency-Key'];
      // The key is claimed with the stock and the reply kept with the payment: no statement of its own.
      const result = await placeOrderOnce(
        ctx,
        viewer.accountId,
        orderRequest(input),
        { scope: 'orders', key, body: input },
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
      // A stored reply comes back untyped from the database: it is the order presented when it was placed.
      return c.json(result.body as z.input<typeof OrderEntity>, 201);
    });

    mount(app, myOrders, async (c) => {
      const viewer = requireViewer(c, 'read');
      const filters = listFilters(c.req.valid('query'));
      const rows = await listMyOrders(ctx, viewer.accountId, filters);
      setNextLink(
        c,
        publicUrl,
        rows.map((r) => r.order.id),
        filters.limit,
      );
      return c.json(rows.map(presentOrderSummary), 200);
    });

    mount(app, showOrder, async (c) => {
      const viewer = requireViewer(c, 'read');
      return c.json(await orderBody(viewer.accountId, c.req.valid('param').id, undefined, true), 200);
    });

    mount(app, cancel, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      await cancelOrder(ctx, viewer.accountId, id, c.req.valid('json'));
      return c.json(await orderBody(viewer.accountId, id), 200);
    });

    mount(app, confirmPaymentRoute, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      await confirmPayment(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id), 200);
    });

    mount(app, requestReturnRoute, async (c) => {
      const viewer = requireViewer(c, 'write');
      const input = c.req.valid('json');
      const request = await requestReturn(ctx, viewer.accountId, c.req.valid('param').id, {
        kind: input.kind,
        reason: input.reason,
        photos: await photosOf(input.photos),
      });
      return c.json(presentReturn(request, publicUrl), 201);
    });

    // Orders: brand team ----------------------------------------------------------------------

    mount(app, prepare, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      await markPreparing(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id), 200);
    });

    mount(app, ship, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      await shipOrder(ctx, viewer.accountId, id, { carrier: input.carrier, trackingNumber: input.tracking_number });
      return c.json(await orderBody(viewer.accountId, id), 200);
    });

    mount(app, deliver, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      await deliverOrder(ctx, viewer.accountId, id);
      return c.json(await orderBody(viewer.accountId, id), 200);
    });

    mount(app, refund, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await idempotent(
        ctx.db,
        {
          scope: 'orders.refund',
          principal: viewer.accountId,
          key: c.req.valid('header')['Idempotency-Key'],
          body: { order: id, ...input },
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
      mount(app, moveReturn(action), async (c) => {
        const viewer = requireViewer(c, 'write');
        const request = await handleReturn(ctx, viewer.accountId, c.req.valid('param').id, action, c.req.valid('json'));
        return c.json(presentReturn(request, publicUrl), 200);
      });
    }

    const brandFilters = async (q: z.output<typeof BrandOrderQuery>) => ({
      ...listFilters(q),
      buyerId: q.buyer ? await resolveBuyer(ctx.db, q.buyer) : undefined,
    });

    mount(app, brandOrders, async (c) => {
      const viewer = requireViewer(c, 'read');
      const filters = await brandFilters(c.req.valid('query'));
      const rows = await listBrandOrders(ctx, viewer.accountId, c.req.valid('param').id, filters);
      setNextLink(
        c,
        publicUrl,
        rows.map((r) => r.order.id),
        filters.limit,
      );
      return c.json(rows.map(presentOrderSummary), 200);
    });

    mount(app, brandOrdersCsv, async (c) => {
      const viewer = requireViewer(c, 'read');
      const { limit: _limit, sinceId: _since, ...filters } = await brandFilters(c.req.valid('query'));
      const csv = await exportOrdersCsv(ctx, viewer.accountId, c.req.valid('param').id, filters);
      c.header('Content-Disposition', `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`);
      c.header('Cache-Control', 'no-store');
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    });
  },
];
