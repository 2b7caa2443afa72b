import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { products } from '../../db/schema';
import { consented, consenting, json, pathOf, person, programme, shop } from './test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, token: string, body: unknown) => t.call('POST', url, { token, body });

describe('the programme', () => {
  it('is created (201), then changed (200), read by the team, and refuses bad input with a code naming the field', async () => {
    const s = await shop(t);
    const url = `/api/v1/brands/${s.brand.id}/ambassador_program`;
    const created = await json(
      post(url, s.ownerToken, {
        commission_percent: 12.5,
        window_days: 30,
        min_payout: { amount: 2000, currency: 'EUR' },
      }),
      201,
    );
    expect(created).toMatchObject({
      commission_percent: 12.5,
      window_days: 30,
      min_payout: { amount: 2000, currency: 'EUR' },
      product_scope: 'all',
      active: true,
      open_to_applications: true,
    });
    const changed = await json(
      post(url, s.ownerToken, { commission_percent: 10, window_days: 7, terms: 'Soyez sympa' }),
      200,
    );
    expect(changed).toMatchObject({ commission_percent: 10, window_days: 7, terms: 'Soyez sympa' });
    const staff = await s.member('staff');
    expect(await json(t.call('GET', url, { token: staff.token }), 200)).toMatchObject({ window_days: 7 });

    const bad: [Record<string, unknown>, string][] = [
      [{ commission_percent: 51, window_days: 30 }, 'invalid_commission_percent'],
      [{ commission_percent: -1, window_days: 30 }, 'invalid_commission_percent'],
      [{ commission_percent: 'ten', window_days: 30 }, 'invalid_commission_percent'],
      [{ commission_percent: 10, window_days: 0 }, 'invalid_window_days'],
      [{ commission_percent: 10, window_days: -3 }, 'invalid_window_days'],
      [{ commission_percent: 10, window_days: 366 }, 'invalid_window_days'],
      [{ commission_percent: 10, window_days: 30, min_payout: { amount: 10, currency: 'USD' } }, 'invalid_currency'],
      [{ commission_percent: 10, window_days: 30, min_payout: { amount: -5 } }, 'invalid_min_payout'],
      [{ commission_percent: 10, window_days: 30, product_scope: 'selected', product_ids: [] }, 'invalid_product_ids'],
      [{ commission_percent: 10, window_days: 30, product_ids: [uuidv7()] }, 'unknown_product'],
    ];
    for (const [body, code] of bad) {
      const res = await post(url, s.ownerToken, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.code).toBe(code);
    }
    const fresh = await shop(t);
    const missing = await post(`/api/v1/brands/${fresh.brand.id}/ambassador_program`, fresh.ownerToken, {
      window_days: 3,
    });
    expect((await missing.json()).error.code).toBe('invalid_commission_percent');
  });

  it('takes a rate per collection (the brand’s collections only)', async () => {
    const s = await shop(t);
    const collectionId = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into collections (id, brand_id, title) values (${collectionId}, ${s.brand.id}, 'Chèvres')`,
    );
    const url = `/api/v1/brands/${s.brand.id}/ambassador_program`;
    const body = { commission_percent: 10, window_days: 30 };
    const saved = await json(
      post(url, s.ownerToken, { ...body, collection_rates: [{ collection_id: collectionId, commission_percent: 15 }] }),
      201,
    );
    expect(saved.collection_rates).toEqual([{ collection_id: collectionId, commission_percent: 15 }]);
    const other = await shop(t);
    const foreign = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into collections (id, brand_id, title) values (${foreign}, ${other.brand.id}, 'X')`,
    );
    const res = await post(url, s.ownerToken, {
      collection_rates: [{ collection_id: foreign, commission_percent: 5 }],
    });
    expect([res.status, (await res.json()).error.code]).toEqual([422, 'unknown_collection']);
    const high = await post(url, s.ownerToken, {
      collection_rates: [{ collection_id: collectionId, commission_percent: 70 }],
    });
    expect([high.status, (await high.json()).error.code]).toEqual([422, 'invalid_collection_rates']);
  });

  it('is the owner’s and admins’ to change; other brands and people get 404, other roles 403', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const stranger = await person(t);
    const url = `/api/v1/brands/${s.brand.id}/ambassador_program`;
    const body = { commission_percent: 10, window_days: 30 };
    expect((await post(url, other.ownerToken, body)).status).toBe(404);
    expect((await post(url, stranger.token, body)).status).toBe(404);
    expect((await post(url, (await s.member('community_manager')).token, body)).status).toBe(403);
    expect((await post(url, (await s.member('admin')).token, body)).status).toBe(201);
    expect((await t.call('GET', url, { token: other.ownerToken })).status).toBe(404);
    expect((await t.call('GET', url, { token: stranger.token })).status).toBe(404);
  });
});

