import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { json, pathOf, person, programme, shop, XSS } from './test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const as = async (accountId: string) => {
  const b = new BrowserSession(t);
  await b.actAs(accountId);
  return b;
};

describe('the back office section', () => {
  it('the owner sets the programme up, accepts an application, invites by username; others get 404 or 403', async () => {
    const s = await shop(t);
    const owner = await as(s.owner.id);
    const empty = await owner.page(`/brands/${s.brand.username}/ambassadors`);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('data-section="ambassadors"');
    const saved = await owner.post(`/brands/${s.brand.username}/ambassadors/program`, {
      commission_percent: '12,5',
      window_days: '30',
      return_window_days: '14',
      min_payout: '20',
      terms: XSS,
      product_scope: 'all',
      open_to_applications: 'on',
      active: 'on',
    });
    expect(saved.status).toBe(303);
    const bad = await owner.post(`/brands/${s.brand.username}/ambassadors/program`, {
      commission_percent: '60',
      window_days: '30',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('commission_percent');

    const fan = await person(t);
    await json(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassador_applications`, {
        token: fan.token,
        body: { message: XSS },
      }),
      201,
    );
    const page = await owner.page(`/brands/${s.brand.username}/ambassadors`);
    expect(page.html).toContain(`@${fan.username}`);
    expect(page.html).not.toContain('<script>window.__xss');
    expect(page.html).toContain('&lt;script&gt;');
    const [row] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from ambassadors where account_id = ${fan.id}`,
    );
    expect((await owner.post(`/brands/${s.brand.username}/ambassadors/${row.id}/accept`)).status).toBe(303);
    const after = await owner.page(`/brands/${s.brand.username}/ambassadors`);
    expect(after.html).toContain(`/brands/${s.brand.username}/ambassadors/${row.id}/ledger`);

    const invited = await person(t);
    expect(
      (await owner.post(`/brands/${s.brand.username}/ambassadors/invite`, { username: invited.username })).status,
    ).toBe(303);
    const unknown = await owner.post(`/brands/${s.brand.username}/ambassadors/invite`, { username: 'nobody_at_all' });
    expect(unknown.status).toBe(422);

    const other = await shop(t);
    const stranger = await as(other.owner.id);
    expect((await stranger.page(`/brands/${s.brand.username}/ambassadors`)).status).toBe(404);
    expect((await stranger.post(`/brands/${s.brand.username}/ambassadors/${row.id}/end`)).status).toBe(404);
    const ownerOfOther = await as(s.owner.id);
    expect((await ownerOfOther.post(`/brands/${other.brand.username}/ambassadors/${row.id}/end`)).status).toBe(404);
    const staff = await as((await s.member('staff')).id);
    expect((await staff.page(`/brands/${s.brand.username}/ambassadors`)).status).toBe(403);

    // The invited person is told (in-app), and accepts on /ambassador.
    const me = await as(invited.id);
    const told = await me.page('/notifications');
    expect(told.html).toMatch(/vous invite à devenir son ambassadeur|invites you to become their ambassador/);
    expect(told.html).toContain('href="/ambassador"');
    const mine = await me.page('/ambassador');
    expect(mine.html).toContain('data-status="invited"');
    const [inv] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from ambassadors where account_id = ${invited.id}`,
    );
    expect((await me.post(`/ambassador/${inv.id}/accept`)).status).toBe(303);
    expect((await me.page('/ambassador')).html).toContain('data-status="accepted"');
    // Declining what was accepted changes nothing: said so, not "done".
    const again = await me.post(`/ambassador/${inv.id}/decline`);
    expect(again.status).toBe(409);
    expect(await me.html(again)).toMatch(/Rien n’a changé|Nothing changed/);
    expect((await me.page('/ambassador')).html).toContain('data-status="accepted"');
  });
});

describe('the programme’s public page', () => {
  it('shows the terms escaped, and a person applies with a message; the brand’s profile links to it', async () => {
    const { s } = await programme(t);
    await json(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, { token: s.ownerToken, body: { terms: XSS } }),
      200,
    );
    const visitor = new BrowserSession(t);
    const page = await visitor.page(`/@${s.brand.username}/ambassadors`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>window.__xss');
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.html).toContain('/login?next=');
    expect((await visitor.page(`/@${s.brand.username}`)).html).toContain(`/@${s.brand.username}/ambassadors`);
    const fan = await person(t);
    const browser = await as(fan.id);
    const res = await browser.post(`/@${s.brand.username}/ambassadors/apply`, { message: 'Bonjour !' });
    expect(res.status).toBe(303);
    expect((await browser.page(`/@${s.brand.username}/ambassadors`)).html).toContain(
      'data-ambassador-status="applied"',
    );
    const none = await shop(t);
    expect((await visitor.page(`/@${none.brand.username}/ambassadors`)).status).toBe(404);
  });
});

describe('the person’s links page and the picks storefront', () => {
  it('makes links, lists clicks, manages picks; the storefront links through the ambassador’s own links', async () => {
    const { s, amb, ambassadorId, link } = await programme(t);
    await t.app.request(pathOf(link.url));
    const me = await as(amb.id);
    const page = await me.page(`/ambassador/${ambassadorId}/links`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(link.url);
    expect(page.html).toContain('data-copy=');
    expect((await me.post(`/ambassador/${ambassadorId}/picks`, { product_id: s.productId })).status).toBe(303);
    const picks = await new BrowserSession(t).page(`/@${amb.username}/picks/${s.brand.username}`);
    expect(picks.status).toBe(200);
    expect(picks.html).toContain(`href="/r/${link.code}"`);
    expect(picks.html).not.toContain('name="robots"');
    // Someone else's links page is 404.
    const other = await as((await person(t)).id);
    expect((await other.page(`/ambassador/${ambassadorId}/links`)).status).toBe(404);
    expect((await other.post(`/ambassador/${ambassadorId}/picks`, { product_id: s.productId })).status).toBe(404);
  });

  it('escapes the names on the storefront; a closed programme is noindex, an ended ambassadorship 404', async () => {
    const { s, amb, ambassadorId } = await programme(t);
    await queryRows(t.ctx.db, sql`update accounts set display_name = ${XSS} where id = ${amb.id}`);
    await queryRows(t.ctx.db, sql`update products set title = ${XSS} where id = ${s.productId}`);
    await json(
      t.call('POST', `/api/v1/ambassadors/${ambassadorId}/links`, {
        token: amb.token,
        body: { product_id: s.productId },
      }),
    );
    const me = await as(amb.id);
    await me.post(`/ambassador/${ambassadorId}/picks`, { product_id: s.productId });
    const visitor = new BrowserSession(t);
    const url = `/@${amb.username}/picks/${s.brand.username}`;
    const page = await visitor.page(url);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>window.__xss');
    expect(page.html).not.toContain('<img src=x');
    await json(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, {
        token: s.ownerToken,
        body: { active: false },
      }),
      200,
    );
    expect((await visitor.page(url)).html).toContain('name="robots" content="noindex"');
    await json(t.call('POST', `/api/v1/ambassadors/${ambassadorId}/end`, { token: amb.token }), 200);
    expect((await visitor.page(url)).status).toBe(404);
  });
});
