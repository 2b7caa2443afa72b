// The brand's side of a withdrawal: told at once (notification to the team, webhook, the buyer's
// acknowledgement by e-mail), the refund through the order's refund path, the hourly reminder
// 3 days before the refund is due and the lateness flag once it passes.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { outbox, person, runJobs } from '../../../../test/support/orders';
import { deliveredOrder } from '../../../../test/support/withdrawal';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

const DAY = 86_400_000;
const withdraw = async (orderId: string, token: string, body: unknown = {}) => {
  const res = await t.call('POST', `/api/v1/orders/${orderId}/withdrawal`, { token, body });
  expect(res.status).toBe(201);
  return res.json();
};
const refund = (withdrawalId: string, token: string) =>
  t.call('POST', `/api/v1/withdrawals/${withdrawalId}/refund`, { token, body: {} });
const noticesOf = (accountId: string, orderId: string) =>
  queryRows<{ detail: string; from_account_id: string }>(
    t.ctx.db,
    sql`select detail, from_account_id from notifications where account_id = ${accountId} and subject_id = ${orderId}
        and type = 'order' order by id`,
  );
const runChecks = () => jobHandlers(t.ctx)['withdrawals.checks']({});

describe('the brand is told at once', () => {
  it('notifies the team handling orders, sends order.withdrawal_requested, and e-mails the buyer', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const staff = await s.member('staff');
    const moderator = await s.member('moderator');
    await queryRows(
      t.ctx.db,
      sql`insert into webhook_endpoints (id, brand_id, url, secret, events)
          values (${uuidv7()}, ${s.brand.id}, 'https://hooks.example.com/in', 'secret', '{order.withdrawal_requested}')`,
    );
    await withdraw(id, b.token);
    expect((await noticesOf(s.owner.id, id)).map((n) => n.detail)).toContain('withdrawal_received');
    expect(await noticesOf(staff.id, id)).toEqual([{ detail: 'withdrawal_received', from_account_id: b.id }]);
    // A moderator does not handle orders.
    expect(await noticesOf(moderator.id, id)).toEqual([]);
    await runJobs(t);
    const deliveries = await queryRows<{ event: string; payload: { data: { event: { data: object } } } }>(
      t.ctx.db,
      sql`select d.event, d.payload from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where e.brand_id = ${s.brand.id}`,
    );
    expect(deliveries.map((d) => d.event)).toEqual(['order.withdrawal_requested']);
    expect(deliveries[0].payload.data.event.data).toMatchObject({ whole_order: true });
    const mail = outbox(t).find((m) => m.text.includes(b.email) && m.text.includes('rétractation reçue'));
    expect(mail).toBeDefined();
  });
});

describe('refunding a withdrawal', () => {
  it('refunds the withdrawn line only (partial), then the rest with the shipping: the order ends refunded', async () => {
    const { s, b, id, order, lineIds } = await deliveredOrder(t, { extra: [null] });
    const part = await withdraw(id, b.token, { line_ids: [lineIds[1]] });
    const res = await refund(part.id, s.ownerToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'refunded', refunded_at: expect.any(String) });
    let shown = await (await t.call('GET', `/api/v1/orders/${id}`, { token: s.ownerToken })).json();
    expect(shown.refunded.amount).toBe(part.amount.amount);
    expect(shown.status).toBe('delivered');
    const rest = await withdraw(id, b.token);
    expect((await refund(rest.id, s.ownerToken)).status).toBe(200);
    shown = await (await t.call('GET', `/api/v1/orders/${id}`, { token: s.ownerToken })).json();
    expect(shown.refunded.amount).toBe(order.total.amount);
    expect(shown.status).toBe('refunded');
    const again = await refund(rest.id, s.ownerToken);
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'withdrawal_refunded']);
  });

  it('needs the refund permission: staff and the buyer 403, others 404', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const w = await withdraw(id, b.token);
    const staff = await s.member('staff');
    expect((await refund(w.id, staff.token)).status).toBe(403);
    expect((await refund(w.id, b.token)).status).toBe(403);
    expect((await refund(w.id, (await person(t)).token)).status).toBe(404);
    expect((await refund(uuidv7(), s.ownerToken)).status).toBe(404);
  });
});

