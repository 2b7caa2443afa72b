import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { moderationPolicies } from '../../db/schema';
import { at } from './fun-testing';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let data: any = text;
  try {
    data = JSON.parse(text);
  } catch {
    // CSV stays text
  }
  return { status: res.status, body: data, headers: res.headers };
}

type Place = { id: string; lat: number; lon: number };
let n = 0;
async function brandPlace(s: Shop): Promise<Place> {
  const i = n++;
  const res = await call('POST', `/api/v1/brands/${s.brand.id}/places`, s.ownerToken, {
    name: `Maison ${i}`,
    address: `${i} rue Mercière, Lyon`,
    lat: 45.762 + i * 0.0002,
    lon: 4.833,
  });
  expect(res.status).toBe(201);
  return res.body;
}
const checkin = (p: Person, place: Place, when: Date, visibility: 'public' | 'private' = 'private') => {
  t.clock.set(when);
  return call('POST', `/api/v1/places/${place.id}/checkins`, p.token, { lat: place.lat, lon: place.lon, visibility });
};

describe('specials through the API', () => {
  it('a brand’s team creates and lists them; bad parameters are 422 naming the field; another brand is refused', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const place = await brandPlace(s);
    const created = await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, {
      kind: 'loyalty',
      title: 'Un café offert',
      every_n: 5,
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id']);
    const bad = await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, {
      kind: 'flash',
      title: 'x',
      first_n: -3,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('first_n');
    const missing = await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, {
      kind: 'swarm',
      title: 'x',
    });
    expect([missing.status, missing.body.error.code]).toEqual([422, 'missing_parameter']);
    const forOther = await call('POST', `/api/v1/places/${place.id}/specials`, other.ownerToken, {
      kind: 'newbie',
      title: 'x',
    });
    expect(forOther.status).toBe(403);
    const listed = await call('GET', `/api/v1/places/${place.id}/specials`, s.ownerToken);
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: created.body.id,
        kind: 'loyalty',
        every_n: 5,
        unlocked_count: 0,
        redeemed_count: 0,
      }),
    ]);
    expect((await call('DELETE', `/api/v1/specials/${created.body.id}`, other.ownerToken)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/specials/${created.body.id}`, s.ownerToken)).body.active).toBe(false);
    expect((await call('GET', `/api/v1/places/${place.id}/specials`)).body).toEqual([]);
  });

  it('20 concurrent check-ins against a flash special for 5 unlock exactly 5 codes', async () => {
    const s = await shop(t);
    const place = await brandPlace(s);
    await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, {
      kind: 'flash',
      title: '5 premiers',
      first_n: 5,
    });
    const crowd = await Promise.all(Array.from({ length: 20 }, () => person(t)));
    t.clock.set(at(0));
    const answers = await Promise.all(
      crowd.map((p) =>
        call('POST', `/api/v1/places/${place.id}/checkins`, p.token, {
          lat: place.lat,
          lon: place.lon,
          visibility: 'private',
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const winners = answers.filter((a) => a.body.specials.length === 1);
    expect(winners.length).toBe(5);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from special_unlocks u join place_specials s on s.id = u.special_id where s.place_id = ${place.id}`,
    );
    expect(row.n).toBe(5);
  });
});

