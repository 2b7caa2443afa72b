import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { bumpCounts, type CountBump } from '../counts';
import { collectSentiment } from './sentiment';
import { roiSeries, type RoiSeries } from './series';

// Stored text shown on the page: it must come back escaped.
const XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];

let t: TestApp;
let s: Shop;
// Tuesday 31 March 2026, noon in Paris: two days after the switch to summer time (29 March, 02:00 → 03:00).
const NOW = new Date('2026-03-31T10:00:00Z');
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW);
  s = await shop(t);
  const brand = s.brand.id;
  const b = (metric: CountBump['metric'], iso: string, by = 1): CountBump => ({
    kind: 'brand',
    id: brand,
    metric,
    at: at(iso),
    by,
  });
  // The real writing door, as funnel/ and ladder/ use it.
  await bumpCounts(t.ctx.db, [
    b('likes', '2026-03-22T22:30:00Z'), // Sunday 22 March, 23:30 in Paris (winter, UTC+1): week 1
    b('likes', '2026-03-22T23:30:00Z'), // Monday 23 March, 00:30: week 2
    b('likes', '2026-03-29T21:30:00Z'), // Sunday 29 March, 23:30 (summer, UTC+2): week 2
    b('likes', '2026-03-29T22:30:00Z'), // Monday 30 March, 00:30: week 3 (adding one hour would say Sunday)
    b('reach', '2026-03-18T10:00:00Z', 100),
    b('reach', '2026-03-31T08:00:00Z', 50),
    b('reach', '2026-03-17T10:00:00Z', 75), // previous period, its last day
    b('reach', '2026-03-03T10:00:00Z', 999), // before both periods
    b('revenue_posts', '2026-03-20T10:00:00Z', 1250),
    b('revenue_ambassadors', '2026-03-24T10:00:00Z', 500),
    b('revenue_posts', '2026-03-10T10:00:00Z', 1000), // previous period
    b('sentiment_sum', '2026-03-25T10:00:00Z', 800),
    b('sentiment_count', '2026-03-25T10:00:00Z', 2),
    b('rating_sum', '2026-03-25T10:00:00Z', 9),
    b('rating_count', '2026-03-25T10:00:00Z', 2),
    b('rating_sum', '2026-03-05T10:00:00Z', 4),
    b('rating_count', '2026-03-05T10:00:00Z', 1),
  ]);
  // Followers (the audience before the ladder's first snapshot): one before the period, two during
  // it, backdated as the follows table and the account's counter would have them.
  for (const when of ['2026-03-10T10:00:00Z', '2026-03-25T10:00:00Z', '2026-03-31T07:00:00Z']) {
    const p = await person(t);
    await queryRows(
      t.ctx.db,
      sql`insert into follows (follower_id, followee_id, created_at) values (${p.id}, ${brand}, ${when}::timestamptz)`,
    );
  }
  await queryRows(t.ctx.db, sql`update accounts set followers_count = 3 where id = ${brand}`);
});
afterAll(() => t.close());

const money = (amount: number) => ({ amount, currency: 'EUR' });

