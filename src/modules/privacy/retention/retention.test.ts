import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { shopWithProduct } from '../../../../test/support/commerce';
import { person } from '../../../../test/support/orders';
import { loadConfig } from '../../../config';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { appToken, registerApp, signUpPerson } from '../../accounts/api-testing';
import { REVOKED_TOKEN_DAYS } from './purge';
import { forgetSignIns } from './sign-ins';

let t: TestApp;
beforeAll(async () => {
  // Shorter periods than the defaults: each rule is read from the settings, not hard-coded.
  t = await createTestApp({ retention: { ipDays: 10, cartDays: 20 } });
});
afterAll(() => t.close());

const DAY = 86_400_000;
const ago = (days: number, hours = 0) =>
  new Date(t.clock.now().getTime() - days * DAY - hours * 3_600_000).toISOString();
const later = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.ctx.db, q);

/** Runs the retention job the way the worker does: the scheduled job made due, then claimed and run. */
async function runRetentionJob() {
  const pending = await rows<{ id: string }>(
    sql`select id from jobs where kind = 'privacy.retention' and done_at is null`,
  );
  expect(pending).toHaveLength(1);
  await rows(sql`update jobs set run_at = now() - interval '1 second' where id = ${pending[0].id}`);
  const ran = await runDueJobs(t.ctx.database, jobHandlers(t.ctx), 10, { kinds: ['privacy.retention'] });
  expect(ran).toBe(1);
  const done = await rows<{ done_at: string | null; last_error: string | null }>(
    sql`select done_at, last_error from jobs where id = ${pending[0].id}`,
  );
  expect(done[0].done_at, String(done[0].last_error)).not.toBeNull();
}

