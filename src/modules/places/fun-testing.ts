/**
 * Helpers for the tests of badges, mayors, specials, tips and dashboards: a brand with places near
 * each other in Lyon (no travel between them is ever implausible), check-ins at a chosen moment.
 */
import type { TestApp } from '../../../test/support/app';
import { person, shop, type Person, type Shop } from '../../../test/support/orders';
import { checkIn, type CheckinResult } from './checkin';
import { createPlace } from './places';
import type { PlaceRow } from './access';

/** 10:00 in Paris on a summer day (08:00 UTC). */
export const DAY1 = new Date('2026-06-10T08:00:00Z');
export const DAY_MS = 24 * 3600_000;
export const at = (days: number, minutes = 0) => new Date(DAY1.getTime() + days * DAY_MS + minutes * 60_000);

export type Brand = Shop & { places: PlaceRow[] };

/** A brand (with a product and a team) and `count` places 30 m apart, all within 1 km of each other. */
export async function brandWithPlaces(t: TestApp, count = 1, category = 'shop'): Promise<Brand> {
  const s = await shop(t);
  const places: PlaceRow[] = [];
  for (let i = 0; i < count; i++) places.push(await addPlace(t, s, i, category));
  return { ...s, places };
}

let offset = 0;
export async function addPlace(t: TestApp, s: Shop, i = offset++, category = 'shop'): Promise<PlaceRow> {
  return createPlace(t.ctx, s.owner.id, s.brand.id, {
    name: `Boutique ${i}`,
    address: `${i} rue de la République, Lyon`,
    city: 'Lyon 2e',
    lat: 45.76 + (i % 25) * 0.0003,
    lon: 4.835,
    radius_m: 150,
    category,
  });
}

/** A check-in at the place's own position at moment `when` (the app's clock is moved there). */
export async function checkinAt(
  t: TestApp,
  who: Person,
  place: PlaceRow,
  when: Date,
  visibility: 'public' | 'private' = 'private',
): Promise<CheckinResult> {
  t.clock.set(when);
  return checkIn(t.ctx, who.id, place.id, { lat: place.lat, lon: place.lon, visibility });
}

export async function people(t: TestApp, n: number): Promise<Person[]> {
  const out: Person[] = [];
  for (let i = 0; i < n; i++) out.push(await person(t));
  return out;
}
