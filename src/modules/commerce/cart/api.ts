/**
 * The cart and reply-to-buy confirmations as JSON (our own routes, errors `{"error": {"code", "message"}}`):
 * GET /api/v1/cart, POST /api/v1/cart/items, PATCH and DELETE /api/v1/cart/items/{variant_id},
 * POST /api/v1/cart/checkout (one brand's part of the cart, Idempotency-Key), and
 * POST /api/v1/reply_to_buy/{order_id}/confirm. Each route is a contract (src/http/contract.ts);
 * the services check quantities and ids, each with its own 422 code.
 */
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { ErrorBody } from '../../../http/openapi';
import { confirmPendingOrder } from '../reply-to-buy';
import {
  CartCheckout,
  CartEntity,
  CartItemCreate,
  CartItemUpdate,
  IdempotencyHeader,
  PlacedOrder,
  ReplyToBuyConfirm,
} from './api-schemas';
import { addToCart, type CartGroup, checkoutCart, getCart, removeFromCart, setCartQuantity } from './cart';

export function presentCart(groups: CartGroup[]) {
  return {
    groups: groups.map((g) => ({
      brand: { id: g.brandId, username: g.brandUsername, display_name: g.brandName },
      currency: g.currency,
      subtotal: { amount: g.subtotalAmount, currency: g.currency },
      price_changed: g.priceChanged,
      lines: g.lines.map((l) => ({
        variant_id: l.variantId,
        product_id: l.productId,
        title: l.title,
        sku: l.sku,
        options: l.options,
        quantity: l.quantity,
        price: { amount: l.unitAmount, currency: l.currency },
        seen_price: { amount: l.seenAmount, currency: l.currency },
        price_changed: l.priceChanged,
        in_stock: l.published && l.stock >= l.quantity,
        source_status_id: l.sourceStatusId,
      })),
    })),
  };
}

/** A malformed optional id is a 422 with the route's own code, as the services answer an unknown one. */
const optionalId = (value: string | undefined, key: string, code: string) => {
  if (value === undefined || value === '') return undefined;
  if (!isUuid(value)) throw unprocessable(code, `${key} must be an id`, { field: key });
  return value.toLowerCase();
};

// Contracts ---------------------------------------------------------------------------------------

