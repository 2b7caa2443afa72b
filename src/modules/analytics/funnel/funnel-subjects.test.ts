/**
 * The funnels of a pop-up, a campaign (a sale) and an ambassador's link, and the brand's social
 * revenue split by source, with the ambassadors' real programme, link and attribution.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { parisDay } from '../../../lib/paris';
import { appToken, person, product, runJobs, shop, type Shop } from '../../../links/testing';
import { CONSENT_COOKIE, consentCookieValue } from '../../privacy';
import { json } from '../../social/api-test-support';
import { readCounts } from '../counts';
import { funnelOf } from './read';
import { flushFunnel } from './reach';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(async () => {
  await flushFunnel();
  await t.close();
});

const HOUR = 3_600_000;
const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
const address = { name: 'Camille', line1: '3 rue des Lilas', postal_code: '69001', city: 'Lyon', country: 'FR' };

async function buy(s: Shop, buyer: { token: string; methodId: string | null }, extra: Record<string, unknown> = {}) {
  return json<{ id: string; status: string; total: { amount: number } }>(
    t.call('POST', '/api/v1/orders', {
      token: buyer.token,
      headers: { 'Idempotency-Key': `k-${Math.random()}` },
      body: {
        lines: [{ variant_id: s.variantId, quantity: 1 }],
        payment_method_id: buyer.methodId,
        shipping_address: address,
        ...extra,
      },
    }),
    201,
  );
}

describe('funnels of pop-ups, campaigns and ambassador links', () => {
  it('counts each subject, and splits the brand’s social revenue so that each order counts once', async () => {
    const s = await shop(t, app, { stock: 50, price: 2000 });
    const popup = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${s.brand.id}/popups`, {
        token: s.owner.token,
        body: { title: 'Fromages d’hiver', starts_at: at(HOUR), ends_at: at(5 * HOUR), product_ids: [s.productId] },
      }),
      201,
    );
    const sale = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${s.brand.id}/price_rules`, {
        token: s.owner.token,
        body: { label: 'Soldes d’hiver', kind: 'percent', value: 10, starts_at: at(HOUR), ends_at: at(5 * HOUR) },
      }),
      201,
    );
    // An ambassador of the brand with a link, and a visit through it (the referral cookie's token).
    const amb = await person(t, app);
    const owner = { token: s.owner.token };
    await json(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, {
        ...owner,
        body: { commission_percent: 10, window_days: 30 },
      }),
      201,
    );
    const { id: ambassadorId } = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassadors`, { ...owner, body: { account_id: amb.id } }),
      201,
    );
    const { code } = await json<{ code: string }>(
      t.call('POST', `/api/v1/ambassadors/${ambassadorId}/links`, {
        token: amb.token,
        body: { product_id: s.productId },
      }),
      201,
    );
    const [{ id: linkId }] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from ambassador_links where code = ${code}`,
    );
    t.clock.advance(2 * HOUR);
    const day = parisDay(t.clock.now());

    // The pop-up: seen signed in (twice) and signed out, its buy dialog opened, one order through it.
    const [f1, f2, f3] = await Promise.all([0, 1, 2].map(() => person(t, app, { details: true })));
    for (let i = 0; i < 2; i++) expect((await f1.browser.get(`/popups/${popup.id}`)).status).toBe(200);
    expect((await t.call('GET', `/popups/${popup.id}`, { headers: { 'user-agent': 'Lynx' } })).status).toBe(200);
    const dialog = `/checkout/now?variant_id=${s.variantId}&popup_id=${popup.id}`;
    expect((await f1.browser.get(dialog, { 'hx-request': 'true' })).status).toBe(200);
    const o1 = await buy(s, f1, { popup_id: popup.id });
    // Bought during the sale, with no other source.
    const o2 = await buy(s, f2);
    // Through the ambassador's link: followed (the referral cookie), Buy pressed, then the order with `ref`.
    // The visitor accepted the referral cookie (privacy/consent): without it, no cookie to follow.
    f3.browser.cookies.set(CONSENT_COOKIE, consentCookieValue(true, t.clock.now()));
    expect((await f3.browser.get(`/r/${code}`)).status).toBe(302);
    expect((await f3.browser.get(`/checkout/now?variant_id=${s.variantId}`)).status).toBe(200);
    const o3 = await buy(s, f3, { ref: code });
    // The ambassador buying through their own link: a checkout of the link, not an attributed order.
    const own = await person(t, app, { details: true, token: 'tok_mastercard' });
    await queryRows(t.ctx.db, sql`update ambassadors set account_id = ${own.id} where id = ${ambassadorId}`);
    const o4 = await buy(s, own, { ref: code });
    for (const o of [o1, o2, o3, o4]) expect(o.status).toBe('paid');
    await flushFunnel();

    expect(await funnelOf(t.ctx.db, { kind: 'popup', id: popup.id })).toMatchObject({
      reached: 2,
      card_opens: 1,
      buy_clicks: 1,
      checkouts: 1,
      orders: 1,
      revenue: { amount: o1.total.amount, currency: 'EUR' },
    });
    const all = o1.total.amount + o2.total.amount + o3.total.amount + o4.total.amount;
    expect(await funnelOf(t.ctx.db, { kind: 'campaign', id: sale.id })).toMatchObject({
      checkouts: 4,
      orders: 4,
      revenue: { amount: all },
    });
    // Its visits: f3's through the link and with `ref`, the ambassador's own (one person each).
    expect(await funnelOf(t.ctx.db, { kind: 'link', id: linkId })).toMatchObject({
      reached: 2,
      card_opens: 3,
      buy_clicks: 1,
      checkouts: 2,
      orders: 1,
      revenue: { amount: o3.total.amount },
    });

    const brand = { kind: 'brand' as const, id: s.brand.id };
    const sum = async (metric: Parameters<typeof readCounts>[2][number]) =>
      (await readCounts(t.ctx.db, brand, [metric], day, day)).reduce((n, r) => n + r.value, 0);
    expect(await sum('revenue_popups')).toBe(o1.total.amount);
    expect(await sum('revenue_ambassadors')).toBe(o3.total.amount);
    expect(await sum('revenue_campaigns')).toBe(o2.total.amount + o4.total.amount);
    expect(await sum('revenue_posts')).toBe(0);
    expect(await sum('orders_social')).toBe(4);
    expect(await sum('reach')).toBe(2);

    // The brand's list names each of them; the team reads one through the brand's route.
    const list = await json(t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/funnels`, { token: s.owner.token }));
    const kinds = list.funnels.map((f: { kind: string; id: string }) => `${f.kind}:${f.id}`);
    expect(kinds).toEqual(expect.arrayContaining([`popup:${popup.id}`, `campaign:${sale.id}`, `link:${linkId}`]));
    const one = await json(
      t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/funnels?kind=link&id=${linkId}`, { token: s.owner.token }),
    );
    expect(one).toMatchObject({ orders: 1, checkouts: 2 });
  });

  it('counts a pre-sale’s pledges as its checkouts and its charged orders as its orders', async () => {
    const s = await shop(t, app);
    const draft = await product(t, s.brand.id, { status: 'draft', price: 3000, stock: 0 });
    const [variant] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from variants where product_id = ${draft}`,
    );
    const presale = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${s.brand.id}/presales`, {
        token: s.owner.token,
        body: { product_id: draft, threshold_units: 2, deadline: at(48 * HOUR) },
      }),
      201,
    );
    const fans = await Promise.all([0, 1].map(() => person(t, app, { details: true })));
    for (const [i, fan] of fans.entries())
      await json(
        t.call('POST', `/api/v1/presales/${presale.id}/pledges`, {
          token: fan.token,
          headers: { 'Idempotency-Key': `pledge-${i}` },
          body: { variant_id: variant.id, quantity: 1, payment_method_id: fan.methodId },
        }),
        201,
      );
    await runJobs(t);
    const paid = await queryRows<{ total_amount: number }>(
      t.ctx.db,
      sql`select o.total_amount from presale_pledges pl join orders o on o.id = pl.order_id
          where pl.presale_id = ${presale.id} and o.status = 'paid'`,
    );
    expect(paid).toHaveLength(2);
    expect(await funnelOf(t.ctx.db, { kind: 'campaign', id: presale.id })).toMatchObject({
      checkouts: 2,
      orders: 2,
      revenue: { amount: paid[0].total_amount + paid[1].total_amount },
    });
  });
});
