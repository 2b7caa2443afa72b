import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { uuidv7 } from '../../../db/ids';
import { receiveCustomerMessage } from '../receive';
import { engagementLevel } from './engagement';

let t: TestApp;
let a: Shop;
let b: Shop;
let agent: Person;
let moderatorA: Person;
let chloe: Person;
let outsider: Person;
let orderA: string;

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">';

const call = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await t.call(method, url, { token, body });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};
const fileUrl = (brandId: string, accountId: string) => `/api/v1/brands/${brandId}/customers/${accountId}`;

async function order(brandId: string, buyerId: string, status: string, total: number, refunded = 0) {
  const id = uuidv7();
  await t.ctx.db.execute(sql`insert into orders (id, buyer_id, brand_id, status, currency, subtotal_amount,
    shipping_amount, vat_amount, total_amount, refunded_amount)
    values (${id}, ${buyerId}, ${brandId}, ${status}, 'EUR', ${total}, 0, 0, ${total}, ${refunded})`);
  return id;
}

async function post(
  accountId: string,
  text: string,
  visibility: string,
  options: { mention?: string; replyTo?: string } = {},
) {
  const id = uuidv7();
  await t.ctx.db.execute(sql`insert into statuses (id, account_id, text, visibility, in_reply_to_account_id)
    values (${id}, ${accountId}, ${text}, ${visibility}, ${options.replyTo ?? null})`);
  if (options.mention)
    await t.ctx.db.execute(sql`insert into status_mentions (status_id, account_id) values (${id}, ${options.mention})`);
  return id;
}

async function checkinAt(brandId: string, accountId: string, visibility: 'public' | 'private') {
  const place = uuidv7();
  await t.ctx.db.execute(sql`insert into places (id, brand_id, name, address, lat, lon)
    values (${place}, ${brandId}, ${`Boutique ${place.slice(-4)}`}, '1 rue du Test', 45.76, 4.83)`);
  await t.ctx.db.execute(sql`insert into checkins (id, place_id, account_id, lat, lon, visibility, counted, local_day)
    values (${uuidv7()}, ${place}, ${accountId}, 45.76, 4.83, ${visibility}, true, '2026-12-01')`);
}

/** Chloé is active with both brands; everything she did with B (or in private) must stay out of A's file. */
async function seed(customer: Person) {
  for (const [s, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const mine = s === a;
    const paid = await order(s.brand.id, customer.id, 'delivered', mine ? 1200 : 9999);
    if (mine) {
      orderA = paid;
      await order(s.brand.id, customer.id, 'shipped', 3000, 500);
      await order(s.brand.id, customer.id, 'awaiting_payment', 800);
    }
    await t.ctx.db.execute(sql`insert into return_requests (id, order_id, kind, reason)
      values (${uuidv7()}, ${paid}, 'return', ${mine ? 'Trop petit' : 'Rival return'})`);
    await t.ctx.db.execute(sql`insert into reviews (id, product_id, brand_id, author_id, verified, rating, body, status,
      published_at) values (${uuidv7()}, ${s.productId}, ${s.brand.id}, ${customer.id}, false, ${mine ? 5 : 1},
      ${mine ? 'Excellent comté' : 'Rival review'}, 'published', now())`);
    await t.ctx.db.execute(sql`insert into follows (follower_id, followee_id) values (${customer.id}, ${s.brand.id})`);
    await post(customer.id, mine ? 'Merci @a' : 'Rival mention', 'public', { mention: s.brand.id });
    await checkinAt(s.brand.id, customer.id, 'public');
    await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: `dm-${customer.id}-${s.brand.id}`,
      text: mine ? 'Bonjour A' : 'Bonjour rival',
      at: new Date(),
    });
    void other;
  }
  // Addressed to A: a public reply, a followers-only post naming it.
  await post(customer.id, 'Réponse publique', 'public', { replyTo: a.brand.id });
  await post(customer.id, 'Pour mes abonnés et @a', 'private', { mention: a.brand.id });
  // Private or not about A: never in A's file.
  await post(customer.id, 'Message privé à A', 'direct', { mention: a.brand.id });
  await post(customer.id, 'Pour mes abonnés seulement', 'private');
  await post(customer.id, 'Rien à voir', 'public');
  await checkinAt(a.brand.id, customer.id, 'private');
}

beforeAll(async () => {
  t = await createTestApp();
  [a, b] = [await shop(t), await shop(t)];
  agent = await a.member('staff');
  moderatorA = await a.member('moderator');
  chloe = await person(t, { prefix: 'chloe' });
  outsider = await person(t);
  await seed(chloe);
});
afterAll(() => t.close());

