import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { address, buyerWithCard, orderBody, person, runJobs, shop } from '../../../../test/support/orders';
import type { TestPaymentProvider } from '../payments';
import { variants } from '../schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const provider = () => t.ctx.payments.get('test') as TestPaymentProvider;
const stockOf = async (variantId: string) =>
  (await t.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0].stock;
const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.ctx.db, query))[0].n;

async function call(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await t.call(method, url, options);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other text bodies stay text
  }
  return { status: res.status, body, headers: res.headers };
}

const post = (url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  call('POST', url, { token, body: body ?? {}, headers });
const get = (url: string, token?: string) => call('GET', url, { token });
const order = (token: string, body: unknown, key?: string) =>
  post('/api/v1/orders', token, body, key ? { 'Idempotency-Key': key } : undefined);

async function paidViaApi(options: { stock?: number; quantity?: number } = {}) {
  const s = await shop(t, { stock: options.stock ?? 10, price: 1200 });
  const b = await buyerWithCard(t);
  const res = await order(b.token, orderBody(s.variantId, b.methodId, options.quantity ?? 2), `k-${Math.random()}`);
  expect(res.status).toBe(201);
  return { s, b, id: res.body.id as string, res };
}

describe('POST /api/v1/orders', () => {
  it('answers 201 with the paid order: total, lines with VAT, shipping, address, timeline', async () => {
    const { s, b, res } = await paidViaApi({ quantity: 2 });
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'paid',
      total: { amount: 2990, currency: 'EUR' },
      subtotal: { amount: 2400, currency: 'EUR' },
      vat: { amount: 498, currency: 'EUR' },
      shipping: { name: 'Colissimo', amount: { amount: 590, currency: 'EUR' } },
      brand: { id: s.brand.id },
      buyer: { id: b.id },
      shipping_address: { name: 'Marie Dubois', city: 'Lyon', country: 'FR' },
      payment_method: { brand: 'visa', last4: '4242' },
      next_action: null,
    });
    expect(res.body.lines).toEqual([
      expect.objectContaining({
        variant_id: s.variantId,
        quantity: 2,
        unit_price: { amount: 1200, currency: 'EUR' },
        vat_rate: 20,
        vat: { amount: 400, currency: 'EUR' },
        total: { amount: 2400, currency: 'EUR' },
      }),
    ]);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['created', 'paid']);
    expect(res.body.payments).toEqual([
      expect.objectContaining({
        kind: 'authorization',
        amount: { amount: 2990, currency: 'EUR' },
        status: 'succeeded',
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/pm_test|pi_test|provider_ref/);
    const again = await get(`/api/v1/orders/${res.body.id}`, b.token);
    expect(again.status).toBe(200);
    // The 201 is built from the rows the checkout wrote: reading the order back shows the same.
    expect(again.body).toEqual(res.body);
  });

  it('declines with 402 payment_declined and leaves no trace; 402 payment_unavailable on a network error', async () => {
    const s = await shop(t, { stock: 2 });
    const declined = await buyerWithCard(t, 'tok_declined');
    const res = await order(declined.token, orderBody(s.variantId, declined.methodId, 2), 'decline-1');
    expect(res.status).toBe(402);
    expect(res.body).toEqual({ error: { code: 'payment_declined', message: expect.any(String) } });
    const down = await buyerWithCard(t, 'tok_network_error');
    expect((await order(down.token, orderBody(s.variantId, down.methodId, 1))).body.error.code).toBe(
      'payment_unavailable',
    );
    expect(await stockOf(s.variantId)).toBe(2);
    expect(await count(sql`select count(*)::int as n from orders where brand_id = ${s.brand.id}`)).toBe(0);
  });

  it('holds the stock for a payment needing action, and finishes it with confirm_payment', async () => {
    const s = await shop(t, { stock: 1 });
    const b = await buyerWithCard(t, 'tok_requires_action');
    const res = await order(b.token, orderBody(s.variantId, b.methodId, 1), 'action-1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'awaiting_payment',
      next_action: { url: `http://localhost:3000/orders/${res.body.id}` },
    });
    expect((await get(`/api/v1/orders/${res.body.id}`, b.token)).body.next_action).toEqual({
      url: `http://localhost:3000/orders/${res.body.id}`,
    });
    expect(await stockOf(s.variantId)).toBe(0);
    const confirmed = await post(`/api/v1/orders/${res.body.id}/confirm_payment`, b.token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'paid', next_action: null });
    expect((await post(`/api/v1/orders/${res.body.id}/confirm_payment`, b.token)).body.status).toBe('paid');
    const stranger = await person(t);
    expect((await post(`/api/v1/orders/${res.body.id}/confirm_payment`, stranger.token)).status).toBe(404);
  });

  it('validates: quantities, ids, address, types', async () => {
    const s = await shop(t, { stock: 5 });
    const b = await buyerWithCard(t);
    const base = orderBody(s.variantId, b.methodId);
    const code = async (body: unknown) => {
      const res = await order(b.token, body);
      return [res.status, res.body?.error?.code];
    };
    expect(await code({ ...base, lines: [{ variant_id: s.variantId, quantity: -1 }] })).toEqual([
      422,
      'invalid_quantity',
    ]);
    expect(await code({ ...base, lines: [{ variant_id: s.variantId, quantity: 1.5 }] })).toEqual([
      422,
      'invalid_quantity',
    ]);
    expect(await code({ ...base, lines: [{ variant_id: s.variantId, quantity: 0 }] })).toEqual([
      422,
      'invalid_quantity',
    ]);
    expect(await code({ ...base, lines: [{ variant_id: s.variantId, quantity: '2' }] })).toEqual([
      400,
      'invalid_param',
    ]);
    expect(await code({ ...base, lines: [] })).toEqual([422, 'no_lines']);
    expect(await code({ ...base, lines: 'all' })).toEqual([400, 'invalid_param']);
    expect(await code({ payment_method_id: b.methodId, shipping_address: address })).toEqual([400, 'missing_param']);
    expect(
      await code({ ...base, lines: [{ variant_id: '0190aaaa-0000-7000-8000-000000000000', quantity: 1 }] }),
    ).toEqual([422, 'unknown_variant']);
    expect(await code({ ...base, lines: [{ variant_id: 'not-an-id', quantity: 1 }] })).toEqual([
      422,
      'unknown_variant',
    ]);
    expect(await code({ ...base, payment_method_id: 'nope' })).toEqual([422, 'invalid_payment_method']);
    expect(await code({ ...base, payment_method_id: '0190aaaa-0000-7000-8000-000000000000' })).toEqual([
      422,
      'invalid_payment_method',
    ]);
    expect(await code({ lines: base.lines, payment_method_id: b.methodId })).toEqual([422, 'missing_address']);
    expect(await code({ ...base, shipping_address: { ...address, postal_code: '123' } })).toEqual([
      422,
      'invalid_address',
    ]);
    expect(await code({ ...base, shipping_address: 'Lyon' })).toEqual([400, 'invalid_param']);
    expect(await code({ ...base, address_id: '0190aaaa-0000-7000-8000-000000000000' })).toEqual([
      422,
      'invalid_address',
    ]);
    expect(await code({ ...base, shipping_method_id: '0190aaaa-0000-7000-8000-000000000000' })).toEqual([
      422,
      'invalid_shipping_method',
    ]);
    expect(await code({ ...base, source_status_id: '0190aaaa-0000-7000-8000-000000000000' })).toEqual([
      422,
      'unknown_status',
    ]);
    expect(await code({ ...base, lines: [{ variant_id: s.variantId, quantity: 6 }] })).toEqual([409, 'out_of_stock']);
    const bad = await t.app.request('/api/v1/orders', {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: '{"lines": [',
    });
    expect(bad.status).toBe(400);
    expect((await call('POST', '/api/v1/orders', { body: base })).status).toBe(401);
    expect(await stockOf(s.variantId)).toBe(5);
  });

  it('never oversells: 30 buyers racing for 10 units through the API get exactly 10 orders', async () => {
    const K = 10;
    const N = 30;
    const s = await shop(t, { stock: K });
    const buyers = await Promise.all(Array.from({ length: N }, () => buyerWithCard(t)));
    const results = await Promise.all(
      buyers.map((b, i) => order(b.token, orderBody(s.variantId, b.methodId, 1), `race-${i}`)),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(K);
    expect(won.every((r) => r.body.status === 'paid')).toBe(true);
    expect(lost).toHaveLength(N - K);
    expect(lost.every((r) => r.status === 409 && r.body.error.code === 'out_of_stock')).toBe(true);
    expect(await stockOf(s.variantId)).toBe(0);
    expect(await count(sql`select count(*)::int as n from orders where brand_id = ${s.brand.id}`)).toBe(K);
    expect(
      await count(
        sql`select count(*)::int as n from payments p join orders o on o.id = p.order_id where o.brand_id = ${s.brand.id} and p.kind = 'authorization'`,
      ),
    ).toBe(K);
  });

  it('the same Idempotency-Key sent 20 times at once makes one order and one authorization', async () => {
    const s = await shop(t, { stock: 50 });
    const b = await buyerWithCard(t);
    const before = provider().authorizations;
    const body = orderBody(s.variantId, b.methodId, 1);
    const results = await Promise.all(Array.from({ length: 20 }, () => order(b.token, body, 'double-click-1')));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(provider().authorizations - before).toBe(1);
    expect(await count(sql`select count(*)::int as n from orders where buyer_id = ${b.id}`)).toBe(1);
    expect(
      await count(
        sql`select count(*)::int as n from payments p join orders o on o.id = p.order_id where o.buyer_id = ${b.id} and p.kind = 'authorization'`,
      ),
    ).toBe(1);
    expect(await stockOf(s.variantId)).toBe(49);
    // Later retry: same answer. Same key, another body: 422.
    const replay = await order(b.token, body, 'double-click-1');
    expect(replay).toMatchObject({ status: 201, body: { id: results[0].body.id } });
    const changed = await order(b.token, orderBody(s.variantId, b.methodId, 2), 'double-click-1');
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('idempotency_key_reused');
    // Keys are per buyer: another buyer's same key is a new order.
    const other = await buyerWithCard(t);
    const theirs = await order(other.token, orderBody(s.variantId, other.methodId, 1), 'double-click-1');
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(results[0].body.id);
  });

  it('a failed attempt leaves its key free (sold out, then restocked; a wrong card, then the right one) and a paid one keeps its reply', async () => {
    const s = await shop(t, { stock: 1 });
    const b = await buyerWithCard(t);
    const first = await buyerWithCard(t);
    expect((await order(first.token, orderBody(s.variantId, first.methodId, 1), 'first')).status).toBe(201);
    const body = orderBody(s.variantId, b.methodId, 1);
    expect((await order(b.token, body, 'sold-out-then-back')).body.error.code).toBe('out_of_stock');
    await t.ctx.db.update(variants).set({ stock: 1 }).where(eq(variants.id, s.variantId));
    const retried = await order(b.token, body, 'sold-out-then-back');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const [kept] = await queryRows<{ status: number; response: { id: string; status: string } }>(
      t.ctx.db,
      sql`select status, response from idempotency_keys where scope = 'orders' and principal = ${b.id} and key = 'sold-out-then-back'`,
    );
    expect(kept).toEqual({ status: 201, response: expect.objectContaining({ id: retried.body.id, status: 'paid' }) });
    expect(kept.response).toEqual((await get(`/api/v1/orders/${retried.body.id}`, b.token)).body);

    await t.ctx.db.update(variants).set({ stock: 1 }).where(eq(variants.id, s.variantId));
    const stranger = await buyerWithCard(t);
    const wrongCard = await order(b.token, orderBody(s.variantId, stranger.methodId, 1), 'wrong-card');
    expect(wrongCard.body.error.code).toBe('invalid_payment_method');
    const rightCard = await order(b.token, orderBody(s.variantId, b.methodId, 1), 'wrong-card');
    expect(rightCard.status).toBe(201);
    expect(
      await count(sql`select count(*)::int as n from idempotency_keys where principal = ${b.id} and status is null`),
    ).toBe(0);
  });

  it('buyers racing with keys on two products at once, each key sent twice: one order per key, stock exact on both', async () => {
    const a = await shop(t, { stock: 6 });
    const z = await shop(t, { stock: 4 });
    const buyers = await Promise.all(Array.from({ length: 16 }, () => buyerWithCard(t)));
    const sends = buyers.flatMap((b, i) => {
      const variantId = i % 2 ? z.variantId : a.variantId;
      const body = orderBody(variantId, b.methodId, 1);
      return [order(b.token, body, `race-${i}`), order(b.token, body, `race-${i}`)];
    });
    const results = await Promise.all(sends);
    for (let i = 0; i < buyers.length; i++) {
      const [one, two] = [results[2 * i], results[2 * i + 1]];
      expect(two.status).toBe(one.status);
      if (one.status === 201) expect(two.body.id).toBe(one.body.id);
      else expect([one.body.error.code, two.body.error.code]).toEqual(['out_of_stock', 'out_of_stock']);
    }
    const paid = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(paid.size).toBe(10);
    expect([await stockOf(a.variantId), await stockOf(z.variantId)]).toEqual([0, 0]);
    expect(
      await count(sql`select count(*)::int as n from orders where brand_id in (${a.brand.id}, ${z.brand.id})`),
    ).toBe(10);
  });
});

