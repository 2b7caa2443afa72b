// POST /api/v1/orders/:id/withdrawal and the order's `withdrawal` field: the contract, the period
// at the Paris day boundary, who may ask, lines (unknown, excluded, partial then rest), idempotency.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person } from '../../../../test/support/orders';
import { deliveredAt, deliveredOrder } from '../../../../test/support/withdrawal';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

async function withdraw(orderId: string, token: string | undefined, body?: unknown, key?: string) {
  const res = await t.call('POST', `/api/v1/orders/${orderId}/withdrawal`, {
    token,
    body,
    headers: key ? { 'Idempotency-Key': key } : undefined,
  });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('Idempotent-Replayed') };
}
const getOrder = async (id: string, token: string) => (await t.call('GET', `/api/v1/orders/${id}`, { token })).json();

describe('POST /api/v1/orders/:id/withdrawal', () => {
  it('answers 201 with the deadlines; the order shows the withdrawal (whole order: shipping refunded too)', async () => {
    const { b, id, order } = await deliveredOrder(t, { extra: [null] });
    const res = await withdraw(id, b.token, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'requested',
      whole_order: true,
      amount: { amount: order.total.amount, currency: 'EUR' },
      reason: '',
      late: false,
    });
    // 14 Paris days after today, ending at Paris midnight (22:59:59.999 or 21:59:59.999 UTC).
    expect(res.body.return_deadline).toMatch(/T2[12]:59:59\.999Z$/);
    expect(new Date(res.body.refund_deadline).getTime() - Date.now()).toBeGreaterThan(14 * 86_400_000 - 3_600_000);
    const shown = await getOrder(id, b.token);
    expect(shown.withdrawal.period_ends_at).toMatch(/T2[12]:59:59\.999Z$/);
    expect(shown.withdrawal.requests).toEqual([
      expect.objectContaining({ id: res.body.id, line_ids: expect.any(Array) }),
    ]);
    expect(shown.withdrawal.requests[0].line_ids).toHaveLength(2);
    expect(shown.events.map((e: { type: string }) => e.type)).toContain('withdrawal_requested');
  });

  it('needs no reason, keeps one when given, and refuses one over 2000 characters', async () => {
    const { b, id } = await deliveredOrder(t);
    expect((await withdraw(id, b.token, { reason: 'x'.repeat(2001) })).body.error.code).toBe('invalid_reason');
    const ok = await withdraw(id, b.token, { reason: '  Trop salé  ' });
    expect(ok.status).toBe(201);
    expect(ok.body.reason).toBe('Trop salé');
  });

  it('is open before delivery (the right exists from the order), with no period end yet', async () => {
    const { b, id } = await deliveredOrder(t, { deliver: false });
    expect((await withdraw(id, b.token)).status).toBe(201);
    expect((await getOrder(id, b.token)).withdrawal.period_ends_at).toBeNull();
  });

  it('answers 409 withdrawal_not_open for a cancelled order', async () => {
    const { b, id } = await deliveredOrder(t, { deliver: false });
    expect((await t.call('POST', `/api/v1/orders/${id}/cancel`, { token: b.token, body: {} })).status).toBe(200);
    const res = await withdraw(id, b.token);
    expect([res.status, res.body.error.code]).toEqual([409, 'withdrawal_not_open']);
  });
});

describe('the period, in Europe/Paris days', () => {
  /** 409 at `late`, then 201 one minute before it: the boundary is exactly there. */
  async function boundary(delivered: string, late: string, periodEnd: string) {
    const { b, id } = await deliveredOrder(t);
    await deliveredAt(t, id, new Date(delivered));
    t.clock.set(new Date(late));
    const over = await withdraw(id, b.token);
    expect([over.status, over.body.error?.code]).toEqual([409, 'withdrawal_period_over']);
    expect(over.body.error.message).toContain(periodEnd);
    expect((await getOrder(id, b.token)).withdrawal.period_ends_at).toBe(periodEnd);
    t.clock.set(new Date(new Date(late).getTime() - 60_000));
    const ok = await withdraw(id, b.token);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  }

  it('delivered 10:00 Paris on a weekday: open at 23:59 of day 14, over at 00:00 of day 15', async () => {
    // Wednesday 4 March 2026, 10:00 Paris (UTC+1): day 14 is Wednesday 18 March.
    await boundary('2026-03-04T09:00:00Z', '2026-03-18T23:00:00Z', '2026-03-18T22:59:59.999Z');
  });

  it('runs on past a weekend: day 14 on a Saturday ends on the Monday', async () => {
    await boundary('2026-01-10T09:00:00Z', '2026-01-26T23:00:00Z', '2026-01-26T22:59:59.999Z');
  });

  it('runs on past a public holiday and the weekend after it (1 May 2026 is a Friday)', async () => {
    await boundary('2026-04-17T08:00:00Z', '2026-05-04T22:00:00Z', '2026-05-04T21:59:59.999Z');
  });

  it('ends at Paris midnight across the spring clock change', async () => {
    // Delivered Friday 20 March 2026 at 23:30 Paris (winter time); ends Friday 3 April in summer time.
    await boundary('2026-03-20T22:30:00Z', '2026-04-03T22:00:00Z', '2026-04-03T21:59:59.999Z');
  });
});

