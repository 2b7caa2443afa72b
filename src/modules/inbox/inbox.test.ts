import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person, runJobs, shop, type Person, type Shop } from '../../../test/support/orders';
import { unprocessable } from '../../lib/errors';
import { inboxChannelHandlers } from './channels';
import { getConversation, listConversations } from './conversations';
import { receiveCustomerMessage } from './receive';
import type { InboxChannel } from './schema';

let t: TestApp;
let s: Shop;
let cm: Person;
let staff: Person;
let moderator: Person;
let other: Shop;
let stranger: Person;
const delivered: { channel: string; conversationId: string; text: string; messageId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  cm = await s.member('community_manager');
  staff = await s.member('staff');
  moderator = await s.member('moderator');
  other = await shop(t);
  stranger = await person(t);
  // The channels' real handlers come with their part; the registry takes a test's own meanwhile.
  inboxChannelHandlers.register({
    name: 'direct',
    async deliver(_app, conversation, message) {
      delivered.push({ channel: 'direct', conversationId: conversation.id, text: message.text, messageId: message.id });
      return { ref: `dm-${message.id}` };
    },
  });
  inboxChannelHandlers.register({
    name: 'mention',
    async deliver() {
      throw unprocessable('post_deleted', 'the customer deleted the post this replies to');
    },
  });
});
afterAll(() => t.close());

let n = 0;
async function incoming(
  customer: Person,
  text = 'Bonjour, ma commande n’est pas arrivée',
  channel: InboxChannel = 'direct',
) {
  n++;
  const r = await receiveCustomerMessage(t.ctx.db, {
    brandId: s.brand.id,
    customerId: customer.id,
    channel,
    threadKey: `thread-${n}`,
    text,
    channelRef: `ref-${n}`,
    at: t.clock.now(),
  });
  return r.conversationId;
}
const as = (who: { token: string }) => ({ token: who.token });