describe('the hourly check: reminder 3 days before, then late', () => {
  it('reminds the team once 3 days before the refund deadline, then flags it late once, on the order and its list', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const w = await withdraw(id, b.token);
    const deadline = new Date(w.refund_deadline).getTime();
    t.clock.set(new Date(deadline - 4 * DAY));
    await runChecks();
    expect((await noticesOf(s.owner.id, id)).map((n) => n.detail)).not.toContain('withdrawal_refund_due');
    t.clock.set(new Date(deadline - 2 * DAY));
    await runChecks();
    await runChecks();
    const due = (await noticesOf(s.owner.id, id)).filter((n) => n.detail === 'withdrawal_refund_due');
    expect(due).toEqual([{ detail: 'withdrawal_refund_due', from_account_id: s.brand.id }]);
    let shown = await (await t.call('GET', `/api/v1/orders/${id}`, { token: s.ownerToken })).json();
    expect(shown.withdrawal.requests[0].late).toBe(false);
    t.clock.set(new Date(deadline + 1));
    await runChecks();
    await runChecks();
    expect((await noticesOf(s.owner.id, id)).filter((n) => n.detail === 'withdrawal_late')).toHaveLength(1);
    shown = await (await t.call('GET', `/api/v1/orders/${id}`, { token: b.token })).json();
    expect(shown.withdrawal.requests[0].late).toBe(true);
  });

  it('leaves a refunded withdrawal alone', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const w = await withdraw(id, b.token);
    expect((await refund(w.id, s.ownerToken)).status).toBe(200);
    t.clock.set(new Date(new Date(w.refund_deadline).getTime() + DAY));
    await runChecks();
    const details = (await noticesOf(s.owner.id, id)).map((n) => n.detail);
    expect(details).not.toContain('withdrawal_late');
    expect(details).not.toContain('withdrawal_refund_due');
  });

  it('a refund of the whole order from its refund form settles the withdrawal: shown refunded, never reminded nor late', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const w = await withdraw(id, b.token);
    const res = await t.call('POST', `/api/v1/orders/${id}/refund`, { token: s.ownerToken, body: {} });
    expect(res.status).toBe(200);
    const shown = await res.json();
    expect(shown.status).toBe('refunded');
    expect(shown.withdrawal.requests[0]).toMatchObject({ id: w.id, status: 'refunded', late: false });
    t.clock.set(new Date(new Date(w.refund_deadline).getTime() + DAY));
    await runChecks();
    const details = (await noticesOf(s.owner.id, id)).map((n) => n.detail);
    expect(details).not.toContain('withdrawal_late');
    expect(details).not.toContain('withdrawal_refund_due');
    const again = await refund(w.id, s.ownerToken);
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'withdrawal_refunded']);
  });

  it('a partial refund from the refund form leaves the withdrawal open, to be refunded for what is left', async () => {
    const { s, b, id, order } = await deliveredOrder(t);
    const w = await withdraw(id, b.token);
    const partial = await t.call('POST', `/api/v1/orders/${id}/refund`, { token: s.ownerToken, body: { amount: 100 } });
    expect(partial.status).toBe(200);
    expect((await partial.json()).withdrawal.requests[0].status).toBe('requested');
    expect((await refund(w.id, s.ownerToken)).status).toBe(200);
    const shown = await (await t.call('GET', `/api/v1/orders/${id}`, { token: s.ownerToken })).json();
    expect(shown.refunded.amount).toBe(order.total.amount);
  });

  it('keeps one check scheduled (the job schedules its next run)', async () => {
    await runChecks();
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from jobs where kind = 'withdrawals.checks' and done_at is null`,
    );
    expect(row.n).toBe(1);
  });
});
