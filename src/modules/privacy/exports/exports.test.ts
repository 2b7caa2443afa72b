import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import {
  address,
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
import { buildExport, deleteExportsOf, purgeExpiredExports } from './service';

/** A receiver on 127.0.0.1 for the brand's webhooks: keeps what came, answers 200. */
async function receiver() {
  const received: { type: string; data: Record<string, unknown> }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let s: Shop;
let alice: Person & { methodId: string };
let bob: Person & { methodId: string };
let hooks: Awaited<ReturnType<typeof receiver>>;
let aliceOrderId = '';
const PASSWORD = 'correct horse battery';
const BOB_STREET = '7 impasse Bob-Secret';
const BOB_NOTE = 'Bob writes privately about Alice';
const INTERNAL = 'team-only note: difficult customer';

const api = (method: string, url: string, token: string, body?: unknown) => t.call(method, url, { token, body });
const post = async (token: string, status: string, visibility: string) => {
  const res = await api('POST', '/api/v1/statuses', token, { status, visibility });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
};

beforeAll(async () => {
  t = await createTestApp();
  hooks = await receiver();
  s = await shop(t);
  const hook = await api('POST', `/api/v1/brands/${s.brand.id}/webhooks`, s.ownerToken, {
    url: hooks.url,
    events: ['customer.data_request'],
  });
  expect(hook.status).toBe(201);
  alice = await buyerWithCard(t, 'tok_visa', { password: PASSWORD });
  bob = await buyerWithCard(t, 'tok_mastercard', { password: PASSWORD });
  const placed = await api('POST', '/api/v1/orders', alice.token, orderBody(s.variantId, alice.methodId));
  expect(placed.status).toBe(201);
  aliceOrderId = ((await placed.json()) as { id: string }).id;
  const bobOrder = {
    ...orderBody(s.variantId, bob.methodId),
    shipping_address: { ...address, name: 'Bob', line1: BOB_STREET },
  };
  expect((await api('POST', '/api/v1/orders', bob.token, bobOrder)).status).toBe(201);
  // Alice's posts, follows, likes, bookmarks; Bob's private post mentioning her stays his.
  expect((await api('PUT', '/api/v1/account/consent', alice.token, { referral: true })).status).toBe(200);
  await post(alice.token, 'Alice in public about cheese', 'public');
  await post(alice.token, 'Alice to her followers only', 'private');
  const bobPublic = await post(bob.token, 'Bob in public', 'public');
  await post(bob.token, `@${alice.username} ${BOB_NOTE}`, 'private');
  expect((await api('POST', `/api/v1/accounts/${bob.id}/follow`, alice.token)).status).toBe(200);
  expect((await api('POST', `/api/v1/statuses/${bobPublic}/favourite`, alice.token)).status).toBe(200);
  expect((await api('POST', `/api/v1/statuses/${bobPublic}/bookmark`, alice.token)).status).toBe(200);
  // A conversation with the brand: Alice's message, the team's reply, and an internal note.
  const conversation = uuidv7();
  await queryRows(
    t.ctx.db,
    sql`insert into inbox_conversations (id, brand_id, customer_id, channel, thread_key, subject)
        values (${conversation}, ${s.brand.id}, ${alice.id}, 'dm', ${`dm:${conversation}`}, 'Where is my cheese?')`,
  );
  for (const [author, role, internal, text] of [
    [alice.id, 'customer', false, 'Where is my cheese?'],
    [s.owner.id, 'agent', false, 'On its way!'],
    [s.owner.id, 'agent', true, INTERNAL],
  ] as const)
    await queryRows(
      t.ctx.db,
      sql`insert into inbox_messages (id, conversation_id, author_id, author_role, internal, text)
          values (${uuidv7()}, ${conversation}, ${author}, ${role}, ${internal}, ${text})`,
    );
  // Saved addresses: Alice's is hers; Bob's never reaches her archive.
  for (const [who, line1] of [
    [alice.id, '3 place Bellecour'],
    [bob.id, BOB_STREET],
  ] as const)
    await queryRows(
      t.ctx.db,
      sql`insert into addresses (id, account_id, name, line1, postal_code, city, country)
          values (${uuidv7()}, ${who}, 'Home', ${line1}, '69002', 'Lyon', 'FR')`,
    );
  await runJobs(t);
});
afterAll(async () => {
  await hooks.close();
  await t.close();
});

type ExportBody = { id: string; status: string; url?: string; expires_at?: string };
/** `body` null sends none. */
const ask = async (who: Person, body: object | null = { password: PASSWORD }) =>
  api('POST', '/api/v1/account/exports', who.token, body ?? undefined);
const show = async (who: Person, id: string) => api('GET', `/api/v1/account/exports/${id}`, who.token);
const pathOf = (url: string) => new URL(url).pathname;

describe('a person’s data archive', () => {
  let ready: ExportBody;
  let files: Record<string, string>;

  it('answers 202 pending, then ready with a link once the job ran; a second request within 7 days is 429', async () => {
    // With the person's own token too, the password is asked again: a stolen token alone gets nothing.
    for (const body of [null, {}, { password: '' }, { password: 'not it' }, { password: `${PASSWORD} ` }]) {
      const refused = await ask(alice, body);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_password');
    }
    const res = await ask(alice);
    expect(res.status).toBe(202);
    const asked = (await res.json()) as ExportBody;
    expect(asked).toEqual({ id: expect.any(String), status: 'pending' });
    expect(await (await show(alice, asked.id)).json()).toEqual({ id: asked.id, status: 'pending' });

    const again = await ask(alice);
    expect(again.status).toBe(429);
    const error = (await again.json()) as { error: { code: string; next_export_at?: string } };
    expect(error.error.code).toBe('export_too_soon');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(6 * 24 * 3600);

    await runJobs(t);
    ready = (await (await show(alice, asked.id)).json()) as ExportBody;
    expect(ready.status).toBe('ready');
    expect(ready.url).toMatch(/^http:\/\/localhost:3000\/account\/exports\/[A-Za-z0-9_-]{43}$/);
    const days = (new Date(ready.expires_at!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('downloads as a ZIP for its owner, holding the person’s data and nothing private of anyone else', async () => {
    const res = await t.call('GET', pathOf(ready.url!), { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="comptoir-archive-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    files = Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]));
    for (const name of [
      'profile.json',
      'posts.json',
      'media.json',
      'follows.json',
      'lists.json',
      'likes.json',
      'bookmarks.json',
      'orders.json',
      'addresses.json',
      'payment_methods.json',
      'reviews.json',
      'questions.json',
      'conversations.json',
      'checkins.json',
      'tips.json',
      'ambassador_ledger.json',
      'consents.json',
      'sign_in_attempts.json',
      'outbox.json',
    ])
      expect(files[name], name).toBeDefined();
    const read = (name: string) => JSON.parse(files[name]);
    expect(read('consents.json')).toMatchObject([{ referral: true, source: 'api' }]);
    expect(Array.isArray(read('sign_in_attempts.json'))).toBe(true);
    expect(read('profile.json')).toMatchObject({ id: alice.id, username: alice.username, email: alice.email });
    expect(read('posts.json').map((p: { text: string }) => p.text)).toEqual([
      'Alice in public about cheese',
      'Alice to her followers only',
    ]);
    expect(read('follows.json').following.map((f: { acct: string }) => f.acct)).toEqual([bob.username]);
    expect(read('likes.json')).toHaveLength(1);
    expect(read('bookmarks.json')).toHaveLength(1);
    const [order] = read('orders.json');
    expect(order).toMatchObject({
      id: aliceOrderId,
      brand: s.brand.username,
      shipping_address: { line1: address.line1 },
    });
    expect(order.lines).toHaveLength(1);
    expect(read('addresses.json').map((a: { line1: string }) => a.line1)).toEqual(['3 place Bellecour']);
    expect(read('payment_methods.json')).toEqual([{ brand: expect.any(String), last4: '4242' }]);
    const [conversation] = read('conversations.json');
    expect(conversation.messages).toEqual([
      { from: 'me', text: 'Where is my cheese?', created_at: expect.any(String) },
      { from: 'brand', text: 'On its way!', created_at: expect.any(String) },
    ]);
    const outboxJson = read('outbox.json');
    expect(outboxJson).toMatchObject({ type: 'OrderedCollection', totalItems: 1 });
    expect(outboxJson.orderedItems[0]).toMatchObject({ type: 'Create', object: { type: 'Note' } });
    expect(outboxJson.orderedItems[0].object.content).toContain('Alice in public about cheese');

    const everything = Object.values(files).join('\n');
    for (const secret of [bob.email, BOB_STREET, BOB_NOTE, INTERNAL, 'tok_visa', 'provider_token', s.owner.id])
      expect(everything, secret).not.toContain(secret);
  });

  it('tells its owner in the app and by e-mail, with the link', async () => {
    const [n] = await queryRows<{ type: string; detail: string }>(
      t.ctx.db,
      sql`select type, detail from notifications where account_id = ${alice.id} and type = 'privacy'`,
    );
    expect(n).toEqual({ type: 'privacy', detail: 'export_ready' });
    const mail = outbox(t).find((m) => m.text.includes(ready.url!));
    expect(mail?.raw).toContain(`To: ${alice.email}`);
    const browser = new BrowserSession(t);
    await browser.actAs(alice.id);
    const page = await browser.page('/notifications');
    expect(page.html).toContain('href="/settings/privacy"');
    expect(page.html).toContain('L’archive de vos données est prête');
    // The job again (a retry): nothing rebuilt, still one notification and one e-mail.
    const [before] = await queryRows<{ media_key: string }>(
      t.ctx.db,
      sql`select media_key from account_exports where id = ${ready.id}`,
    );
    const mails = outbox(t).length;
    await buildExport(t.ctx, ready.id);
    const [after] = await queryRows<{ media_key: string; n: number | string }>(
      t.ctx.db,
      sql`select e.media_key, (select count(*) from notifications where account_id = ${alice.id} and type = 'privacy') as n
            from account_exports e where e.id = ${ready.id}`,
    );
    expect(after.media_key).toBe(before.media_key);
    expect(Number(after.n)).toBe(1);
    expect(outbox(t).length).toBe(mails);
    // Mastodon clients do not know this kind: their API leaves it out.
    const mastodon = await api('GET', '/api/v1/notifications', alice.token);
    expect(((await mastodon.json()) as { type: string }[]).map((n) => n.type)).not.toContain('privacy');
  });

  it('tells the brand the customer asked (webhook customer.data_request), naming orders, not the person', async () => {
    const got = hooks.received.filter((r) => r.type === 'customer.data_request');
    expect(got).toHaveLength(1);
    expect(got[0].data).toMatchObject({ customer: { id: alice.id }, orders_requested: [aliceOrderId] });
    expect(JSON.stringify(got[0])).not.toContain(alice.email);
  });

  it('lets only one of two requests made at once through; an erasure deletes the archives', async () => {
    const dana = await person(t, { password: PASSWORD });
    const statuses = (await Promise.all([ask(dana), ask(dana)])).map((r) => r.status).sort();
    expect(statuses).toEqual([202, 429]);
    const [row] = await queryRows<{ n: number | string }>(
      t.ctx.db,
      sql`select count(*) as n from account_exports where account_id = ${dana.id}`,
    );
    expect(Number(row.n)).toBe(1);
    // An account's erasure takes its archives with it, files included.
    await runJobs(t);
    const [built] = await queryRows<{ media_key: string }>(
      t.ctx.db,
      sql`select media_key from account_exports where account_id = ${dana.id}`,
    );
    expect(await t.ctx.media.get(built.media_key)).not.toBeNull();
    expect(await deleteExportsOf(t.ctx, dana.id)).toBe(1);
    expect(await t.ctx.media.get(built.media_key)).toBeNull();
    expect(await queryRows(t.ctx.db, sql`select 1 from account_exports where account_id = ${dana.id}`)).toEqual([]);
  });

  it('is nobody else’s: another person’s id, link or token answers 404, as an unknown one', async () => {
    expect((await show(bob, ready.id)).status).toBe(404);
    expect((await show(alice, uuidv7())).status).toBe(404);
    expect((await show(alice, 'not-an-id')).status).toBe(404);
    expect((await t.call('GET', pathOf(ready.url!), { token: bob.token })).status).toBe(404);
    expect((await t.call('GET', pathOf(ready.url!))).status).toBe(404);
    expect((await t.call('GET', `/account/exports/${'x'.repeat(43)}`, { token: alice.token })).status).toBe(404);
    // A browser without a session is sent to sign in first.
    const anonymous = await t.app.request(pathOf(ready.url!), { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('answers 404, never an error, to any link that is not one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (token) => {
        const res = await t.call('GET', `/account/exports/${encodeURIComponent(token)}`, { token: alice.token });
        expect(res.status).toBe(404);
      }),
      { numRuns: 60 },
    );
  });

  it('asks for the password again from a signed-in browser', async () => {
    const browser = new BrowserSession(t);
    await browser.signUp({ username: `carol_${Date.now().toString(36)}` });
    const wrong = await browser.post('/settings/privacy/export', { password: 'not it' });
    expect(wrong.status).toBe(422);
    expect(await browser.html(wrong)).toContain('Mot de passe incorrect');
    const noCsrf = await browser.post('/settings/privacy/export', { password: PASSWORD }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    const viaCookie = await browser.request('POST', '/api/v1/account/exports', {
      headers: { 'x-csrf-token': browser.csrfToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'wrong' }),
    });
    expect(viaCookie.status).toBe(403);
    expect(((await viaCookie.json()) as { error: { code: string } }).error.code).toBe('invalid_password');
    const ok = await browser.post('/settings/privacy/export', { password: PASSWORD });
    expect(ok.status).toBe(303);
    const page = await browser.page('/settings/privacy');
    expect(page.html).toContain('data-status="pending"');
    expect(page.html).toContain('href="/settings/delete"');
    const tooSoon = await browser.post('/settings/privacy/export', { password: PASSWORD });
    expect(tooSoon.status).toBe(429);
  });

  it('expires after 7 days: the link and the id answer 404, the file is deleted, a new archive may be asked', async () => {
    const [row] = await queryRows<{ media_key: string }>(
      t.ctx.db,
      sql`select media_key from account_exports where id = ${ready.id}`,
    );
    expect(await t.ctx.media.get(row.media_key)).not.toBeNull();
    t.clock.advance(7 * 86_400_000 + 60_000);
    try {
      expect((await t.call('GET', pathOf(ready.url!), { token: alice.token })).status).toBe(404);
      expect((await show(alice, ready.id)).status).toBe(404);
      expect(await purgeExpiredExports(t.ctx)).toBeGreaterThanOrEqual(1);
      expect(await t.ctx.media.get(row.media_key)).toBeNull();
      const next = await ask(alice);
      expect(next.status).toBe(202);
    } finally {
      t.clock.advance(-(7 * 86_400_000 + 60_000));
    }
  });
});