describe('the customer’s file', () => {
  it('shows every section with this brand only, nothing private', async () => {
    const { status, body: f } = await call('GET', fileUrl(a.brand.id, chloe.id), agent.token);
    expect(status).toBe(200);
    expect(f.account).toMatchObject({ id: chloe.id, username: chloe.username });
    expect(f.orders).toMatchObject({ count: 3, paid_count: 2, total_spent: [{ currency: 'EUR', spent: 3700 }] });
    expect(f.returns.count).toBe(1);
    expect(f.returns.items[0].reason).toBe('Trop petit');
    expect(f.reviews).toMatchObject({ count: 1, published_count: 1, average_rating: 5 });
    expect(f.reviews.items[0].body).toBe('Excellent comté');
    expect(f.conversations.count).toBe(1);
    expect(f.conversations.items[0].url).toContain(`/brands/${a.brand.username}/inbox/`);
    expect(f.posts.items.map((p: { text: string }) => p.text).sort()).toEqual(
      ['Merci @a', 'Pour mes abonnés et @a', 'Réponse publique'].sort(),
    );
    expect(f.checkins.count).toBe(1);
    expect(f.followed_at).toEqual(expect.any(String));
    expect(f.engagement).toBe('advocate');
    // The other brand's amount as a JSON number (a random id may well contain the digits 9999).
    expect(JSON.stringify(f)).not.toMatch(/Rival|privé|abonnés seulement|Rien à voir|[:,[]9999[,}\]]/);

    const other = (await call('GET', fileUrl(b.brand.id, chloe.id), b.ownerToken)).body;
    expect(other.orders).toMatchObject({ count: 1, total_spent: [{ currency: 'EUR', spent: 9999 }] });
    // A buyer whose only review is a 1-star one, however much she mentions the brand.
    expect(other.engagement).toBe('buyer');
    expect(JSON.stringify(other)).not.toMatch(/Trop petit|Excellent|Merci @a|Réponse publique|Bonjour A/);
  });

  it('pages a long section', async () => {
    const first = (await call('GET', `${fileUrl(a.brand.id, chloe.id)}?limit=2`, agent.token)).body;
    expect(first.orders.items).toHaveLength(2);
    expect(first.orders.next_max_id).toBe(first.orders.items[1].id);
    const next = (
      await call(
        'GET',
        `${fileUrl(a.brand.id, chloe.id)}?limit=2&section=orders&max_id=${first.orders.next_max_id}`,
        agent.token,
      )
    ).body;
    expect(next.orders.items.map((o: { id: string }) => o.id)).toEqual([orderA]);
    expect(next.orders.next_max_id).toBeNull();
    expect((await call('GET', `${fileUrl(a.brand.id, chloe.id)}?limit=500`, agent.token)).status).toBe(400);
  });

  it('climbs the engagement ladder', () => {
    const none = { follows: false, paidOrders: 0, reviews: 0, goodReviews: 0, posts: 0 };
    const base = { ...none, conversations: 0, checkins: 0 };
    expect(engagementLevel(base)).toBe('none');
    expect(engagementLevel({ ...base, follows: true })).toBe('follower');
    expect(engagementLevel({ ...base, follows: true, posts: 1 })).toBe('participant');
    expect(engagementLevel({ ...base, paidOrders: 1 })).toBe('buyer');
    expect(engagementLevel({ ...base, paidOrders: 3 })).toBe('repeat_buyer');
    expect(engagementLevel({ ...base, paidOrders: 1, posts: 4 })).toBe('buyer');
    expect(engagementLevel({ ...base, paidOrders: 1, reviews: 1, goodReviews: 1 })).toBe('advocate');
  });

  it('keeps labels and notes to the brand’s team; only a note’s author edits it', async () => {
    const url = fileUrl(a.brand.id, chloe.id);
    const labels = await call('PUT', `${url}/labels`, agent.token, { labels: ['VIP', ' fidèle ', 'vip', ''] });
    expect(labels).toEqual({ status: 200, body: { labels: ['fidèle', 'VIP'] } });
    expect((await call('PUT', `${url}/labels`, agent.token, { labels: ['x'.repeat(33)] })).body.error.code).toBe(
      'label_too_long',
    );
    const note = await call('POST', `${url}/notes`, agent.token, { text: 'Préfère être appelée le matin' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ editable: true, author: { id: agent.id } });
    expect((await call('POST', `${url}/notes`, agent.token, { text: '  ' })).status).toBe(422);
    const long = await call('POST', `${url}/notes`, agent.token, { text: 'x'.repeat(2001) });
    expect(long).toMatchObject({ status: 422, body: { error: { code: 'text_too_long' } } });
    const noteUrl = `${url}/notes/${note.body.id}`;
    const byOwner = await call('PATCH', noteUrl, a.ownerToken, { text: 'Réécrite' });
    expect(byOwner).toMatchObject({ status: 403, body: { error: { code: 'not_author' } } });
    expect((await call('PATCH', noteUrl, agent.token, { text: 'Le matin, avant 10 h' })).body).toMatchObject({
      text: 'Le matin, avant 10 h',
      updated_at: expect.any(String),
    });
    const seenByOwner = (await call('GET', url, a.ownerToken)).body;
    expect(seenByOwner.labels).toEqual(['fidèle', 'VIP']);
    expect(seenByOwner.notes.items[0]).toMatchObject({ text: 'Le matin, avant 10 h', editable: false });
    // Brand B's file of the same person knows nothing of them.
    const inB = (await call('GET', fileUrl(b.brand.id, chloe.id), b.ownerToken)).body;
    expect(inB.labels).toEqual([]);
    expect(inB.notes.items).toEqual([]);
    const extra = await call('POST', `${url}/notes`, agent.token, { text: 'À supprimer' });
    expect((await call('DELETE', `${url}/notes/${extra.body.id}`, a.ownerToken)).status).toBe(403);
    expect((await call('DELETE', `${url}/notes/${extra.body.id}`, agent.token)).status).toBe(200);
    expect((await call('DELETE', `${url}/notes/${extra.body.id}`, agent.token)).status).toBe(404);
  });

  it('answers 404 to anyone but the brand’s team, on every route', async () => {
    const url = fileUrl(a.brand.id, chloe.id);
    const note = (await call('POST', `${url}/notes`, agent.token, { text: 'Secret' })).body;
    const routes: [string, string, unknown?][] = [
      ['GET', url],
      ['PUT', `${url}/labels`, { labels: ['x'] }],
      ['POST', `${url}/notes`, { text: 'x' }],
      ['PATCH', `${url}/notes/${note.id}`, { text: 'x' }],
      ['DELETE', `${url}/notes/${note.id}`],
    ];
    for (const who of [b.ownerToken, outsider.token, chloe.token, moderatorA.token]) {
      for (const [method, path, body] of routes) expect((await call(method, path, who, body)).status).toBe(404);
    }
    for (const [method, path, body] of routes) expect((await call(method, path, undefined, body)).status).toBe(401);
    // An unknown customer, a note of another customer, a malformed id.
    expect((await call('GET', fileUrl(a.brand.id, uuidv7()), agent.token)).status).toBe(404);
    expect((await call('GET', fileUrl(a.brand.id, 'nope'), agent.token)).status).toBe(404);
    const otherNote = `${fileUrl(a.brand.id, outsider.id)}/notes/${note.id}`;
    expect((await call('PATCH', otherNote, agent.token, { text: 'x' })).status).toBe(404);
    // The team of B cannot reach A's data through B's id either.
    expect((await call('PATCH', `${fileUrl(b.brand.id, chloe.id)}/notes/${note.id}`, b.ownerToken, {})).status).toBe(
      404,
    );
  });
});