describe('the privacy.retention job', () => {
  it('is kept scheduled: exactly one pending run, in the future, after each run', async () => {
    await runRetentionJob();
    const next = await rows<{ run_at: string }>(
      sql`select run_at from jobs where kind = 'privacy.retention' and done_at is null`,
    );
    expect(next).toHaveLength(1);
    expect(new Date(next[0].run_at).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('removes what is past its period and keeps what is not, rule by rule; a second run changes nothing', async () => {
    const p = await person(t);
    const q = await person(t);
    // Sign-in attempts and addresses: COMPTOIR_RETENTION_IP_DAYS (10 here).
    const keptAt = ago(9, 23);
    for (const [id, at] of [
      [uuidv7(), ago(10, 1)],
      [uuidv7(), keptAt],
    ])
      await rows(
        sql`insert into sign_in_attempts (id, account_id, ip, user_agent, success, at)
            values (${id}, ${p.id}, '203.0.113.9', 'Test', true, ${at}::timestamptz)`,
      );
    await rows(
      sql`insert into rate_limits (bucket, window_start, hits) values
            ('login:ip:203.0.113.9', ${ago(11)}::timestamptz, 3), ('login:ip:203.0.113.10', ${ago(0, 1)}::timestamptz, 1)`,
    );
    // Sessions: gone once expired.
    await rows(
      sql`insert into sessions (token_hash, account_id, expires_at) values
            ('expired-session', ${p.id}, ${ago(0, 1)}::timestamptz), ('live-session', ${p.id}, ${later(1)}::timestamptz)`,
    );
    // OAuth tokens: revoked ones after the grace; codes once expired.
    await rows(
      sql`insert into oauth_tokens (token_hash, account_id, scopes, revoked_at) values
            ('old-revoked', ${p.id}, 'read', ${ago(REVOKED_TOKEN_DAYS, 1)}::timestamptz),
            ('new-revoked', ${p.id}, 'read', ${ago(1)}::timestamptz),
            ('live-token', ${p.id}, 'read', null)`,
    );
    const appId = uuidv7();
    await rows(
      sql`insert into oauth_apps (id, name, redirect_uris, scopes, client_id, client_secret)
          values (${appId}, 'Retention', '{urn:ietf:wg:oauth:2.0:oob}', 'read', ${`cid-${appId}`}, 'secret')`,
    );
    await rows(
      sql`insert into oauth_codes (code_hash, app_id, account_id, redirect_uri, scopes, expires_at) values
            ('expired-code', ${appId}, ${p.id}, 'urn:ietf:wg:oauth:2.0:oob', 'read', ${ago(0, 1)}::timestamptz),
            ('live-code', ${appId}, ${p.id}, 'urn:ietf:wg:oauth:2.0:oob', 'read', ${later(1)}::timestamptz)`,
    );
    // Carts: COMPTOIR_RETENTION_CART_DAYS (20 here), counted from the latest addition to the cart.
    const s1 = await shopWithProduct(t);
    const s2 = await shopWithProduct(t);
    await rows(
      sql`insert into cart_items (account_id, variant_id, quantity, seen_price_amount, created_at) values
            (${p.id}, ${s1.variantId}, 1, 1000, ${ago(40)}::timestamptz),
            (${p.id}, ${s2.variantId}, 1, 1000, ${ago(20, 1)}::timestamptz),
            (${q.id}, ${s1.variantId}, 1, 1000, ${ago(40)}::timestamptz),
            (${q.id}, ${s2.variantId}, 2, 1000, ${ago(19)}::timestamptz)`,
    );

    await runRetentionJob();

    const kept = await rows<{ at: string }>(sql`select at from sign_in_attempts where account_id = ${p.id}`);
    expect(kept.map((r) => new Date(r.at).toISOString())).toEqual([keptAt]);
    expect(
      await rows(sql`select bucket from rate_limits where bucket like 'login:ip:203.0.113.%' order by bucket`),
    ).toEqual([{ bucket: 'login:ip:203.0.113.10' }]);
    expect(await rows(sql`select token_hash from sessions where account_id = ${p.id}`)).toEqual([
      { token_hash: 'live-session' },
    ]);
    expect(
      await rows(
        sql`select token_hash from oauth_tokens where account_id = ${p.id} and scopes = 'read' order by token_hash`,
      ),
    ).toEqual([{ token_hash: 'live-token' }, { token_hash: 'new-revoked' }]);
    expect(await rows(sql`select code_hash from oauth_codes where app_id = ${appId}`)).toEqual([
      { code_hash: 'live-code' },
    ]);
    // p's cart: its latest addition is past the period, so every line went; q's was touched recently and stays whole.
    expect(await rows(sql`select 1 from cart_items where account_id = ${p.id}`)).toEqual([]);
    expect(await rows(sql`select quantity from cart_items where account_id = ${q.id} order by quantity`)).toEqual([
      { quantity: 1 },
      { quantity: 2 },
    ]);

    const before = await rows<{ n: number }>(
      sql`select (select count(*) from sign_in_attempts) + (select count(*) from sessions)
               + (select count(*) from oauth_tokens) + (select count(*) from cart_items) as n`,
    );
    await runRetentionJob();
    const after = await rows<{ n: number }>(
      sql`select (select count(*) from sign_in_attempts) + (select count(*) from sessions)
               + (select count(*) from oauth_tokens) + (select count(*) from cart_items) as n`,
    );
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('follows the clock: an attempt kept today is gone once the period has passed', async () => {
    const p = await person(t);
    await rows(
      sql`insert into sign_in_attempts (id, account_id, ip, user_agent, success, at)
          values (${uuidv7()}, ${p.id}, '198.51.100.7', 'Test', false, ${ago(0)}::timestamptz)`,
    );
    await runRetentionJob();
    expect(await rows(sql`select 1 from sign_in_attempts where account_id = ${p.id}`)).toHaveLength(1);
    t.clock.advance(10 * DAY + 60_000);
    try {
      await runRetentionJob();
      expect(await rows(sql`select 1 from sign_in_attempts where account_id = ${p.id}`)).toEqual([]);
    } finally {
      t.clock.set(new Date());
    }
  });
});

describe('sign-in attempts', () => {
  it('are recorded for the form and the password grant, right or wrong, with the address and user agent', async () => {
    const browser = new BrowserSession(t, {
      accept: 'text/html',
      'accept-language': 'fr',
      'user-agent': 'TestBrowser/1',
    });
    await browser.signUp({ username: 'retention_form' });
    const [{ id }] = await rows<{ id: string }>(sql`select id from accounts where username = 'retention_form'`);
    const wrong = await browser.post('/login', {
      identifier: 'retention_form@example.test',
      password: 'not it at all',
    });
    expect(wrong.status).toBe(401);
    await browser.logIn('@retention_form');

    const client = await registerApp(t);
    const api = await signUpPerson(t, await appToken(t, client), 'retention_api');
    const grant = (password: string) =>
      t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'password',
          client_id: client.client_id,
          client_secret: client.client_secret,
          username: api.email,
          password,
        },
      });
    expect((await grant('wrong password here')).status).toBe(400);
    expect((await grant(api.password)).status).toBe(200);

    const form = await rows<{ success: boolean; user_agent: string; ip: string; identifier_hash: string | null }>(
      sql`select success, user_agent, ip, identifier_hash from sign_in_attempts where account_id = ${id} order by at, id`,
    );
    expect(form.map((r) => [r.success, r.user_agent, r.identifier_hash])).toEqual([
      [false, 'TestBrowser/1', null],
      [true, 'TestBrowser/1', null],
    ]);
    expect(form[0].ip).toBeTruthy();
    const viaApi = await rows<{ success: boolean }>(
      sql`select s.success from sign_in_attempts s join credentials c on c.account_id = s.account_id
           where c.email = ${api.email} order by s.at, s.id`,
    );
    expect(viaApi.map((r) => r.success)).toEqual([false, true]);

    // The person sees their own attempts (newest first), nobody else's.
    const mine = await t.call('GET', '/api/v1/account/sign_in_attempts', { token: api.token });
    expect(mine.status).toBe(200);
    expect((await mine.json()).map((a: { success: boolean }) => a.success)).toEqual([true, false]);
    expect((await t.call('GET', '/api/v1/account/sign_in_attempts')).status).toBe(401);
    // Erasure does not wait for the period.
    expect(await forgetSignIns(t.ctx.db, id)).toBe(2);
    expect(await rows(sql`select 1 from sign_in_attempts where account_id = ${id}`)).toEqual([]);
  });

  it('an identifier that names nobody is kept only as a keyed hash, never as typed', async () => {
    const browser = new BrowserSession(t);
    const typed = 'nobody.here@example.test';
    expect((await browser.post('/login', { identifier: typed, password: 'whatever it is' })).status).toBe(401);
    const found = await rows<{ identifier_hash: string | null; account_id: string | null }>(
      sql`select identifier_hash, account_id from sign_in_attempts where account_id is null order by at desc limit 1`,
    );
    expect(found[0].identifier_hash).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const leaked = await rows(sql`select 1 from sign_in_attempts where identifier_hash like ${`%${typed}%`}`);
    expect(leaked).toEqual([]);
  });
});

describe('the settings', () => {
  it('default to 30 days for addresses and 90 for carts', () => {
    expect(loadConfig({}).retention).toEqual({ ipDays: 30, cartDays: 90 });
    expect(loadConfig({ COMPTOIR_RETENTION_IP_DAYS: '7', COMPTOIR_RETENTION_CART_DAYS: '365' }).retention).toEqual({
      ipDays: 7,
      cartDays: 365,
    });
  });

  it('refuse a bad value at start with a message naming the setting', () => {
    for (const bad of ['0', '-1', '1.5', 'thirty', '3651', ' 12x'])
      expect(() => loadConfig({ COMPTOIR_RETENTION_IP_DAYS: bad }), bad).toThrow(
        /COMPTOIR_RETENTION_IP_DAYS must be a whole number of days from 1 to 3650/,
      );
    expect(() => loadConfig({ COMPTOIR_RETENTION_CART_DAYS: '0' })).toThrow(/COMPTOIR_RETENTION_CART_DAYS/);
  });
});
