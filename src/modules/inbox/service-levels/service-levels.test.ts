import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { receiveCustomerMessage } from '../receive';
import { applyServiceLevels } from '../sla';

let t: TestApp;
let s: Shop;
const monToFri = [[[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [], []];
const targets = {
  first_response_minutes: 30,
  next_response_minutes: 60,
  resolution_minutes: 600,
  week: monToFri,
  closed_days: ['2027-01-19'],
};

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  const res = await t.call('PUT', `/api/v1/brands/${s.brand.id}/inbox/service-levels`, {
    token: s.ownerToken,
    body: targets,
  });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

type Row = {
  status: string;
  first_response_due_at: Date | null;
  next_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_due_at: Date | null;
  first_response_breached: boolean;
  next_response_breaches: number;
  resolution_breached: boolean;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
};
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
async function state(id: string) {
  const [r] = await queryRows<Row>(
    t.ctx.db,
    sql`select c.status, c.first_response_due_at, c.next_response_due_at, c.resolution_due_at, c.sla_due_at,
               r.first_response_breached, r.next_response_breaches, r.resolution_breached,
               r.first_response_minutes, r.resolution_minutes
        from inbox_conversations c left join inbox_sla_records r on r.conversation_id = c.id where c.id = ${id}`,
  );
  return {
    ...r,
    first: iso(r.first_response_due_at),
    next: iso(r.next_response_due_at),
    resolution: iso(r.resolution_due_at),
    due: iso(r.sla_due_at),
  };
}
/** What inboxcore does around its own events, reduced to the columns service levels read. */
const setStatus = (id: string, status: string) =>
  t.ctx.db.execute(sql`update inbox_conversations set status = ${status} where id = ${id}`);

describe('due times in business time', () => {
  let customer: { id: string; token: string };
  let conversationId: string;
  const message = (text: string, at: string, ref: string) =>
    receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: 'sla-thread',
      text,
      channelRef: ref,
      at: new Date(at),
    });

  it('a message at Friday 17:55 with a 30-minute first-response target is due Monday 09:25; answered late, the breach stays', async () => {
    customer = await person(t);
    // 2027-01-15 is a Friday; Paris is UTC+1.
    const received = await message('Bonjour, ma commande ?', '2027-01-15T16:55:00Z', 'm1');
    conversationId = received.conversationId;
    let st = await state(conversationId);
    expect(st.first).toBe('2027-01-18T08:25:00.000Z');
    // 600 business minutes from Friday 17:55: 5 on Friday, 540 on Monday, Tuesday 19 closed, 55 on Wednesday.
    expect(st.resolution).toBe('2027-01-20T08:55:00.000Z');
    expect(st.due).toBe(st.first);

    // The team answers Monday 09:40: 15 minutes late.
    await applyServiceLevels(t.ctx.db, conversationId, { kind: 'team_reply', at: new Date('2027-01-18T08:40:00Z') });
    st = await state(conversationId);
    expect(st).toMatchObject({ first: null, next: null, first_response_breached: true, first_response_minutes: 45 });
    expect(st.due).toBe(st.resolution);
  });

  it('a later customer message starts the next-response target; a reply in time clears it without a breach', async () => {
    await message('Et alors ?', '2027-01-18T09:00:00Z', 'm2');
    let st = await state(conversationId);
    expect(st.next).toBe('2027-01-18T10:00:00.000Z');
    expect(st.due).toBe(st.next);
    await applyServiceLevels(t.ctx.db, conversationId, { kind: 'team_reply', at: new Date('2027-01-18T09:30:00Z') });
    st = await state(conversationId);
    expect(st).toMatchObject({ next: null, next_response_breaches: 0 });
  });

  it('snoozing pauses the clock: due times move by the business time spent snoozed', async () => {
    await message('Une autre question', '2027-01-18T10:00:00Z', 'm3');
    expect((await state(conversationId)).next).toBe('2027-01-18T11:00:00.000Z');
    await setStatus(conversationId, 'snoozed');
    await applyServiceLevels(t.ctx.db, conversationId, {
      kind: 'snoozed',
      at: new Date('2027-01-18T10:30:00Z'),
      until: new Date('2027-01-18T12:30:00Z'),
    });
    let st = await state(conversationId);
    expect(st.due).toBeNull();
    // Woken two business hours later: 30 minutes were left, so due 30 minutes after waking.
    await setStatus(conversationId, 'open');
    await applyServiceLevels(t.ctx.db, conversationId, { kind: 'reopened', at: new Date('2027-01-18T12:30:00Z') });
    st = await state(conversationId);
    expect(st.next).toBe('2027-01-18T13:00:00.000Z');
    // Resolution (due Wednesday 09:55) moves by the same two hours: Wednesday 11:55 Paris.
    expect(st.resolution).toBe('2027-01-20T10:55:00.000Z');
    expect(st.due).toBe(st.next);
  });

  it('resolving clears every due time, records a late next response, and asks the customer to rate once', async () => {
    await setStatus(conversationId, 'resolved');
    await applyServiceLevels(t.ctx.db, conversationId, { kind: 'resolved', at: new Date('2027-01-18T14:00:00Z') });
    const st = await state(conversationId);
    expect(st).toMatchObject({ first: null, next: null, resolution: null, due: null, next_response_breaches: 1 });
    expect(st.resolution_breached).toBe(false);
    // Reopened and resolved again: still one notification.
    await message('Merci !', '2027-01-18T14:10:00Z', 'm4');
    expect((await state(conversationId)).resolution).not.toBeNull();
    await setStatus(conversationId, 'resolved');
    await applyServiceLevels(t.ctx.db, conversationId, { kind: 'resolved', at: new Date('2027-01-18T14:20:00Z') });
    const notes = await queryRows<{ detail: string; from_account_id: string }>(
      t.ctx.db,
      sql`select detail, from_account_id from notifications
          where account_id = ${customer.id} and type = 'inbox' and subject_id = ${conversationId}`,
    );
    expect(notes).toEqual([{ detail: 'rate', from_account_id: s.brand.id }]);
  });

  it('a brand with service levels turned off gets no due time; one that set nothing gets the defaults', async () => {
    const other = await shop(t);
    const c1 = await receiveCustomerMessage(t.ctx.db, {
      brandId: other.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: 'defaults',
      text: 'Bonjour',
      at: new Date('2027-01-15T16:55:00Z'),
    });
    // Defaults: 4 business hours, Monday to Friday 09:00-18:00: Monday 12:55 Paris.
    expect((await state(c1.conversationId)).first).toBe('2027-01-18T11:55:00.000Z');
    const off = await t.call('PUT', `/api/v1/brands/${other.brand.id}/inbox/service-levels`, {
      token: other.ownerToken,
      body: { ...targets, enabled: false },
    });
    expect(off.status).toBe(200);
    const c2 = await receiveCustomerMessage(t.ctx.db, {
      brandId: other.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: 'off',
      text: 'Bonjour',
      at: new Date('2027-01-15T16:55:00Z'),
    });
    expect(await state(c2.conversationId)).toMatchObject({ first: null, resolution: null, due: null });
  });
});

