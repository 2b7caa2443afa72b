import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { address, buyer, shopWithProduct } from '../../../../test/support/commerce';
import { queryRows } from '../../../db/client';
import { runDueJobs } from '../../../jobs/queue';
import { jobHandlers } from '../../../jobs/handlers';
import { keyClaim } from '../../../http/idempotency';
import type { TestPaymentProvider } from '../payments';
import { variants } from '../schema';
import { expireOrder, placeOrder, placeOrderOnce, reserveBatch } from './index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const stockOf = async (variantId: string) =>
  (await t.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0].stock;
const ordersOf = async (variantId: string) =>
  (
    await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from orders o join order_lines l on l.order_id = o.id where l.variant_id = ${variantId}`,
    )
  )[0].n;

describe('checkout', () => {
  it('charges the price with VAT included and shipping, and takes the stock', async () => {
    const shop = await shopWithProduct(t, { stock: 5, price: 1200 });
    const b = await buyer(t);
    const placed = await placeOrder(t.ctx, b.account.id, {
      lines: [{ variantId: shop.variantId, quantity: 2 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    });
    expect(placed.status).toBe('paid');
    const [order] = await queryRows<{
      total_amount: number;
      vat_amount: number;
      shipping_amount: number;
      status: string;
    }>(t.ctx.db, sql`select * from orders where id = ${placed.orderId}`);
    expect(order).toMatchObject({ status: 'paid', shipping_amount: 590, total_amount: 2400 + 590 });
    expect(order.vat_amount).toBe(400 + 98);
    expect(await stockOf(shop.variantId)).toBe(3);
  });

  it('never oversells: N parallel buyers on K units end with exactly K orders', async () => {
    const K = 7;
    const N = 30;
    const shop = await shopWithProduct(t, { stock: K });
    const buyers = await Promise.all(Array.from({ length: N }, () => buyer(t)));
    const results = await Promise.allSettled(
      buyers.map((b) =>
        placeOrder(t.ctx, b.account.id, {
          lines: [{ variantId: shop.variantId, quantity: 1 }],
          paymentMethodId: b.methodId,
          shippingAddress: address,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(K);
    expect(lost.every((r) => r.reason.code === 'out_of_stock')).toBe(true);
    expect(await stockOf(shop.variantId)).toBe(0);
    expect(await ordersOf(shop.variantId)).toBe(K);
  });

  it('adds up two lines on the same variant and refuses what exceeds the stock', async () => {
    const shop = await shopWithProduct(t, { stock: 3 });
    const b = await buyer(t);
    const request = {
      lines: [
        { variantId: shop.variantId, quantity: 2 },
        { variantId: shop.variantId, quantity: 2 },
      ],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    };
    await expect(placeOrder(t.ctx, b.account.id, request)).rejects.toMatchObject({ code: 'out_of_stock' });
    expect(await stockOf(shop.variantId)).toBe(3);
  });

  it('leaves no trace when the card is declined or the provider is unreachable', async () => {
    const shop = await shopWithProduct(t, { stock: 2 });
    for (const [token, code] of [
      ['tok_declined', 'payment_declined'],
      ['tok_network_error', 'payment_unavailable'],
    ] as const) {
      const b = await buyer(t, token);
      await expect(
        placeOrder(t.ctx, b.account.id, {
          lines: [{ variantId: shop.variantId, quantity: 2 }],
          paymentMethodId: b.methodId,
          shippingAddress: address,
        }),
      ).rejects.toMatchObject({ status: 402, code });
    }
    expect(await stockOf(shop.variantId)).toBe(2);
    expect(await ordersOf(shop.variantId)).toBe(0);
  });

  it('rejects bad input with a code before touching stock', async () => {
    const shop = await shopWithProduct(t, { stock: 2 });
    const b = await buyer(t);
    const base = { paymentMethodId: b.methodId, shippingAddress: address };
    await expect(
      placeOrder(t.ctx, b.account.id, { ...base, lines: [{ variantId: shop.variantId, quantity: -1 }] }),
    ).rejects.toMatchObject({ code: 'invalid_quantity' });
    await expect(
      placeOrder(t.ctx, b.account.id, { ...base, lines: [{ variantId: shop.variantId, quantity: 1.5 }] }),
    ).rejects.toMatchObject({ code: 'invalid_quantity' });
    await expect(
      placeOrder(t.ctx, b.account.id, {
        ...base,
        lines: [{ variantId: '0190aaaa-0000-7000-8000-000000000000', quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'unknown_variant' });
    await expect(
      placeOrder(t.ctx, b.account.id, {
        lines: [{ variantId: shop.variantId, quantity: 1 }],
        paymentMethodId: b.methodId,
      }),
    ).rejects.toMatchObject({ code: 'missing_address' });
    const other = await buyer(t);
    await expect(
      placeOrder(t.ctx, b.account.id, {
        ...base,
        paymentMethodId: other.methodId,
        lines: [{ variantId: shop.variantId, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'invalid_payment_method' });
    await expect(
      placeOrder(t.ctx, b.account.id, {
        ...base,
        lines: [{ variantId: shop.variantId, quantity: 1 }],
        expectedPrices: { [shop.variantId]: 999 },
      }),
    ).rejects.toMatchObject({ code: 'price_changed' });
    expect(await stockOf(shop.variantId)).toBe(2);
  });

  it('releases the stock and voids the hold when a payment needing action is never completed', async () => {
    const shop = await shopWithProduct(t, { stock: 1 });
    const b = await buyer(t, 'tok_requires_action');
    const placed = await placeOrder(t.ctx, b.account.id, {
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    });
    expect(placed.status).toBe('awaiting_payment');
    expect(await stockOf(shop.variantId)).toBe(0);
    await queryRows(
      t.ctx.db,
      sql`update jobs set run_at = now() where kind = 'order.expire' and payload->>'orderId' = ${placed.orderId}`,
    );
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    expect(await stockOf(shop.variantId)).toBe(1);
    expect(await ordersOf(shop.variantId)).toBe(0);
    await expireOrder(t.ctx, placed.orderId); // idempotent
    expect(await stockOf(shop.variantId)).toBe(1);
    expect((t.ctx.payments.get('test') as TestPaymentProvider).heldAmount('x')).toBe(0);
  });

  it('a request that dies after taking stock leaves its key claimed only until the hold runs out; then the same key buys', async () => {
    const shop = await shopWithProduct(t, { stock: 1 });
    const b = await buyer(t);
    const request = {
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    };
    const claim = keyClaim({ scope: 'orders', principal: b.account.id, key: 'killed-midway', body: request })!;
    // The reservation commits, then the process dies: no authorization, no reply.
    const [reserved] = await reserveBatch(t.ctx.db, [{ buyerId: b.account.id, request, claim }]);
    expect(reserved).not.toBeInstanceOf(Error);
    expect(await stockOf(shop.variantId)).toBe(0);
    const present = () => ({ status: 201, body: {} });
    const retry = () =>
      placeOrderOnce(
        t.ctx,
        b.account.id,
        request,
        { scope: 'orders', key: 'killed-midway', body: request },
        present,
        async () => present(),
      );
    // A retry now would wait for a reply that never comes; once the hold runs out the job lets go of the key.
    await queryRows(
      t.ctx.db,
      sql`update jobs set run_at = now() where kind = 'order.expire' and payload->>'orderId' = ${(reserved as { order: { id: string } }).order.id}`,
    );
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    expect(await stockOf(shop.variantId)).toBe(1);
    const placed = await retry();
    expect(placed).toMatchObject({ status: 201, replayed: false });
    expect(await stockOf(shop.variantId)).toBe(0);
    expect(await ordersOf(shop.variantId)).toBe(1);
    expect(await retry()).toMatchObject({ status: 201, replayed: true });
  });
});