describe('order lifecycle API', () => {
  it('ships (capturing), delivers, refunds part then the rest; one ship for two parallel clicks', async () => {
    const { s, b, id } = await paidViaApi();
    const prepared = await post(`/api/v1/orders/${id}/prepare`, s.ownerToken);
    expect(prepared.body.status).toBe('preparing');
    expect((await post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo' })).status).toBe(400);
    expect(
      (await post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '' })).body.error
        .code,
    ).toBe('invalid_tracking_number');
    const ships = await Promise.all([
      post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '6A11111111111' }),
      post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '6A22222222222' }),
    ]);
    expect(ships.map((r) => r.status).sort()).toEqual([200, 409]);
    const shipped = ships.find((r) => r.status === 200)!;
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'Colissimo', shipped_at: expect.any(String) });
    expect(ships.find((r) => r.status === 409)!.body.error.code).toBe('invalid_transition');
    expect(shipped.body.payments.map((p: { kind: string; status: string }) => [p.kind, p.status])).toEqual([
      ['authorization', 'succeeded'],
      ['capture', 'succeeded'],
    ]);
    const delivered = await post(`/api/v1/orders/${id}/deliver`, s.ownerToken);
    expect(delivered.body).toMatchObject({ status: 'delivered', delivered_at: expect.any(String) });
    expect((await post(`/api/v1/orders/${id}/refund`, s.ownerToken, { amount: 99999 })).body.error.code).toBe(
      'refund_too_large',
    );
    expect((await post(`/api/v1/orders/${id}/refund`, s.ownerToken, { amount: 'all' })).status).toBe(400);
    const partial = await post(
      `/api/v1/orders/${id}/refund`,
      s.ownerToken,
      { amount: 500 },
      { 'Idempotency-Key': 'refund-1' },
    );
    expect(partial.body).toMatchObject({
      status: 'delivered',
      refunded: { amount: 500, currency: 'EUR' },
      refundable: { amount: 2490 },
    });
    const replayed = await post(
      `/api/v1/orders/${id}/refund`,
      s.ownerToken,
      { amount: 500 },
      { 'Idempotency-Key': 'refund-1' },
    );
    expect(replayed.body.refunded.amount).toBe(500);
    const rest = await post(`/api/v1/orders/${id}/refund`, s.ownerToken);
    expect(rest.body).toMatchObject({ status: 'refunded', refunded: { amount: 2990 } });
    expect((await post(`/api/v1/orders/${id}/refund`, s.ownerToken)).body.error.code).toBe('invalid_transition');
    const timeline = (await get(`/api/v1/orders/${id}`, b.token)).body.events.map((e: { type: string }) => e.type);
    expect(timeline).toEqual([
      'created',
      'paid',
      'preparing',
      'shipped',
      'delivered',
      'partially_refunded',
      'refunded',
    ]);
    await runJobs(t);
    const notes = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where subject_id = ${id} order by id`,
    );
    // One notification per step (the queue may run a batch in any order).
    expect(notes.map((n) => n.detail).sort()).toEqual([
      'delivered',
      'paid',
      'partially_refunded',
      'preparing',
      'refunded',
      'shipped',
    ]);
  });

  it('lets the buyer cancel before shipment (stock back) and not after', async () => {
    const { s, b, id } = await paidViaApi({ stock: 4, quantity: 3 });
    expect(await stockOf(s.variantId)).toBe(1);
    const stranger = await person(t);
    expect((await post(`/api/v1/orders/${id}/cancel`, stranger.token)).status).toBe(404);
    const cancelled = await post(`/api/v1/orders/${id}/cancel`, b.token, { reason: 'Trompé de taille' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(String) });
    expect(await stockOf(s.variantId)).toBe(4);
    const second = await paidViaApi();
    await post(`/api/v1/orders/${second.id}/ship`, second.s.ownerToken, { carrier: 'DPD', tracking_number: 'D1' });
    expect((await post(`/api/v1/orders/${second.id}/cancel`, second.b.token)).status).toBe(409);
  });

  it('keeps each order to its buyer and its brand’s team; staff ship but cannot refund', async () => {
    const { s, b, id } = await paidViaApi();
    const otherBuyer = await person(t);
    const otherShop = await shop(t);
    const staff = await s.member('staff');
    const cm = await s.member('community_manager');
    expect((await get(`/api/v1/orders/${id}`, otherBuyer.token)).status).toBe(404);
    expect((await get(`/api/v1/orders/${id}`, otherShop.ownerToken)).status).toBe(404);
    expect(
      (await post(`/api/v1/orders/${id}/ship`, otherShop.ownerToken, { carrier: 'X', tracking_number: 'Y' })).status,
    ).toBe(404);
    expect((await post(`/api/v1/orders/${id}/ship`, b.token, { carrier: 'X', tracking_number: 'Y' })).status).toBe(403);
    expect((await get(`/api/v1/orders/${id}`, staff.token)).status).toBe(200);
    const refund = await post(`/api/v1/orders/${id}/refund`, staff.token, { amount: 100 });
    expect(refund.status).toBe(403);
    expect(refund.body.error.code).toBe('role_not_allowed');
    expect((await post(`/api/v1/orders/${id}/refund`, cm.token, { amount: 100 })).status).toBe(403);
    expect(
      (await post(`/api/v1/orders/${id}/ship`, staff.token, { carrier: 'Colissimo', tracking_number: 'ST1' })).status,
    ).toBe(200);
    expect((await post(`/api/v1/orders/${id}/deliver`, cm.token)).status).toBe(200);
    expect((await get('/api/v1/orders/0190aaaa-0000-7000-8000-000000000000', b.token)).status).toBe(404);
    expect((await get('/api/v1/orders/nope', b.token)).status).toBe(404);
    expect((await get(`/api/v1/brands/${s.brand.id}/orders`, otherShop.ownerToken)).status).toBe(404);
    expect((await get(`/api/v1/brands/${s.brand.id}/orders`, b.token)).status).toBe(404);
  });

  it('lists the buyer’s orders and the brand’s orders with filters, pages and CSV', async () => {
    const s = await shop(t, { stock: 20, price: 1000 });
    const alice = await buyerWithCard(t);
    const bob = await buyerWithCard(t);
    const ids: string[] = [];
    for (const b of [alice, bob, alice])
      ids.push((await order(b.token, orderBody(s.variantId, b.methodId, 1))).body.id);
    await post(`/api/v1/orders/${ids[0]}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: 'L1' });
    const mine = await get('/api/v1/orders', alice.token);
    expect(mine.body.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[0]]);
    expect(mine.body[0]).toMatchObject({
      status: 'paid',
      total: { amount: 1590, currency: 'EUR' },
      lines: [expect.objectContaining({ quantity: 1 })],
    });
    const all = await get(`/api/v1/brands/${s.brand.id}/orders`, s.ownerToken);
    expect(all.body.map((o: { id: string }) => o.id)).toEqual([...ids].reverse());
    expect(
      (await get(`/api/v1/brands/${s.brand.id}/orders?status=shipped`, s.ownerToken)).body.map(
        (o: { id: string }) => o.id,
      ),
    ).toEqual([ids[0]]);
    expect(
      (
        await get(`/api/v1/brands/${s.brand.id}/orders?status=paid,shipped&buyer=${bob.username}`, s.ownerToken)
      ).body.map((o: { id: string }) => o.id),
    ).toEqual([ids[1]]);
    expect((await get(`/api/v1/brands/${s.brand.id}/orders?status=lost`, s.ownerToken)).body.error.code).toBe(
      'invalid_status',
    );
    expect((await get(`/api/v1/brands/${s.brand.id}/orders?from=yesterday`, s.ownerToken)).status).toBe(400);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await get(`/api/v1/brands/${s.brand.id}/orders?from=${today}&to=${today}`, s.ownerToken)).body,
    ).toHaveLength(3);
    expect((await get(`/api/v1/brands/${s.brand.id}/orders?to=2000-01-01`, s.ownerToken)).body).toHaveLength(0);
    const page1 = await call('GET', `/api/v1/brands/${s.brand.id}/orders?limit=2`, { token: s.ownerToken });
    expect(page1.body).toHaveLength(2);
    const next = new URL(/<([^>]+)>; rel="next"/.exec(page1.headers.get('link') ?? '')![1]);
    const page2 = await get(`${next.pathname}${next.search}`, s.ownerToken);
    expect(page2.body.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    const csv = await call('GET', `/api/v1/brands/${s.brand.id}/orders.csv?status=shipped`, { token: s.ownerToken });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ids[0]);
    expect(lines[1]).toContain(alice.email);
    expect((await call('GET', `/api/v1/brands/${s.brand.id}/orders.csv`, { token: alice.token })).status).toBe(404);
  });

  it('takes a return with photos after delivery and lets the team accept, receive and refund it', async () => {
    const { s, b, id } = await paidViaApi();
    await post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: 'RET1' });
    await post(`/api/v1/orders/${id}/deliver`, s.ownerToken);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('kind', 'return');
    form.append('reason', 'Le fromage est arrivé écrasé');
    form.append('photos[]', new Blob([png], { type: 'image/png' }), 'a.png');
    form.append('photos[]', new Blob([png], { type: 'image/png' }), 'b.png');
    const created = await call('POST', `/api/v1/orders/${id}/returns`, { token: b.token, body: form });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'return', status: 'requested', reason: 'Le fromage est arrivé écrasé' });
    expect(created.body.photos).toHaveLength(2);
    expect(created.body.photos[0].url).toMatch(/\/media\/.+\.webp$/);
    const tooMany = new FormData();
    tooMany.append('reason', 'x');
    for (let i = 0; i < 5; i++) tooMany.append('photos[]', new Blob([png], { type: 'image/png' }), `${i}.png`);
    expect(
      (await call('POST', `/api/v1/orders/${id}/returns`, { token: b.token, body: tooMany })).body.error.code,
    ).toBe('too_many_photos');
    expect((await post(`/api/v1/orders/${id}/returns`, b.token, { reason: 'again' })).body.error.code).toBe(
      'return_open',
    );
    const rid = created.body.id;
    const staff = await s.member('staff');
    expect((await post(`/api/v1/returns/${rid}/accept`, b.token)).status).toBe(403);
    expect((await post(`/api/v1/returns/${rid}/accept`, staff.token)).body.status).toBe('accepted');
    expect((await post(`/api/v1/returns/${rid}/receive`, staff.token)).body.status).toBe('received');
    expect((await post(`/api/v1/returns/${rid}/resolve`, staff.token)).status).toBe(403);
    const resolved = await post(`/api/v1/returns/${rid}/resolve`, s.ownerToken, { note: 'Remboursé, désolés !' });
    expect(resolved.body).toMatchObject({ status: 'refunded', resolution: 'Remboursé, désolés !' });
    const after = await get(`/api/v1/orders/${id}`, b.token);
    expect(after.body).toMatchObject({
      status: 'refunded',
      refunded: { amount: 2990 },
      returns: [expect.objectContaining({ id: rid, status: 'refunded' })],
    });
    expect((await post('/api/v1/returns/0190aaaa-0000-7000-8000-000000000000/accept', s.ownerToken)).status).toBe(404);
  });
});
