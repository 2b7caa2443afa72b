/**
 * Distances on the Earth and the Paris day, pure functions shared by nearby, check-ins, the
 * benchmark and the tests. Great-circle distance by the haversine formula on a sphere of the
 * mean Earth radius (IUGG, 6,371,008.8 m): within 0.5 % of the ellipsoid, which is all a
 * check-in radius needs.
 */
export const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two points given in degrees. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type Box = { minLat: number; maxLat: number; minLon: number; maxLon: number };

/**
 * The latitude/longitude box that holds every point within `radiusM` of the centre (a little
 * larger: the exact distance filters afterwards). Near a pole or across the antimeridian the
 * longitude span is the whole circle, which stays correct, only slower.
 */
export function boundingBox(lat: number, lon: number, radiusM: number): Box {
  const dLat = radiusM / EARTH_RADIUS_M / RAD;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // The widest longitude span is at the box's latitude nearest a pole.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const cos = Math.cos(widest * RAD);
  const dLon = cos < 1e-9 ? 360 : Math.asin(Math.min(1, Math.sin(radiusM / EARTH_RADIUS_M) / cos)) / RAD;
  if (dLon >= 180 || lon - dLon < -180 || lon + dLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon: lon - dLon, maxLon: lon + dLon };
}

// The Paris calendar day lives in lib/paris.ts (analytics counts by it too); re-exported for places.
export { parisDay } from '../../lib/paris';
