import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { follow } from '../social';

// Windows of a day: the limit is reached by count, whatever the machine's speed (a 60 s window
// could end mid-test on a loaded machine, and the expected 429 would never come).
const DAY = 86_400;

let t: TestApp;
let s: Shop;
let other: Shop;
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  other = await shop(t);
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json };
}
const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.ctx.db, query))[0].n);

// Maison Lin, rue Mercière, Lyon 2e.
const LYON = { lat: 45.7606, lon: 4.8323 };
let seq = 0;
async function place(extra: Record<string, unknown> = {}, owner: Shop = s) {
  const res = await call('POST', `/api/v1/brands/${owner.brand.id}/places`, owner.ownerToken, {
    name: `Maison Lin ${++seq}`,
    address: '12 rue Mercière',
    postcode: '69002',
    city: 'Lyon 2e',
    ...LYON,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; lat: number; lon: number; radius_m: number; url: string };
}
/** A point `metres` north of (lat, lon). */
const north = (lat: number, lon: number, metres: number) => ({ lat: lat + metres / 111194.93, lon });

describe('places', () => {
  it('a brand’s team creates a place; the answer is exactly {id, name, lat, lon, radius_m, url}', async () => {
    const created = await place({ radius_m: 80, category: 'cafe' });
    expect(Object.keys(created).sort()).toEqual(['id', 'lat', 'lon', 'name', 'radius_m', 'url']);
    expect(created).toMatchObject({ lat: LYON.lat, lon: LYON.lon, radius_m: 80 });
    expect(created.url).toBe(`http://localhost:3000/places/${created.id}`);
    const shown = await call('GET', `/api/v1/places/${created.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: created.id,
      category: 'cafe',
      checkins_count: 0,
      mayor: null,
      specials: [],
      brand: { id: s.brand.id, shop_url: expect.stringContaining('/shop') },
    });
    const cm = await s.member('community_manager');
    const byCm = await call('POST', `/api/v1/brands/${s.brand.id}/places`, cm.token, {
      name: 'Kiosque',
      address: 'Place Bellecour',
      lat: 45.7578,
      lon: 4.832,
    });
    expect(byCm.status).toBe(201);
    expect(byCm.body.radius_m).toBe(150);
    const list = await call('GET', `/api/v1/brands/${s.brand.id}/places`);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([created.id, byCm.body.id]));
  });

  it('another brand, staff and people cannot create, edit or remove a brand’s place', async () => {
    const created = await place();
    const staff = await s.member('staff');
    const someone = await person(t);
    const body = { name: 'X', address: 'Y', lat: 45, lon: 4 };
    expect((await call('POST', `/api/v1/brands/${s.brand.id}/places`, other.ownerToken, body)).status).toBe(403);
    expect((await call('POST', `/api/v1/brands/${s.brand.id}/places`, staff.token, body)).status).toBe(403);
    expect((await call('POST', `/api/v1/brands/${s.brand.id}/places`, someone.token, body)).status).toBe(403);
    expect((await call('PATCH', `/api/v1/places/${created.id}`, other.ownerToken, { name: 'Mine' })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/places/${created.id}`, someone.token, { name: 'Mine' })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/places/${created.id}`, other.ownerToken)).status).toBe(403);
    const edited = await call('PATCH', `/api/v1/places/${created.id}`, s.ownerToken, { name: 'Maison Lin Mercière' });
    expect(edited.body.name).toBe('Maison Lin Mercière');
    expect((await call('DELETE', `/api/v1/places/${created.id}`, s.ownerToken)).body.status).toBe('hidden');
    expect((await call('GET', `/api/v1/places/${created.id}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/places/${created.id}`, other.ownerToken)).status).toBe(404);
    expect((await call('PATCH', `/api/v1/places/${created.id}`, other.ownerToken, { name: 'Z' })).status).toBe(404);
    expect((await call('GET', '/api/v1/places/not-a-uuid')).status).toBe(404);
  });

  it('a person suggests a place without a brand, shown at once without a shop', async () => {
    const p = await person(t);
    const res = await call('POST', '/api/v1/places', p.token, {
      name: 'Marché de la Croix-Rousse',
      address: 'Boulevard de la Croix-Rousse',
      lat: 45.7745,
      lon: 4.8311,
      category: 'market',
    });
    expect(res.status).toBe(201);
    const shown = await call('GET', `/api/v1/places/${res.body.id}`);
    expect(shown.body).toMatchObject({ brand: null, category: 'market', status: 'active' });
    const someoneElse = await person(t);
    expect((await call('PATCH', `/api/v1/places/${res.body.id}`, someoneElse.token, { name: 'X' })).status).toBe(403);
    expect((await call('PATCH', `/api/v1/places/${res.body.id}`, p.token, { radius_m: 60 })).body.radius_m).toBe(60);
  });

  it.each([
    ['lat', { lat: 90.5 }, 'invalid_lat'],
    ['lat', { lat: 'NaN' }, 'invalid_lat'],
    ['lat', { lat: 'abc' }, 'invalid_lat'],
    ['lat', { lat: null }, 'missing_lat'],
    ['lon', { lon: -180.01 }, 'invalid_lon'],
    ['lon', { lon: 'east' }, 'invalid_lon'],
    ['radius_m', { radius_m: 5001 }, 'invalid_radius_m'],
    ['radius_m', { radius_m: 9 }, 'invalid_radius_m'],
    ['radius_m', { radius_m: 12.5 }, 'invalid_radius_m'],
    ['category', { category: 'zoo' }, 'invalid_category'],
    ['name', { name: '  ' }, 'missing_name'],
    ['opening_hours', { opening_hours: { 8: ['09:00-12:00'] } }, 'invalid_opening_hours'],
    ['starts_at', { starts_at: 'tomorrow' }, 'invalid_starts_at'],
    ['ends_at', { starts_at: '2026-12-24T10:00:00Z', ends_at: '2026-12-24T09:00:00Z' }, 'invalid_ends_at'],
  ])('creating a place with a bad %s is a 422 naming it (%j)', async (field, patch, code) => {
    const res = await call('POST', `/api/v1/brands/${s.brand.id}/places`, s.ownerToken, {
      name: 'Bad',
      address: 'Somewhere',
      ...LYON,
      ...patch,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code, details: { field } });
  });
});

describe('check-ins', () => {
  it('counts within the radius plus the stated accuracy (capped at 100 m), else 422 too_far', async () => {
    const p = await place({ radius_m: 100 });
    const [a, b, c, d] = [await person(t), await person(t), await person(t), await person(t)];
    const inside = await call('POST', `/api/v1/places/${p.id}/checkins`, a.token, north(p.lat, p.lon, 99));
    expect(inside.status).toBe(201);
    // The place's first counted check-in: a first badge, and its author is mayor (badges.ts, mayor.ts).
    expect(inside.body).toMatchObject({
      counted: true,
      badges: [{ code: 'first_checkin', name: 'Premier pas' }],
      mayor: true,
      specials: [],
    });
    expect(inside.body.reason).toBeUndefined();
    const outside = await call('POST', `/api/v1/places/${p.id}/checkins`, b.token, north(p.lat, p.lon, 101));
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('too_far');
    const withAccuracy = { ...north(p.lat, p.lon, 149), accuracy_m: 50 };
    expect((await call('POST', `/api/v1/places/${p.id}/checkins`, b.token, withAccuracy)).status).toBe(201);
    const capped = { ...north(p.lat, p.lon, 201), accuracy_m: 5000 };
    expect((await call('POST', `/api/v1/places/${p.id}/checkins`, c.token, capped)).status).toBe(422);
    const atCap = { ...north(p.lat, p.lon, 199), accuracy_m: 5000 };
    expect((await call('POST', `/api/v1/places/${p.id}/checkins`, d.token, atCap)).status).toBe(201);
    expect((await call('GET', `/api/v1/places/${p.id}`)).body.checkins_count).toBe(3);
  });

  it.each([
    [{ lat: 91, lon: 4 }, 'lat'],
    [{ lat: 'NaN', lon: 4 }, 'lat'],
    [{ lat: '45.7x', lon: 4 }, 'lat'],
    [{ lon: 4 }, 'lat'],
    [{ lat: 45, lon: 181 }, 'lon'],
    [{ lat: 45, lon: 'Infinity' }, 'lon'],
    [{ lat: 45, lon: 4, accuracy_m: -1 }, 'accuracy_m'],
    [{ lat: 45, lon: 4, accuracy_m: 10001 }, 'accuracy_m'],
    [{ lat: 45, lon: 4, visibility: 'friends' }, 'visibility'],
    [{ lat: 45, lon: 4, comment: 'x'.repeat(281) }, 'comment'],
  ])('a check-in with %j is a 422 naming %s', async (body, field) => {
    const p = await place();
    const who = await person(t);
    const res = await call('POST', `/api/v1/places/${p.id}/checkins`, who.token, body);
    expect(res.status).toBe(422);
    expect(res.body.error.details.field).toBe(field);
  });

  it('one counted check-in per person, place and Paris day: 10 at once count once', async () => {
    const p = await place();
    const who = await person(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', `/api/v1/places/${p.id}/checkins`, who.token, LYON)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results.filter((r) => r.body.counted)).toHaveLength(1);
    expect(results.filter((r) => r.body.reason === 'already_today')).toHaveLength(9);
    expect(await count(sql`select count(*) as n from checkins where place_id = ${p.id}`)).toBe(10);
    expect(await count(sql`select count(*) as n from checkins where place_id = ${p.id} and counted`)).toBe(1);
    expect((await call('GET', `/api/v1/places/${p.id}`)).body.checkins_count).toBe(1);
  });

  it.each([
    ['a winter night', '2026-12-14T22:59:00Z', '2026-12-14T23:01:00Z', ['2026-12-14', '2026-12-15']],
    ['the night summer time starts', '2026-03-28T22:59:00Z', '2026-03-28T23:01:00Z', ['2026-03-28', '2026-03-29']],
    ['the night summer time ends', '2026-10-24T21:59:00Z', '2026-10-24T22:01:00Z', ['2026-10-24', '2026-10-25']],
  ])('the day turns at midnight in Paris (%s): 23:59 and 00:01 both count', async (_name, before, after, days) => {
    const p = await place();
    const who = await person(t);
    t.clock.set(new Date(before));
    const late = await call('POST', `/api/v1/places/${p.id}/checkins`, who.token, LYON);
    t.clock.set(new Date(new Date(before).getTime() + 30_000));
    const again = await call('POST', `/api/v1/places/${p.id}/checkins`, who.token, LYON);
    t.clock.set(new Date(after));
    const early = await call('POST', `/api/v1/places/${p.id}/checkins`, who.token, LYON);
    expect([late.body.counted, again.body.counted, early.body.counted]).toEqual([true, false, true]);
    const counted = await queryRows<{ d: string }>(
      t.ctx.db,
      sql`select local_day::text as d from checkins where place_id = ${p.id} and counted order by created_at`,
    );
    expect(counted.map((r) => r.d)).toEqual(days);
  });

  it('travel faster than 300 km/h since the previous check-in is recorded, not counted, and flagged', async () => {
    const lyon = await place();
    const paris = await place({ lat: 48.8566, lon: 2.3522, city: 'Paris 4e', postcode: '75004' });
    const who = await person(t);
    t.clock.set(new Date('2026-12-15T09:00:00Z'));
    expect((await call('POST', `/api/v1/places/${lyon.id}/checkins`, who.token, LYON)).body.counted).toBe(true);
    t.clock.set(new Date('2026-12-15T10:00:00Z')); // 392 km in one hour
    const fast = await call('POST', `/api/v1/places/${paris.id}/checkins`, who.token, { lat: 48.8566, lon: 2.3522 });
    expect(fast.body).toMatchObject({ counted: false, reason: 'implausible_travel' });
    const [row] = await queryRows<{ flagged: boolean }>(
      t.ctx.db,
      sql`select flagged from checkins where id = ${fast.body.id}`,
    );
    expect(row.flagged).toBe(true);
    t.clock.set(new Date('2026-12-15T12:00:00Z')); // 3 h after Lyon: 130 km/h from the flagged one's position
    const train = await call('POST', `/api/v1/places/${paris.id}/checkins`, who.token, { lat: 48.8566, lon: 2.3522 });
    expect(train.body.counted).toBe(true);
  });

  it('a public check-in is a post to followers in the author’s language; a private one is not', async () => {
    const p = await place({ name: 'Maison Lin' });
    const chloe = await person(t, { locale: 'fr' });
    await t.ctx.db.execute(sql`update accounts set display_name = 'Chloé' where id = ${chloe.id}`);
    const fan = await person(t);
    await follow(t.ctx, fan.id, chloe.id);
    const priv = await call('POST', `/api/v1/places/${p.id}/checkins`, chloe.token, { ...LYON, visibility: 'private' });
    expect(priv.body.counted).toBe(true);
    let home = await call('GET', '/api/v1/timelines/home', fan.token);
    expect(home.body).toHaveLength(0);
    const other = await place({ name: 'Maison Lin' });
    const pub = await call('POST', `/api/v1/places/${other.id}/checkins`, chloe.token, {
      ...LYON,
      comment: 'Le thé !',
    });
    expect(pub.status).toBe(201);
    home = await call('GET', '/api/v1/timelines/home', fan.token);
    expect(home.body).toHaveLength(1);
    const [shared] = await queryRows<{ text: string }>(
      t.ctx.db,
      sql`select s.text from statuses s join checkins c on c.status_id = s.id where c.id = ${pub.body.id}`,
    );
    expect(shared.text).toBe(
      `Chloé est chez Maison Lin, Lyon 2e\n\nLe thé !\n\nhttp://localhost:3000/places/${other.id}`,
    );
    expect(home.body[0].content).toContain('Chloé est chez Maison Lin, Lyon 2e');
    expect(home.body[0].visibility).toBe('private');
    const stranger = await person(t);
    expect((await call('GET', `/api/v1/accounts/${chloe.id}/statuses`, stranger.token)).body).toHaveLength(0);
    const alice = await person(t, { locale: 'en' });
    const en = await call('POST', `/api/v1/places/${other.id}/checkins`, alice.token, LYON);
    const [post] = await queryRows<{ text: string }>(
      t.ctx.db,
      sql`select s.text from statuses s join checkins c on c.status_id = s.id where c.id = ${en.body.id}`,
    );
    expect(post.text).toMatch(/^.+ is at Maison Lin, Lyon 2e/);
  });

  it('a check-in never shows where anyone is: the place lists counts, not people', async () => {
    const p = await place();
    const who = await person(t);
    // Somebody else is mayor already (the title is public; the incumbent keeps it on a tie).
    await call('POST', `/api/v1/places/${p.id}/checkins`, (await person(t)).token, LYON);
    await call('POST', `/api/v1/places/${p.id}/checkins`, who.token, LYON);
    const shown = JSON.stringify((await call('GET', `/api/v1/places/${p.id}`)).body);
    const near = JSON.stringify((await call('GET', `/api/v1/places/nearby?lat=${LYON.lat}&lon=${LYON.lon}`)).body);
    for (const body of [shown, near]) expect(body).not.toContain(who.username);
    const mine = await call('GET', '/api/v1/checkins', who.token);
    expect(mine.body[0]).toMatchObject({ place: { id: p.id }, counted: true });
    expect(mine.body[0].lat).toBeUndefined();
  });

  it('a mayor who only checked in privately is not named to others; the person still sees it', async () => {
    const p = await place();
    const quiet = await person(t);
    const res = await call('POST', `/api/v1/places/${p.id}/checkins`, quiet.token, { ...LYON, visibility: 'private' });
    expect(res.body).toMatchObject({ counted: true, mayor: true });
    expect((await call('GET', `/api/v1/places/${p.id}`)).body.mayor).toBeNull();
    expect((await call('GET', `/api/v1/places/${p.id}`, other.ownerToken)).body.mayor).toBeNull();
    expect((await call('GET', `/api/v1/places/${p.id}`, quiet.token)).body.mayor.id).toBe(quiet.id);
    const dashboard = await call('GET', `/api/v1/places/${p.id}/dashboard`, s.ownerToken);
    expect(dashboard.status).toBe(200);
    expect(JSON.stringify(dashboard.body)).not.toContain(quiet.username);
    // Once they share a check-in there (another day), they are named.
    t.clock.advance(86_400_000);
    await call('POST', `/api/v1/places/${p.id}/checkins`, quiet.token, { ...LYON, visibility: 'public' });
    expect((await call('GET', `/api/v1/places/${p.id}`)).body.mayor.id).toBe(quiet.id);
  });

  it('check-ins are rate-limited per person', async () => {
    const limited = await createTestApp({ rateLimits: { checkin: [3, DAY] } });
    try {
      const owner = await shop(limited);
      const res = await limited.call('POST', `/api/v1/brands/${owner.brand.id}/places`, {
        token: owner.ownerToken,
        body: { name: 'Lin', address: 'Mercière', ...LYON },
      });
      const { id } = (await res.json()) as { id: string };
      const who: Person = await person(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await limited.call('POST', `/api/v1/places/${id}/checkins`, { token: who.token, body: LYON })).status,
        );
      expect(statuses).toEqual([201, 201, 201, 429]);
      const someoneElse = await person(limited);
      const theirs = await limited.call('POST', `/api/v1/places/${id}/checkins`, {
        token: someoneElse.token,
        body: LYON,
      });
      expect(theirs.status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
