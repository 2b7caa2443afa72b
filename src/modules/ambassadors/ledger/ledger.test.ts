// The commission ledger's movements through commerce's real steps: paid, delivered and the
// return window (the mature job), refunds, cancellations, returns, payouts, idempotence.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { ambassador, attributeBuyer, jobsDueNow, product, programme } from '../../../../test/support/ledger';
import { buyerWithCard, orderBody, person, runJobs, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { matureOrder, recordEarned, reverseForRefund } from './movements';
import { recordPayout } from './payouts';
import { ledgerBalances } from './read';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

type Setup = { s: Shop; ambassadorId: string; buyer: Awaited<ReturnType<typeof buyerWithCard>> };

async function setup(options: Parameters<typeof programme>[2] = {}, excluded: string | null = null): Promise<Setup> {
  const s = await shop(t, { price: 1000, stock: 100 });
  await programme(t, s.brand.id, { bp: 1000, ...options });
  const fan = await person(t, { prefix: 'fan' });
  const ambassadorId = await ambassador(t, s.brand.id, fan.id);
  const buyer = await buyerWithCard(t);
  attributeBuyer(buyer.id, ambassadorId, excluded);
  return { s, ambassadorId, buyer };
}

async function buy(
  x: Setup,
  lines: { variantId: string; quantity: number }[] = [{ variantId: x.s.variantId, quantity: 2 }],
) {
  const body = {
    ...orderBody(x.s.variantId, x.buyer.methodId),
    lines: lines.map((l) => ({ variant_id: l.variantId, quantity: l.quantity })),
  };
  const res = await call('POST', '/api/v1/orders', x.buyer.token, body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function deliver(x: Setup, orderId: string) {
  const token = x.s.ownerToken;
  expect(
    (await call('POST', `/api/v1/orders/${orderId}/ship`, token, { carrier: 'Colissimo', tracking_number: 'T1' }))
      .status,
  ).toBe(200);
  expect((await call('POST', `/api/v1/orders/${orderId}/deliver`, token)).status).toBe(200);
}

/** Moves the app's clock past the return window and runs the due jobs (the mature job among them). */
async function afterWindow(days = 15) {
  t.clock.advance(days * DAY);
  await jobsDueNow(t, 'ambassadors.mature');
  await runJobs(t);
}

const balances = async (id: string) => {
  const b = (await ledgerBalances(t.ctx.db, [id])).get(id)!;
  return { pending: b.pending.amount, payable: b.payable.amount, paid: b.paid.amount };
};
const entryCount = async (id: string) =>
  (
    await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from ambassador_ledger_entries where ambassador_id = ${id}`,
    )
  )[0].n;
const totalOf = async (orderId: string) =>
  (await queryRows<{ total: number }>(t.ctx.db, sql`select total_amount as total from orders where id = ${orderId}`))[0]
    .total;

describe('commission ledger', () => {
  it('earns a pending commission when paid, payable after delivery and the return window', async () => {
    const x = await setup();
    const orderId = await buy(x);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 200, payable: 0, paid: 0 });
    await deliver(x, orderId);
    await runJobs(t);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 200, payable: 0, paid: 0 });
    await afterWindow();
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 200, paid: 0 });
    // Every movement sums to zero and names its order line.
    const txns = await queryRows<{ sum: number; lines: number }>(
      t.ctx.db,
      sql`select sum(amount)::int as sum, count(distinct order_line_id)::int as lines
            from ambassador_ledger_entries where ambassador_id = ${x.ambassadorId} group by txn_id`,
    );
    expect(txns).toEqual([
      { sum: 0, lines: 1 },
      { sum: 0, lines: 1 },
    ]);
  });

  it('writes nothing twice: listener and job run again', async () => {
    const x = await setup();
    const orderId = await buy(x);
    await t.ctx.db.transaction((tx) => recordEarned(tx, [orderId], t.clock.now()));
    expect(await entryCount(x.ambassadorId)).toBe(2);
    await deliver(x, orderId);
    t.clock.advance(15 * DAY);
    expect(await matureOrder(t.ctx, orderId)).toBe('matured');
    expect(await matureOrder(t.ctx, orderId)).toBe('matured');
    await jobsDueNow(t, 'ambassadors.mature');
    await runJobs(t);
    expect(await entryCount(x.ambassadorId)).toBe(4);
    expect((await call('POST', `/api/v1/orders/${orderId}/refund`, x.s.ownerToken, { amount: 500 })).status).toBe(200);
    const after = await entryCount(x.ambassadorId);
    await t.ctx.db.transaction((tx) =>
      reverseForRefund(tx, orderId, 'partially_refunded', { amount: 500 }, t.clock.now()),
    );
    expect(await entryCount(x.ambassadorId)).toBe(after);
  });

  it('waits for an open return; matures when it is refused', async () => {
    const x = await setup();
    const orderId = await buy(x);
    await deliver(x, orderId);
    const asked = await call('POST', `/api/v1/orders/${orderId}/returns`, x.buyer.token, { reason: 'Trop salé' });
    expect(asked.status).toBe(201);
    await afterWindow();
    expect(await balances(x.ambassadorId)).toEqual({ pending: 200, payable: 0, paid: 0 });
    expect(
      (await call('POST', `/api/v1/returns/${asked.body.id}/refuse`, x.s.ownerToken, { note: 'Non' })).status,
    ).toBe(200);
    await runJobs(t);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 200, paid: 0 });
  });

  it('reverses proportionally to a partial refund, and all that is left on the full refund', async () => {
    const x = await setup();
    const orderId = await buy(x);
    const total = await totalOf(orderId);
    const half = Math.floor(total / 2);
    expect((await call('POST', `/api/v1/orders/${orderId}/refund`, x.s.ownerToken, { amount: half })).status).toBe(200);
    const reversed = Math.round((200 * half) / total);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 200 - reversed, payable: 0, paid: 0 });
    expect((await call('POST', `/api/v1/orders/${orderId}/refund`, x.s.ownerToken, {})).status).toBe(200);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 0, paid: 0 });
  });

  it('reverses payable commissions too, and never what was paid out', async () => {
    const x = await setup();
    const first = await buy(x);
    const second = await buy(x);
    await deliver(x, first);
    await deliver(x, second);
    await afterWindow();
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 400, paid: 0 });
    // Paying 300 pays the first order's line whole (oldest first) and 100 of the second's.
    await recordPayout(t.ctx, x.s.brand.id, x.s.owner.id, { ambassadorId: x.ambassadorId, amount: 300 });
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 100, paid: 300 });
    expect((await call('POST', `/api/v1/orders/${first}/refund`, x.s.ownerToken, {})).status).toBe(200);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 100, paid: 300 });
    expect((await call('POST', `/api/v1/orders/${second}/refund`, x.s.ownerToken, {})).status).toBe(200);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 0, paid: 300 });
  });

  it('a cancelled paid order reverses its whole commission', async () => {
    const x = await setup();
    const orderId = await buy(x);
    expect((await call('POST', `/api/v1/orders/${orderId}/cancel`, x.buyer.token, {})).status).toBe(200);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 0, paid: 0 });
  });

  it('excluded attributions and products out of the programme earn nothing', async () => {
    const x = await setup({}, 'self');
    await buy(x);
    expect(await balances(x.ambassadorId)).toEqual({ pending: 0, payable: 0, paid: 0 });
    const y = await setup({ scope: 'selected' });
    await buy(y);
    expect(await balances(y.ambassadorId)).toEqual({ pending: 0, payable: 0, paid: 0 });
  });

  it('takes the highest rate of a line’s rated collections, else the programme’s', async () => {
    const x = await setup({ bp: 1000 });
    const rated = await product(t, x.s.brand.id, 3000, { bp: 500 });
    const also = await product(t, x.s.brand.id, 999, { bp: 2000 });
    // The rated product in a second collection at 20 %: the line earns the highest.
    await queryRows(
      t.ctx.db,
      sql`insert into collection_products (collection_id, product_id) values (${also.collectionId}, ${rated.productId})`,
    );
    await buy(x, [
      { variantId: rated.variantId, quantity: 1 },
      { variantId: also.variantId, quantity: 1 },
      { variantId: x.s.variantId, quantity: 3 },
    ]);
    // floor(3000 × 20 %) + floor(999 × 20 %) + floor(3000 × 10 %)
    expect(await balances(x.ambassadorId)).toEqual({ pending: 600 + 199 + 300, payable: 0, paid: 0 });
  });

  it('refuses to update or delete an entry', async () => {
    const x = await setup();
    await buy(x);
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'done',
        (e: { cause?: { message?: string }; message?: string }) => e.cause?.message ?? e.message,
      );
    expect(
      await failure(
        queryRows(
          t.ctx.db,
          sql`update ambassador_ledger_entries set amount = 1 where ambassador_id = ${x.ambassadorId}`,
        ),
      ),
    ).toMatch(/append-only/);
    expect(
      await failure(
        queryRows(t.ctx.db, sql`delete from ambassador_ledger_entries where ambassador_id = ${x.ambassadorId}`),
      ),
    ).toMatch(/append-only/);
    expect(await entryCount(x.ambassadorId)).toBe(2);
  });
});
