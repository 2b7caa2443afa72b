// The engagement ladder on a scripted audience: each rung's rule, counts summing to the audience,
// the period's boundary, an unfollow, the collector run twice, who may read it and bad periods.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { browserSession } from '../../accounts/api-testing';
import { createStatus } from '../../social';
import { readCounts } from '../counts';
import { collectInteractions } from './collector';
import { coldLadder } from './cold';
import { ladderSeries } from './snapshot';
import { rungOf } from './rules';
import { creatorsAmong, markSpectators, peopleOnRung } from './service';

const DAY = 86_400_000;
let t: TestApp;
let s: Shop;
let brandPost: string;
const cast: Record<string, Person> = {};

const ladder = async (period = '30d', token = s.ownerToken) =>
  t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/ladder?period=${period}`, { token });
const counts = async (period = '30d') => {
  const res = await ladder(period);
  expect(res.status).toBe(200);
  return (await res.json()) as { audience: number; rungs: Record<string, number> };
};
const post = async (p: Person, body: Record<string, unknown>) => {
  const res = await t.call('POST', '/api/v1/statuses', { token: p.token, body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
};
const act = async (p: Person, path: string) =>
  expect((await t.call('POST', path, { token: p.token })).status).toBe(200);
const sumOf = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  brandPost = (await createStatus(t.ctx, s.brand.id, { text: 'Notre comté 24 mois est arrivé' })).id;
  for (const name of [
    'creator',
    'talker',
    'once',
    'critic',
    'collector',
    'joiner',
    'spectator',
    'idle1',
    'idle2',
    'old',
  ])
    cast[name] = await person(t, { prefix: name });
  const c = cast as Record<string, Person>;
  // creator: an original post mentioning the brand.
  await post(c.creator!, { status: `@${s.brand.username} le meilleur comté du marché` });
  // conversationalist: two replies; the one who replied once is a critic.
  await post(c.talker!, { status: 'Il vient d’où ?', in_reply_to_id: brandPost });
  await post(c.talker!, { status: 'Merci !', in_reply_to_id: brandPost });
  await post(c.once!, { status: 'Miam', in_reply_to_id: brandPost });
  // critic: passes the post on; collector: keeps it.
  await act(c.critic!, `/api/v1/statuses/${brandPost}/reblog`);
  await act(c.collector!, `/api/v1/statuses/${brandPost}/bookmark`);
  // joiner: follows now; inactive followers followed long ago.
  for (const name of ['joiner', 'idle1', 'idle2'] as const)
    await act(c[name]!, `/api/v1/accounts/${s.brand.id}/follow`);
  await queryRows(
    t.ctx.db,
    sql`update follows set created_at = now() - interval '40 days'
        where followee_id = ${s.brand.id} and follower_id in (${c.idle1!.id}, ${c.idle2!.id})`,
  );
  // old: liked the post 40 days ago, nothing since (and does not follow).
  await act(c.old!, `/api/v1/statuses/${brandPost}/favourite`);
  await queryRows(
    t.ctx.db,
    sql`update favourites set created_at = now() - interval '40 days' where account_id = ${c.old!.id}`,
  );
  // The brand's own team is not its audience, whatever it does.
  const manager = await s.member('community_manager');
  await post(manager, { status: 'Merci à tous !', in_reply_to_id: brandPost });
  await act(manager, `/api/v1/accounts/${s.brand.id}/follow`);
  await markSpectators(t.ctx.db, s.brand.id, [c.spectator!.id, manager.id], t.clock.now());
  await collectInteractions(t.ctx);
});
afterAll(() => t?.close());

describe('the engagement ladder', () => {
  it('puts each person on the highest rung reached in the period, the rungs summing to the audience', async () => {
    const l = await counts();
    expect(l.rungs).toEqual({
      creators: 1,
      conversationalists: 1,
      critics: 2,
      collectors: 1,
      joiners: 1,
      spectators: 1,
      inactives: 2,
    });
    expect(l.audience).toBe(9);
    expect(sumOf(l.rungs)).toBe(l.audience);
    // The cold computation from the log agrees with the snapshot.
    expect(await coldLadder(t.ctx.db, s.brand.id, { periodDays: 30, now: t.clock.now() })).toEqual(l);
    // A period that is not a standard one is computed from the rollup, with the same rules.
    expect((await counts('31d')).rungs).toEqual(l.rungs);
    const among = await creatorsAmong(t.ctx.db, s.brand.id, [cast.creator!.id, cast.talker!.id], {
      now: t.clock.now(),
    });
    expect([...among]).toEqual([cast.creator!.id]);
  });

  it('names only people with a public profile on a rung', async () => {
    const creators = await peopleOnRung(t.ctx.db, s.brand.id, { periodDays: 30, now: t.clock.now(), rung: 'critics' });
    expect(creators.people.map((p) => p.id).sort()).toEqual([cast.once!.id, cast.critic!.id].sort());
    await queryRows(t.ctx.db, sql`update accounts set discoverable = false where id = ${cast.once!.id}`);
    const after = await peopleOnRung(t.ctx.db, s.brand.id, { periodDays: 30, now: t.clock.now(), rung: 'critics' });
    expect(after.people.map((p) => p.id)).toEqual([cast.critic!.id]);
    await queryRows(t.ctx.db, sql`update accounts set discoverable = true where id = ${cast.once!.id}`);
  });

  it('shows the ladder page to the team: charts with their tables, the people with links, escaped', async () => {
    const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">';
    await queryRows(t.ctx.db, sql`update accounts set display_name = ${XSS} where id = ${cast.creator!.id}`);
    const page = `/brands/${s.brand.username}/analytics/ladder?period=30d&rung=creators`;
    const owner = await browserSession(t, s.owner.id);
    const res = await t.app.request(page, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('class="ladder-table"');
    expect(html).toContain(`href="/@${cast.creator!.username}"`);
    expect(html).toContain(`/brands/${s.brand.username}/customers/${cast.creator!.id}`);
    expect(html).not.toContain('<script>window.__xss');
    expect(html).not.toContain('<img src=x');
    const stranger = await browserSession(t, cast.creator!.id);
    expect((await t.app.request(page, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  });

  it('counts each interaction once, however often the collector runs', async () => {
    const [before] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from analytics_interactions where brand_id = ${s.brand.id}`,
    );
    expect((await collectInteractions(t.ctx)).added).toBe(0);
    expect((await collectInteractions(t.ctx, { full: true })).added).toBe(0);
    const [after] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from analytics_interactions where brand_id = ${s.brand.id}`,
    );
    expect(after!.n).toBe(before!.n);
    const from = new Date(t.clock.now().getTime() - 60 * DAY).toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + DAY).toISOString().slice(0, 10);
    const metrics = await readCounts(
      t.ctx.db,
      { kind: 'brand', id: s.brand.id },
      ['replies', 'reposts', 'mentions', 'likes', 'new_followers'],
      from,
      to,
    );
    const total = (m: string) => metrics.filter((r) => r.metric === m).reduce((a, r) => a + r.value, 0);
    expect([total('replies'), total('reposts'), total('mentions'), total('likes'), total('new_followers')]).toEqual([
      3, 1, 1, 1, 3,
    ]);
  });

  it('follows the follows table: an unfollow leaves the audience at the next run', async () => {
    await act(cast.idle2!, `/api/v1/accounts/${s.brand.id}/unfollow`);
    await collectInteractions(t.ctx);
    const l = await counts();
    expect(l.rungs.inactives).toBe(1);
    expect(l.audience).toBe(8);
  });

  it('lets interactions leave the period as the days pass', async () => {
    t.clock.advance(8 * DAY);
    await collectInteractions(t.ctx);
    // A week later: nobody did anything in the last 7 days; the followers remain, inactive.
    expect(await counts('7d')).toEqual({
      audience: 2,
      rungs: { creators: 0, conversationalists: 0, critics: 0, collectors: 0, joiners: 0, spectators: 0, inactives: 2 },
    });
    expect((await counts('30d')).audience).toBe(8);
    t.clock.advance(23 * DAY);
    await collectInteractions(t.ctx);
    const l = await counts('30d');
    expect(l.audience).toBe(2);
    expect(l.rungs.inactives).toBe(2);
    // Over time: one snapshot per day the collector ran, by day or by week (from Monday).
    const from = new Date(t.clock.now().getTime() - 40 * DAY);
    const days = await ladderSeries(t.ctx.db, s.brand.id, { from, to: t.clock.now(), interval: 'day' });
    expect(days.map((p) => p.audience).slice(-3)).toEqual([8, 8, 2]);
    const weeks = await ladderSeries(t.ctx.db, s.brand.id, { from, to: t.clock.now(), interval: 'week' });
    expect(weeks.every((p) => new Date(`${p.day}T12:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(weeks.at(-1)?.audience).toBe(2);
  });

  it('is read by the brand’s analytics team only; another brand’s owner and a stranger get 404', async () => {
    const manager = await s.member('community_manager');
    expect((await ladder('30d', manager.token)).status).toBe(200);
    const staff = await s.member('staff');
    expect((await ladder('30d', staff.token)).status).toBe(404);
    const other = await shop(t);
    expect((await ladder('30d', other.ownerToken)).status).toBe(404);
    expect((await ladder('30d', cast.creator!.token)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/brands/${s.brand.id}/analytics/ladder`)).status).toBe(401);
  });

  it('refuses a period outside 7d..365d with 422 invalid_period', async () => {
    for (const period of ['3d', '366d', 'abc', '30x']) {
      const res = await ladder(period);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_period');
    }
  });
});

describe('rungOf', () => {
  const start = new Date('2026-11-01T00:00:00Z');
  const inside = new Date('2026-11-10T00:00:00Z');
  const before = new Date('2026-10-10T00:00:00Z');
  it('takes the highest rung reached in the period', () => {
    expect(rungOf({ follower: true, creatorAt: inside, joinerAt: inside }, start)).toBe('creators');
    expect(rungOf({ follower: false, convLastAt: inside, convPrevAt: inside }, start)).toBe('conversationalists');
    expect(rungOf({ follower: false, convLastAt: inside, convPrevAt: before }, start)).toBe('critics');
    expect(rungOf({ follower: true, creatorAt: before, collectorAt: inside }, start)).toBe('collectors');
    expect(rungOf({ follower: true, creatorAt: before }, start)).toBe('inactives');
    expect(rungOf({ follower: false, creatorAt: before }, start)).toBeNull();
  });
});
