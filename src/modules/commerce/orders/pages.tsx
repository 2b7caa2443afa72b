/**
 * Order pages. The buyer: GET /orders, GET /orders/:id (status page with its timeline),
 * POST /orders/:id/confirm (a reply-to-buy order or a payment that needed an action),
 * /orders/:id/cancel (before shipping), /orders/:id/returns (after delivery). The brand's team:
 * GET /brands/:username/orders (?status= filters, keyset paging), .csv export, the detail and
 * its next steps (prepare, ship with carrier and tracking, deliver, cancel, refund, returns).
 * The rules live in orders.ts (the orders service) and reply-to-buy.ts; these are their pages.
 */
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError, notFound } from '../../../http/errors';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import type { MessageKey } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, permissions } from '../../accounts';
import { parseDecimalAmount } from '../catalog';
import { listPaymentMethods } from '../payments';
import { cancelOrder, confirmPayment, deliverOrder, markPreparing, refundOrder, shipOrder } from './transitions';
import { checkStatuses, getOrder, listBrandOrders, listMyOrders } from './read';
import { exportOrdersCsv } from './csv';
import { handleReturn, requestReturn, type ReturnAction } from './returns';
import { teamRole } from './access';
import { orderNumber } from './model';
import { loadOrderPageExtensions } from '../extensions';
import { confirmPendingOrder } from '../reply-to-buy';
import { lateWithdrawalOrders } from '../withdrawal';
import { ShopSettingsTabs } from '../views/checkout-settings';
import { BrandOrderPage, BrandOrdersPage, CONSOLE_FILTERS } from '../views/order-console';
import { MyOrdersPage, OrderPage } from '../views/order';
import { buyHref } from '../views/product-card';
import { buyerOf, errorText, loginRedirect, shopView } from '../page-helpers';

type Ctx = Context<AppEnv>;
const s = (p: Params, key: string) => (typeof p[key] === 'string' ? (p[key] as string).trim() : '');

const noticeKey = (c: Ctx): string | null => {
  const t = tOf(c);
  for (const key of ['placed', 'confirmed', 'cancelled', 'returned', 'done']) {
    const value = c.req.query(key);
    if (!value) continue;
    const name = key === 'done' ? value : key;
    const k = `shop.notice.${name}`;
    if (/^[a-z_]+$/.test(name) && k in fr) return t(k as MessageKey);
  }
  return null;
};

/** A reply-to-buy notice names the reply when no order could be made: lead to the post's checkout. */
async function replyFallback(ctx: AppContext, viewerId: string, id: string): Promise<string | null> {
  const [row] = await queryRows<{ parent: string; variant_id: string | null }>(
    ctx.db,
    sql`select s.in_reply_to_id as parent,
          (select v.id from status_products sp join variants v on v.product_id = sp.product_id
           where sp.status_id = s.in_reply_to_id order by sp.position, (v.stock > 0) desc, v.position, v.id limit 1) as variant_id
        from statuses s where s.id = ${id} and s.account_id = ${viewerId} and s.in_reply_to_id is not null`,
  );
  return row?.variant_id ? buyHref(row.variant_id, row.parent) : null;
}