describe('roiSeries', () => {
  let series: RoiSeries;
  beforeAll(async () => {
    series = await roiSeries(t.ctx.db, s.brand.id, { period: 14, interval: 'week', now: NOW });
  });

  it('cuts the period into Paris weeks from Monday, across the change to summer time', () => {
    expect(series.from).toBe('2026-03-18');
    expect(series.to).toBe('2026-03-31');
    expect(series.buckets.map((b) => [b.from, b.to])).toEqual([
      ['2026-03-18', '2026-03-22'],
      ['2026-03-23', '2026-03-29'],
      ['2026-03-30', '2026-03-31'],
    ]);
    expect(series.buckets.map((b) => b.interaction.likes)).toEqual([1, 2, 1]);
    expect(series.buckets.map((b) => b.involvement.reach)).toEqual([100, 0, 50]);
    expect(series.buckets.map((b) => b.involvement.audience)).toEqual([1, 2, 3]);
  });

  it('adds each bucket’s figures exactly, money in minor units with the brand’s currency', () => {
    const [w1, w2, w3] = series.buckets;
    expect(w1!.social_revenue).toEqual({
      total: money(1250),
      posts: money(1250),
      popups: money(0),
      campaigns: money(0),
      ambassadors: money(0),
    });
    expect(w2!.social_revenue.total).toEqual(money(500));
    expect(w2!.influence.revenue_ambassadors).toEqual(money(500));
    expect(w2!.intimacy).toEqual({ sentiment: 0.4, sentiment_count: 2, rating: 4.5, rating_count: 2 });
    expect(w3!.intimacy).toEqual({ sentiment: null, sentiment_count: 0, rating: null, rating_count: 0 });
  });

  it('totals the period and the previous one, and the change between them', () => {
    expect(series.totals.interaction.likes).toBe(4);
    expect(series.totals.involvement).toEqual({ audience: 3, reach: 150 });
    expect(series.totals.social_revenue.total).toEqual(money(1750));
    expect(series.previous_from).toBe('2026-03-04');
    expect(series.previous_to).toBe('2026-03-17');
    expect(series.previous.involvement).toEqual({ audience: 1, reach: 75 });
    expect(series.previous.social_revenue.total).toEqual(money(1000));
    expect(series.previous.intimacy.rating).toBe(4);
    expect(series.change.involvement).toEqual({ audience: 200, reach: 100 });
    expect(series.change.social_revenue.total).toBe(75);
    expect(series.change.interaction.likes).toBeNull(); // nothing to compare with
    expect(series.change.intimacy.rating).toBe(0.5); // averages: the difference
    expect(series.change.intimacy.sentiment).toBeNull();
  });

  it('lays the previous period bucket by bucket, shifted by the period’s length', () => {
    expect(series.previous_buckets.map((b) => [b.from, b.to])).toEqual([
      ['2026-03-04', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-17'],
    ]);
    expect(series.previous_buckets.map((b) => b.social_revenue.posts.amount)).toEqual([0, 1000, 0]);
    expect(series.previous_buckets.map((b) => b.involvement.reach)).toEqual([0, 0, 75]);
  });

  it('groups by month and by day too', async () => {
    const months = await roiSeries(t.ctx.db, s.brand.id, { period: 30, interval: 'month', now: NOW });
    expect(months.buckets.map((b) => [b.from, b.to])).toEqual([['2026-03-02', '2026-03-31']]);
    expect(months.totals.interaction.likes).toBe(4);
    const days = await roiSeries(t.ctx.db, s.brand.id, { period: 7, interval: 'day', now: NOW });
    expect(days.buckets).toHaveLength(7);
    expect(days.buckets.map((b) => b.interaction.likes)).toEqual([0, 0, 0, 0, 1, 1, 0]); // 29 and 30 March, Paris days
  });
});

describe('the audience', () => {
  it('is the ladder’s 30-day audience where it has a snapshot that week, followers before', async () => {
    const snapshot = (day: string, audience: number) =>
      queryRows(
        t.ctx.db,
        sql`insert into analytics_ladder_daily (brand_id, day, period_days, audience, creators, conversationalists,
              critics, collectors, joiners, spectators, inactives, followers, refreshed_at)
            values (${s.brand.id}, ${day}, 30, ${audience}, 0, 0, 0, 0, 0, 0, ${audience}, 3, now())`,
      );
    await snapshot('2026-03-27', 30);
    await snapshot('2026-03-29', 40);
    try {
      const withLadder = await roiSeries(t.ctx.db, s.brand.id, { period: 14, interval: 'week', now: NOW });
      // 22 March: no snapshot in the week before (followers); 29 March: its own; 31 March: the 29th's.
      expect(withLadder.buckets.map((b) => b.involvement.audience)).toEqual([1, 40, 40]);
    } finally {
      await queryRows(t.ctx.db, sql`delete from analytics_ladder_daily where brand_id = ${s.brand.id}`);
    }
  });
});

describe('GET /api/v1/brands/:id/analytics/roi', () => {
  let cm: Person;
  beforeAll(async () => {
    cm = await s.member('community_manager');
  });

  it('answers the series to the owner and the community manager', async () => {
    for (const token of [s.ownerToken, cm.token]) {
      const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/roi?period=14d&interval=week`, { token });
      expect(res.status).toBe(200);
      const body = (await res.json()) as RoiSeries;
      expect(body.period).toBe('14d');
      expect(body.buckets).toHaveLength(3);
      expect(body.totals.social_revenue.total).toEqual(money(1750));
    }
    const dflt = await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/roi`, { token: s.ownerToken });
    expect(((await dflt.json()) as RoiSeries).period).toBe('90d');
  });

  it('is 404 for another brand’s owner, a random person and staff without analytics.read', async () => {
    const other = await shop(t);
    const stranger = await person(t);
    const staff = await s.member('staff');
    const moderator = await s.member('moderator');
    for (const token of [other.ownerToken, stranger.token, staff.token, moderator.token]) {
      const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/roi`, { token });
      expect(res.status).toBe(404);
      for (const path of ['', '.csv'])
        expect((await t.call('GET', `/brands/${s.brand.username}/analytics${path}`, { token })).status).toBe(404);
    }
    expect((await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/roi`)).status).toBe(401);
  });

  it('refuses bad values with 422 naming the problem', async () => {
    const url = `/api/v1/brands/${s.brand.id}/analytics/roi`;
    for (const period of ['6d', '731d', '90', 'x', '-30d', '90d;drop'])
      expect(await (await t.call('GET', `${url}?period=${period}`, { token: s.ownerToken })).json()).toMatchObject({
        error: { code: 'invalid_period' },
      });
    for (const interval of ['year', 'WEEK', ''])
      expect(await (await t.call('GET', `${url}?interval=${interval}`, { token: s.ownerToken })).json()).toMatchObject({
        error: { code: 'invalid_interval' },
      });
    expect((await t.call('GET', `${url}?period=1d`, { token: s.ownerToken })).status).toBe(422);
    const page = await t.call('GET', `/brands/${s.brand.username}/analytics?period=9999d`, { token: s.ownerToken });
    expect(page.status).toBe(422);
  });
});

