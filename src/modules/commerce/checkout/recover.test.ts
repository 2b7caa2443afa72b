import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { address, buyer, shopWithProduct } from '../../../../test/support/commerce';
import { testDatabaseUrl } from '../../../../test/support/database';
import { queryRows } from '../../../db/client';
import { awaitReply, claimKeys, keyClaim, releaseKeys, storeReplies } from '../../../lib/idempotency';
import { deadNodes, forgetNodes, processNodeId, startNode } from '../../../lib/nodes';
import type { TestPaymentProvider } from '../payments';
import { placeOrder, placeOrderOnce, recoverLeases, reserveBatch } from './index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const provider = () => t.ctx.payments.get('test') as TestPaymentProvider;
const stockOf = async (variantId: string) =>
  (await queryRows<{ stock: number }>(t.ctx.db, sql`select stock from variants where id = ${variantId}`))[0].stock;
const orderOf = async (id: string) =>
  (
    await queryRows<{ status: string; lease_node: string | null }>(t.ctx.db, sql`select * from orders where id = ${id}`)
  )[0];
const keyRow = async (principal: string, key: string) =>
  (await queryRows(t.ctx.db, sql`select 1 from idempotency_keys where principal = ${principal} and key = ${key}`))[0];

/** A node row whose last beat was `secondsAgo` seconds ago. */
async function nodeBeat(id: string, secondsAgo: number) {
  await queryRows(
    t.ctx.db,
    sql`insert into app_nodes (id, heartbeat_at) values (${id}, now() - make_interval(secs => ${secondsAgo}))
        on conflict (id) do update set heartbeat_at = excluded.heartbeat_at`,
  );
}

/** What a sweeping node (another id than the nodes it may recover) does at each tick. */
async function sweep(self = randomUUID()) {
  const dead = await deadNodes(t.ctx.db, self, 5);
  await recoverLeases(t.ctx, dead);
  await forgetNodes(t.ctx.db, dead, 5);
  return dead;
}

/**
 * A checkout cut off by a crash: stock reserved under a lease of `node` with the request's key
 * claimed, the card authorized at the provider, and then nothing (the process died before paying).
 */
async function checkoutCutOff(node: string, stock = 1) {
  const shop = await shopWithProduct(t, { stock });
  const b = await buyer(t);
  const request = {
    lines: [{ variantId: shop.variantId, quantity: 1 }],
    paymentMethodId: b.methodId,
    shippingAddress: address,
  };
  const key = `crash-${randomUUID()}`;
  const claim = keyClaim({ scope: 'orders', principal: b.account.id, key, body: request })!;
  const [reserved] = await reserveBatch(
    t.ctx.db,
    [{ buyerId: b.account.id, request, claim }],
    'awaiting_payment',
    15,
    t.clock,
    node,
  );
  if (reserved instanceof Error) throw reserved;
  const auth = await provider().authorize({
    methodToken: reserved.quote.payment.token,
    amount: reserved.quote.totalAmount,
    currency: reserved.quote.currency,
    idempotencyKey: `order:${reserved.order.id}:auth`,
  });
  const retry = () =>
    placeOrderOnce(
      t.ctx,
      b.account.id,
      request,
      { scope: 'orders', key, body: request },
      (placed) => ({ status: 201, body: { id: placed.orderId } }),
      async (placed) => ({ status: 202, body: { id: placed.orderId } }),
    );
  return { shop, buyerId: b.account.id, key, orderId: reserved.order.id, ref: auth.ref, retry };
}