describe('codes', () => {
  it('the person sees the code; the brand’s staff redeems it once, then 409; another brand gets 404', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const place = await brandPlace(s);
    await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, { kind: 'newbie', title: 'Bienvenue' });
    const chloe = await person(t);
    await t.ctx.db.execute(sql`update accounts set display_name = 'Chloé' where id = ${chloe.id}`);
    const answer = await checkin(chloe, place, at(0));
    expect(answer.body.badges).toEqual([{ code: 'first_checkin', name: 'Premier pas' }]);
    expect(answer.body.mayor).toBe(true);
    const code = answer.body.specials[0].code as string;
    const mine = await call('GET', '/api/v1/specials/mine', chloe.token);
    expect(mine.body).toEqual([
      expect.objectContaining({ code, redeemed_at: null, place: { id: place.id, name: expect.any(String) } }),
    ]);
    // Another brand's team, or the person themself: as if the code did not exist.
    expect((await call('POST', '/api/v1/specials/redeem', other.ownerToken, { code })).status).toBe(404);
    expect((await call('POST', '/api/v1/specials/redeem', chloe.token, { code })).status).toBe(404);
    const staff = await s.member('staff');
    const redeemed = await call('POST', '/api/v1/specials/redeem', staff.token, { code: code.toLowerCase() });
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ code, special: { title: 'Bienvenue' }, person: { display_name: 'Chloé' } });
    const again = await call('POST', '/api/v1/specials/redeem', s.ownerToken, { code });
    expect([again.status, again.body.error.code]).toEqual([409, 'already_redeemed']);
    expect((await call('POST', '/api/v1/specials/redeem', staff.token, {})).status).toBe(422);
  });
});

describe('tips through the API', () => {
  it('a clean tip is published, an insulting one waits in the brand’s queue; listed by most liked', async () => {
    const s = await shop(t);
    const place = await brandPlace(s);
    await t.ctx.db.insert(moderationPolicies).values({ brandId: s.brand.id, mode: 'post' });
    const [a, b, c] = await Promise.all([person(t), person(t), person(t)]);
    const clean = await call('POST', `/api/v1/places/${place.id}/tips`, a.token, {
      text: 'Demandez le comté 24 mois, il est parfait.',
    });
    expect(clean.status).toBe(201);
    expect(clean.body).toEqual({ id: expect.any(String), status: 'published' });
    const rude = await call('POST', `/api/v1/places/${place.id}/tips`, b.token, {
      text: 'Le vendeur est un connard, bande de nuls.',
    });
    expect(rude.body.status).toBe('pending');
    const queue = await call('GET', `/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken);
    expect(queue.body.map((i: { type: string; subject_id: string }) => [i.type, i.subject_id])).toContainEqual([
      'tip',
      rude.body.id,
    ]);
    const other = await call('POST', `/api/v1/places/${place.id}/tips`, c.token, {
      text: 'Le marché du samedi est juste à côté.',
    });
    expect((await call('POST', `/api/v1/tips/${other.body.id}/like`, a.token)).body).toEqual({
      liked: true,
      likes_count: 1,
    });
    expect((await call('POST', `/api/v1/tips/${other.body.id}/like`, a.token)).body.likes_count).toBe(1);
    expect((await call('POST', `/api/v1/tips/${other.body.id}/like`, b.token)).body.likes_count).toBe(2);
    expect((await call('POST', `/api/v1/tips/${clean.body.id}/like`, a.token)).status).toBe(403); // her own
    expect((await call('POST', `/api/v1/tips/${rude.body.id}/like`, a.token)).status).toBe(404); // not published
    let listed = await call('GET', `/api/v1/places/${place.id}/tips`, b.token);
    expect(listed.body.map((x: { id: string }) => x.id)).toEqual([other.body.id, clean.body.id]);
    expect(listed.body[0]).toMatchObject({ liked: true, likes_count: 2 });
    await call('DELETE', `/api/v1/tips/${other.body.id}/like`, a.token);
    await call('DELETE', `/api/v1/tips/${other.body.id}/like`, b.token);
    await call('POST', `/api/v1/tips/${clean.body.id}/like`, c.token);
    listed = await call('GET', `/api/v1/places/${place.id}/tips`);
    expect(listed.body.map((x: { id: string }) => x.id)).toEqual([clean.body.id, other.body.id]);
    // Approving the held tip through the queue publishes it and tells its author.
    const item = queue.body.find((i: { subject_id: string }) => i.subject_id === rude.body.id);
    expect(
      (await call('POST', `/api/v1/moderation/items/${item.id}/reject`, s.ownerToken, { reason: 'insult' })).status,
    ).toBe(200);
    const notices = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where account_id = ${b.id} and type = 'moderation'`,
    );
    expect(notices.map((x) => x.detail)).toEqual(['tip_rejected:insult']);
    expect(
      (await call('POST', `/api/v1/places/${place.id}/tips`, a.token, { text: '' })).body.error.details.field,
    ).toBe('text');
    const badges = await call('GET', `/api/v1/accounts/${a.id}/badges`);
    expect(badges.body.map((x: { code: string }) => x.code)).toEqual(['first_tip']);
  });

  it('a place without a brand: the platform’s queue', async () => {
    const p = await person(t);
    const suggested = await call('POST', '/api/v1/places', p.token, {
      name: 'Marché de la Croix-Rousse',
      address: 'Boulevard de la Croix-Rousse, Lyon',
      lat: 45.775,
      lon: 4.83,
      category: 'market',
    });
    expect(suggested.status).toBe(201);
    const q = await person(t);
    const rude = await call('POST', `/api/v1/places/${suggested.body.id}/tips`, q.token, {
      text: 'Bande de connards.',
    });
    const [item] = await queryRows<{ brand_id: string | null; type: string }>(
      t.ctx.db,
      sql`select brand_id, type from moderation_items where subject_id = ${rude.body.id}`,
    );
    expect(item).toEqual({ brand_id: null, type: 'tip' });
  });
});