describe('the dashboard and its CSV', () => {
  it('draws five charts with their tables, the period choices and the CSV link', async () => {
    const res = await t.call('GET', `/brands/${s.brand.username}/analytics?period=30d&interval=week`, {
      token: s.ownerToken,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const panel of ['involvement', 'interaction', 'intimacy', 'influence', 'social_revenue'])
      expect(html).toContain(`data-panel="${panel}"`);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
    expect(html.match(/<table class="roi-table"/g)).toHaveLength(5);
    expect(html).toContain(`/brands/${s.brand.username}/analytics.csv?period=30d&amp;interval=week`);
    expect(html).toContain(`href="/brands/${s.brand.username}/analytics/ladder"`);
    expect(html).toContain('27,50\u00a0€'); // the social revenue of 2–31 March, in euros
  });

  it('exports the series as CSV: header, euros with two decimals and minor units', async () => {
    const res = await t.call('GET', `/brands/${s.brand.username}/analytics.csv?period=14d&interval=week`, {
      token: s.ownerToken,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 5)).toEqual(['period', 'from', 'to', 'audience', 'reach']);
    expect(lines).toHaveLength(1 + 3 + 3);
    const row = (i: number) => Object.fromEntries(lines[i]!.split(',').map((v, j) => [header[j], v]));
    expect(row(1)).toMatchObject({
      period: 'current',
      from: '2026-03-18',
      to: '2026-03-22',
      likes: '1',
      revenue_posts: '12.50',
      revenue_posts_minor: '1250',
      social_revenue: '12.50',
      currency: 'EUR',
    });
    expect(row(2)).toMatchObject({ sentiment: '0.4', rating: '4.5', revenue_ambassadors_minor: '500' });
    expect(row(5)).toMatchObject({ period: 'previous', from: '2026-03-09', revenue_posts: '10.00' });
  });

  it('escapes the brand’s name', async () => {
    await queryRows(t.ctx.db, sql`update accounts set display_name = ${XSS.join(' ')} where id = ${s.brand.id}`);
    const html = await (await t.call('GET', `/brands/${s.brand.username}/analytics`, { token: s.ownerToken })).text();
    expect(html).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('sentiment from listening', () => {
  it('recounts the brand’s days from its watches’ matches, each item once, and again changes nothing', async () => {
    const other = await shop(t);
    const brand = other.brand.id;
    const watch = async () => {
      const id = uuidv7();
      await queryRows(
        t.ctx.db,
        sql`insert into watches (id, brand_id, name, query) values (${id}, ${brand}, 'w', 'x')`,
      );
      return id;
    };
    const [w1, w2] = [await watch(), await watch()];
    const match = (watchId: string, item: string, score: number, when: string) =>
      queryRows(
        t.ctx.db,
        sql`insert into watch_matches (watch_id, item_id, item_type, sentiment, sentiment_score, item_created_at)
            values (${watchId}, ${item}, 'tip', 'neutral', ${score}, ${when}::timestamptz)`,
      );
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await match(w1, a, 0.5, '2026-03-29T21:30:00Z'); // Paris: Sunday 29, 23:30
    await match(w2, a, 0.5, '2026-03-29T21:30:00Z'); // the same item through another watch: once
    await match(w1, b, -0.25, '2026-03-29T22:30:00Z'); // Paris: Monday 30, 00:30
    await collectSentiment(t.ctx.db);
    await collectSentiment(t.ctx.db);
    const read = async () =>
      (await roiSeries(t.ctx.db, brand, { period: 7, interval: 'day', now: NOW })).buckets
        .filter((x) => x.intimacy.sentiment_count)
        .map((x) => [x.from, x.intimacy.sentiment, x.intimacy.sentiment_count]);
    expect(await read()).toEqual([
      ['2026-03-29', 0.5, 1],
      ['2026-03-30', -0.25, 1],
    ]);
    await match(w2, c, 1, '2026-03-30T08:00:00Z');
    await collectSentiment(t.ctx.db);
    expect(await read()).toEqual([
      ['2026-03-29', 0.5, 1],
      ['2026-03-30', 0.375, 2],
    ]);
  });

  it('runs as a recurring job that keeps itself scheduled', async () => {
    await jobHandlers(t.ctx)['analytics.sentiment']({});
    const pending = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from jobs where kind = 'analytics.sentiment' and done_at is null`,
    );
    expect(Number(pending[0]?.n)).toBe(1);
  });
});
