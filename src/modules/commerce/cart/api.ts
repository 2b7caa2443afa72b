/**
 * The cart and reply-to-buy confirmations as JSON (our own routes, in the OpenAPI document):
 * GET /api/v1/cart, POST /api/v1/cart/items, PATCH and DELETE /api/v1/cart/items/:variant_id,
 * POST /api/v1/cart/checkout (one brand's part of the cart, Idempotency-Key), and
 * POST /api/v1/reply_to_buy/:order_id/confirm.
 */
import type { AppContext } from '../../../context';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { notFound, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { errors, registerOperations, registerSchema } from '../../../http/openapi';
import { readParams, type Params } from '../../../http/params';
import { addToCart, checkoutCart, getCart, removeFromCart, setCartQuantity, type CartGroup } from './cart';
import { confirmPendingOrder } from '../reply-to-buy';

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

const id = (raw: unknown, what: string) => {
  if (typeof raw !== 'string' || !isUuid(raw)) throw notFound(what);
  return raw.toLowerCase();
};
const optionalId = (p: Params, key: string, code: string) => {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !isUuid(v)) throw unprocessable(code, `${key} must be an id`, { field: key });
  return v.toLowerCase();
};

const money = {
  type: 'object',
  properties: {
    amount: { type: 'integer', description: 'Minor units (cents)' },
    currency: { type: 'string', example: 'EUR' },
  },
  required: ['amount', 'currency'],
};
const cartSchema = registerSchema('Cart', {
  type: 'object',
  properties: {
    groups: {
      type: 'array',
      description: 'One group per brand: an order buys from one brand',
      items: {
        type: 'object',
        properties: {
          brand: {
            type: 'object',
            properties: { id: { type: 'string' }, username: { type: 'string' }, display_name: { type: 'string' } },
          },
          currency: { type: 'string' },
          subtotal: money,
          price_changed: {
            type: 'boolean',
            description:
              'A price changed since it was added: checkout answers 409 price_changed until it is added again',
          },
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                variant_id: { type: 'string' },
                product_id: { type: 'string' },
                title: { type: 'string' },
                sku: { type: 'string' },
                options: { type: 'object', additionalProperties: { type: 'string' } },
                quantity: { type: 'integer' },
                price: money,
                seen_price: money,
                price_changed: { type: 'boolean' },
                in_stock: { type: 'boolean' },
                source_status_id: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
    },
  },
});
const placed = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['paid', 'awaiting_payment'] },
    next_action_url: { type: 'string' },
  },
  required: ['id', 'status'],
};
const tags = ['Cart'];

registerOperations([
  {
    method: 'get',
    path: '/api/v1/cart',
    tags,
    summary: 'The caller’s cart, grouped by brand',
    auth: 'user',
    scopes: ['read'],
    responses: { 200: { description: 'Cart', schema: cartSchema }, ...errors(401) },
  },
  {
    method: 'post',
    path: '/api/v1/cart/items',
    tags,
    summary: 'Add a variant to the cart (adds up with the same variant already there)',
    auth: 'user',
    scopes: ['write'],
    body: {
      schema: {
        type: 'object',
        properties: {
          variant_id: { type: 'string' },
          quantity: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
          source_status_id: { type: 'string', description: 'The post it was found on' },
        },
        required: ['variant_id'],
      },
    },
    responses: { 201: { description: 'The cart', schema: cartSchema }, ...errors(401, 422) },
  },
  {
    method: 'patch',
    path: '/api/v1/cart/items/{variant_id}',
    tags,
    summary: 'Change a line’s quantity (0 removes it)',
    auth: 'user',
    scopes: ['write'],
    parameters: [{ name: 'variant_id', in: 'path', required: true }],
    body: {
      schema: {
        type: 'object',
        properties: { quantity: { type: 'integer', minimum: 0, maximum: 1000 } },
        required: ['quantity'],
      },
    },
    responses: { 200: { description: 'The cart', schema: cartSchema }, ...errors(401, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/cart/items/{variant_id}',
    tags,
    summary: 'Remove a line',
    auth: 'user',
    scopes: ['write'],
    parameters: [{ name: 'variant_id', in: 'path', required: true }],
    responses: { 200: { description: 'The cart', schema: cartSchema }, ...errors(401, 404) },
  },
  {
    method: 'post',
    path: '/api/v1/cart/checkout',
    tags,
    summary:
      'Pay one brand’s part of the cart, at the prices seen when adding (409 price_changed otherwise); those lines then leave the cart',
    auth: 'user',
    scopes: ['write'],
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        description: 'The same key returns the same order and never charges twice',
      },
    ],
    body: {
      schema: {
        type: 'object',
        properties: {
          brand_id: { type: 'string' },
          payment_method_id: { type: 'string' },
          address_id: { type: 'string' },
          shipping_address: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              line1: { type: 'string' },
              line2: { type: 'string' },
              postal_code: { type: 'string' },
              city: { type: 'string' },
              country: { type: 'string' },
            },
          },
          shipping_method_id: { type: 'string' },
        },
        required: ['brand_id', 'payment_method_id'],
      },
    },
    responses: { 201: { description: 'The order', schema: placed }, ...errors(401, 402, 409, 422) },
  },
  {
    method: 'post',
    path: '/api/v1/reply_to_buy/{order_id}/confirm',
    tags: ['Orders'],
    summary: 'Confirm and pay an order made by a reply-to-buy (status pending_confirmation); nothing is charged before',
    auth: 'user',
    scopes: ['write'],
    parameters: [{ name: 'order_id', in: 'path', required: true }],
    body: {
      required: false,
      schema: {
        type: 'object',
        properties: {
          payment_method_id: {
            type: 'string',
            description: 'Another saved method than the default chosen at reply time',
          },
        },
      },
    },
    responses: { 200: { description: 'The order', schema: placed }, ...errors(401, 402, 404, 409, 422) },
  },
]);

