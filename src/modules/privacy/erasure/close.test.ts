import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, runJobs, shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import fc from 'fast-check';
import { createBrand, createSession, oauth, setMember, signUp } from '../../accounts';
import { closeAccount } from './close';

/** `DELETE /api/v1/account`: its contract, and what a closed account looks like to everyone else. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimits: {} });
});
afterAll(() => t.close());

let n = 0;
const PASSWORD = 'correct horse battery';

/** A person with a real password, a bearer token and a web session. */
async function member(prefix = 'del') {
  const username = `${prefix}_${Date.now().toString(36)}${n++}`;
  const account = await signUp(t.ctx, { username, email: `${username}@example.test`, password: PASSWORD });
  const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, account.id, 'read write follow push');
  const session = await createSession(t.ctx, account.id);
  return { id: account.id, username, token: accessToken, session, email: `${username}@example.test` };
}

const close = (token: string, password: unknown) => t.call('DELETE', '/api/v1/account', { token, body: { password } });

/** A loopback receiver for the brand's webhooks. */
async function receiver() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(body);
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

describe('DELETE /api/v1/account', () => {
  it('refuses a wrong or missing password with 403 invalid_password, and changes nothing', async () => {
    const p = await member();
    for (const password of ['wrong password', '', undefined, 42, 'x'.repeat(5000)]) {
      const res = await close(p.token, password);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_password');
    }
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: p.token })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/accounts/${p.id}`)).status).toBe(200);
  });

  it('refuses any other password or value (property), the account staying whole', async () => {
    const p = await member();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 40 }).filter((s) => s !== PASSWORD),
          fc.constantFrom(null, undefined, 0, true, [PASSWORD], { password: PASSWORD }, `${PASSWORD} `),
        ),
        async (password) => {
          await expect(closeAccount(t.ctx, p.id, password)).rejects.toMatchObject({ code: 'invalid_password' });
        },
      ),
      { numRuns: 15 },
    );
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: p.token })).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect((await t.call('DELETE', '/api/v1/account', { body: { password: PASSWORD } })).status).toBe(401);
  });

  it('is limited to 5 tries an hour per account (429), even with the right password afterwards', async () => {
    const p = await member();
    for (let i = 0; i < 5; i++) expect((await close(p.token, `nope ${i}`)).status).toBe(403);
    const res = await close(p.token, PASSWORD);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect((await t.call('GET', `/api/v1/accounts/${p.id}`)).status).toBe(200);
  });

  it('refuses the last owner of a brand with 409 last_brand_owner naming it, until another owner exists', async () => {
    const owner = await member('own');
    const brand = await createBrand(t.ctx, owner.id, {
      username: `brand_${Date.now().toString(36)}`,
      displayName: 'Fromagerie',
    });
    const res = await close(owner.token, PASSWORD);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('last_brand_owner');
    expect(body.error.message).toContain(brand.username);
    expect((await t.call('GET', `/api/v1/accounts/${owner.id}`)).status).toBe(200);
    // With a second owner, the first may go; the brand stays.
    const other = await member('own2');
    await setMember(t.ctx, owner.id, brand.id, other.id, 'owner');
    expect((await close(owner.token, PASSWORD)).status).toBe(202);
    expect((await t.call('GET', `/api/v1/accounts/${brand.id}`)).status).toBe(200);
  });

  it('closes at once: tokens and session answer 401, profile and posts 404, cannot sign in again', async () => {
    const p = await member();
    const fan = await member('fan');
    const post = await t.call('POST', '/api/v1/statuses', { token: p.token, body: { status: 'bientôt parti' } });
    const postId = ((await post.json()) as { id: string }).id;
    expect((await t.call('POST', `/api/v1/accounts/${p.id}/follow`, { token: fan.token })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/statuses/${postId}/favourite`, { token: fan.token })).status).toBe(200);

    const res = await close(p.token, PASSWORD);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; deleted_at: string };
    expect(body).toMatchObject({ id: p.id, status: 'deleted' });

    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: p.token })).status).toBe(401);
    const web = await t.app.request('/settings', { headers: { cookie: `comptoir_session=${p.session}` } });
    expect(web.status).toBe(303);
    expect((await t.call('GET', `/api/v1/accounts/${p.id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/accounts/lookup?acct=${p.username}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/accounts/${p.id}/statuses`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/statuses/${postId}`)).status).toBe(404);
    expect((await t.app.request(`/@${p.username}`)).status).toBe(404);
    const client = (await (
      await t.call('POST', '/api/v1/apps', {
        body: { client_name: 'C', redirect_uris: 'https://c.example/cb', scopes: 'read' },
      })
    ).json()) as { client_id: string; client_secret: string };
    const signIn = await t.call('POST', '/oauth/token', {
      body: { grant_type: 'password', ...client, username: p.email, password: PASSWORD, scope: 'read' },
    });
    expect(signIn.status).toBe(400);
    expect(await signIn.text()).toContain('invalid_grant');
    // The follower's counts are right again.
    const me = (await (await t.call('GET', '/api/v1/accounts/verify_credentials', { token: fan.token })).json()) as {
      following_count: number;
    };
    expect(me.following_count).toBe(0);
    // A second closing finds nothing to close.
    expect((await close(p.token, PASSWORD)).status).toBe(401);
  });

  it('keeps the order for the brand’s team (buyer shown as deleted), records the request and sends customer.redact', async () => {
    const hooks = await receiver();
    try {
      const s = await shop(t);
      const created = await t.call('POST', `/api/v1/brands/${s.brand.id}/webhooks`, {
        token: s.ownerToken,
        body: { url: hooks.url, events: ['customer.redact'] },
      });
      expect(created.status).toBe(201);
      const b = await member('buyer');
      const card = await buyerWithCard(t);
      // The saved card belongs to another fixture; this buyer saves their own through the API.
      await queryRows(t.ctx.db, sql`update payment_methods set account_id = ${b.id} where id = ${card.methodId}`);
      const ordered = await t.call('POST', '/api/v1/orders', {
        token: b.token,
        body: orderBody(s.variantId, card.methodId),
      });
      expect(ordered.status).toBe(201);
      const order = (await ordered.json()) as { id: string; total: unknown; shipping_address: unknown };

      expect((await close(b.token, PASSWORD)).status).toBe(202);
      await runJobs(t);

      const seen = await t.call('GET', `/api/v1/orders/${order.id}`, { token: s.ownerToken });
      expect(seen.status).toBe(200);
      const kept = (await seen.json()) as Record<string, any>;
      expect(kept.buyer).toMatchObject({ id: b.id, deleted: true, display_name: 'Deleted account' });
      expect(kept.buyer.username).not.toContain(b.username);
      expect(kept.total).toEqual(order.total);
      // The invoice's name and address stay (art. L123-22); the phone does not.
      expect(kept.shipping_address).toEqual({ ...(order.shipping_address as object), phone: '' });
      const page = await t.app.request(`/brands/${s.brand.username}/orders/${order.id}`, {
        headers: { cookie: `comptoir_session=${await createSession(t.ctx, s.owner.id)}` },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Compte supprimé');
      expect(html).not.toContain(b.username);

      const requests = await queryRows<{ kind: string; order_ids: unknown }>(
        t.ctx.db,
        sql`select kind, order_ids from privacy_requests where brand_id = ${s.brand.id} and account_id = ${b.id}`,
      );
      expect(requests).toHaveLength(1);
      expect(requests[0].kind).toBe('redact');
      const redact = hooks.received
        .map((r) => JSON.parse(r))
        .find((r) => r.type === 'customer.redact' || r.event === 'customer.redact');
      expect(redact).toBeTruthy();
      expect(JSON.stringify(redact)).toContain(order.id);
      expect(JSON.stringify(redact)).not.toContain(b.email);
    } finally {
      await hooks.close();
    }
  });
});