const tags = ['Cart'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const item = z.object({ variant_id: id('The variant of the line', 'Cart item') });
const cartOk = (status: string) => json(CartEntity, status);
const paymentFailed = {
  description: 'payment_declined (nothing charged) or payment_unavailable (provider unreachable; retry)',
  content: { 'application/json': { schema: ErrorBody } },
};

const show = route({
  method: 'get',
  path: '/api/v1/cart',
  tags,
  summary: 'The caller’s cart, grouped by brand',
  ...reader,
  responses: { 200: cartOk('Cart'), ...failures(401) },
});
const add = route({
  method: 'post',
  path: '/api/v1/cart/items',
  tags,
  summary: 'Add a variant to the cart (adds up with the same variant already there)',
  description: 'invalid_quantity, unknown_variant, own_product or cart_full (100 different items) are 422.',
  ...writer,
  request: { body: body(CartItemCreate) },
  responses: { 201: cartOk('The cart'), ...failures(400, 401, 422) },
});
const change = route({
  method: 'patch',
  path: '/api/v1/cart/items/{variant_id}',
  tags,
  summary: 'Change a line’s quantity (0 removes it)',
  ...writer,
  request: { params: item, body: body(CartItemUpdate) },
  responses: { 200: cartOk('The cart'), ...failures(400, 401, 404, 422) },
});
const remove = route({
  method: 'delete',
  path: '/api/v1/cart/items/{variant_id}',
  tags,
  summary: 'Remove a line',
  ...writer,
  request: { params: item },
  responses: { 200: cartOk('The cart'), ...failures(401, 404) },
});
const checkout = route({
  method: 'post',
  path: '/api/v1/cart/checkout',
  tags,
  summary: 'Pay one brand’s part of the cart, at the prices seen when adding; those lines then leave the cart',
  description:
    'A price changed since a line was added: 409 price_changed, nothing charged. Nothing from this brand: ' +
    '422 empty_cart. The same Idempotency-Key answers the same order and never charges twice.',
  ...writer,
  request: { headers: IdempotencyHeader, body: body(CartCheckout) },
  responses: { 201: json(PlacedOrder, 'The order'), 402: paymentFailed, ...failures(400, 401, 409, 422) },
});
const confirm = route({
  method: 'post',
  path: '/api/v1/reply_to_buy/{order_id}/confirm',
  tags: ['Orders'],
  summary: 'Confirm and pay an order made by a reply-to-buy (status pending_confirmation); nothing is charged before',
  ...writer,
  request: {
    params: z.object({ order_id: id('The order', 'Order') }),
    body: body(ReplyToBuyConfirm, { required: false }),
  },
  responses: { 200: json(PlacedOrder, 'The order'), 402: paymentFailed, ...failures(400, 401, 404, 409, 422) },
});

// Routes ------------------------------------------------------------------------------------------

const placedBody = (order: { orderId: string; status: 'paid' | 'awaiting_payment'; nextActionUrl?: string }) => ({
  id: order.orderId,
  status: order.status,
  ...(order.nextActionUrl ? { next_action_url: order.nextActionUrl } : {}),
});

export const cartApi: RouteModule = (app, ctx: AppContext) => {
  const cartJson = async (accountId: string) => presentCart(await getCart(ctx.db, accountId));

  mount(app, show, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(await cartJson(viewer.accountId), 200);
  });

  mount(app, add, async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = c.req.valid('json');
    await addToCart(ctx.db, viewer.accountId, {
      variantId: p.variant_id,
      quantity: p.quantity,
      sourceStatusId: p.source_status_id,
    });
    return c.json(await cartJson(viewer.accountId), 201);
  });

  mount(app, change, async (c) => {
    const viewer = requireViewer(c, 'write');
    const variantId = c.req.valid('param').variant_id.toLowerCase();
    await setCartQuantity(ctx.db, viewer.accountId, variantId, c.req.valid('json').quantity);
    return c.json(await cartJson(viewer.accountId), 200);
  });

  mount(app, remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    await removeFromCart(ctx.db, viewer.accountId, c.req.valid('param').variant_id.toLowerCase());
    return c.json(await cartJson(viewer.accountId), 200);
  });

  mount(app, checkout, async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = c.req.valid('json');
    const brandId = optionalId(p.brand_id, 'brand_id', 'invalid_brand');
    if (!brandId)
      throw unprocessable('invalid_brand', 'brand_id is required: the cart is paid brand by brand', {
        field: 'brand_id',
      });
    const key = c.req.valid('header')['Idempotency-Key'];
    const result = await idempotent(
      ctx.db,
      { scope: 'cart-checkout', principal: viewer.accountId, key, body: p },
      async (held) => {
        const order = await checkoutCart(
          ctx,
          viewer.accountId,
          brandId,
          {
            paymentMethodId: optionalId(p.payment_method_id, 'payment_method_id', 'invalid_payment_method') ?? '',
            addressId: optionalId(p.address_id, 'address_id', 'invalid_address'),
            shippingAddress: p.shipping_address,
            shippingMethodId: optionalId(p.shipping_method_id, 'shipping_method_id', 'invalid_shipping_method'),
          },
          held,
        );
        return { status: 201, body: placedBody(order) };
      },
    );
    return c.json(result.body, 201);
  });

  mount(app, confirm, async (c) => {
    const viewer = requireViewer(c, 'write');
    const order = await confirmPendingOrder(
      ctx,
      viewer.accountId,
      c.req.valid('param').order_id.toLowerCase(),
      optionalId(c.req.valid('json').payment_method_id, 'payment_method_id', 'invalid_payment_method'),
    );
    return c.json(placedBody(order), 200);
  });
};

export const routes: RouteModule[] = [cartApi];
