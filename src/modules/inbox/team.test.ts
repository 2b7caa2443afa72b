import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { updateProfile } from '../accounts';
import { receiveCustomerMessage } from './receive';

let t: TestApp;
let s: Shop;
let cm: Person;
let staff: Person;
let other: Shop;
let stranger: Person;
let conversationId: string;
let customer: Person;

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  cm = await s.member('community_manager');
  staff = await s.member('staff');
  other = await shop(t);
  stranger = await person(t);
  customer = await person(t);
  conversationId = (
    await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: 'team-1',
      text: 'Bonjour',
      at: t.clock.now(),
    })
  ).conversationId;
});
afterAll(() => t.close());

const as = (who: { token: string }) => ({ token: who.token });

describe('round robin', () => {
  it('gives new conversations to available agents in turn, never over the cap, even arriving together', async () => {
    const brand = await shop(t);
    const a = await brand.member('staff');
    const b = await brand.member('community_manager');
    const off = await brand.member('staff');
    const routing = await t.call('PUT', `/api/v1/brands/${brand.brand.id}/inbox/routing`, {
      token: brand.ownerToken,
      body: { round_robin: true, open_cap: 3 },
    });
    expect(routing.status).toBe(200);
    // Only owners and admins set it; an agent may not (404 hides nothing here: they are on the team).
    const byAgent = await t.call('PUT', `/api/v1/brands/${brand.brand.id}/inbox/routing`, {
      ...as(a),
      body: { round_robin: false },
    });
    expect(byAgent.status).toBe(404);
    const badCap = await t.call('PUT', `/api/v1/brands/${brand.brand.id}/inbox/routing`, {
      token: brand.ownerToken,
      body: { open_cap: 0 },
    });
    expect(await badCap.json()).toMatchObject({ error: { code: 'invalid_open_cap' } });
    for (const agent of [a, b]) {
      const r = await t.call('POST', `/api/v1/brands/${brand.brand.id}/inbox/availability`, {
        ...as(agent),
        body: { available: true },
      });
      expect(await r.json()).toEqual({ available: true });
    }
    await t.call('POST', `/api/v1/brands/${brand.brand.id}/inbox/availability`, {
      ...as(off),
      body: { available: false },
    });
    const buyer = await person(t);
    // Eight conversations at once for two agents capped at three: six assigned, three each, two waiting.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.ctx.db.transaction((tx) =>
          receiveCustomerMessage(tx, {
            brandId: brand.brand.id,
            customerId: buyer.id,
            channel: 'direct',
            threadKey: `rr-${i}`,
            text: `Question ${i}`,
            at: t.clock.now(),
          }),
        ),
      ),
    );
    const rows = await queryRows<{ assignee_id: string | null; n: number }>(
      t.ctx.db,
      sql`select assignee_id, count(*)::int as n from inbox_conversations where brand_id = ${brand.brand.id}
          group by assignee_id`,
    );
    const by = new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
    expect(by.get(a.id)).toBe(3);
    expect(by.get(b.id)).toBe(3);
    expect(by.get(off.id)).toBeUndefined();
    expect(by.get(null)).toBe(2);
    const view = await t.call('GET', `/api/v1/brands/${brand.brand.id}/inbox/routing`, as(a));
    const body = (await view.json()) as { round_robin: boolean; agents: { account: { id: string }; open: number }[] };
    expect(body.round_robin).toBe(true);
    expect(body.agents.find((x) => x.account.id === a.id)?.open).toBe(3);
  });

  it('rotates one by one when conversations come in turn', async () => {
    const brand = await shop(t);
    const a = await brand.member('staff');
    const b = await brand.member('staff');
    await t.call('PUT', `/api/v1/brands/${brand.brand.id}/inbox/routing`, {
      token: brand.ownerToken,
      body: { round_robin: true, open_cap: 10 },
    });
    for (const agent of [a, b])
      await t.call('POST', `/api/v1/brands/${brand.brand.id}/inbox/availability`, {
        ...as(agent),
        body: { available: true },
      });
    const buyer = await person(t);
    const order: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await receiveCustomerMessage(t.ctx.db, {
        brandId: brand.brand.id,
        customerId: buyer.id,
        channel: 'direct',
        threadKey: `turn-${i}`,
        text: 'Bonjour',
        at: new Date(t.clock.now().getTime() + i),
      });
      const [row] = await queryRows<{ assignee_id: string | null }>(
        t.ctx.db,
        sql`select assignee_id from inbox_conversations where id = ${r.conversationId}`,
      );
      order.push(row.assignee_id);
    }
    expect(order[0]).not.toBe(order[1]);
    expect(order[2]).toBe(order[0]);
    expect(order[3]).toBe(order[1]);
    expect(new Set(order)).toEqual(new Set([a.id, b.id]));
  });
});