describe("checkout leases: a dead app node's checkouts are given back at once", () => {
  it("a stale node's leased order is recovered: stock back, key released, authorization voided; the same key then buys once", async () => {
    const dead = randomUUID();
    await nodeBeat(dead, 60);
    const cut = await checkoutCutOff(dead);
    expect(await stockOf(cut.shop.variantId)).toBe(0);
    expect(provider().heldAmount(cut.ref)).toBeGreaterThan(0);

    expect(await sweep()).toEqual([dead]);
    expect(await stockOf(cut.shop.variantId)).toBe(1);
    expect(await orderOf(cut.orderId)).toBeUndefined();
    expect(await keyRow(cut.buyerId, cut.key)).toBeUndefined();
    expect(provider().heldAmount(cut.ref)).toBe(0);
    expect(await queryRows(t.ctx.db, sql`select 1 from app_nodes where id = ${dead}`)).toHaveLength(0);

    const reply = await cut.retry();
    expect(reply).toMatchObject({ status: 201, replayed: false });
    const again = await cut.retry();
    expect(again).toMatchObject({ status: 201, replayed: true, body: reply.body });
    const orders = await queryRows<{ status: string }>(
      t.ctx.db,
      sql`select status from orders where buyer_id = ${cut.buyerId}`,
    );
    expect(orders).toEqual([{ status: 'paid' }]);
    expect(await stockOf(cut.shop.variantId)).toBe(0);
  });

  it("a key its caller claimed itself (a web form's) is given back with the order too", async () => {
    const dead = randomUUID();
    await nodeBeat(dead, 60);
    const shop = await shopWithProduct(t, { stock: 1 });
    const b = await buyer(t);
    const request = {
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    };
    const claim = keyClaim({ scope: 'web-orders', principal: b.account.id, key: 'form-1', body: {} })!;
    await claimKeys(t.ctx.db, [claim]);
    const [reserved] = await reserveBatch(
      t.ctx.db,
      [{ buyerId: b.account.id, request, heldKey: claim }],
      'awaiting_payment',
      15,
      t.clock,
      dead,
    );
    expect(reserved).not.toBeInstanceOf(Error);
    await sweep();
    expect(await keyRow(b.account.id, 'form-1')).toBeUndefined();
    expect(await stockOf(shop.variantId)).toBe(1);
  });

  it("a live node's lease is left alone", async () => {
    const live = randomUUID();
    await nodeBeat(live, 0);
    const cut = await checkoutCutOff(live);
    expect(await sweep()).toEqual([]);
    expect(await orderOf(cut.orderId)).toMatchObject({ status: 'awaiting_payment', lease_node: live });
    expect(await stockOf(cut.shop.variantId)).toBe(0);
    expect(await keyRow(cut.buyerId, cut.key)).toBeDefined();
    expect(provider().heldAmount(cut.ref)).toBeGreaterThan(0);
  });

  it('a paid order is never touched, even when its node dies afterwards', async () => {
    const shop = await shopWithProduct(t, { stock: 2 });
    const b = await buyer(t);
    const placed = await placeOrder(t.ctx, b.account.id, {
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    });
    expect(await orderOf(placed.orderId)).toMatchObject({ status: 'paid', lease_node: null });
    await nodeBeat(processNodeId, 60);
    await recoverLeases(t.ctx, [processNodeId]);
    expect(await orderOf(placed.orderId)).toMatchObject({ status: 'paid' });
    expect(await stockOf(shop.variantId)).toBe(1);
    await queryRows(t.ctx.db, sql`delete from app_nodes where id = ${processNodeId}`);
  });

  it('two sweepers at once recover each order once', async () => {
    const dead = randomUUID();
    await nodeBeat(dead, 60);
    const cuts = [await checkoutCutOff(dead, 3), await checkoutCutOff(dead, 3)];
    await Promise.all([sweep(), sweep(), sweep()]);
    for (const cut of cuts) {
      expect(await stockOf(cut.shop.variantId)).toBe(3);
      expect(await orderOf(cut.orderId)).toBeUndefined();
      expect(provider().heldAmount(cut.ref)).toBe(0);
    }
  });

  it('3-D Secure orders waiting for the buyer keep their 15-minute expiry', async () => {
    const shop = await shopWithProduct(t, { stock: 1 });
    const b = await buyer(t, 'tok_requires_action');
    const placed = await placeOrder(t.ctx, b.account.id, {
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    });
    expect(placed).toMatchObject({ status: 'awaiting_payment', nextActionUrl: expect.any(String) });
    expect(await orderOf(placed.orderId)).toMatchObject({ status: 'awaiting_payment', lease_node: null });
    await nodeBeat(processNodeId, 60);
    await recoverLeases(t.ctx, [processNodeId]);
    expect(await orderOf(placed.orderId)).toMatchObject({ status: 'awaiting_payment' });
    expect(await stockOf(shop.variantId)).toBe(0);
    const [job] = await queryRows<{ minutes: number }>(
      t.ctx.db,
      sql`select extract(epoch from run_at - now()) / 60 as minutes from jobs
          where kind = 'order.expire' and payload->>'orderId' = ${placed.orderId}`,
    );
    expect(Number(job.minutes)).toBeGreaterThan(14);
    await queryRows(t.ctx.db, sql`delete from app_nodes where id = ${processNodeId}`);
  });

  it.skipIf(testDatabaseUrl())(
    'on the embedded database a starting node recovers every other node at once',
    async () => {
      const dead = randomUUID();
      await nodeBeat(dead, 0);
      const cut = await checkoutCutOff(dead);
      const node = await startNode(t.ctx.database, { id: randomUUID(), recover: [(d) => recoverLeases(t.ctx, d)] });
      await node.stop();
      expect(await orderOf(cut.orderId)).toBeUndefined();
      expect(await stockOf(cut.shop.variantId)).toBe(1);
      expect(await keyRow(cut.buyerId, cut.key)).toBeUndefined();
    },
  );
});

describe('a duplicate waiting on a request in flight', () => {
  const claimOf = (key: string) => keyClaim({ scope: 'wake', principal: 'p', key, body: { n: 1 } })!;

  it("gets the original's reply as soon as it is kept", async () => {
    const claim = claimOf(randomUUID());
    expect((await claimKeys(t.ctx.db, [claim])).size).toBe(1);
    const waiting = awaitReply(t.ctx.db, claim);
    await storeReplies(t.ctx.db, [{ claim, reply: { status: 201, body: { ok: true } } }]);
    expect(await waiting).toEqual({ status: 201, body: { ok: true } });
  });

  it('takes over when the original lets go of the key', async () => {
    const claim = claimOf(randomUUID());
    await claimKeys(t.ctx.db, [claim]);
    const waiting = awaitReply(t.ctx.db, claim);
    await releaseKeys(t.ctx.db, [claim]);
    expect(await waiting).toBe('released');
  });

  it('is still told 409 when the original runs past the deadline', async () => {
    const claim = claimOf(randomUUID());
    await claimKeys(t.ctx.db, [claim]);
    await expect(awaitReply(t.ctx.db, claim, 0)).rejects.toMatchObject({ code: 'idempotency_in_progress' });
  });
});
