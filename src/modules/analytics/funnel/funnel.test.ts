/**
 * The like-to-buy funnel on a scripted scenario: people see a shoppable post in their home
 * timeline (API and page) and on its page (signed in and out), some twice the same day, one the
 * next day; some like, repost, open the card, press Buy, check out, pay; one order is partly
 * refunded. Every count and the revenue are asserted, for the post and for its brand.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { parisDay } from '../../../lib/paris';
import { appToken, follow, person, shop, shoppablePost, type Shop } from '../../../links/testing';
import { json } from '../../social/api-test-support';
import { readCounts } from '../counts';
import { flushFunnel, recordViews } from './reach';
import { runReachPurge } from './purge';

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

const DAY = 86_400_000;
// The XSS corpus the other pages' tests use.
const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
const htmx = { 'hx-request': 'true' };

async function buy(
  s: Shop,
  buyer: { token: string; methodId: string | null },
  sourceStatusId: string,
): Promise<{ id: string; status: string; total: { amount: number } }> {
  return json(
    t.call('POST', '/api/v1/orders', {
      token: buyer.token,
      headers: { 'Idempotency-Key': `k-${Math.random()}` },
      body: {
        lines: [{ variant_id: s.variantId, quantity: 1 }],
        payment_method_id: buyer.methodId,
        shipping_address: {
          name: 'Camille Martin',
          line1: '3 rue des Lilas',
          postal_code: '69001',
          city: 'Lyon',
          country: 'FR',
        },
        source_status_id: sourceStatusId,
      },
    }),
    201,
  );
}

const funnelOfPost = async (token: string, id: string, query = '') =>
  t.call('GET', `/api/v1/statuses/${id}/funnel${query}`, { token });

describe('the like-to-buy funnel of a shoppable post', () => {
  it('counts reach per day, likes, reposts, cards opened, Buy clicks, checkouts, paid orders and revenue', async () => {
    const s = await shop(t, app, { stock: 50, price: 1500 });
    const post = await shoppablePost(t, s);
    const [a, c, d] = await Promise.all([0, 1, 2].map(() => person(t, app, { details: true })));
    const e = await person(t, app, { details: true, token: 'tok_declined' });
    for (const p of [a, c, d]) await follow(t, p, s.brand.id);
    const day1 = parisDay(t.clock.now());

    // Seen: a in the home timeline twice (API) and on the post's page; c in /home (page); d in
    // the API home; e reads the post through the API. Signed out: two browsers, one of them twice.
    for (let i = 0; i < 2; i++) await json(t.call('GET', '/api/v1/timelines/home', { token: a.token }));
    expect((await a.browser.page(`/@${s.brand.username}/${post.id}`)).status).toBe(200);
    expect((await c.browser.page('/home')).status).toBe(200);
    await json(t.call('GET', '/api/v1/timelines/home', { token: d.token }));
    await json(t.call('GET', `/api/v1/statuses/${post.id}`, { token: e.token }));
    for (const ua of ['Firefox/1', 'Firefox/1', 'Safari/2']) {
      const res = await t.call('GET', `/@${s.brand.username}/${post.id}`, { headers: { 'user-agent': ua } });
      expect(res.status).toBe(200);
    }
    // The brand's own team reading its post is not reach.
    await json(t.call('GET', `/api/v1/statuses/${post.id}`, { token: s.owner.token }));

    // Likes and a repost; cards opened (buy dialog from the feed, product page from the post), Buy.
    await json(t.call('POST', `/api/v1/statuses/${post.id}/favourite`, { token: a.token }));
    await json(t.call('POST', `/api/v1/statuses/${post.id}/favourite`, { token: c.token }));
    const repost = await json<{ id: string }>(t.call('POST', `/api/v1/statuses/${post.id}/reblog`, { token: d.token }));
    const buyUrl = `/checkout/now?variant_id=${s.variantId}&source_status_id=${post.id}`;
    expect((await a.browser.get(buyUrl, htmx)).status).toBe(200);
    expect((await e.browser.get(buyUrl)).status).toBe(200);
    const productPage = `/@${s.brand.username}/products/${s.productId}?source_status_id=${post.id}`;
    expect((await c.browser.page(productPage)).status).toBe(200);
    // Without a source, nothing is counted.
    expect((await c.browser.get(`/checkout/now?variant_id=${s.variantId}`)).status).toBe(200);

    // Orders: a pays; e's card is declined (a checkout started, not an order); d buys from the repost.
    const paidA = await buy(s, a, post.id);
    expect(paidA.status).toBe('paid');
    const declined = await t.call('POST', '/api/v1/orders', {
      token: e.token,
      headers: { 'Idempotency-Key': 'declined-1' },
      body: {
        lines: [{ variant_id: s.variantId, quantity: 1 }],
        payment_method_id: e.methodId,
        shipping_address: { name: 'E', line1: '1 rue', postal_code: '75001', city: 'Paris', country: 'FR' },
        source_status_id: post.id,
      },
    });
    expect(declined.status).toBe(402);
    const paidD = await buy(s, d, repost.id);
    expect(paidD.status).toBe('paid');
    // A refund of part of a's order comes off the revenue.
    await json(t.call('POST', `/api/v1/orders/${paidA.id}/refund`, { token: s.owner.token, body: { amount: 500 } }));
    // c pays, then cancels before shipment (the authorization is voided): paid once, no revenue left.
    const paidC = await buy(s, c, post.id);
    await json(t.call('POST', `/api/v1/orders/${paidC.id}/cancel`, { token: c.token, body: {} }));

    // The next day a sees it again: counted again, once.
    t.clock.advance(DAY);
    const day2 = parisDay(t.clock.now());
    for (let i = 0; i < 2; i++) await json(t.call('GET', '/api/v1/timelines/home', { token: a.token }));
    await flushFunnel();

    const f = await json(funnelOfPost(s.owner.token, post.id));
    const revenue = paidA.total.amount + paidD.total.amount - 500;
    expect(f).toMatchObject({
      reached: 7,
      likes: 2,
      reposts: 1,
      card_opens: 3,
      buy_clicks: 2,
      checkouts: 4,
      orders: 3,
      revenue: { amount: revenue, currency: 'EUR' },
      to: day2,
    });
    expect(f.by_day.find((x: { day: string }) => x.day === day1)).toMatchObject({ reached: 6 });
    expect(f.by_day.find((x: { day: string }) => x.day === day2)).toMatchObject({ reached: 1 });
    expect(f.conversion).toMatchObject({ checkouts_to_orders: 0.75, reached_to_card_opens: 0.429 });
    // A range of the first day only.
    const first = await json(funnelOfPost(s.owner.token, post.id, `?from=${day1}&to=${day1}`));
    expect(first.reached).toBe(6);

    // The brand's figures: reach, social revenue by source, repost-driven revenue, orders.
    const brand = { kind: 'brand' as const, id: s.brand.id };
    const sum = async (metric: Parameters<typeof readCounts>[2][number]) =>
      (await readCounts(t.ctx.db, brand, [metric], day1, day2)).reduce((n, r) => n + r.value, 0);
    expect(await sum('reach')).toBe(7);
    expect(await sum('revenue_posts')).toBe(revenue);
    expect(await sum('revenue_reposts')).toBe(paidD.total.amount);
    expect(await sum('orders_social')).toBe(3);

    // Yesterday's de-duplication is forgotten (rows and salt) by the purge; today's stays.
    await runReachPurge(t.ctx);
    const kept = await queryRows<{ day: string }>(
      t.ctx.db,
      sql`select distinct to_char(day, 'YYYY-MM-DD') as day from funnel_reach_seen
          union select to_char(day, 'YYYY-MM-DD') from funnel_reach_salts`,
    );
    expect(kept.map((r) => r.day)).toEqual([day2]);
    // Nothing in it names a viewer: only hashes.
    const seen = await queryRows<{ viewer: string }>(t.ctx.db, sql`select viewer from funnel_reach_seen`);
    for (const row of seen) {
      expect(row.viewer).toMatch(/^[0-9a-f]{32}$/);
      expect([a.id, c.id, d.id, e.id]).not.toContain(row.viewer);
    }
  });

  it('is read only by the brand team: another brand, a stranger and the post’s author outside the team get 404', async () => {
    const s = await shop(t, app);
    const other = await shop(t, app);
    const stranger = await person(t, app);
    const creator = await person(t, app);
    // A fan's own post with the brand's product: the brand's funnel, not the author's.
    const fanPost = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', {
        token: creator.token,
        body: { status: 'Mon comté préféré', product_ids: [s.productId] },
      }),
    );
    expect((await funnelOfPost(s.owner.token, fanPost.id)).status).toBe(200);
    for (const token of [other.owner.token, stranger.token, creator.token]) {
      expect((await funnelOfPost(token, fanPost.id)).status).toBe(404);
      const list = await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/funnels`, { token });
      expect(list.status).toBe(404);
      const one = await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/funnels?kind=status&id=${fanPost.id}`, {
        token,
      });
      expect(one.status).toBe(404);
    }
    // Another brand's subject through this brand's route: 404 as well.
    const otherPost = await shoppablePost(t, other);
    const crossed = await t.call(
      'GET',
      `/api/v1/brands/${s.brand.id}/analytics/funnels?kind=status&id=${otherPost.id}`,
      { token: s.owner.token },
    );
    expect(crossed.status).toBe(404);
    // A post without products has no funnel; signed out is 401.
    const plain = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', { token: creator.token, body: { status: 'Bonjour' } }),
    );
    expect((await funnelOfPost(s.owner.token, plain.id)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/statuses/${fanPost.id}/funnel`)).status).toBe(401);
    // Pages: the team sees them, the others get 404.
    const base = `/brands/${s.brand.username}/analytics/funnels`;
    for (const who of [stranger, creator]) {
      expect((await who.browser.get(base)).status).toBe(404);
      expect((await who.browser.get(`${base}/status/${fanPost.id}`)).status).toBe(404);
    }
  });

  it('answers bad input with a 4xx and a code', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const code = async (url: string) => {
      const res = await t.call('GET', url, { token: s.owner.token });
      return [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await code(`/api/v1/statuses/${post.id}/funnel?from=yesterday`)).toEqual([422, 'invalid_from']);
    expect(await code(`/api/v1/statuses/${post.id}/funnel?to=2026-02-30`)).toEqual([422, 'invalid_to']);
    expect(await code(`/api/v1/statuses/${post.id}/funnel?from=2026-05-02&to=2026-05-01`)).toEqual([
      422,
      'invalid_range',
    ]);
    expect(await code(`/api/v1/statuses/${post.id}/funnel?from=2020-01-01&to=2026-01-01`)).toEqual([
      422,
      'invalid_range',
    ]);
    const brandUrl = `/api/v1/brands/${s.brand.id}/analytics/funnels`;
    expect(await code(`${brandUrl}?kind=order&id=${post.id}`)).toEqual([422, 'invalid_kind']);
    expect(await code(`${brandUrl}?id=${post.id}`)).toEqual([422, 'invalid_kind']);
    expect(await code(`${brandUrl}?kind=status&id=nope`)).toEqual([404, 'not_found']);
    expect(await code(`${brandUrl}?sort=title`)).toEqual([422, 'invalid_sort']);
    expect((await t.call('GET', '/api/v1/statuses/nope/funnel', { token: s.owner.token })).status).toBe(404);
  });

  it('lists the brand’s funnels by revenue and shows one as bars, a chart and a table', async () => {
    const s = await shop(t, app, { price: 2000 });
    // Post texts from the XSS corpus: shown as the funnels' titles, escaped.
    const quiet = await shoppablePost(t, s, [s.productId], `${XSS[0]} ${XSS[2]}`);
    const selling = await shoppablePost(t, s, [s.productId], `Le meilleur ${XSS[1]}`);
    const fan = await person(t, app, { details: true });
    await buy(s, fan, selling.id);
    const list = await json(t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/funnels`, { token: s.owner.token }));
    expect(list.funnels.map((f: { id: string }) => f.id).slice(0, 2)).toEqual([selling.id, quiet.id]);
    expect(list.funnels[0]).toMatchObject({ kind: 'status', orders: 1, checkouts: 1 });

    const owner = await person(t, app);
    await owner.browser.actAs(s.owner.id);
    const base = `/brands/${s.brand.username}/analytics/funnels`;
    const page = await owner.browser.page(base);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`${base}/status/${selling.id}`);
    for (const raw of ['<script>alert(1)</script>', '<img src=x', '<svg onload']) expect(page.html).not.toContain(raw);
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.html.indexOf(selling.id)).toBeLessThan(page.html.indexOf(quiet.id));
    const detail = await owner.browser.page(`${base}/status/${selling.id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('<svg');
    expect(detail.html).toContain('<table');
    expect(detail.html).toContain('Le meilleur &lt;img');
    expect((await owner.browser.get(`${base}?from=nope`)).status).toBe(422);
    expect((await owner.browser.get(`${base}/order/${selling.id}`)).status).toBe(404);
  });
});

describe('reposts', () => {
  it('a repost’s Buy button names the repost: its card, click and order count for the post, as repost-driven', async () => {
    const s = await shop(t, app, { stock: 20 });
    const post = await shoppablePost(t, s);
    const [fan, friend] = await Promise.all([0, 1].map(() => person(t, app, { details: true })));
    await follow(t, friend, fan.id);
    const repost = await json<{ id: string }>(
      t.call('POST', `/api/v1/statuses/${post.id}/reblog`, { token: fan.token }),
    );
    // The friend sees the post through the repost in /home: its Buy button carries the repost.
    const home = await friend.browser.page('/home');
    const buyUrl = `/checkout/now?variant_id=${s.variantId}&source_status_id=${repost.id}`;
    expect(home.html.replaceAll('&amp;', '&')).toContain(buyUrl);
    const form = await friend.browser.page(buyUrl);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="source_status_id" value="${repost.id}"`);
    const paid = await buy(s, friend, repost.id);
    await flushFunnel();
    const f = await json(funnelOfPost(s.owner.token, post.id));
    expect(f).toMatchObject({ reached: 2, reposts: 1, card_opens: 1, buy_clicks: 1, checkouts: 1, orders: 1 });
    const day = parisDay(t.clock.now());
    const [reposts] = await readCounts(t.ctx.db, { kind: 'brand', id: s.brand.id }, ['revenue_reposts'], day, day);
    expect(reposts?.value).toBe(paid.total.amount);
  });
});

describe('reach under concurrency', () => {
  it('a fan’s post about the brand reaches its viewers: the brand’s creators’ reach, the ladder’s spectators', async () => {
    const s = await shop(t, app, { stock: 5, price: 900 });
    const fan = await person(t, app);
    const fanPost = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', {
        token: fan.token,
        body: { status: 'Le meilleur comté de Lyon', product_ids: [s.productId] },
      }),
    );
    const brandPost = await shoppablePost(t, s);
    const [v1, v2] = await Promise.all([0, 1].map(() => person(t, app)));
    for (const v of [v1, v2])
      for (const id of [fanPost.id, brandPost.id])
        await json(t.call('GET', `/api/v1/statuses/${id}`, { token: v.token }));
    await flushFunnel();
    const day = parisDay(t.clock.now());
    const brand = { kind: 'brand' as const, id: s.brand.id };
    const total = async (metric: 'reach' | 'creators_reach') =>
      (await readCounts(t.ctx.db, brand, [metric], day, day)).reduce((n, r) => n + r.value, 0);
    // Two people saw the fan's post (the brand's own post is not a creator's), two saw the brand's.
    expect(await total('creators_reach')).toBe(2);
    expect(await total('reach')).toBe(2);
    const spectators = await queryRows<{ account_id: string }>(
      t.ctx.db,
      sql`select account_id from analytics_ladder_people where brand_id = ${s.brand.id} and spectator_at is not null`,
    );
    expect(spectators.map((r) => r.account_id).sort()).toEqual([v1.id, v2.id].sort());
  });

  it('many parallel views and likes of one post give exact counts', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const at = t.clock.now();
    const viewers = Array.from({ length: 40 }, (_, i) => `anon:viewer-${i}`);
    // Every viewer three times, in parallel batches that overlap.
    await Promise.all(
      [0, 1, 2].map((round) =>
        recordViews(
          t.ctx.db,
          viewers.map((viewer) => ({
            kind: 'status' as const,
            id: post.id,
            viewer,
            at: new Date(at.getTime() + round),
          })),
        ),
      ),
    );
    const fans = await Promise.all(Array.from({ length: 8 }, () => person(t, app)));
    await Promise.all(
      fans.map((f) => json(t.call('POST', `/api/v1/statuses/${post.id}/favourite`, { token: f.token }))),
    );
    // Each fan was shown the post by the like's answer: reached too, once the buffer is written
    // (the 3-second timer may or may not have run by now, so the test writes it).
    await flushFunnel();
    const f = await json(funnelOfPost(s.owner.token, post.id));
    expect(f).toMatchObject({ reached: 48, likes: 8 });
  });
});
