/**
 * `npm run bench -- nearby [--pg | --pglite] [--places N] [--queries Q] [--checkins C] [--explain]`
 *
 * Places near a point and check-ins (issue 12). A world of N places spread over metropolitan
 * France (default 1M on PostgreSQL, 100k on PGlite; 60 % uniformly, 40 % around the 30 largest
 * cities), built in SQL. Then, one client at a time:
 *  - nearby: the service (`nearbyPlaces`: bounding box on the partial (lat, lon) index, exact
 *    haversine, brand names joined) at Q random points in France, 5 km radius, 20 nearest; against
 *    the raw indexed statement (the same box and distance, no join) at the same points;
 *  - check-ins: the service (`checkIn`: checks, previous check-in, the counted insert under the
 *    unique index, the count, `applyCheckinEffects` with specials on the place, private so no post)
 *    against the raw transaction (insert the check-in, add one to the count).
 * Prints p50/p95 and the service's rate as a share of the raw one. Targets: nearby p95 <= 20 ms
 * on PostgreSQL and <= 50 ms on PGlite; service >= 50 % of raw.
 * PostgreSQL: the bench cluster in bench/.data/pg (or DATABASE_URL), database bench_nearby_<N>,
 * reused by later runs. PGlite: in memory, built each run.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { migrate } from '../src/db/migrate';
import { settableClock } from '../src/lib/clock';
import { createAccount } from '../src/modules/accounts';
import { boundingBox, checkIn, distanceSql, nearbyPlaces } from '../src/modules/places';
import { int, summarize, type Stats } from './load';
import { benchDatabase } from './pg';

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const FRANCE = { minLat: 42.4, maxLat: 51.0, minLon: -4.7, maxLon: 8.1 };
// The 30 largest communes (INSEE): where most shops are.
const CITIES: [number, number][] = [
  [48.8534, 2.3488],
  [43.297, 5.3811],
  [45.7491, 4.8479],
  [43.6043, 1.4437],
  [43.7031, 7.2661],
  [47.2173, -1.5534],
  [43.6109, 3.8764],
  [48.5839, 7.7455],
  [44.8412, -0.5805],
  [50.6339, 3.0551],
  [48.1111, -1.6743],
  [49.2628, 4.0347],
  [45.4339, 4.39],
  [43.1242, 5.928],
  [49.4938, 0.1077],
  [45.1885, 5.7245],
  [47.3167, 5.0167],
  [47.4739, -0.5547],
  [43.8367, 4.3601],
  [45.7797, 3.0863],
  [48.0077, 0.1984],
  [43.5297, 5.4474],
  [48.3903, -4.4863],
  [47.3941, 0.6848],
  [49.8941, 2.2958],
  [45.8336, 1.2611],
  [48.7164, 2.2522],
  [42.6976, 2.8954],
  [49.1193, 6.1757],
  [47.238, 6.0244],
];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) latencies.push(await time(() => fn(i)));
  return summarize(latencies, 0, (performance.now() - started) / 1000);
}

/** Places in SQL, in batches: 60 % uniform over France, 40 % within ~15 km of a large city. */
async function buildPlaces(database: Database, count: number) {
  const cities = sql.raw(`array[${CITIES.map(([a, b]) => `array[${a}, ${b}]`).join(',')}]::float8[][]`);
  const batch = 100_000;
  for (let from = 0; from < count; from += batch) {
    const n = Math.min(batch, count - from);
    await queryRows(
      database.db,
      sql`insert into places (id, name, address, lat, lon, radius_m, category, created_at, updated_at)
          select gen_random_uuid(), 'Lieu ' || (${from}::int + g), 'Rue ' || g,
                 case when c is null then ${FRANCE.minLat}::float8 + random() * ${FRANCE.maxLat - FRANCE.minLat}::float8
                      else (${cities})[c][1] + (random() - 0.5) * 0.27 end,
                 case when c is null then ${FRANCE.minLon}::float8 + random() * ${FRANCE.maxLon - FRANCE.minLon}::float8
                      else (${cities})[c][2] + (random() - 0.5) * 0.38 end,
                 150,
                 (array['shop','cafe','restaurant','bar','bakery','cheese','market','bookshop'])[1 + floor(random() * 8)::int],
                 now(), now()
          from (select g, case when random() < 0.4 then 1 + floor(random() * ${CITIES.length})::int end as c
                from generate_series(1, ${n}::int) g) s`,
    );
    process.stdout.write(`\r  places: ${(from + n).toLocaleString('en')} / ${count.toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  await queryRows(database.db, sql`analyze places`);
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      pg: { type: 'boolean' },
      pglite: { type: 'boolean' },
      places: { type: 'string' },
      queries: { type: 'string' },
      checkins: { type: 'string' },
      explain: { type: 'boolean' },
    },
  });
  const onPg = !values.pglite;
  const count = int(values.places, onPg ? 1_000_000 : 100_000, 'places');
  const queries = int(values.queries, 1000, 'queries');
  const checkins = int(values.checkins, 500, 'checkins');
  log(`Nearby benchmark — ${count.toLocaleString('en')} places on ${onPg ? 'PostgreSQL' : 'PGlite'}`);
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
      `Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );

  let stopPostgres = async () => {};
  let database: Database;
  let fresh = true;
  if (onPg) {
    const bench = await benchDatabase(`bench_nearby_${count}`);
    stopPostgres = bench.stop;
    fresh = bench.fresh;
    database = await openPostgres(bench.url, 10);
  } else {
    database = await openPglite(undefined);
  }
  try {
    const t0 = performance.now();
    await migrate(database);
    const [{ n: existing }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from places`);
    if (existing < count) {
      log(`Building ${(count - existing).toLocaleString('en')} places…`);
      await buildPlaces(database, count - existing);
    }
    log(`World ready in ${((performance.now() - t0) / 1000).toFixed(1)} s${fresh ? '' : ' (reused)'}`);

    const clock = settableClock();
    const config = loadConfig({ ...process.env, COMPTOIR_DEMO: '0', COMPTOIR_URL: 'http://127.0.0.1:3000' });
    const ctx = { db: database.db, clock, config, events: { publish: async () => {} } };

    // Random points in France, the same for the service and the raw statement.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const points = Array.from({ length: queries }, () => {
      const city = rand() < 0.5 ? CITIES[Math.floor(rand() * CITIES.length)]! : null;
      return city
        ? { lat: city[0] + (rand() - 0.5) * 0.1, lon: city[1] + (rand() - 0.5) * 0.14 }
        : {
            lat: FRANCE.minLat + rand() * (FRANCE.maxLat - FRANCE.minLat),
            lon: FRANCE.minLon + rand() * (FRANCE.maxLon - FRANCE.minLon),
          };
    });
    const radiusM = 5000;
    const raw = (p: { lat: number; lon: number }) => {
      const box = boundingBox(p.lat, p.lon, radiusM);
      return queryRows(
        database.db,
        sql`select id, d from (select id, ${distanceSql(p.lat, p.lon)} as d from places p
              where status = 'active' and lat between ${box.minLat}::float8 and ${box.maxLat}::float8
                and lon between ${box.minLon}::float8 and ${box.maxLon}::float8) p
            where d <= ${radiusM}::float8 order by d limit 20`,
      );
    };
    if (values.explain) {
      const p = points[0]!;
      const box = boundingBox(p.lat, p.lon, radiusM);
      const plan = await queryRows<Record<string, string>>(
        database.db,
        sql`explain (analyze, buffers) select id from places p where status = 'active'
              and lat between ${box.minLat}::float8 and ${box.maxLat}::float8
              and lon between ${box.minLon}::float8 and ${box.maxLon}::float8`,
      );
      for (const row of plan) log(`  ${Object.values(row)[0]}`);
    }
    // Warm both paths up (caches, plans) before measuring.
    for (const p of points.slice(0, 50)) {
      await raw(p);
      await nearbyPlaces(ctx, { ...p, radiusM, category: null, limit: 20 });
    }
    let found = 0;
    const rawNearby = await measure(points.length, (i) => raw(points[i]!));
    const serviceNearby = await measure(points.length, async (i) => {
      found += (await nearbyPlaces(ctx, { ...points[i]!, radiusM, category: null, limit: 20 })).length;
    });

    // Check-ins: people at places with specials attached (evaluated by applyCheckinEffects).
    const people: string[] = [];
    for (let i = 0; i < 200; i++) {
      const account = await createAccount(ctx, {
        kind: 'person',
        username: `nearby_${uuidv7().slice(-12).replace(/-/g, '')}`,
      });
      people.push(account.id);
    }
    const targets = await queryRows<{ id: string; lat: number; lon: number }>(
      database.db,
      sql`select id, lat, lon from places where status = 'active' order by id limit 200`,
    );
    for (const place of targets) {
      await queryRows(
        database.db,
        sql`insert into place_specials (id, place_id, kind, title, every_n, first_n)
            values (${uuidv7()}, ${place.id}, 'check_in', 'Un café offert', null, null),
                   (${uuidv7()}, ${place.id}, 'loyalty', 'Le 5e offert', 5, null),
                   (${uuidv7()}, ${place.id}, 'flash', 'Les 10 premiers', null, 10)`,
      );
    }
    // Each person moves to the next place a day later: counted check-ins, plausible travel.
    let step = 0;
    const next = () => {
      clock.advance(86_400_000 / people.length + 1000);
      const k = step++;
      return {
        person: people[k % people.length]!,
        place: targets[(k * 7 + Math.floor(k / people.length)) % targets.length]!,
      };
    };
    const service = await measure(checkins, async () => {
      const { person, place } = next();
      await checkIn(ctx, person, place.id, { lat: place.lat, lon: place.lon, visibility: 'private' });
    });
    const rawCheckin = await measure(checkins, async () => {
      const { person, place } = next();
      const now = clock.now();
      await database.db.transaction(async (tx) => {
        await queryRows(
          tx,
          sql`insert into checkins (id, place_id, account_id, lat, lon, visibility, counted, local_day, created_at)
              values (${uuidv7()}, ${place.id}, ${person}, ${place.lat}, ${place.lon}, 'private', true,
                      ${now.toISOString().slice(0, 10)}, ${now})
              on conflict (place_id, account_id, local_day) where counted do nothing`,
        );
        await queryRows(tx, sql`update places set checkins_count = checkins_count + 1 where id = ${place.id}`);
      });
    });
    const [{ counted }] = await queryRows<{ counted: number }>(
      database.db,
      sql`select count(*) filter (where counted)::int as counted from checkins`,
    );

    const row = (name: string, s: Stats, base?: Stats) => {
      const cells = [fmt(s.rate, 0), fmt(s.p50, 2), fmt(s.p95, 2), fmt(s.p99, 2)].map((c) => c.padStart(7));
      log(`| ${name.padEnd(37)} | ${cells.join(' | ')} | ${base ? `${fmt((100 * s.rate) / base.rate, 0)} %` : ''} |`);
    };
    log('');
    log(`| ${'what (one client, sequential)'.padEnd(37)} |   per s |  p50 ms |  p95 ms |  p99 ms | of raw |`);
    log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
    row('nearby, raw indexed statement', rawNearby);
    row('nearby, service (nearbyPlaces)', serviceNearby, rawNearby);
    row('check-in, raw transaction', rawCheckin);
    row('check-in, service (checkIn + effects)', service, rawCheckin);
    log('');
    log(`${fmt(found / points.length, 1)} places per nearby answer on average (5 km, at most 20).`);
    log(`${counted.toLocaleString('en')} counted check-ins in the database.`);
    const target = onPg ? 20 : 50;
    log(
      `Targets: nearby p95 <= ${target} ms: ${serviceNearby.p95 <= target ? 'met' : 'not met'} ` +
        `(${fmt(serviceNearby.p95, 2)} ms); ` +
        `service >= 50 % of raw: nearby ${fmt((100 * serviceNearby.rate) / rawNearby.rate, 0)} %, ` +
        `check-ins ${fmt((100 * service.rate) / rawCheckin.rate, 0)} %.`,
    );
  } finally {
    await database.close();
    await stopPostgres();
  }
}