describe('membership', () => {
  it('the brand makes a person an ambassador at once (201, then 200 with the same id); brands and the team are refused', async () => {
    const { s, amb, ambassadorId } = await programme(t);
    const url = `/api/v1/brands/${s.brand.id}/ambassadors`;
    expect(await json(post(url, s.ownerToken, { account_id: amb.id }), 200)).toEqual({
      id: ambassadorId,
      status: 'accepted',
    });
    expect((await post(url, s.ownerToken, { account_id: uuidv7() })).status).toBe(404);
    const other = await shop(t);
    const brandRes = await post(url, s.ownerToken, { account_id: other.brand.id });
    expect([422, (await brandRes.json()).error.code]).toEqual([422, 'not_a_person']);
    const admin = await s.member('admin');
    const teamRes = await post(url, s.ownerToken, { account_id: admin.id });
    expect([teamRes.status, (await teamRes.json()).error.code]).toEqual([422, 'team_member']);
    expect((await post(url, other.ownerToken, { account_id: amb.id })).status).toBe(404);
    expect((await post(url, amb.token, { account_id: amb.id })).status).toBe(404);
  });

  it('people apply with a message; the brand lists, accepts or refuses; either side ends it', async () => {
    const { s } = await programme(t);
    const fan = await person(t);
    const fan2 = await person(t);
    const applyUrl = `/api/v1/brands/${s.brand.id}/ambassador_applications`;
    const applied = await json(post(applyUrl, fan.token, { message: 'J’adore vos fromages' }), 201);
    expect(applied).toMatchObject({ status: 'applied', message: 'J’adore vos fromages' });
    expect((await json(post(applyUrl, fan.token, {}), 200)).id).toBe(applied.id);
    const other = await json(post(applyUrl, fan2.token, {}), 201);
    const tooLong = await post(applyUrl, fan2.token, { message: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(422);

    const list = await json<any[]>(
      t.call('GET', `/api/v1/brands/${s.brand.id}/ambassadors?status=applied`, { token: s.ownerToken }),
      200,
    );
    expect(list.map((a) => a.id).sort()).toEqual([applied.id, other.id].sort());
    const outsider = await shop(t);
    expect(
      (await t.call('GET', `/api/v1/brands/${s.brand.id}/ambassadors`, { token: outsider.ownerToken })).status,
    ).toBe(404);
    expect((await post(`/api/v1/ambassadors/${applied.id}/accept`, outsider.ownerToken, {})).status).toBe(404);
    expect((await post(`/api/v1/ambassadors/${applied.id}/accept`, fan.token, {})).status).toBe(404);

    expect((await json(post(`/api/v1/ambassadors/${applied.id}/accept`, s.ownerToken, {}), 200)).status).toBe(
      'accepted',
    );
    expect((await post(`/api/v1/ambassadors/${applied.id}/accept`, s.ownerToken, {})).status).toBe(409);
    expect((await json(post(`/api/v1/ambassadors/${other.id}/refuse`, s.ownerToken, {}), 200)).status).toBe('refused');
    expect((await post(applyUrl, fan2.token, {})).status).toBe(409);
    expect((await json(post(`/api/v1/ambassadors/${applied.id}/end`, fan.token, {}), 200)).status).toBe('ended');
    expect((await post(`/api/v1/ambassadors/${applied.id}/end`, fan2.token, {})).status).toBe(404);
  });

  it('an invitation is answered by the person invited only; other brands cannot touch it (404)', async () => {
    const { s } = await programme(t);
    const invited = await person(t);
    const { addAmbassador } = await import('./members');
    const { ambassador } = await addAmbassador(t.ctx, s.owner.id, s.brand.id, invited.id, { accept: false });
    expect(ambassador.status).toBe('invited');
    const other = await shop(t);
    const stranger = await person(t);
    for (const token of [other.ownerToken, stranger.token, s.ownerToken])
      expect((await post(`/api/v1/ambassadors/${ambassador.id}/accept_invitation`, token, {})).status).toBe(404);
    for (const action of ['accept', 'refuse', 'end'])
      for (const token of [other.ownerToken, stranger.token])
        expect((await post(`/api/v1/ambassadors/${ambassador.id}/${action}`, token, {})).status).toBe(404);
    expect(
      (await post(`/api/v1/ambassadors/${ambassador.id}/links`, invited.token, { product_id: s.productId })).status,
    ).toBe(422);
    const accepted = await json(post(`/api/v1/ambassadors/${ambassador.id}/accept_invitation`, invited.token, {}), 200);
    expect(accepted.status).toBe('accepted');
  });

  it('a programme by invitation only refuses applications (409 not_open)', async () => {
    const s = await shop(t);
    await json(
      post(`/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, {
        commission_percent: 5,
        window_days: 10,
        open_to_applications: false,
      }),
      201,
    );
    const fan = await person(t);
    const res = await post(`/api/v1/brands/${s.brand.id}/ambassador_applications`, fan.token, {});
    expect([res.status, (await res.json()).error.code]).toEqual([409, 'not_open']);
    const none = await shop(t);
    expect((await post(`/api/v1/brands/${none.brand.id}/ambassador_applications`, fan.token, {})).status).toBe(404);
  });
});

describe('links', () => {
  it('one link per target (same url again), only the brand’s products in the programme, only by the ambassador', async () => {
    const { s, amb, ambassadorId, link } = await programme(t);
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]+$/);
    const url = `/api/v1/ambassadors/${ambassadorId}/links`;
    const again = await t.call('POST', url, { token: amb.token, body: { product_id: s.productId } });
    expect([200, 201]).toContain(again.status);
    expect((await again.json()).url).toBe(link.url);

    const other = await shop(t);
    const foreign = await post(url, amb.token, { product_id: other.productId });
    expect([foreign.status, (await foreign.json()).error.code]).toEqual([422, 'product_not_in_program']);
    const none = await post(url, amb.token, {});
    expect([none.status, (await none.json()).error.code]).toEqual([422, 'invalid_target']);
    expect((await post(url, other.ownerToken, { product_id: s.productId })).status).toBe(404);
    expect((await post(url, s.ownerToken, { product_id: s.productId })).status).toBe(404);
    expect((await t.call('GET', url, { token: s.ownerToken })).status).toBe(404);
    const mine = await json<any[]>(t.call('GET', url, { token: amb.token }), 200);
    expect(mine).toHaveLength(1);

    // Selected products only: another product of the brand is outside the programme.
    const second = uuidv7();
    await t.ctx.db.insert(products).values({ id: second, brandId: s.brand.id, title: 'Tomme', status: 'published' });
    await json(
      post(`/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, {
        product_scope: 'selected',
        product_ids: [s.productId],
      }),
      200,
    );
    const outside = await post(url, amb.token, { product_id: second });
    expect([outside.status, (await outside.json()).error.code]).toEqual([422, 'product_not_selected']);
  });

  it('/r/<code> answers 302 to the product page, records the visit and sets the referral cookie for the window', async () => {
    const { s, ambassadorId, link } = await programme(t, { windowDays: 7 });
    // The visitor accepted the referral cookie (without consent: privacy/consent/consent.test.ts).
    const res = await t.app.request(pathOf(link.url), { headers: { cookie: consented(t) } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/@${s.brand.username}/products/${s.productId}`);
    const cookie =
      (res.headers.get('set-cookie') ?? '').split(/, (?=[a-z_]+=)/).find((c) => c.startsWith('comptoir_ref=')) ?? '';
    expect(cookie).toMatch(/^comptoir_ref=[A-Za-z0-9_-]{16,}/);
    expect(cookie).toContain('Max-Age=604800');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const visits = await queryRows<{ visitor: string; account_id: string | null }>(
      t.ctx.db,
      sql`select visitor, account_id from ambassador_visits where ambassador_id = ${ambassadorId}`,
    );
    expect(visits).toHaveLength(1);
    expect(cookie).toContain(`comptoir_ref=${visits[0].visitor}`);
    expect(visits[0].account_id).toBeNull();
    expect((await t.app.request('/r/nope-nope')).status).toBe(404);
    expect((await t.app.request('/r/%2F%2Fevil.example')).status).toBe(404);
  });

  it('remembers the signed-in account and the post it came from (Referer of our post page, or ?via=)', async () => {
    const { s, ambassadorId, link } = await programme(t);
    const fan = await person(t);
    const status = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', { token: fan.token, body: { status: `Mon fromage préféré ${link.url}` } }),
      200,
    );
    const browser = consenting(t, new BrowserSession(t));
    await browser.actAs(fan.id);
    await browser.get(pathOf(link.url), { referer: `http://localhost:3000/@${fan.username}/${status.id}` });
    await browser.get(`${pathOf(link.url)}?via=${status.id}`);
    // A foreign Referer or a made-up post is not kept.
    await browser.get(pathOf(link.url), { referer: `https://elsewhere.example/@${fan.username}/${status.id}` });
    await browser.get(`${pathOf(link.url)}?via=${uuidv7()}`);
    const visits = await queryRows<{ account_id: string; from_status_id: string | null }>(
      t.ctx.db,
      sql`select account_id, from_status_id from ambassador_visits where ambassador_id = ${ambassadorId} order by id`,
    );
    expect(visits.map((v) => v.from_status_id)).toEqual([status.id, status.id, null, null]);
    expect(visits.every((v) => v.account_id === fan.id)).toBe(true);
    expect(s.brand.id).toBeTruthy();
  });

  it('collections and pop-ups lead to their pages; an ended ambassador or a closed programme redirects without recording', async () => {
    const { s, amb, ambassadorId, link } = await programme(t);
    const collectionId = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into collections (id, brand_id, title) values (${collectionId}, ${s.brand.id}, 'Pâtes dures')`,
    );
    const col = await json(
      post(`/api/v1/ambassadors/${ambassadorId}/links`, amb.token, { collection_id: collectionId }),
      201,
    );
    const res = await t.app.request(pathOf(col.url));
    expect(res.headers.get('location')).toBe(`/@${s.brand.username}/shop?collection=${collectionId}`);
    const popupRes = await post(`/api/v1/ambassadors/${ambassadorId}/links`, amb.token, { popup_id: uuidv7() });
    expect([popupRes.status, (await popupRes.json()).error.code]).toEqual([422, 'popup_not_in_program']);

    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.ctx.db,
          sql`select count(*)::int as n from ambassador_visits where ambassador_id = ${ambassadorId}`,
        )
      )[0].n;
    const before = await count();
    await json(post(`/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, { active: false }), 200);
    const closed = await t.app.request(pathOf(link.url));
    expect(closed.status).toBe(302);
    expect(closed.headers.get('set-cookie') ?? '').not.toContain('comptoir_ref');
    expect(await count()).toBe(before);
    const noMore = await post(`/api/v1/ambassadors/${ambassadorId}/links`, amb.token, { product_id: s.productId });
    expect([noMore.status, (await noMore.json()).error.code]).toEqual([422, 'program_closed']);
    await json(post(`/api/v1/brands/${s.brand.id}/ambassador_program`, s.ownerToken, { active: true }), 200);
    await json(post(`/api/v1/ambassadors/${ambassadorId}/end`, s.ownerToken, {}), 200);
    const ended = await t.app.request(pathOf(link.url));
    expect(ended.headers.get('location')).toBe(`/@${s.brand.username}/products/${s.productId}`);
    expect(ended.headers.get('set-cookie') ?? '').not.toContain('comptoir_ref');
    expect(await count()).toBe(before);
  });

  it('counts at most 10 visits an hour per address and link (the redirect still works)', async () => {
    const { ambassadorId, link } = await programme(t);
    for (let i = 0; i < 12; i++) expect((await t.app.request(pathOf(link.url))).status).toBe(302);
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from ambassador_visits where ambassador_id = ${ambassadorId}`,
    );
    expect(n).toBe(10);
  });
});
