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
    + cos(radians(${lat}::float8)) * cos(radians(${a}.lat))
      * power(sin(radians(${a}.lon - ${lon}::float8) / 2), 2)))))`;
}

/** The first search radius: in a city centre, 20 places are usually within it. */
const FIRST_RADIUS_M = 500;

/** The circles tried, from 500 m four times wider each time, up to the radius asked. */
export function searchRadii(radiusM: number): number[] {
  const radii: number[] = [];
  for (let r = Math.min(radiusM, FIRST_RADIUS_M); ; r = Math.min(radiusM, r * 4)) {
    radii.push(r);
    if (r >= radiusM) return radii;
  }
}

/**
 * Places within `radiusM` of the point, nearest first (ties by id), at most `limit`. The search
 * starts with a 500 m circle and widens it four times at a time up to `radiusM`: when a circle
 * already holds `limit` places, they are the nearest (every other place is farther than the
 * circle), so a dense city centre reads a few hundred index entries instead of thousands. One
 * statement: each wider circle is a branch PostgreSQL runs only when the smaller one fell short
 * (its condition is a one-time filter on the counts before it).
 */
export async function nearbyPlaces(ctx: { db: DbOrTx; clock: Clock }, options: NearbyOptions): Promise<NearbyPlace[]> {
  const { lat, lon, category, limit } = options;
  const now = ctx.clock.now();
  const radii = searchRadii(options.radiusM);
  const circle = (r: number) => {
    const box = boundingBox(lat, lon, r);
    return sql`select * from (
        select p.*, ${distanceSql(lat, lon)} as distance
        from places p
        where p.status = 'active'
          and p.lat between ${box.minLat}::float8 and ${box.maxLat}::float8
          and p.lon between ${box.minLon}::float8 and ${box.maxLon}::float8
          and (p.starts_at is null or p.starts_at <= ${now})
          and (p.ends_at is null or p.ends_at > ${now})
          ${category ? sql`and p.category = ${category}` : sql``}
      ) inside
      where inside.distance <= ${r}::float8
      order by inside.distance, inside.id
      limit ${limit}`;
  };
  const name = (k: number) => sql.raw(`c${k}`);
  const enough = (k: number) => sql`(select count(*) from ${name(k)}) >= ${limit}`;
  const ctes = sql.join(
    radii.map((r, k) => sql`${name(k)} as materialized (${circle(r)})`),
    sql`, `,
  );
  const branches = sql.join(
    radii.map((_r, k) => {
      const conditions = [k > 0 ? sql`not ${enough(k - 1)}` : null, k < radii.length - 1 ? enough(k) : null].filter(
        (c) => c !== null,
      );
      const where = conditions.length ? sql` where ${sql.join(conditions, sql` and `)}` : sql``;
      return sql`select * from ${name(k)}${where}`;
    }),
    sql` union all `,
  );
  const rows = await queryRows<NearbyPlace>(
    ctx.db,
    sql`with ${ctes}
        select p.id, p.name, p.address, p.postcode, p.city, p.lat, p.lon, p.radius_m as "radiusM", p.category,
          p.brand_id as "brandId", b.username as "brandUsername", b.display_name as "brandName",
          p.photo_preview_path as "photoPreviewPath", p.checkins_count as "checkinsCount", p.distance as "distanceM"
        from (${branches}) p
        left join accounts b on b.id = p.brand_id
        order by p.distance, p.id`,
  );
  return rows.map((r) => ({ ...r, lat: Number(r.lat), lon: Number(r.lon), distanceM: Number(r.distanceM) }));
}