export const cartApi: RouteModule = (app, ctx: AppContext) => {
  const cartJson = async (accountId: string) => presentCart(await getCart(ctx.db, accountId));

  app.get('/api/v1/cart', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(await cartJson(viewer.accountId));
  });

  app.post('/api/v1/cart/items', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    await addToCart(ctx.db, viewer.accountId, {
      variantId: p.variant_id,
      quantity: p.quantity,
      sourceStatusId: p.source_status_id,
    });
    return c.json(await cartJson(viewer.accountId), 201);
  });

  app.patch('/api/v1/cart/items/:variant_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    await setCartQuantity(ctx.db, viewer.accountId, id(c.req.param('variant_id'), 'Cart item'), p.quantity);
    return c.json(await cartJson(viewer.accountId));
  });

  app.delete('/api/v1/cart/items/:variant_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await removeFromCart(ctx.db, viewer.accountId, id(c.req.param('variant_id'), 'Cart item'));
    return c.json(await cartJson(viewer.accountId));
  });

  app.post('/api/v1/cart/checkout', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    const brandId = optionalId(p, 'brand_id', 'invalid_brand');
    if (!brandId)
      throw unprocessable('invalid_brand', 'brand_id is required: the cart is paid brand by brand', {
        field: 'brand_id',
      });
    const result = await idempotent(
      ctx.db,
      { scope: 'cart-checkout', principal: viewer.accountId, key: c.req.header('idempotency-key'), body: p },
      async () => {
        const order = await checkoutCart(ctx, viewer.accountId, brandId, {
          paymentMethodId: optionalId(p, 'payment_method_id', 'invalid_payment_method') ?? '',
          addressId: optionalId(p, 'address_id', 'invalid_address'),
          shippingAddress: p.shipping_address,
          shippingMethodId: optionalId(p, 'shipping_method_id', 'invalid_shipping_method'),
        });
        return {
          status: 201,
          body: {
            id: order.orderId,
            status: order.status,
            ...(order.nextActionUrl ? { next_action_url: order.nextActionUrl } : {}),
          },
        };
      },
    );
    return c.json(result.body, result.status as 201);
  });

  app.post('/api/v1/reply_to_buy/:order_id/confirm', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    const order = await confirmPendingOrder(
      ctx,
      viewer.accountId,
      id(c.req.param('order_id'), 'Order'),
      optionalId(p, 'payment_method_id', 'invalid_payment_method'),
    );
    return c.json({
      id: order.orderId,
      status: order.status,
      ...(order.nextActionUrl ? { next_action_url: order.nextActionUrl } : {}),
    });
  });
};

export const routes: RouteModule[] = [cartApi];
