// The ledger's consistency under random histories: orders of several lines at different rates,
// deliveries with time passing (the mature job), returns, partial and full refunds, payouts.
// After every step: each movement sums to zero, no balance (per ambassador, per line) is
// negative, the API's balances are the sums of the entries, and payouts never exceed payable.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { ambassador, attributeBuyer, jobsDueNow, product, programme } from '../../../../test/support/ledger';
import { buyerWithCard, orderBody, person, runJobs, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';

let t: TestApp;
let s: Shop;
let variants: string[];
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t, { price: 1250, stock: 100000 });
  await programme(t, s.brand.id, { bp: 1000, returnWindowDays: 14 });
  const rated = await product(t, s.brand.id, 2333, { bp: 1750 });
  const cheap = await product(t, s.brand.id, 199, { bp: 333 });
  variants = [s.variantId, rated.variantId, cheap.variantId];
});
afterAll(() => t.close());

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

type Step =
  | { op: 'buy'; lines: { v: number; q: number }[] }
  | { op: 'deliver'; order: number }
  | { op: 'refund'; order: number; share: number }
  | { op: 'return'; order: number; refund: boolean }
  | { op: 'wait'; days: number }
  | { op: 'payout'; share: number };

const index = fc.nat({ max: 5 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('buy' as const),
      lines: fc.uniqueArray(fc.record({ v: fc.nat({ max: 2 }), q: fc.integer({ min: 1, max: 3 }) }), {
        minLength: 1,
        maxLength: 3,
        selector: (l) => l.v,
      }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deliver' as const), order: index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('refund' as const),
      order: index,
      share: fc.oneof(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.constant(1)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('return' as const), order: index, refund: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 4, max: 20 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('payout' as const), share: fc.double({ min: 0.1, max: 1.3, noNaN: true }) }),
  },
);

async function checkInvariants(ambassadorId: string, fanToken: string) {
  const unbalanced = await queryRows<{ txn_id: string }>(
    t.ctx.db,
    sql`select txn_id from ambassador_ledger_entries where ambassador_id = ${ambassadorId}
         group by txn_id having sum(amount) <> 0`,
  );
  expect(unbalanced).toEqual([]);
  const negativeLines = await queryRows<{ line: string }>(
    t.ctx.db,
    sql`select order_line_id as line, account from ambassador_ledger_entries
         where ambassador_id = ${ambassadorId} and account <> 'brand'
         group by order_line_id, account having sum(amount) < 0`,
  );
  expect(negativeLines).toEqual([]);
  const [sums] = await queryRows<{ pending: number; payable: number; paid: number; payouts: number }>(
    t.ctx.db,
    sql`select coalesce(sum(amount) filter (where account = 'pending'), 0)::int as pending,
               coalesce(sum(amount) filter (where account = 'payable'), 0)::int as payable,
               coalesce(sum(amount) filter (where account = 'paid'), 0)::int as paid,
               (select coalesce(sum(amount), 0)::int from ambassador_payouts where ambassador_id = ${ambassadorId}) as payouts
          from ambassador_ledger_entries where ambassador_id = ${ambassadorId}`,
  );
  const api = (await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, fanToken)).body;
  expect([api.pending.amount, api.payable.amount, api.paid.amount]).toEqual([sums.pending, sums.payable, sums.paid]);
  expect(Math.min(sums.pending, sums.payable, sums.paid)).toBeGreaterThanOrEqual(0);
  expect(sums.paid).toBe(sums.payouts);
  return sums;
}

describe('ledger property', () => {
  it('keeps every balance the sum of its entries and never negative, whatever happens', async () => {
    await fc.assert(
      // Every history starts with an order, so most of them have something to deliver, refund and pay.
      fc.asyncProperty(
        stepArb.filter((x) => x.op === 'buy'),
        fc.array(stepArb, { minLength: 4, maxLength: 12 }),
        async (first, rest) => {
          const steps = [first, ...rest];
          const fan = await person(t, { prefix: 'fan' });
          const ambassadorId = await ambassador(t, s.brand.id, fan.id);
          const buyer = await buyerWithCard(t);
          attributeBuyer(buyer.id, ambassadorId);
          const orders: string[] = [];
          const pick = (i: number) => orders[i % Math.max(orders.length, 1)];
          for (const step of steps) {
            if (step.op === 'buy') {
              const body = {
                ...orderBody(s.variantId, buyer.methodId),
                lines: step.lines.map((l) => ({ variant_id: variants[l.v], quantity: l.q })),
              };
              const res = await call('POST', '/api/v1/orders', buyer.token, body);
              expect(res.status).toBe(201);
              orders.push(res.body.id);
            } else if (step.op === 'deliver' && orders.length) {
              const id = pick(step.order);
              await call('POST', `/api/v1/orders/${id}/ship`, s.ownerToken, {
                carrier: 'Colissimo',
                tracking_number: 'P1',
              });
              await call('POST', `/api/v1/orders/${id}/deliver`, s.ownerToken);
            } else if (step.op === 'refund' && orders.length) {
              const id = pick(step.order);
              const [o] = await queryRows<{ left: number }>(
                t.ctx.db,
                sql`select total_amount - refunded_amount as left from orders where id = ${id}`,
              );
              const amount = Math.max(1, Math.floor(o.left * step.share));
              if (o.left > 0) await call('POST', `/api/v1/orders/${id}/refund`, s.ownerToken, { amount });
            } else if (step.op === 'return' && orders.length) {
              const id = pick(step.order);
              const asked = await call('POST', `/api/v1/orders/${id}/returns`, buyer.token, { reason: 'Abîmé' });
              if (asked.status === 201) {
                const rid = asked.body.id;
                if (step.refund) {
                  await call('POST', `/api/v1/returns/${rid}/accept`, s.ownerToken, {});
                  await call('POST', `/api/v1/returns/${rid}/resolve`, s.ownerToken, { outcome: 'refunded' });
                } else await call('POST', `/api/v1/returns/${rid}/refuse`, s.ownerToken, { note: 'Non' });
              }
            } else if (step.op === 'wait') {
              t.clock.advance(step.days * DAY);
              await jobsDueNow(t, 'ambassadors.mature');
              await runJobs(t);
            } else if (step.op === 'payout') {
              const before = await checkInvariants(ambassadorId, fan.token);
              const amount = Math.max(1, Math.round(before.payable * step.share));
              const res = await call('POST', `/api/v1/brands/${s.brand.id}/ambassador_payouts`, s.ownerToken, {
                ambassador_id: ambassadorId,
                amount,
              });
              if (amount > before.payable) {
                expect([res.status, res.body.error.code]).toEqual([422, 'payout_too_large']);
              } else expect(res.status).toBe(201);
              const after = await checkInvariants(ambassadorId, fan.token);
              expect(after.paid - before.paid).toBe(res.status === 201 ? amount : 0);
            }
            await checkInvariants(ambassadorId, fan.token);
          }
        },
      ),
      { numRuns: 10 },
    );
  }, 240_000);
});