export const orderPages: RouteModule = (app, ctx) => {
  const showOrder = async (
    c: Ctx,
    viewerId: string,
    orderId: string,
    extra: { error?: string; status?: 200 | 402 | 409 | 422; returnValues?: { kind: string; reason: string } } = {},
  ) => {
    const d = await getOrder(ctx, viewerId, orderId);
    if (d.order.buyerId !== viewerId) return c.redirect(`/brands/${d.brand.username}/orders/${orderId}`, 303);
    const v = shopView(c, viewerId);
    const methods = d.order.status === 'pending_confirmation' ? await listPaymentMethods(ctx.db, viewerId) : [];
    const extensions = await loadOrderPageExtensions(ctx.db, { detail: d, viewerId });
    return renderPage(c, {
      meta: { title: v.t('shop.order.title', { ref: orderNumber(orderId) }), noindex: true },
      status: extra.status ?? 200,
      body: (
        <OrderPage
          v={v}
          d={d}
          methods={methods}
          notice={extra.error ? null : noticeKey(c)}
          error={extra.error}
          returnValues={extra.returnValues}
          extensions={extensions}
        />
      ),
    });
  };

  const orderId = (c: Ctx) => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw notFound('Order');
    return id.toLowerCase();
  };

  app.get('/orders', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const v = shopView(c, viewerId);
    const maxId = c.req.query('max_id');
    const list = await listMyOrders(ctx, viewerId, { maxId: maxId && isUuid(maxId) ? maxId : undefined, limit: 20 });
    return renderPage(c, {
      meta: { title: v.t('shop.orders.title'), noindex: true },
      body: (
        <MyOrdersPage
          v={v}
          orders={list}
          older={list.length === 20 ? list[list.length - 1].order.id : null}
          tabs={<ShopSettingsTabs v={v} current="orders" />}
        />
      ),
    });
  });

  app.get('/orders/:id', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderId(c);
    try {
      return await showOrder(c, viewerId, id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        const fallback = await replyFallback(ctx, viewerId, id);
        if (fallback) return c.redirect(fallback, 303);
        return renderError(c, 404, tOf(c)('shop.error.order_not_found'), ctx);
      }
      throw error;
    }
  });

  app.post('/orders/:id/confirm', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderId(c);
    const p = await readParams(c);
    try {
      const [row] = await queryRows<{ status: string }>(
        ctx.db,
        sql`select status from orders where id = ${id} and buyer_id = ${viewerId}`,
      );
      if (!row) throw notFound('Order');
      if (row.status === 'awaiting_payment') await confirmPayment(ctx, viewerId, id);
      else {
        const method = s(p, 'payment_method_id');
        await confirmPendingOrder(ctx, viewerId, id, isUuid(method) ? method.toLowerCase() : null);
      }
      return c.redirect(`/orders/${id}?confirmed=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      const message = errorText(tOf(c), error);
      // A declined card removes the unpaid order: nothing is left to show but the message.
      const [still] = await queryRows(ctx.db, sql`select 1 from orders where id = ${id}`);
      if (!still)
        return renderError(c, error.status === 402 ? 402 : 409, message, ctx, tOf(c)('shop.order.not_placed'));
      return showOrder(c, viewerId, id, {
        error: message,
        status: error.status === 402 ? 402 : error.status === 409 ? 409 : 422,
      });
    }
  });

  app.post('/orders/:id/cancel', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderId(c);
    const p = await readParams(c);
    try {
      const { refunded } = await cancelOrder(ctx, viewerId, id, { reason: s(p, 'reason') });
      return c.redirect(`/orders/${id}?${refunded ? 'done=cancelled_refunded' : 'cancelled=1'}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return showOrder(c, viewerId, id, { error: errorText(tOf(c), error), status: 409 });
    }
  });

  app.post('/orders/:id/returns', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderId(c);
    const p = await readParams(c);
    const raw = p.photos;
    const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
      (f): f is File => f instanceof File && f.size > 0,
    );
    const values = { kind: s(p, 'kind') || 'return', reason: s(p, 'reason') };
    try {
      const photos = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
      await requestReturn(ctx, viewerId, id, { kind: values.kind, reason: values.reason, photos });
      return c.redirect(`/orders/${id}?returned=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return showOrder(c, viewerId, id, { error: errorText(tOf(c), error), status: 422, returnValues: values });
    }
  });

  // Brand console ---------------------------------------------------------------------------------------

  const brandOf = async (c: Ctx) => {
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) throw notFound('Brand');
    return brand;
  };
  const statusFilter = (c: Ctx) => {
    const raw = c.req.query('status') ?? '';
    return (CONSOLE_FILTERS as readonly string[]).includes(raw) ? raw : '';
  };

  app.get('/brands/:username/orders', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const brand = await brandOf(c);
    const status = statusFilter(c);
    const maxId = c.req.query('max_id');
    const list = await listBrandOrders(ctx, viewerId, brand.id, {
      status: checkStatuses(status || undefined),
      maxId: maxId && isUuid(maxId) ? maxId : undefined,
      limit: 50,
    });
    const v = shopView(c, viewerId);
    return renderPage(c, {
      meta: { title: v.t('shop.console.title', { name: brand.displayName || brand.username }), noindex: true },
      body: (
        <BrandOrdersPage
          v={v}
          brand={brand}
          orders={list}
          status={status}
          older={list.length === 50 ? list[list.length - 1].order.id : null}
          lateWithdrawals={
            await lateWithdrawalOrders(
              ctx.db,
              list.map((r) => r.order.id),
              ctx.clock.now(),
            )
          }
        />
      ),
    });
  });

  app.get('/brands/:username/orders.csv', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const brand = await brandOf(c);
    const status = statusFilter(c);
    const csv = await exportOrdersCsv(ctx, viewerId, brand.id, { status: checkStatuses(status || undefined) });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${brand.username}-orders${status ? `-${status}` : ''}.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(csv);
  });

  const showBrandOrder = async (
    c: Ctx,
    viewerId: string,
    brandUsername: string,
    id: string,
    extra: { error?: string; status?: 200 | 409 | 422 } = {},
  ) => {
    const d = await getOrder(ctx, viewerId, id);
    if (d.as !== 'team' || d.brand.username.toLowerCase() !== brandUsername.toLowerCase()) throw notFound('Order');
    const role = d.role ?? (await teamRole(ctx.db, d.order.brandId, viewerId));
    const canRefund = role !== null && (permissions.refund as readonly string[]).includes(role);
    const v = shopView(c, viewerId);
    const extensions = await loadOrderPageExtensions(ctx.db, { detail: d, viewerId });
    return renderPage(c, {
      meta: { title: v.t('shop.order.title', { ref: orderNumber(id) }), noindex: true },
      status: extra.status ?? 200,
      body: (
        <BrandOrderPage
          v={v}
          brandUsername={d.brand.username}
          d={d}
          canRefund={canRefund}
          notice={extra.error ? null : noticeKey(c)}
          error={extra.error}
          extensions={extensions}
        />
      ),
    });
  };

  app.get('/brands/:username/orders/:id', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const brand = await brandOf(c);
    return showBrandOrder(c, viewerId, brand.username, orderId(c));
  });

  /** One console action: run it, come back to the order with a notice, or show why not. */
  const consoleAction = (
    path: string,
    run: (viewerId: string, id: string, p: Params, c: Ctx) => Promise<unknown>,
    done: string,
  ) => {
    app.post(`/brands/:username/orders/:id/${path}`, async (c) => {
      const viewerId = buyerOf(c);
      if (!viewerId) return loginRedirect(c);
      const brand = await brandOf(c);
      const id = orderId(c);
      const p = await readParams(c);
      try {
        await run(viewerId, id, p, c);
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404 || error.status === 403) throw error;
        return showBrandOrder(c, viewerId, brand.username, id, {
          error: errorText(tOf(c), error),
          status: error.status === 409 ? 409 : 422,
        });
      }
      return c.redirect(`/brands/${brand.username}/orders/${id}?done=${done}`, 303);
    });
  };

  consoleAction('prepare', (viewerId, id) => markPreparing(ctx, viewerId, id), 'preparing');
  consoleAction(
    'ship',
    (viewerId, id, p) =>
      shipOrder(ctx, viewerId, id, { carrier: s(p, 'carrier'), trackingNumber: s(p, 'tracking_number') }),
    'shipped',
  );
  consoleAction('deliver', (viewerId, id) => deliverOrder(ctx, viewerId, id), 'delivered');
  consoleAction(
    'cancel',
    (viewerId, id, p) => cancelOrder(ctx, viewerId, id, { reason: s(p, 'reason') }),
    'cancelled_by_brand',
  );
  consoleAction(
    'refund',
    (viewerId, id, p) => {
      const raw = s(p, 'amount');
      let amount: number | undefined;
      if (raw) {
        const parsed = parseDecimalAmount(raw);
        if (parsed === null || parsed < 1) throw new AppError(422, 'invalid_amount', 'Enter an amount such as 12.50');
        amount = parsed;
      }
      return refundOrder(ctx, viewerId, id, { amount, reason: s(p, 'reason') });
    },
    'refunded',
  );
  // A return's steps are console actions too, under the order: /brands/:username/orders/:id/returns/:returnId/accept…
  for (const action of ['accept', 'refuse', 'receive', 'resolve'] as ReturnAction[]) {
    consoleAction(
      `returns/:returnId/${action}`,
      (viewerId, _id, p, c) =>
        handleReturn(ctx, viewerId, c.req.param('returnId') ?? '', action, { note: s(p, 'note') }),
      `return_${action}`,
    );
  }
};

export const routes: RouteModule[] = [orderPages];
