/**
 * Every channel except product questions: the customer's message lands in the brand's inbox
 * (right channel, customer, order) and a team reply goes back the way it came (a reply post, a
 * direct message, the order page's thread). Team replies are delivered through the registered
 * channel handler, as the inbox's delivery job does.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import {
  buyerWithCard,
  orderBody,
  outbox,
  person,
  runJobs,
  shop,
  type Person,
  type Shop,
} from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { replyToConversation } from '../actions';
import { createStatus } from '../../social';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML stays text
  }
  return { status: res.status, body: json };
}

async function placedOrder(s: Shop, b: Person & { methodId: string }, deliver = false) {
  const placed = await call('POST', '/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 1));
  expect(placed.status).toBe(201);
  const id = placed.body.id as string;
  if (!deliver) return id;
  await call('POST', `/api/v1/orders/${id}/prepare`, s.ownerToken);
  await call('POST', `/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '6A1234' });
  expect((await call('POST', `/api/v1/orders/${id}/deliver`, s.ownerToken)).status).toBe(200);
  return id;
}

type Conversation = {
  id: string;
  brand_id: string;
  customer_id: string;
  channel: string;
  thread_key: string;
  order_id: string | null;
  status: string;
};
const conversations = (brandId: string) =>
  queryRows<Conversation>(
    t.ctx.db,
    sql`select id, brand_id, customer_id, channel, thread_key, order_id, status from inbox_conversations
        where brand_id = ${brandId} order by created_at, id`,
  );
const customerTexts = async (conversationId: string) =>
  (
    await queryRows<{ text: string }>(
      t.ctx.db,
      sql`select text from inbox_messages where conversation_id = ${conversationId} and author_role = 'customer'
          order by created_at, id`,
    )
  ).map((r) => r.text);

/** A team reply through the inbox (replyToConversation), delivered by the `inbox.deliver` job. */
async function teamReply(c: Conversation, authorId: string, text: string, options: { internal?: boolean } = {}) {
  const reply = await replyToConversation(t.ctx, { conversationId: c.id, authorId, text, internal: options.internal });
  await runJobs(t);
  const [row] = await queryRows<{ channel_ref: string | null; delivery_error: string | null }>(
    t.ctx.db,
    sql`select channel_ref, delivery_error from inbox_messages where id = ${reply.id}`,
  );
  if (options.internal) return { id: reply.id, ref: null };
  expect(row).toMatchObject({ delivery_error: null });
  expect(row.channel_ref).toBeTruthy();
  // The channel's delivery run again (a job retried after a crash): nothing new, the same ref.
  const handler = t.ctx.extensions.inboxChannels.get(c.channel)!;
  const conversation = {
    id: c.id,
    brandId: c.brand_id,
    customerId: c.customer_id,
    channel: c.channel as 'order',
    threadKey: c.thread_key,
    orderId: c.order_id,
  };
  expect((await handler.deliver(t.ctx, conversation, { id: reply.id, text, authorId })).ref).toBe(row.channel_ref);
  return { id: reply.id, ref: row.channel_ref! };
}

const post = (token: string, body: Record<string, unknown>) => call('POST', '/api/v1/statuses', token, body);

describe('mentions and replies to the brand', () => {
  it('a reply chain is one conversation; the team answers with a reply post the customer sees in the thread', async () => {
    const s = await shop(t);
    const customer = await person(t);
    const agent = await s.member('staff');
    const first = await post(customer.token, {
      status: `@${s.brand.username} ma commande n'est pas arrivée`,
      visibility: 'unlisted',
    });
    expect(first.status).toBe(200);
    // The team speaking for itself, or the brand's own post: never a customer's message.
    await post(agent.token, { status: `@${s.brand.username} note pour l'équipe` });
    await post(s.ownerToken, { status: `Chez @${s.brand.username} ce matin` });
    const brandPost = await createStatus(t.ctx, s.brand.id, { text: 'Nouvelle collection !' }, s.owner.id);
    await runJobs(t);
    let list = await conversations(s.brand.id);
    expect(list.map((c) => [c.channel, c.customer_id, c.thread_key])).toEqual([
      ['mention', customer.id, first.body.id],
    ]);

    const { ref } = await teamReply(list[0], agent.id, 'Nous regardons tout de suite.');
    const reply = await call('GET', `/api/v1/statuses/${ref}`, customer.token);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ in_reply_to_id: first.body.id, visibility: 'unlisted' });
    expect(reply.body.account.id).toBe(s.brand.id);
    expect(reply.body.mentions.map((m: { id: string }) => m.id)).toEqual([customer.id]);
    const context = await call('GET', `/api/v1/statuses/${first.body.id}/context`, customer.token);
    expect(context.body.descendants.map((d: { id: string }) => d.id)).toContain(ref);

    // The customer answers the brand's reply (no mention): same conversation, reopened.
    await queryRows(t.ctx.db, sql`update inbox_conversations set status = 'resolved' where id = ${list[0].id}`);
    const again = await post(customer.token, { status: 'Merci, toujours rien', in_reply_to_id: ref });
    // Someone replying to the brand's own post starts another conversation.
    await post(customer.token, { status: 'Superbe !', in_reply_to_id: brandPost.id });
    await runJobs(t);
    list = await conversations(s.brand.id);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ status: 'open', thread_key: first.body.id });
    expect(await customerTexts(list[0].id)).toEqual([
      `@${s.brand.username} ma commande n'est pas arrivée`,
      'Merci, toujours rien',
    ]);
    expect(list[1]).toMatchObject({ channel: 'mention', thread_key: brandPost.id });
    expect(again.status).toBe(200);
  });
});

