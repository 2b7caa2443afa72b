/**
 * Places around a point, nearest first, with their great-circle distance. The query narrows with
 * a latitude/longitude box that the partial index `places_lat_lon_idx (lat, lon) where status =
 * 'active'` serves, then computes the exact haversine distance (the same formula as geo.ts, in
 * SQL) for the few places inside the box, filters by the radius and sorts. Only places on the map
 * now (active, within their pop-up dates). It never says who is at a place.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { unprocessable } from '../../lib/errors';
import { boundingBox, EARTH_RADIUS_M } from './geo';
import { checkCategory, checkLat, checkLon, numberOf, type PlaceCategory } from './validation';

export const NEARBY = { defaultRadiusM: 5000, maxRadiusM: 50000, minRadiusM: 10, defaultLimit: 20, maxLimit: 100 };

export type NearbyQuery = { lat: unknown; lon: unknown; radius_m?: unknown; category?: unknown; limit?: unknown };

export type NearbyPlace = {
  id: string;
  name: string;
  address: string;
  postcode: string | null;
  city: string | null;
  lat: number;
  lon: number;
  radiusM: number;
  category: string;
  brandId: string | null;
  brandUsername: string | null;
  brandName: string | null;
  photoPreviewPath: string | null;
  checkinsCount: number;
  distanceM: number;
};

export type NearbyOptions = {
  lat: number;
  lon: number;
  radiusM: number;
  category: PlaceCategory | null;
  limit: number;
};

/** Checks a nearby query's fields (422 naming the field). */
export function checkNearby(q: NearbyQuery): NearbyOptions {
  const radius = numberOf(q.radius_m, 'radius_m') ?? NEARBY.defaultRadiusM;
  if (!Number.isInteger(radius) || radius < NEARBY.minRadiusM || radius > NEARBY.maxRadiusM)
    throw unprocessable(
      'invalid_radius_m',
      `radius_m must be whole metres from ${NEARBY.minRadiusM} to ${NEARBY.maxRadiusM}`,
      {
        field: 'radius_m',
        min: NEARBY.minRadiusM,
        max: NEARBY.maxRadiusM,
      },
    );
  const limit = numberOf(q.limit, 'limit') ?? NEARBY.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1)
    throw unprocessable('invalid_limit', 'limit must be a whole number from 1', { field: 'limit' });
  const category =
    q.category === undefined || q.category === null || q.category === '' ? null : checkCategory(q.category);
  return {
    lat: checkLat(q.lat),
    lon: checkLon(q.lon),
    radiusM: radius,
    category,
    limit: Math.min(limit, NEARBY.maxLimit),
  };
}

/** The exact distance in metres from ($lat, $lon) to a row's (lat, lon), as SQL. */
export function distanceSql(lat: number, lon: number, alias = 'p') {
  const a = sql.raw(alias);
  return sql`(2 * ${EARTH_RADIUS_M}::float8 * asin(least(1, sqrt(
    power(sin(radians(${a}.lat - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(${a}.lat)) * power(sin(radians(${a}.lon - ${lon}::float8) / 2), 2)))))`;
}

/** The first search radius: in a city centre, 20 places are usually within it. */
const FIRST_RADIUS_M = 500;

/**
 * Places within `radiusM` of the point, nearest first (ties by id), at most `limit`. The search
 * starts with a small circle and widens it four times at a time up to `radiusM`: when a circle
 * already holds `limit` places, they are the nearest (every other place is farther than the
 * circle), so a dense city centre reads a few hundred index entries instead of thousands.
 */
export async function nearbyPlaces(ctx: { db: DbOrTx; clock: Clock }, options: NearbyOptions): Promise<NearbyPlace[]> {
  const now = ctx.clock.now();
  for (let r = Math.min(options.radiusM, FIRST_RADIUS_M); ; r = Math.min(options.radiusM, r * 4)) {
    const rows = await within(ctx.db, { ...options, radiusM: r }, now);
    if (rows.length >= options.limit || r >= options.radiusM) return rows;
  }
}

async function within(db: DbOrTx, options: NearbyOptions, now: Date): Promise<NearbyPlace[]> {
  const { lat, lon, radiusM, category, limit } = options;
  const box = boundingBox(lat, lon, radiusM);
  const rows = await queryRows<NearbyPlace>(
    db,
    sql`select p.id, p.name, p.address, p.postcode, p.city, p.lat, p.lon, p.radius_m as "radiusM", p.category,
          p.brand_id as "brandId", b.username as "brandUsername", b.display_name as "brandName",
          p.photo_preview_path as "photoPreviewPath", p.checkins_count as "checkinsCount", p.distance as "distanceM"
        from (
          select * from (
            select p.*, ${distanceSql(lat, lon)} as distance
            from places p
            where p.status = 'active'
              and p.lat between ${box.minLat}::float8 and ${box.maxLat}::float8
              and p.lon between ${box.minLon}::float8 and ${box.maxLon}::float8
              and (p.starts_at is null or p.starts_at <= ${now})
              and (p.ends_at is null or p.ends_at > ${now})
              ${category ? sql`and p.category = ${category}` : sql``}
          ) inside
          where inside.distance <= ${radiusM}::float8
          order by inside.distance, inside.id
          limit ${limit}
        ) p
        left join accounts b on b.id = p.brand_id
        order by p.distance, p.id`,
  );
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), distanceM: Number(r.distanceM) }));
}