describe('saved replies', () => {
  it('are written by owners and admins, used by agents, with variables filled or left visible', async () => {
    await updateProfile({ db: t.ctx.db }, customer.id, { displayName: 'Camille Martin' });
    const create = await t.call('POST', `/api/v1/brands/${s.brand.id}/saved-replies`, {
      token: s.ownerToken,
      body: { title: 'Suivi', text: 'Bonjour {{first_name}}, votre commande {{order_number}} : {{tracking_link}}' },
    });
    expect(create.status).toBe(201);
    const saved = (await create.json()) as { id: string };
    const byAgent = await t.call('POST', `/api/v1/brands/${s.brand.id}/saved-replies`, {
      ...as(cm),
      body: { title: 'X', text: 'Y' },
    });
    expect(byAgent.status).toBe(404);
    const empty = await t.call('POST', `/api/v1/brands/${s.brand.id}/saved-replies`, {
      token: s.ownerToken,
      body: { title: '', text: 'Y' },
    });
    expect(await empty.json()).toMatchObject({ error: { code: 'empty_title' } });
    const list = await t.call('GET', `/api/v1/brands/${s.brand.id}/saved-replies`, as(staff));
    expect(((await list.json()) as { title: string }[]).map((r) => r.title)).toContain('Suivi');
    const used = await t.call(
      'GET',
      `/api/v1/inbox/conversations/${conversationId}/saved-replies/${saved.id}`,
      as(staff),
    );
    expect(await used.json()).toEqual({
      text: 'Bonjour Camille, votre commande {{order_number}} : {{tracking_link}}',
      missing: ['order_number', 'tracking_link'],
    });
    const edit = await t.call('PATCH', `/api/v1/inbox/saved-replies/${saved.id}`, {
      token: s.ownerToken,
      body: { text: 'Bonjour {{first_name}} !' },
    });
    expect(await edit.json()).toMatchObject({ title: 'Suivi', text: 'Bonjour {{first_name}} !' });
    const refill = await t.call(
      'GET',
      `/api/v1/inbox/conversations/${conversationId}/saved-replies/${saved.id}`,
      as(cm),
    );
    expect(await refill.json()).toEqual({ text: 'Bonjour Camille !', missing: [] });
    expect((await t.call('DELETE', `/api/v1/inbox/saved-replies/${saved.id}`, as(cm))).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/inbox/saved-replies/${saved.id}`, { token: s.ownerToken })).status).toBe(
      200,
    );
  });
});

describe('collision warning', () => {
  it('tells each agent who else is on the conversation until the row goes stale', async () => {
    const here = (who: Person, typing: boolean) =>
      t.call('POST', `/api/v1/inbox/conversations/${conversationId}/presence`, { ...as(who), body: { typing } });
    expect(await (await here(cm, false)).json()).toEqual({ others: [] });
    const seen = (await (await here(staff, true)).json()) as { others: { account: { id: string }; typing: boolean }[] };
    expect(seen.others.map((o) => [o.account.id, o.typing])).toEqual([[cm.id, false]]);
    const back = (await (await here(cm, false)).json()) as { others: { account: { id: string }; typing: boolean }[] };
    expect(back.others.map((o) => [o.account.id, o.typing])).toEqual([[staff.id, true]]);
    t.clock.advance(31_000);
    expect(await (await here(cm, false)).json()).toEqual({ others: [] });
  });
});

describe('who may: every route of the inbox', () => {
  it('answers 404 to another brand’s owner and to a stranger, 401 to nobody', async () => {
    await t.call('POST', `/api/v1/brands/${s.brand.id}/saved-replies`, {
      token: s.ownerToken,
      body: { title: 'Merci', text: 'Merci {{first_name}}' },
    });
    const list = (await (
      await t.call('GET', `/api/v1/brands/${s.brand.id}/saved-replies`, { token: s.ownerToken })
    ).json()) as {
      id: string;
    }[];
    const savedId = list[0].id;
    const c = `/api/v1/inbox/conversations/${conversationId}`;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/brands/${s.brand.id}/inbox`],
      ['GET', `/api/v1/brands/${s.brand.id}/inbox/counts`],
      ['GET', c],
      ['POST', `${c}/messages`, { text: 'Coucou' }],
      ['POST', `${c}/assign`, { account_id: cm.id }],
      ['POST', `${c}/unassign`],
      ['POST', `${c}/resolve`],
      ['POST', `${c}/snooze`, { until: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }],
      ['POST', `${c}/reopen`],
      ['POST', `${c}/priority`, { priority: 'high' }],
      ['POST', `${c}/labels`, { labels: ['x'] }],
      ['POST', `${c}/kind`, { kind: 'other' }],
      ['POST', `${c}/presence`, { typing: true }],
      ['GET', `${c}/saved-replies/${savedId}`],
      ['GET', `/api/v1/brands/${s.brand.id}/saved-replies`],
      ['POST', `/api/v1/brands/${s.brand.id}/saved-replies`, { title: 'A', text: 'B' }],
      ['PATCH', `/api/v1/inbox/saved-replies/${savedId}`, { title: 'A' }],
      ['DELETE', `/api/v1/inbox/saved-replies/${savedId}`],
      ['GET', `/api/v1/brands/${s.brand.id}/inbox/routing`],
      ['PUT', `/api/v1/brands/${s.brand.id}/inbox/routing`, { round_robin: true }],
      ['POST', `/api/v1/brands/${s.brand.id}/inbox/availability`, { available: true }],
    ];
    for (const [method, url, body] of routes) {
      for (const who of [{ token: other.ownerToken }, stranger]) {
        const res = await t.call(method, url, { token: who.token, body });
        expect([method, url, res.status]).toEqual([method, url, 404]);
      }
      const anonymous = await t.call(method, url, { body });
      expect([method, url, anonymous.status]).toEqual([method, url, 401]);
    }
    // Nothing changed for the brand.
    const detail = await t.call('GET', c, { token: s.ownerToken });
    expect(await detail.json()).toMatchObject({ status: 'open', assignee: null, labels: [], priority: 'normal' });
  });
});
