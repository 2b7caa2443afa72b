import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { shop, type Shop } from '../../../test/support/orders';
import { uuidv7 } from '../../db/ids';
import { departementOf, geocode } from './geocode';
import { boundingBox, haversineM, parisDay } from './geo';
import { nearbyPlaces } from './nearby';

let t: TestApp;
let s: Shop;
// A test area of its own (the Jura), so places other tests create do not land in it.
const CENTRE = { lat: 46.6, lon: 5.9 };
const area: { id: string; lat: number; lon: number; category: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  // 300 places within ~25 km, reproducible.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 300; i++) {
    area.push({
      id: uuidv7(),
      lat: CENTRE.lat + (rand() - 0.5) * 0.45,
      lon: CENTRE.lon + (rand() - 0.5) * 0.65,
      category: rand() < 0.3 ? 'cafe' : 'shop',
    });
  }
  const rows = area.map(
    (p, i) => sql`(${p.id}, ${s.brand.id}, ${`Place ${i}`}, 'Rue', ${p.lat}, ${p.lon}, ${p.category})`,
  );
  await t.ctx.db.execute(
    sql`insert into places (id, brand_id, name, address, lat, lon, category) values ${sql.join(rows, sql`, `)}`,
  );
});
afterAll(() => t.close());

/** Reference great-circle distance (spherical law of cosines, another formula than the code's). */
function reference(lat1: number, lon1: number, lat2: number, lon2: number) {
  const r = Math.PI / 180;
  const c =
    Math.sin(lat1 * r) * Math.sin(lat2 * r) + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return 6371008.8 * Math.acos(Math.min(1, Math.max(-1, c)));
}