describe('the customer’s file page', () => {
  it('shows the sections, escapes stored text, edits labels and notes with htmx', async () => {
    const url = fileUrl(a.brand.id, chloe.id);
    await call('PUT', `${url}/labels`, agent.token, { labels: [XSS.slice(0, 30)] });
    await call('POST', `${url}/notes`, agent.token, { text: XSS });
    const page = `/brands/${a.brand.username}/customers/${chloe.id}`;
    const s = new BrowserSession(t);
    await s.actAs(agent.id);
    const res = await s.get(page);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('customer-orders');
    expect(html).toContain('Excellent comté');
    expect(html).not.toContain('Rival');
    expect(html).not.toContain('<script>window.__xss');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');

    const added = await s.post(`${page}/notes`, { text: 'Note via la page' }, { headers: { 'hx-request': 'true' } });
    expect(added.status).toBe(200);
    const fragment = await added.text();
    expect(fragment).toContain('id="customer-notes"');
    expect(fragment).toContain('Note via la page');
    const empty = await s.post(`${page}/notes`, { text: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('role="alert"');
    const labels = await s.post(`${page}/labels`, { labels: 'Client fidèle, Lyon' });
    expect(labels.status).toBe(303);
    expect((await s.post(`${page}/labels`, { labels: 'x' }, { csrf: false })).status).toBe(403);

    for (const id of [b.owner.id, outsider.id, moderatorA.id, chloe.id]) {
      const other = new BrowserSession(t);
      await other.actAs(id);
      expect((await other.get(page)).status).toBe(404);
      expect((await other.post(`${page}/notes`, { text: 'x' })).status).toBe(404);
    }
    // Where the team sees the customer: the brand's order page and reviews page link to the file.
    const file = `/brands/${a.brand.username}/customers/${chloe.id}`;
    expect(await (await s.get(`/brands/${a.brand.username}/orders/${orderA}`)).text()).toContain(file);
    expect(await (await s.get(`/brands/${a.brand.username}/reviews`)).text()).toContain(file);
    const buyer = new BrowserSession(t);
    await buyer.actAs(chloe.id);
    const own = await buyer.get(`/orders/${orderA}`);
    expect(own.status).toBe(200);
    expect(await own.text()).not.toContain('/customers/');
    const list = await s.get(`/brands/${a.brand.username}/customers?q=chloe`);
    expect(await list.text()).toContain(`/brands/${a.brand.username}/customers/${chloe.id}`);
  });
});