describe('who may withdraw', () => {
  it('only the buyer: the brand’s team, another person and strangers get 404; no token 401', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const staff = await s.member('staff');
    const other = await person(t);
    for (const token of [s.ownerToken, staff.token, other.token]) expect((await withdraw(id, token)).status).toBe(404);
    expect((await withdraw(uuidv7(), b.token)).status).toBe(404);
    expect((await withdraw('not-an-id', b.token)).status).toBe(404);
    expect((await withdraw(id, undefined)).status).toBe(401);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from withdrawals where order_id = ${id}`,
    );
    expect(row.n).toBe(0);
  });
});

describe('lines', () => {
  it('refuses unknown, foreign and malformed line ids (422 unknown_line), an empty list and a non-list', async () => {
    const { b, id } = await deliveredOrder(t);
    const foreign = await deliveredOrder(t);
    for (const lineId of [uuidv7(), foreign.lineIds[0], 'nope']) {
      const res = await withdraw(id, b.token, { line_ids: [lineId] });
      expect([res.status, res.body.error.code]).toEqual([422, 'unknown_line']);
    }
    expect((await withdraw(id, b.token, { line_ids: [] })).body.error.code).toBe('invalid_line_ids');
    expect((await withdraw(id, b.token, { line_ids: 'x' })).status).toBe(400);
  });

  it('partial, then the rest: the second withdrawal completes the order and carries the shipping', async () => {
    const { b, id, order, lineIds } = await deliveredOrder(t, { extra: [null] });
    const lineTotal = (lineId: string) => order.lines.find((l: { id: string }) => l.id === lineId).total.amount;
    const first = await withdraw(id, b.token, { line_ids: [lineIds[1]] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ whole_order: false, line_ids: [lineIds[1]] });
    expect(first.body.amount.amount).toBe(lineTotal(lineIds[1]));
    const again = await withdraw(id, b.token, { line_ids: [lineIds[1]] });
    expect([again.status, again.body.error.code]).toEqual([422, 'line_already_withdrawn']);
    const rest = await withdraw(id, b.token);
    expect(rest.body).toMatchObject({ whole_order: true, line_ids: [lineIds[0]] });
    expect(rest.body.amount.amount).toBe(lineTotal(lineIds[0]) + order.shipping.amount.amount);
    expect((await withdraw(id, b.token)).body.error.code).toBe('line_already_withdrawn');
    expect((await getOrder(id, b.token)).withdrawal.requests).toHaveLength(2);
  });

  it('refuses a made-to-order line (422 line_excluded); the whole order leaves it out', async () => {
    const { b, id, lineIds } = await deliveredOrder(t, { extra: ['made_to_order'] });
    const res = await withdraw(id, b.token, { line_ids: [lineIds[1]] });
    expect([res.status, res.body.error.code]).toEqual([422, 'line_excluded']);
    const whole = await withdraw(id, b.token);
    expect(whole.body).toMatchObject({ line_ids: [lineIds[0]], whole_order: false });
    expect((await withdraw(id, b.token)).body.error.code).toBe('line_excluded');
  });

  it('withdraws a hygiene product only when the buyer states it is still sealed', async () => {
    const { b, id, lineIds } = await deliveredOrder(t, { extra: ['hygiene'] });
    const unsealed = await withdraw(id, b.token, { line_ids: [lineIds[1]] });
    expect([unsealed.status, unsealed.body.error.code]).toEqual([422, 'line_unsealed']);
    const sealed = await withdraw(id, b.token, { line_ids: [lineIds[1]], sealed: true });
    expect(sealed.status).toBe(201);
    expect(sealed.body.sealed).toBe(true);
  });

  it('an exclusion marked after the order does not apply to it (the buyer was not told before buying)', async () => {
    const { b, id, order } = await deliveredOrder(t);
    await queryRows(
      t.ctx.db,
      sql`update products set withdrawal_exclusion = 'made_to_order' where id = ${order.lines[0].product_id}`,
    );
    expect((await withdraw(id, b.token)).status).toBe(201);
  });
});

describe('Idempotency-Key', () => {
  it('a retry with the same key answers the same withdrawal once; another body with it is 422', async () => {
    const { b, id } = await deliveredOrder(t, { extra: [null] });
    const first = await withdraw(id, b.token, { reason: 'r' }, 'w-key-1');
    const retry = await withdraw(id, b.token, { reason: 'r' }, 'w-key-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.replayed).toBe('true');
    expect((await withdraw(id, b.token, { reason: 'other' }, 'w-key-1')).status).toBe(422);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from withdrawals where order_id = ${id}`,
    );
    expect(row.n).toBe(1);
  });
});