describe('the customer rates a resolved conversation', () => {
  it('only its customer (others 404), only once resolved (409), 1 to 5 (422), once (409)', async () => {
    const customer = await person(t);
    const stranger = await person(t);
    const { conversationId } = await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'order',
      threadKey: uuidv7(),
      text: 'Où est mon colis ?',
      at: new Date(),
    });
    const rate = (token: string, body: unknown) =>
      t.call('POST', `/api/v1/inbox/conversations/${conversationId}/rating`, { token, body });
    expect((await rate(stranger.token, { rating: 5 })).status).toBe(404);
    expect((await rate(s.ownerToken, { rating: 5 })).status).toBe(404);
    const early = await rate(customer.token, { rating: 5 });
    expect(early.status).toBe(409);
    expect(((await early.json()) as any).error.code).toBe('not_resolved');
    await setStatus(conversationId, 'resolved');
    for (const bad of [0, 6, 'x', 2.5, null]) {
      const res = await rate(customer.token, { rating: bad });
      expect(res.status).toBe(422);
      expect(((await res.json()) as any).error.code).toBe('invalid_rating');
    }
    expect((await rate(customer.token, { rating: 4, comment: 'x'.repeat(2001) })).status).toBe(422);
    const ok = await rate(customer.token, { rating: 4, comment: 'Rapide et aimable' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ id: conversationId, rating: 4, comment: 'Rapide et aimable' });
    const again = await rate(customer.token, { rating: 1 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe('already_rated');
    expect(
      (
        await t.call('POST', `/api/v1/inbox/conversations/not-an-id/rating`, {
          token: customer.token,
          body: { rating: 3 },
        })
      ).status,
    ).toBe(404);
  });
});

describe('targets: rights and bad input', () => {
  it('another brand’s owner and a random person get 404 on every route; staff may read, not change', async () => {
    const other = await shop(t);
    const random = await person(t);
    const staff = await s.member('staff');
    const base = `/api/v1/brands/${s.brand.id}/inbox`;
    for (const token of [other.ownerToken, random.token]) {
      expect((await t.call('GET', `${base}/service-levels`, { token })).status).toBe(404);
      expect((await t.call('PUT', `${base}/service-levels`, { token, body: targets })).status).toBe(404);
      expect((await t.call('GET', `${base}/reports`, { token })).status).toBe(404);
      expect((await t.call('GET', `${base}/reports.csv`, { token })).status).toBe(404);
    }
    expect((await t.call('GET', `${base}/service-levels`, { token: staff.token })).status).toBe(200);
    expect((await t.call('GET', `${base}/reports?days=7`, { token: staff.token })).status).toBe(200);
    expect((await t.call('PUT', `${base}/service-levels`, { token: staff.token, body: targets })).status).toBe(403);
  });

  it('answers 422 naming the field for bad targets, hours, closed days and periods', async () => {
    const put = (body: unknown) =>
      t.call('PUT', `/api/v1/brands/${s.brand.id}/inbox/service-levels`, { token: s.ownerToken, body });
    const cases: [unknown, string][] = [
      [{ ...targets, first_response_minutes: 0 }, 'first_response_minutes'],
      [{ ...targets, next_response_minutes: 'soon' }, 'next_response_minutes'],
      [{ ...targets, resolution_minutes: undefined }, 'resolution_minutes'],
      [{ ...targets, week: monToFri.slice(0, 6) }, 'week'],
      [{ ...targets, week: [[[600, 540]], [], [], [], [], [], []] }, 'week'],
      [
        {
          ...targets,
          week: [
            [
              [540, 720],
              [700, 800],
            ],
            [],
            [],
            [],
            [],
            [],
            [],
          ],
        },
        'week',
      ],
      [{ ...targets, week: [[], [], [], [], [], [], []] }, 'week'],
      [{ ...targets, closed_days: ['2027-02-30'] }, 'closed_days'],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.status, field).toBe(422);
      expect(((await res.json()) as any).error.details.field).toBe(field);
    }
    const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/reports?days=5`, { token: s.ownerToken });
    expect(res.status).toBe(422);
    const saved = (await (
      await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox/service-levels`, { token: s.ownerToken })
    ).json()) as any;
    expect(saved).toMatchObject({ custom: true, first_response_minutes: 30, closed_days: ['2027-01-19'] });
  });
});
