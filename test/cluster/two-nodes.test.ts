/**
 * Two app nodes (real processes, as `npm start` runs them) on one PostgreSQL database: what one
 * node does, the other sees, and what must happen once happens once across both.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openPostgres, queryRows, type Database } from '../../src/db/client';
import { sseReader, until } from '../../src/modules/social/api-test-support';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { buyers, call, orderBody, personWithToken, shopWithStock } from '../support/cluster';
import { createServerTestDatabase, testDatabaseUrl } from '../support/database';

const adminUrl = testDatabaseUrl();
/** Login attempts allowed per window, for both nodes together. */
const LOGIN_LIMIT = 4;

let target: { url: string; drop(): Promise<void> };
let database: Database;
let a: AppProcess;
let b: AppProcess;

/** Every test speaks from its own address (the nodes trust X-Forwarded-For), so their limits stay apart. */
const from = (ip: string) => ({ 'x-forwarded-for': ip });

async function openSse(base: string, path: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, { signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = sseReader(res);
  return {
    ...reader,
    async close() {
      controller.abort();
      await reader.close();
    },
  };
}

async function openSocket(base: string, query: string) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/streaming${query}`);
  const received: { event?: string; payload?: string }[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const updates = () => received.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload!).id as string);
  return { ws, updates };
}

const updateIds = (events: { event: string; data: string }[]) =>
  events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data).id as string);

describe.skipIf(!adminUrl)('two app nodes on one PostgreSQL database (needs TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    target = await createServerTestDatabase(adminUrl!);
    database = await openPostgres(target.url, 2);
    const env = {
      COMPTOIR_RATE_LOGIN: `${LOGIN_LIMIT}/300`,
      COMPTOIR_TRUST_PROXY: '1',
      // One shared secret is what an operator sets; without it both read the database's.
    };
    [a, b] = await Promise.all([
      startAppProcess({ databaseUrl: target.url, env }),
      startAppProcess({ databaseUrl: target.url, env }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await target?.drop();
  }, 60_000);

  it('a post made on node A reaches a live SSE client and a WebSocket client on node B', async () => {
    const author = await personWithToken(database, 'live_author');
    const sse = await openSse(b.url, '/api/v1/streaming/public');
    const socket = await openSocket(b.url, '?stream=public');
    const posted = await call(a.url, 'POST', '/api/v1/statuses', {
      token: author.token,
      body: { status: 'Bonjour depuis le nœud A' },
    });
    expect(posted.status).toBe(200);
    const { id } = posted.json<{ id: string }>();
    await sse.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === id, 30_000);
    await until(() => socket.updates().includes(id), 30_000);
    socket.ws.close();
    await sse.close();
  }, 90_000);

  it('jobs enqueued through node A run exactly once, whichever node takes them', async () => {
    const author = await personWithToken(database, 'job_author');
    const sse = await openSse(b.url, '/api/v1/streaming/public');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call(a.url, 'POST', '/api/v1/statuses', { token: author.token, body: { status: `Post ${i}` } });
      ids.push(res.json<{ id: string }>().id);
    }
    // Each post was streamed once when written.
    await sse.waitFor(() => ids.every((id) => updateIds(sse.events).includes(id)), 30_000);
    // A job per post that streams it once more; both nodes' workers are woken and race for them.
    await queryRows(
      database.db,
      sql`insert into jobs (id, kind, payload, run_at)
          select gen_random_uuid(), 'status.announce', jsonb_build_object('statusId', id), now()
          from unnest(${`{${ids.join(',')}}`}::uuid[]) as id`,
    );
    await queryRows(database.db, sql`select pg_notify('comptoir_jobs', '')`);
    const announced = () =>
      queryRows<{ done: number; attempts: number }>(
        database.db,
        sql`select count(*) filter (where done_at is not null)::int as done, coalesce(sum(attempts), 0)::int as attempts
            from jobs where kind = 'status.announce'`,
      );
    let state = (await announced())[0]!;
    const deadline = Date.now() + 60_000;
    while (state.done < ids.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await announced())[0]!;
    }
    // Every job claimed once (a second claim would count a second attempt).
    expect(state).toEqual({ done: ids.length, attempts: ids.length });
    // A last post, streamed after every announcement (notifications arrive in commit order).
    const last = await call(a.url, 'POST', '/api/v1/statuses', { token: author.token, body: { status: 'Fin' } });
    const lastId = last.json<{ id: string }>().id;
    await sse.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === lastId, 30_000);
    const seen = updateIds(sse.events);
    for (const id of ids) expect(seen.filter((s) => s === id)).toHaveLength(2);
    await sse.close();
  }, 150_000);

  it('shares rate limits: login attempts spread over both nodes are refused past the limit in total', async () => {
    const app = await call(a.url, 'POST', '/api/v1/apps', {
      body: { client_name: 'cluster', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' },
    });
    const { client_id, client_secret } = app.json<{ client_id: string; client_secret: string }>();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const res = await call(i % 2 === 0 ? a.url : b.url, 'POST', '/oauth/token', {
        headers: from('198.51.100.7'),
        body: { grant_type: 'password', client_id, client_secret, username: 'nobody@example.com', password: 'wrong' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LOGIN_LIMIT).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(LOGIN_LIMIT)).toEqual([429, 429]);
  }, 60_000);

  it('shares sessions: a form from node A, logged in on node B, and the cookie works on node A', async () => {
    const ip = from('198.51.100.8');
    const app = await call(a.url, 'POST', '/api/v1/apps', {
      body: { client_name: 'signup', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' },
    });
    const { client_id, client_secret } = app.json<{ client_id: string; client_secret: string }>();
    const appToken = await call(a.url, 'POST', '/oauth/token', {
      headers: ip,
      body: { grant_type: 'client_credentials', client_id, client_secret, scope: 'read write' },
    });
    const signUp = await call(a.url, 'POST', '/api/v1/accounts', {
      token: appToken.json<{ access_token: string }>().access_token,
      headers: ip,
      body: { username: 'noemie', email: 'noemie@example.com', password: 'correct horse battery', agreement: true },
    });
    expect(signUp.status).toBe(200);

    const form = await call(a.url, 'GET', '/login', { headers: { ...ip, accept: 'text/html' } });
    const csrfCookie = form.headers
      .getSetCookie()
      .find((c) => c.startsWith('comptoir_csrf='))!
      .split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const login = await call(b.url, 'POST', '/login', {
      headers: { ...ip, cookie: csrfCookie, accept: 'text/html' },
      body: new URLSearchParams({ identifier: 'noemie@example.com', password: 'correct horse battery', _csrf: csrf }),
    });
    expect(login.status).toBe(303);
    const session = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('comptoir_session='))!
      .split(';')[0]!;
    const home = await call(a.url, 'GET', '/home', { headers: { ...ip, cookie: session, accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.body).toContain('noemie');
    const anonymous = await call(a.url, 'GET', '/home', { headers: { ...ip, accept: 'text/html' } });
    expect(anonymous.status).toBe(303);
  }, 60_000);

  it('the same Idempotency-Key sent to both nodes at once makes one paid order, named by both replies', async () => {
    const shop = await shopWithStock(database, 'maison_idem', 5);
    const [buyer] = await buyers(database, 1, 'idem');
    const send = (node: AppProcess) =>
      call(node.url, 'POST', '/api/v1/orders', {
        token: buyer!.token,
        headers: { 'idempotency-key': 'cluster-key-1' },
        body: orderBody(shop.variantId, buyer!.methodId),
      });
    const replies = await Promise.all([send(a), send(b)]);
    expect(replies.map((r) => r.status)).toEqual([201, 201]);
    const [first, second] = replies.map((r) => r.json<{ id: string }>().id);
    expect(second).toBe(first);
    const orders = await queryRows<{ id: string; status: string }>(
      database.db,
      sql`select id, status from orders where buyer_id = ${buyer!.id}`,
    );
    expect(orders).toEqual([{ id: first, status: 'paid' }]);
  }, 90_000);

  it('a flash sale spread over both nodes oversells nothing', async () => {
    const STOCK = 40;
    const BUYERS = 120;
    const shop = await shopWithStock(database, 'maison_flash', STOCK);
    const people = await buyers(database, BUYERS, 'flash');
    const replies = await Promise.all(
      people.map((p, i) =>
        call(i % 2 === 0 ? a.url : b.url, 'POST', '/api/v1/orders', {
          token: p.token,
          headers: { 'idempotency-key': `flash-${i}` },
          body: orderBody(shop.variantId, p.methodId),
        }),
      ),
    );
    const paid = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 409);
    expect(paid.length + refused.length).toBe(BUYERS);
    expect(refused.every((r) => r.json<{ error: { code: string } }>().error.code === 'out_of_stock')).toBe(true);
    expect(paid.length).toBe(STOCK);
    const [check] = await queryRows<{ stock: number; paid_units: number; orders: number }>(
      database.db,
      sql`select (select stock from variants where id = ${shop.variantId}) as stock,
            (select coalesce(sum(l.quantity), 0)::int from order_lines l join orders o on o.id = l.order_id
              where l.variant_id = ${shop.variantId} and o.status = 'paid') as paid_units,
            (select count(*)::int from orders where brand_id = ${shop.brandId}) as orders`,
    );
    expect(check).toEqual({ stock: 0, paid_units: STOCK, orders: STOCK });
  }, 120_000);
});