describe('the inbox API', () => {
  it('lists the brand’s conversations in the agreed shape, to its agents only', async () => {
    const customer = await person(t);
    const id = await incoming(customer);
    const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox?status=open`, as({ token: s.ownerToken }));
    expect(res.status).toBe(200);
    const list = (await res.json()) as Record<string, unknown>[];
    const row = list.find((r) => r.id === id)!;
    expect(row).toMatchObject({
      id,
      channel: 'direct',
      customer: { id: customer.id, username: customer.username },
      status: 'open',
      assignee: null,
      kind: 'service',
      sla: { first_response_due: expect.any(String), breached: false },
    });
    expect(typeof row.last_message_at).toBe('string');
    expect(row).not.toHaveProperty('order_id');
    for (const agent of [cm, staff]) {
      const r = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox`, as(agent));
      expect(r.status).toBe(200);
    }
    // A moderator is on the team but does not answer the inbox; strangers and other brands: 404.
    for (const outsider of [moderator, stranger, { token: other.ownerToken }]) {
      const r = await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox`, as(outsider));
      expect(r.status).toBe(404);
      const one = await t.call('GET', `/api/v1/inbox/conversations/${id}`, as(outsider));
      expect(one.status).toBe(404);
    }
    expect((await t.call('GET', `/api/v1/brands/${s.brand.id}/inbox`)).status).toBe(401);
  });

  it('replies through the channel, sets pending and the first response; notes stay internal', async () => {
    const customer = await person(t);
    const id = await incoming(customer);
    const note = await t.call('POST', `/api/v1/inbox/conversations/${id}/messages`, {
      ...as(cm),
      body: { text: 'Client fidèle, geste commercial possible', internal: true },
    });
    expect(note.status).toBe(201);
    expect(await note.json()).toMatchObject({ internal: true, role: 'team', delivered_at: null });
    let detail = await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id });
    expect(detail.status).toBe('open');
    expect(detail.firstResponseAt).toBeNull();

    const reply = await t.call('POST', `/api/v1/inbox/conversations/${id}/messages`, {
      ...as(cm),
      body: { text: 'Nous regardons votre colis tout de suite.' },
    });
    expect(reply.status).toBe(201);
    const sent = (await reply.json()) as { id: string };
    await runJobs(t);
    expect(delivered.filter((d) => d.conversationId === id).map((d) => d.text)).toEqual([
      'Nous regardons votre colis tout de suite.',
    ]);
    detail = await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id });
    expect(detail.status).toBe('pending');
    expect(detail.firstResponseAt).not.toBeNull();
    const message = detail.messages.find((m) => m.id === sent.id)!;
    expect(message.channelRef).toBe(`dm-${sent.id}`);
    expect(message.deliveredAt).not.toBeNull();
    // The order: the customer's message, the note, the reply.
    expect(detail.messages.map((m) => [m.authorRole, m.internal])).toEqual([
      ['customer', false],
      ['team', true],
      ['team', false],
    ]);
    // The customer is no agent: the team's view (with the note) is a 404 for them.
    await expect(getConversation(t.ctx.db, { conversationId: id, viewerId: customer.id })).rejects.toMatchObject({
      kind: 'not_found',
    });
    const theirs = await t.call('GET', `/api/v1/inbox/conversations/${id}`, as(customer));
    expect(theirs.status).toBe(404);
    // The customer writes again: open again.
    await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: detail.threadKey,
      text: 'Merci, j’attends',
      channelRef: 'again',
      at: t.clock.now(),
    });
    const res = await t.call('GET', `/api/v1/inbox/conversations/${id}`, as(staff));
    const body = (await res.json()) as { status: string; messages: { text: string; internal: boolean }[] };
    expect(body.status).toBe('open');
    expect(body.messages).toHaveLength(4);
  });

  it('keeps a channel’s refusal in plain words and lets the agent choose the status', async () => {
    const customer = await person(t);
    const id = await incoming(customer, 'Super produit !', 'mention');
    const reply = await t.call('POST', `/api/v1/inbox/conversations/${id}/messages`, {
      ...as(cm),
      body: { text: 'Merci beaucoup !', status: 'resolved' },
    });
    expect(reply.status).toBe(201);
    await runJobs(t);
    const detail = await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id });
    expect(detail.status).toBe('resolved');
    const sent = detail.messages.find((m) => m.authorRole === 'team')!;
    expect(sent.deliveredAt).toBeNull();
    expect(sent.deliveryError).toContain('the customer deleted the post');
    const open = await t.call('POST', `/api/v1/inbox/conversations/${id}/messages`, {
      ...as(cm),
      body: { text: 'Autre chose ?', status: 'open' },
    });
    expect(open.status).toBe(201);
    expect((await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id })).status).toBe('open');
  });

  it('moves through assign, snooze, resolve and reopen, with codes for every refusal', async () => {
    const customer = await person(t);
    const id = await incoming(customer);
    const url = `/api/v1/inbox/conversations/${id}`;
    const assign = await t.call('POST', `${url}/assign`, { ...as(cm), body: { account_id: staff.id } });
    expect(assign.status).toBe(200);
    expect(await assign.json()).toMatchObject({ assignee: { id: staff.id } });
    for (const outsider of [moderator.id, stranger.id, other.owner.id]) {
      const r = await t.call('POST', `${url}/assign`, { ...as(cm), body: { account_id: outsider } });
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ error: { code: 'not_on_team' } });
    }
    expect((await t.call('POST', `${url}/unassign`, as(cm))).status).toBe(200);

    const past = await t.call('POST', `${url}/snooze`, {
      ...as(cm),
      body: { until: new Date(t.clock.now().getTime() - 60_000).toISOString() },
    });
    expect(past.status).toBe(422);
    expect(await past.json()).toMatchObject({ error: { code: 'snooze_in_past' } });
    const bad = await t.call('POST', `${url}/snooze`, { ...as(cm), body: { until: 'demain' } });
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_until' } });
    const until = new Date(t.clock.now().getTime() + 3_600_000);
    const snoozed = await t.call('POST', `${url}/snooze`, { ...as(cm), body: { until: until.toISOString() } });
    expect(await snoozed.json()).toMatchObject({ status: 'snoozed', snoozed_until: until.toISOString() });
    const openNow = async () =>
      (
        (await listConversations(t.ctx.db, {
          brandId: s.brand.id,
          viewerId: cm.id,
          status: 'open',
          now: t.clock.now(),
          limit: 100,
        })) as { id: string }[]
      ).some((c) => c.id === id);
    expect(await openNow()).toBe(false);
    t.clock.advance(3_600_001);
    // The list brings it back when due, before the wake-up job has run.
    expect(await openNow()).toBe(true);
    const { wakeConversation } = await import('./actions');
    expect(await wakeConversation(t.ctx, id)).toBe(true);

    const resolved = await t.call('POST', `${url}/resolve`, as(staff));
    expect(await resolved.json()).toMatchObject({ status: 'resolved' });
    const again = await t.call('POST', `${url}/resolve`, as(staff));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'already_resolved' } });
    const snoozeResolved = await t.call('POST', `${url}/snooze`, {
      ...as(cm),
      body: { until: new Date(t.clock.now().getTime() + 60_000).toISOString() },
    });
    expect(snoozeResolved.status).toBe(409);
    const reopened = await t.call('POST', `${url}/reopen`, as(staff));
    expect(await reopened.json()).toMatchObject({ status: 'open' });
    expect((await t.call('POST', `${url}/reopen`, as(staff))).status).toBe(409);
  });

  it('sets priority, labels and a kind triage never overwrites', async () => {
    const customer = await person(t);
    const id = await incoming(customer, 'J’adore vos fromages !');
    const url = `/api/v1/inbox/conversations/${id}`;
    expect(
      await (await t.call('POST', `${url}/priority`, { ...as(cm), body: { priority: 'urgent' } })).json(),
    ).toMatchObject({
      priority: 'urgent',
    });
    const badPriority = await t.call('POST', `${url}/priority`, { ...as(cm), body: { priority: 'asap' } });
    expect(await badPriority.json()).toMatchObject({ error: { code: 'invalid_priority' } });
    const labels = await t.call('POST', `${url}/labels`, { ...as(cm), body: { labels: ['Livraison', 'vip', 'vip'] } });
    expect(await labels.json()).toMatchObject({ labels: ['livraison', 'vip'] });
    const tooMany = await t.call('POST', `${url}/labels`, {
      ...as(cm),
      body: { labels: Array.from({ length: 11 }, (_, i) => `l${i}`) },
    });
    expect(tooMany.status).toBe(422);
    const kind = await t.call('POST', `${url}/kind`, { ...as(cm), body: { kind: 'service' } });
    expect(await kind.json()).toMatchObject({ kind: 'service', kind_source: 'person' });
    expect((await t.call('POST', `${url}/kind`, { ...as(cm), body: { kind: 'spam' } })).status).toBe(422);
    // A new message on the thread: triage does not touch the person's choice.
    const detail = await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id });
    await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: detail.threadKey,
      text: 'Vraiment super, bravo à toute l’équipe !',
      channelRef: 'praise',
      at: t.clock.now(),
    });
    const after = await getConversation(t.ctx.db, { conversationId: id, viewerId: cm.id });
    expect([after.kind, after.kindSource]).toEqual(['service', 'person']);
    // Filters.
    const q = (query: string) => t.call('GET', `/api/v1/brands/${s.brand.id}/inbox?${query}`, as(cm));
    const byLabel = (await (await q('label=vip')).json()) as { id: string }[];
    expect(byLabel.map((c) => c.id)).toEqual([id]);
    const byPriority = (await (await q('priority=urgent')).json()) as { id: string }[];
    expect(byPriority.map((c) => c.id)).toEqual([id]);
    for (const [query, code] of [
      ['status=closed', 'invalid_status'],
      ['assignee=someone', 'invalid_assignee'],
      ['channel=fax', 'invalid_channel'],
      ['kind=spam', 'invalid_kind'],
    ])
      expect(await (await q(query)).json()).toMatchObject({ error: { code } });
  });

  it('refuses empty, oversized and half-filled replies with a code', async () => {
    const customer = await person(t);
    const id = await incoming(customer);
    const post = (body: unknown) => t.call('POST', `/api/v1/inbox/conversations/${id}/messages`, { ...as(cm), body });
    for (const [body, code] of [
      [{ text: '  ' }, 'empty_text'],
      [{}, 'empty_text'],
      [{ text: 'x'.repeat(5001) }, 'text_too_long'],
      [{ text: 'Bonjour', status: 'closed' }, 'invalid_status'],
      [{ text: 'Votre commande {{order_number}} part demain' }, 'unfilled_variable'],
    ] as const) {
      const r = await post(body);
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ error: { code } });
    }
  });

  it('sorts what breaches first on top and pages by keyset', async () => {
    const brand = await shop(t);
    const customer = await person(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await receiveCustomerMessage(t.ctx.db, {
        brandId: brand.brand.id,
        customerId: customer.id,
        channel: 'direct',
        threadKey: `sort-${i}`,
        text: `Question ${i}`,
        at: new Date(t.clock.now().getTime() + i * 1000),
      });
      ids.push(r.conversationId);
    }
    // Due times as the service levels would write them: #3 breaches first, #1 next; the rest have none.
    const { sql } = await import('drizzle-orm');
    const base = t.clock.now().getTime();
    // The brand's default targets gave them due times that depend on the hour the test runs (the
    // same next opening outside business hours, each its own within): the test sets its own.
    await t.ctx.db.execute(sql`update inbox_conversations set sla_due_at = null where id in ${ids}`);
    await t.ctx.db.execute(
      sql`update inbox_conversations set sla_due_at = ${new Date(base + 60_000).toISOString()}::timestamptz where id = ${ids[3]}`,
    );
    await t.ctx.db.execute(
      sql`update inbox_conversations set sla_due_at = ${new Date(base + 120_000).toISOString()}::timestamptz where id = ${ids[1]}`,
    );
    const expected = [ids[3], ids[1], ids[4], ids[2], ids[0]];
    const seen: string[] = [];
    let url = `/api/v1/brands/${brand.brand.id}/inbox?limit=2`;
    for (let page = 0; page < 4 && url; page++) {
      const res = await t.call('GET', url, { token: brand.ownerToken });
      seen.push(...((await res.json()) as { id: string }[]).map((c) => c.id));
      const link = res.headers.get('link');
      url = link ? link.slice(1, link.indexOf('>')).replace(t.ctx.config.publicUrl, '') : '';
    }
    expect(seen).toEqual(expected);
    t.clock.advance(61_000);
    const res = await t.call('GET', `/api/v1/brands/${brand.brand.id}/inbox`, { token: brand.ownerToken });
    const list = (await res.json()) as { id: string; sla: { breached: boolean } }[];
    expect(list.map((c) => c.sla.breached)).toEqual([true, false, false, false, false]);
    const counts = await t.call('GET', `/api/v1/brands/${brand.brand.id}/inbox/counts`, { token: brand.ownerToken });
    expect(await counts.json()).toEqual({ open: 5, pending: 0, snoozed: 0, resolved: 0 });
  });
});