describe('the dashboard', () => {
  it('counts check-ins per day, new and returning visitors, codes, tips and the mayor; CSV too', async () => {
    const s = await shop(t);
    const place = await brandPlace(s);
    await call('POST', `/api/v1/places/${place.id}/specials`, s.ownerToken, { kind: 'newbie', title: 'Bienvenue' });
    const [a, b] = await Promise.all([person(t), person(t)]);
    const first = await checkin(a, place, at(0));
    await checkin(b, place, at(0, 30));
    await checkin(a, place, at(1), 'public'); // shared: the mayor is named on the dashboard
    await checkin(a, place, at(1, 10)); // not counted
    await call('POST', '/api/v1/specials/redeem', s.ownerToken, { code: first.body.specials[0].code });
    t.clock.set(at(2));
    expect((await call('GET', `/api/v1/places/${place.id}/dashboard`, a.token)).status).toBe(403);
    const d = await call('GET', `/api/v1/places/${place.id}/dashboard`, s.ownerToken);
    expect(d.status).toBe(200);
    expect(d.body.period).toEqual({ days: 30, from: '2026-05-14', to: '2026-06-12' });
    expect(d.body.totals).toEqual({
      checkins: 3,
      visitors: 2,
      new_visitors: 2,
      returning_visitors: 0,
      unlocked: 2,
      redeemed: 1,
      checkins_all_time: 3,
    });
    expect(d.body.days.slice(-3)).toEqual([
      { day: '2026-06-10', checkins: 2, new_visitors: 2, returning_visitors: 0, unlocked: 2, redeemed: 1 },
      { day: '2026-06-11', checkins: 1, new_visitors: 0, returning_visitors: 1, unlocked: 0, redeemed: 0 },
      { day: '2026-06-12', checkins: 0, new_visitors: 0, returning_visitors: 0, unlocked: 0, redeemed: 0 },
    ]);
    expect(d.body.mayor).toMatchObject({ id: a.id, days: 2 });
    expect(d.body.specials).toEqual([expect.objectContaining({ kind: 'newbie', unlocked: 2, redeemed: 1 })]);
    const ninety = await call('GET', `/api/v1/places/${place.id}/dashboard?days=90`, s.ownerToken);
    expect(ninety.body.days.length).toBe(90);
    expect((await call('GET', `/api/v1/places/${place.id}/dashboard?days=45`, s.ownerToken)).status).toBe(400);
    const csv = await call('GET', `/api/v1/places/${place.id}/dashboard.csv`, s.ownerToken);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('day,checkins,new_visitors,returning_visitors,specials_unlocked,specials_redeemed');
    expect(lines.slice(-3)).toEqual(['2026-06-10,2,2,0,2,1', '2026-06-11,1,0,1,0,0', '2026-06-12,0,0,0,0,0']);
    expect(lines.length).toBe(31);
  });
});
