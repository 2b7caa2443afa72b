/**
 * Offline geocoding of what a person types to find places: a French postcode ("69002"), a
 * commune ("Annecy", "Lyon 2e") or an address that contains one ("12 rue Mercière, 69002 Lyon").
 * No network: the table fr-communes.json (built by scripts/geo-fr.mjs from INSEE's communes
 * and GeoNames' coordinates) gives the commune's centre, never a street. Communes GeoNames does
 * not place (mostly under 1,000 people) are known by postcode only and answer their
 * département's prefecture, with `precision: 'departement'`. Limits in docs/places.md.
 */
import fs from 'node:fs';

export type Geocoded = {
  lat: number;
  lon: number;
  label: string;
  postcode: string | null;
  /** `commune`: the commune's centre; `departement`: its prefecture (a commune we cannot place). */
  precision: 'commune' | 'departement';
};

type Commune = { label: string; dept: string; lat: number; lon: number; postcodes: string[] };
type Table = {
  communes: Commune[];
  byPostcode: Map<string, Commune[]>;
  byName: Map<string, Commune>;
  unplaced: Map<string, string>;
  departements: Map<string, { name: string; lat: number; lon: number }>;
};

/** Lower case, no accents, words separated by one space: how names are compared. */
export const normalizePlaceName = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

let table: Table | null = null;

/** Reads the table once, at the first query (half a megabyte the server does not hold before). */
function load(): Table {
  if (table) return table;
  const raw = JSON.parse(fs.readFileSync(new URL('./fr-communes.json', import.meta.url), 'utf8')) as {
    communes: [string, string, number, number, string][];
    unplaced: Record<string, string>;
    departements: [string, string, number, number][];
  };
  const communes = raw.communes.map(([label, dept, lat, lon, postcodes]) => ({
    label,
    dept,
    lat,
    lon,
    postcodes: postcodes ? postcodes.split(' ') : [],
  }));
  const byPostcode = new Map<string, Commune[]>();
  const byName = new Map<string, Commune>();
  // Most populous first: the first commune of a name or postcode is the likeliest one.
  for (const c of communes) {
    for (const p of c.postcodes) byPostcode.set(p, [...(byPostcode.get(p) ?? []), c]);
    const name = normalizePlaceName(c.label);
    for (const key of nameKeys(name)) if (!byName.has(key)) byName.set(key, c);
  }
  table = {
    communes,
    byPostcode,
    byName,
    unplaced: new Map(Object.entries(raw.unplaced)),
    departements: new Map(raw.departements.map(([code, name, lat, lon]) => [code, { name, lat, lon }])),
  };
  return table;
}

const ARRONDISSEMENT = /^(paris|lyon|marseille) (\d+)(er|e)$/;
/** "lyon 2e" is also "lyon 2" and "lyon 02"; "saint etienne" also "st etienne". */
function nameKeys(name: string): string[] {
  const keys = [name];
  const arr = ARRONDISSEMENT.exec(name);
  if (arr) keys.push(`${arr[1]} ${arr[2]}`, `${arr[1]} ${arr[2].padStart(2, '0')}`);
  if (/\bsainte?\b/.test(name)) keys.push(name.replace(/\bsaint\b/g, 'st').replace(/\bsainte\b/g, 'ste'));
  return keys;
}

/** The département of a postcode: two digits, three overseas (97x), Corsica's 20 split in 2A/2B. */
export function departementOf(postcode: string): string {
  if (postcode.startsWith('97')) return postcode.slice(0, 3);
  if (postcode.startsWith('20')) return Number(postcode.slice(0, 3)) < 202 ? '2A' : '2B';
  return postcode.slice(0, 2);
}

const commune = (c: Commune, postcode: string | null): Geocoded => ({
  lat: c.lat,
  lon: c.lon,
  label: postcode ? `${c.label} (${postcode})` : c.label,
  postcode,
  precision: 'commune',
});

function byPostcode(t: Table, postcode: string, text: string): Geocoded | null {
  const candidates = t.byPostcode.get(postcode);
  if (candidates?.length) {
    // A commune the query names too wins; then an arrondissement (one postcode); then the largest.
    const named = candidates.find((c) => text.includes(normalizePlaceName(c.label)) && c.postcodes.length === 1);
    const arrondissement = candidates.find((c) => ARRONDISSEMENT.test(normalizePlaceName(c.label)));
    return commune(named ?? arrondissement ?? candidates[0], postcode);
  }
  const dept = t.departements.get(departementOf(postcode));
  if (!dept) return null;
  const name = t.unplaced.get(postcode);
  return {
    lat: dept.lat,
    lon: dept.lon,
    label: name ? `${name} (${postcode})` : `${dept.name} (${postcode})`,
    postcode,
    precision: 'departement',
  };
}

/**
 * The place a typed text names, or null: a postcode first (anywhere in the text), then the
 * whole text as a commune, then its last comma-separated part, then its last words.
 */
export function geocode(query: string): Geocoded | null {
  const text = normalizePlaceName(String(query ?? '').slice(0, 300));
  if (!text) return null;
  const t = load();
  const postcode = /(?:^|\s)(\d{5})(?:\s|$)/.exec(text)?.[1];
  if (postcode) return byPostcode(t, postcode, text);
  const exact = t.byName.get(text);
  if (exact) return commune(exact, null);
  const parts = String(query).split(',').map(normalizePlaceName).filter(Boolean);
  const last = parts.at(-1);
  if (last && t.byName.has(last)) return commune(t.byName.get(last)!, null);
  const words = text.split(' ');
  for (let n = Math.min(6, words.length - 1); n >= 1; n--) {
    const found = t.byName.get(words.slice(-n).join(' '));
    if (found) return commune(found, null);
  }
  if (/^(\d{2}|2a|2b|97\d)$/.test(text)) {
    const dept = t.departements.get(text.toUpperCase());
    if (dept) return { lat: dept.lat, lon: dept.lon, label: dept.name, postcode: null, precision: 'departement' };
  }
  return null;
}