describe('direct messages to the brand', () => {
  it('land as `direct`; the answer is a direct message only the customer sees', async () => {
    const s = await shop(t);
    const customer = await person(t);
    const stranger = await person(t);
    const dm = await post(customer.token, {
      status: `@${s.brand.username} puis-je changer l'adresse ?`,
      visibility: 'direct',
    });
    await runJobs(t);
    const [c] = await conversations(s.brand.id);
    expect(c).toMatchObject({ channel: 'direct', customer_id: customer.id, thread_key: dm.body.id });
    const { ref } = await teamReply(c, s.owner.id, 'Oui, bien sûr.');
    const seen = await call('GET', `/api/v1/statuses/${ref}`, customer.token);
    expect(seen.body).toMatchObject({ visibility: 'direct', in_reply_to_id: dm.body.id });
    expect(seen.body.content).toContain('Oui, bien sûr.');
    expect((await call('GET', `/api/v1/statuses/${ref}`, stranger.token)).status).toBe(404);
  });
});

describe('reviews passed to customer service', () => {
  const question = {
    rating: 1,
    title: 'Colis',
    body: 'Où est ma commande ? Le colis n’est jamais arrivé, je veux être remboursé.',
  };

  it('land as `review` with the order; the answer goes on the order page; the reviews page links the conversation', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await placedOrder(s, b, true);
    const created = await call('POST', `/api/v1/products/${s.productId}/reviews`, b.token, {
      ...question,
      order_id: orderId,
    });
    expect(created.status).toBe(201);
    const [c] = (await conversations(s.brand.id)).filter((x) => x.channel === 'review');
    expect(c).toMatchObject({ customer_id: b.id, thread_key: created.body.id, order_id: orderId });
    await teamReply(c, s.owner.id, 'Nous renvoyons un colis aujourd’hui.');
    const thread = await call('GET', `/api/v1/orders/${orderId}/messages`, b.token);
    expect(thread.body.messages.map((m: any) => [m.channel, m.author_role])).toEqual([
      ['review', 'customer'],
      ['review', 'team'],
    ]);
    const notes = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from notifications where account_id = ${b.id} and detail = 'inbox_reply'`,
    );
    expect(notes[0].n).toBe(1);
    expect(outbox(t).some((m) => m.text.includes('Nous renvoyons un colis'))).toBe(true);

    const browser = new BrowserSession(t, { accept: 'text/html' });
    await browser.actAs(s.owner.id);
    const page = await browser.page(`/brands/${s.brand.username}/reviews`);
    expect(page.html).toContain(`/brands/${s.brand.username}/inbox/${c.id}`);
  });

  it('without an order, the answer is a direct message from the brand', async () => {
    const s = await shop(t);
    const customer = await person(t);
    const created = await call('POST', `/api/v1/products/${s.productId}/reviews`, customer.token, question);
    expect(created.status).toBe(201);
    const [c] = await conversations(s.brand.id);
    expect(c).toMatchObject({ channel: 'review', customer_id: customer.id, order_id: null });
    const { ref } = await teamReply(c, s.owner.id, 'Pouvez-vous nous donner votre numéro de commande ?');
    const dm = await call('GET', `/api/v1/statuses/${ref}`, customer.token);
    expect(dm.body).toMatchObject({ visibility: 'direct' });
  });
});

describe('return and repair requests', () => {
  it('land as `return` with the order; the answer shows on the order page thread', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await placedOrder(s, b, true);
    const requested = await call('POST', `/api/v1/orders/${orderId}/returns`, b.token, {
      kind: 'repair',
      reason: 'La fermeture est cassée',
    });
    expect(requested.status).toBe(201);
    const [c] = await conversations(s.brand.id);
    expect(c).toMatchObject({ channel: 'return', thread_key: requested.body.id, order_id: orderId, customer_id: b.id });
    expect(await customerTexts(c.id)).toEqual(['La fermeture est cassée']);
    await teamReply(c, s.owner.id, 'Envoyez-la nous, la réparation est offerte.');
    const thread = await call('GET', `/api/v1/orders/${orderId}/messages`, b.token);
    expect(thread.body.messages.at(-1)).toMatchObject({ channel: 'return', author_role: 'team' });
  });
});

describe('the order page thread ("Contact the shop")', () => {
  it('the buyer writes, the team answers; internal notes stay internal; a new message reopens; rating once resolved', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await placedOrder(s, b);
    const sent = await call('POST', `/api/v1/orders/${orderId}/messages`, b.token, {
      text: 'Pouvez-vous emballer en cadeau ?',
    });
    expect(sent.status).toBe(201);
    expect(sent.body.author_role).toBe('customer');
    const [c] = await conversations(s.brand.id);
    expect(c).toMatchObject({
      channel: 'order',
      thread_key: orderId,
      order_id: orderId,
      customer_id: b.id,
      status: 'open',
    });

    await teamReply(c, s.owner.id, 'Client fidèle, offrir le papier', { internal: true });
    const staff = await s.member('staff');
    const answered = await call('POST', `/api/v1/orders/${orderId}/messages`, staff.token, { text: 'Avec plaisir !' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ author_role: 'team', conversation_id: c.id });
    expect((await conversations(s.brand.id))[0].status).toBe('pending');

    const thread = await call('GET', `/api/v1/orders/${orderId}/messages`, b.token);
    expect(thread.body.messages.map((m: any) => m.text)).toEqual([
      'Pouvez-vous emballer en cadeau ?',
      'Avec plaisir !',
    ]);
    const browser = new BrowserSession(t, { accept: 'text/html' });
    await browser.actAs(b.id);
    let page = await browser.page(`/orders/${orderId}`);
    expect(page.html).toContain('Avec plaisir !');
    expect(page.html).not.toContain('Client fidèle');
    expect(page.html).not.toContain(`/conversations/${c.id}/rate`);
    const mail = outbox(t).find((m) => m.text.includes('Avec plaisir !'));
    expect(mail?.text).toContain(b.email);

    await queryRows(t.ctx.db, sql`update inbox_conversations set status = 'resolved' where id = ${c.id}`);
    page = await browser.page(`/orders/${orderId}`);
    expect(page.html).toContain(`/conversations/${c.id}/rate`);
    expect((await call('GET', `/api/v1/orders/${orderId}/messages`, b.token)).body.conversations[0].rate_url).toBe(
      `${t.ctx.config.publicUrl}/conversations/${c.id}/rate`,
    );

    // The form behind "Contact the shop": a new message reopens the conversation.
    const res = await browser.post(`/orders/${orderId}/messages`, { text: 'Et la livraison samedi ?' });
    expect(res.status).toBe(303);
    expect((await conversations(s.brand.id))[0].status).toBe('open');
  });

  it('refuses bad input and answers 404 to anyone but the buyer and the brand’s agents', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const b = await buyerWithCard(t);
    const stranger = await person(t);
    const moderator = await s.member('moderator');
    const orderId = await placedOrder(s, b);
    const url = `/api/v1/orders/${orderId}/messages`;
    const empty = await call('POST', url, b.token, { text: '   ' });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'empty_text']);
    const missing = await call('POST', url, b.token, {});
    expect(missing.body.error.code).toBe('empty_text');
    const long = await call('POST', url, b.token, { text: 'x'.repeat(5001) });
    expect([long.status, long.body.error.code]).toEqual([422, 'text_too_long']);
    for (const token of [other.ownerToken, stranger.token, moderator.token]) {
      expect((await call('POST', url, token, { text: 'Bonjour' })).status).toBe(404);
      expect((await call('GET', url, token)).status).toBe(404);
    }
    expect((await call('GET', '/api/v1/orders/not-an-id/messages', b.token)).status).toBe(404);
    expect((await call('GET', `/api/v1/orders/${uuidv7()}/messages`, b.token)).status).toBe(404);
    expect((await call('GET', url)).status).toBe(401);
    const browser = new BrowserSession(t, { accept: 'text/html' });
    await browser.actAs(stranger.id);
    expect((await browser.post(`/orders/${orderId}/messages`, { text: 'Bonjour' })).status).toBe(404);
    expect(await conversations(s.brand.id)).toEqual([]);
  });

  it('escapes what people write on the order page', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await placedOrder(s, b);
    const corpus = [
      '<script>window.__xss=1</script>',
      '<img src=x onerror="window.__xss=1">',
      '"><svg onload=alert(1)>',
      '\'><a href="javascript:alert(1)">x</a>',
    ];
    for (const text of corpus)
      expect((await call('POST', `/api/v1/orders/${orderId}/messages`, b.token, { text })).status).toBe(201);
    await call('POST', `/api/v1/orders/${orderId}/messages`, s.ownerToken, { text: corpus.join(' ') });
    for (const account of [b.id, s.owner.id]) {
      const browser = new BrowserSession(t, { accept: 'text/html' });
      await browser.actAs(account);
      const { html } = await browser.page(
        account === b.id ? `/orders/${orderId}` : `/brands/${s.brand.username}/orders/${orderId}`,
      );
      expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
      expect(html).not.toMatch(/<script>window\.__xss|<img src=x|<svg onload|<a href="javascript:/);
    }
  });
});