describe('geometry', () => {
  it('haversine agrees with the reference; Lyon to Paris is about 392 km', () => {
    expect(haversineM(45.764, 4.8357, 48.8566, 2.3522) / 1000).toBeCloseTo(391.5, 0);
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (lat, lon, dLat, dLon) => {
          const d = haversineM(lat, lon, lat + dLat, lon + dLon);
          const ref = reference(lat, lon, lat + dLat, lon + dLon);
          return Math.abs(d - ref) <= Math.max(0.5, ref * 0.001);
        },
      ),
    );
  });

  it('the bounding box holds every point within the radius', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.integer({ min: 10, max: 50000 }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lon, radius, bearing) => {
          // A point at 99.9 % of the radius in some direction, by the spherical destination formula.
          const r = Math.PI / 180;
          const d = (radius * 0.999) / 6371008.8;
          const lat2 = Math.asin(Math.sin(lat * r) * Math.cos(d) + Math.cos(lat * r) * Math.sin(d) * Math.cos(bearing));
          const lon2 =
            lon * r +
            Math.atan2(
              Math.sin(bearing) * Math.sin(d) * Math.cos(lat * r),
              Math.cos(d) - Math.sin(lat * r) * Math.sin(lat2),
            );
          const box = boundingBox(lat, lon, radius);
          const [pLat, pLon] = [lat2 / r, ((lon2 / r + 540) % 360) - 180];
          return pLat >= box.minLat && pLat <= box.maxLat && pLon >= box.minLon && pLon <= box.maxLon;
        },
      ),
    );
  });

  it('the Paris day follows Paris time, summer and winter', () => {
    expect(parisDay(new Date('2026-12-14T22:59:59Z'))).toBe('2026-12-14');
    expect(parisDay(new Date('2026-12-14T23:00:00Z'))).toBe('2026-12-15');
    expect(parisDay(new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
    expect(parisDay(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
  });
});

describe('nearby', () => {
  it('lists places within the radius, nearest first, distance within 1 % of the great circle (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.integer({ min: 500, max: 20000 }),
        fc.constantFrom(null, 'cafe'),
        fc.integer({ min: 1, max: 100 }),
        async (dLat, dLon, radiusM, category, limit) => {
          const lat = CENTRE.lat + dLat;
          const lon = CENTRE.lon + dLon;
          const found = await nearbyPlaces(t.ctx, {
            lat,
            lon,
            radiusM,
            category: category as 'cafe' | null,
            limit,
          });
          const expected = area
            .filter((p) => !category || p.category === category)
            .map((p) => ({ id: p.id, d: reference(lat, lon, p.lat, p.lon) }))
            .filter((p) => p.d <= radiusM * 0.999)
            .sort((a, b) => a.d - b.d);
          const distances = found.map((f) => f.distanceM);
          expect(distances).toEqual([...distances].sort((a, b) => a - b));
          for (const f of found) {
            const ref = reference(lat, lon, f.lat, f.lon);
            expect(Math.abs(f.distanceM - ref)).toBeLessThanOrEqual(Math.max(1, ref * 0.01));
            expect(ref).toBeLessThanOrEqual(radiusM * 1.001);
          }
          // The nearest `limit` (a place within 0.1 % of the radius may fall either side of it).
          expect(found.length).toBeLessThanOrEqual(limit);
          if (found.length < limit) expect(found.length).toBeGreaterThanOrEqual(expected.length);
          const ids = new Set(found.map((f) => f.id));
          const farthest = found.at(-1)?.distanceM ?? 0;
          for (const e of expected.filter((e) => e.d < farthest * 0.999)) expect(ids.has(e.id)).toBe(true);
          if (found.length === limit) expect(expected.slice(0, limit).every((e) => e.d <= farthest * 1.001)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers over HTTP with distance_m, filters by category, and geocodes ?q= offline', async () => {
    const res = await t.call(
      'GET',
      `/api/v1/places/nearby?lat=${CENTRE.lat}&lon=${CENTRE.lon}&radius_m=10000&category=cafe`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; distance_m: number; category: string }[];
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((p) => p.category === 'cafe' && p.distance_m <= 10000)).toBe(true);
    const created = await t.call('POST', `/api/v1/brands/${s.brand.id}/places`, {
      token: s.ownerToken,
      body: { name: 'Maison Lin', address: '12 rue Mercière', lat: 45.7606, lon: 4.8323 },
    });
    const { id } = (await created.json()) as { id: string };
    const byPostcode = (await (await t.call('GET', '/api/v1/places/nearby?q=69002&radius_m=2000')).json()) as {
      id: string;
    }[];
    expect(byPostcode.map((p) => p.id)).toContain(id);
    const unknown = await t.call('GET', '/api/v1/places/nearby?q=zzzz');
    expect(unknown.status).toBe(422);
    for (const [query, field] of [
      ['lat=91&lon=4', 'lat'],
      ['lat=45&lon=x', 'lon'],
      ['lat=45&lon=4&radius_m=0', 'radius_m'],
      ['lat=45&lon=4&category=zoo', 'category'],
      ['lon=4', 'lat'],
    ]) {
      const bad = await t.call('GET', `/api/v1/places/nearby?${query}`);
      expect(bad.status, query).toBe(422);
      expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe(field);
    }
  });

  it('shows a pop-up store only between its dates', async () => {
    const now = t.clock.now().getTime();
    const at = { lat: 46.2, lon: 6.15 };
    const res = await t.call('POST', `/api/v1/brands/${s.brand.id}/places`, {
      token: s.ownerToken,
      body: {
        name: 'Pop-up',
        address: 'Quai',
        ...at,
        category: 'popup',
        starts_at: new Date(now + 86400000).toISOString(),
        ends_at: new Date(now + 3 * 86400000).toISOString(),
      },
    });
    const { id } = (await res.json()) as { id: string };
    const ids = async () =>
      (await nearbyPlaces(t.ctx, { ...at, radiusM: 100, category: null, limit: 10 })).map((p) => p.id);
    expect(await ids()).not.toContain(id);
    t.clock.advance(2 * 86400000);
    expect(await ids()).toContain(id);
    t.clock.advance(2 * 86400000);
    expect(await ids()).not.toContain(id);
  });
});

describe('geocoding offline', () => {
  it.each([
    ['69002', 'Lyon 2e (69002)', 45.754, 4.831],
    ['12 rue Mercière, 69002 Lyon', 'Lyon 2e (69002)', 45.754, 4.831],
    ['Annecy', 'Annecy', 45.909, 6.126],
    ['75011', 'Paris 11e (75011)', 48.857, 2.379],
    ['lyon 2', 'Lyon 2e', 45.754, 4.831],
    ['3 place Bellecour, Lyon', 'Lyon', 45.749, 4.848],
    ['st etienne', 'Saint-Étienne', 45.434, 4.39],
  ])('%s is %s', (query, label, lat, lon) => {
    const found = geocode(query);
    expect(found?.label).toBe(label);
    expect(found!.lat).toBeCloseTo(lat, 2);
    expect(found!.lon).toBeCloseTo(lon, 2);
  });

  it('a postcode of a commune it cannot place answers the département’s prefecture; nonsense answers null', () => {
    expect(departementOf('20090')).toBe('2A');
    expect(departementOf('20200')).toBe('2B');
    expect(departementOf('97400')).toBe('974');
    expect(geocode('zzzz')).toBeNull();
    expect(geocode('')).toBeNull();
    const prefix = geocode('01999');
    expect(prefix).toMatchObject({ precision: 'departement' });
  });
});
