/**
 * `npm run bench -- sources [--sources 1000] [--items 20] [--watches 100] [--slots 8] [--pg | --pglite] [--profile]
 *                            [--server-args=<node flags>]`
 *
 * Outside sources (issue 19): `sources` feeds served by a local server (bench/feeds.ts, in a worker
 * thread), which a brand listens to, fetched by the real server's queue. One in 20 feeds is slow
 * (answers after 2 s), one in 20 fails (HTTP 500), one in 20 answers 304 when asked with its ETag;
 * every other feed has `items` new items at each round. Two rounds, each on a freshly started server with every source due 30 s
 * later, so the sources tick queues them all at once (the worst case: an OPML import, a server back
 * after a stop): the first reads every feed for the first time, the second sends validators (the
 * 304s) and finds new items. Prints, per round: its time (from the first feed request until every
 * source's fetch is recorded), items stored per second, items matched per second against `watches` watches
 * (the matcher's cursor `watches.outside_cursor` reaching the last stored item; read from the
 * database, so PostgreSQL only: honest "n/a" on PGlite or when the cursor never moves), and the
 * app's p95 for GET /health and a page (50 a second) during the round against the same requests
 * idle just before it. By default on the bench PostgreSQL cluster (or DATABASE_URL); --pglite for
 * the embedded database.
 * Targets: a round under 60 s, p95 rising by less than 20 %.
 * `--profile`: the app server's CPU profile during each round (node --cpu-prof), by layer and function.
 * `--server-args=`: node flags added to the start script's (to compare V8's settings).
 * The probes of the idle window start after a warm-up of WARM_UP_SECONDS (not counted), so the idle
 * p95 is that of a warmed server, as the round's is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { queryRows } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { profileTables, summarizeProfile } from './cpuprofile';
import { startFeedServer } from './feeds';
import { createShop, fmt, freshDatabase, httpClient, int, log, table } from './commerce';
import { summarize, type Stats } from './load';
import { startServer, type ServerProcess } from './server';
import { benchData, benchRoot } from './world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Visitors' requests, GET /health and a page in turn, at PROBE_RATE a second (open loop) until `stop()`. */
const PROBE_RATE = 50;
/** Probing before the idle window, not counted: the server's first requests compile its code. */
const WARM_UP_SECONDS = 5;
function probe(port: number, pagePath: string) {
  const client = httpClient(port, 16);
  // Latencies of /health (even k) and of the page (odd k).
  const byPath: [number[], number[]] = [[], []];
  let errors = 0;
  let running = true;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  const loop = (async () => {
    for (let k = 0; running; k++) {
      const wait = started + (k * 1000) / PROBE_RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const t0 = performance.now();
      pending.push(
        client.get(k % 2 ? pagePath : '/health', {}).then(
          (res) => {
            if (res.status !== 200) return void errors++;
            byPath[k % 2]!.push(performance.now() - t0);
          },
          () => void errors++,
        ),
      );
    }
  })();
  const stop = async (): Promise<ProbeStats> => {
    running = false;
    await loop;
    await Promise.all(pending);
    client.close();
    const seconds = (performance.now() - started) / 1000;
    return {
      ...summarize([...byPath[0], ...byPath[1]], errors, seconds),
      health: summarize(byPath[0], 0, seconds),
      page: summarize(byPath[1], 0, seconds),
    };
  };
  return { stop, stopAfter: async (seconds: number) => (await sleep(seconds * 1000), stop()) };
}

type ProbeStats = Stats & { health: Stats; page: Stats };

const METRICS_TOKEN = 'bench-sources-metrics';
/**
 * The server's event-loop delay since the previous read (prom-client's monitor, reset at each
 * scrape): how long its thread was kept from answering, the cause of a visitor's wait.
 */
async function loopDelay(api: Api): Promise<{ p99: number; max: number }> {
  const res = await api.get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
  const value = (name: string) =>
    Number(new RegExp(`^comptoir_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(res.body)?.[1] ?? NaN) * 1000;
  return { p99: value('p99'), max: value('max') };
}

type Round = {
  seconds: number;
  stored: number;
  matchedSeconds: number | null;
  idle: ProbeStats;
  busy: ProbeStats;
  idleLoop: { p99: number; max: number };
  busyLoop: { p99: number; max: number };
};

/** Seconds from a round's setup to its sources' due time: the server boots, then the idle probe runs. */
const LEAD_SECONDS = 40;

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sources: { type: 'string' },
      items: { type: 'string' },
      watches: { type: 'string' },
      slots: { type: 'string' },
      pg: { type: 'boolean' },
      pglite: { type: 'boolean' },
      profile: { type: 'boolean', default: false },
      'server-args': { type: 'string' },
    },
  });
  const o = {
    sources: int(values.sources, 1000, 'sources'),
    items: int(values.items, 20, 'items'),
    watches: Math.max(1, int(values.watches, 100, 'watches')),
  };
  const usePglite = values.pglite === true && values.pg !== true;
  const feeds = await startFeedServer({ count: o.sources, items: o.items, watches: o.watches });
  const feedOrigin = feeds.origin;
  const target = await freshDatabase('sources', usePglite);
  log(`Database: ${target.description}`);
  let server: ServerProcess | undefined;
  let database: Database | undefined = await target.open(4);
  const env: Record<string, string> = { COMPTOIR_OUTBOUND_ALLOW_LOCAL: '1', COMPTOIR_METRICS_TOKEN: METRICS_TOKEN };
  if (values.slots) env.COMPTOIR_SOURCE_SLOTS = values.slots;
  const serverEnv =
    target.kind === 'pglite' ? { ...env, COMPTOIR_DATA: target.dataDir } : { ...env, DATABASE_URL: target.url };
  try {
    const shop = await createShop(database, 'maison_sources');
    await addSources(database, shop.brandId, feedOrigin, o.sources);
    const owner = { authorization: `Bearer ${shop.ownerToken}` };
    const pagePath = '/@maison_sources';
    log(`${o.sources} sources (1 in 20 slow, failing, unchanged), ${o.items} items each, ${o.watches} watches`);

    const serverArgs = (values['server-args'] ?? '').split(/\s+/).filter(Boolean);
    if (serverArgs.length) log(`App server node options added: ${serverArgs.join(' ')}`);
    const rounds: Round[] = [];
    const profileLines: string[] = [];
    for (const n of [1, 2]) {
      // Every source due a little later: the sources tick (every 10 s) queues them all at once, the
      // worst case (an OPML import, a server back after a stop); in steady state they spread out.
      database ??= await target.open(4);
      await queryRows(
        database.db,
        sql`update listening_sources set next_fetch_at = now() + make_interval(secs => ${LEAD_SECONDS})`,
      );
      const due = performance.now() + LEAD_SECONDS * 1000;
      // PGlite is the server process's own: the bench reads it only through the app. A server is read beside it.
      if (target.kind === 'pglite') {
        await database.close();
        database = undefined;
      }
      feeds.startRound(n);
      const profileDir = path.join(benchData, 'profiles', `sources-${process.pid}-${n}`);
      const spawnedAt = Date.now();
      server = await startServer(serverEnv, log, {
        nodeArgs: [
          ...serverArgs,
          ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : []),
        ],
      });
      const api = httpClient(server.port, 16);
      if (n === 1)
        for (let i = 0; i < o.watches; i++) {
          const res = await api.post(
            `/api/v1/brands/${shop.brandId}/watches`,
            { name: `Veille ${i}`, query: `veille${i}x` },
            owner,
          );
          if (res.status !== 201) throw new Error(`POST watches answered ${res.status}: ${res.body.slice(0, 300)}`);
        }
      const page = await api.get(pagePath, {});
      if (page.status !== 200) throw new Error(`GET ${pagePath} answered ${page.status}`);
      const before = await storedCount(api, shop.brandId, owner);
      await probe(server.port, pagePath).stopAfter(WARM_UP_SECONDS);
      if (performance.now() > due - 10_000)
        throw new Error('the server took too long to start: less than 10 s of idle time left before the round');
      await loopDelay(api);
      const idleProbe = probe(server.port, pagePath);
      while (feeds.firstRequestAt() === null) await sleep(20);
      const idle = await idleProbe.stop();
      const idleLoop = await loopDelay(api);
      const started = feeds.firstRequestAt()!;
      const startedAt = new Date(Date.now() - (performance.now() - started));
      const busyProbe = probe(server.port, pagePath);
      // Every feed served in this round, then every source's fetch recorded.
      while (feeds.servedNow() < o.sources) await sleep(100);
      const served = (performance.now() - started) / 1000;
      while (!(await allFetchedSince(api, shop.brandId, owner, startedAt))) await sleep(250);
      const seconds = (performance.now() - started) / 1000;
      const busy = await busyProbe.stop();
      const busyLoop = await loopDelay(api);
      const stored = (await storedCount(api, shop.brandId, owner)) - before;
      const matchedSeconds = database ? await matchedAfter(database, started) : null;
      rounds.push({ seconds, stored, matchedSeconds, idle, busy, idleLoop, busyLoop });
      log(`round ${n}: ${fmt(seconds)} s (every feed served at ${fmt(served)} s), ${stored} items stored`);
      api.close();
      log(`  server peak RSS ${fmt(server.memory().peakMb, 0)} MB`);
      await server.stop();
      server = undefined;
      if (values.profile)
        profileLines.push(...roundProfile(n, profileDir, startedAt.getTime() - spawnedAt, seconds, stored));
    }

    const rise = (r: Round) => `${fmt(((r.busy.p95 - r.idle.p95) / r.idle.p95) * 100, 0)} %`;
    for (const line of table(
      ['', 'round s', 'stored', 'stored/s', 'matched/s', 'idle p95 ms', 'busy p95 ms', 'p95 rise'],
      rounds.map((r, i) => [
        `round ${i + 1}`,
        fmt(r.seconds),
        String(r.stored),
        fmt(r.stored / r.seconds, 0),
        r.matchedSeconds === null ? 'n/a' : fmt(r.stored / r.matchedSeconds, 0),
        fmt(r.idle.p95),
        fmt(r.busy.p95),
        rise(r),
      ]),
    ))
      log(line);
    if (rounds.some((r) => r.matchedSeconds === null))
      log(
        target.kind === 'pglite'
          ? 'matched/s n/a on PGlite: the database is inside the server process (run with --pg to read the matcher cursor)'
          : 'matched/s n/a: the matcher\'s cursor (settings "watches.outside_cursor") did not reach the last item within 30 s of the round',
      );
    log(`p95: GET /health and ${pagePath} at ${PROBE_RATE}/s, idle before the round and during it`);
    const ms = (x: Stats) => `${fmt(x.p50)} / ${fmt(x.p95)} / ${fmt(x.p99)}`;
    for (const line of table(
      [
        'p50 / p95 / p99 ms',
        'health idle',
        'health busy',
        'page idle',
        'page busy',
        'loop delay p99 / max idle',
        'busy',
      ],
      rounds.map((r, i) => [
        `round ${i + 1}`,
        ms(r.idle.health),
        ms(r.busy.health),
        ms(r.idle.page),
        ms(r.busy.page),
        `${fmt(r.idleLoop.p99)} / ${fmt(r.idleLoop.max)}`,
        `${fmt(r.busyLoop.p99)} / ${fmt(r.busyLoop.max)}`,
      ]),
    ))
      log(line);
    log('targets: a round under 60 s; p95 rising by less than 20 %');
    for (const line of profileLines) log(line);
  } finally {
    await server?.stop();
    await database?.close();
    await target.stop();
    await feeds.close();
  }
}

/** The app server's CPU during round `n` (from its first feed request, `fromMs` after the spawn). */
function roundProfile(n: number, dir: string, fromMs: number, seconds: number, stored: number): string[] {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return [`round ${n}: no CPU profile written in ${dir}`];
  const summary = summarizeProfile(
    path.join(dir, file),
    path.resolve(benchRoot, '..'),
    fromMs,
    fromMs + seconds * 1000,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    `\nApp server CPU during round ${n} (node --cpu-prof; ${fmt(summary.sampledMs / 1000, 1)} s busy, ${fmt(summary.idleMs / 1000, 1)} s idle of ${fmt(seconds)} s):`,
    ...profileTables(summary, { label: 'ms per item stored', count: Math.max(1, stored) }),
  ];
}

/** Sources written straight to the tables (as adding them through the API leaves them), due in a day. */
async function addSources(database: Database, brandId: string, origin: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => ({
      i: start + k,
      source: uuidv7(),
      brandSource: uuidv7(),
    }));
    const json = JSON.stringify(rows.map((r) => ({ ...r, url: `${origin}/feed/${r.i}.xml` })));
    await queryRows(
      database.db,
      sql`insert into listening_sources (id, url, next_fetch_at)
          select source, url, now() + interval '1 day' from json_to_recordset(${json}::json) as r(source uuid, url text)`,
    );
    await queryRows(
      database.db,
      sql`insert into brand_sources (id, brand_id, source_id, name)
          select "brandSource", ${brandId}, source, 'Blog ' || i from json_to_recordset(${json}::json)
            as r("brandSource" uuid, source uuid, i int)`,
    );
    ids.push(...rows.map((r) => r.brandSource));
  }
  return ids;
}

type Api = ReturnType<typeof httpClient>;
type SourceListed = { last_fetched_at: string | null; items_count: number };
async function listed(api: Api, brandId: string, owner: Record<string, string>): Promise<SourceListed[]> {
  const res = await api.get(`/api/v1/brands/${brandId}/sources`, owner);
  if (res.status !== 200) throw new Error(`GET sources answered ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as SourceListed[];
}
const storedCount = async (api: Api, brandId: string, owner: Record<string, string>) =>
  (await listed(api, brandId, owner)).reduce((sum, s) => sum + Number(s.items_count ?? 0), 0);
const allFetchedSince = async (api: Api, brandId: string, owner: Record<string, string>, since: Date) =>
  (await listed(api, brandId, owner)).every((s) => s.last_fetched_at && new Date(s.last_fetched_at) >= since);

/** Seconds from `started` until the matcher's cursor reached the last stored item (null after 30 s more). */
async function matchedAfter(database: Database, started: number): Promise<number | null> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    const [row] = await queryRows<{ reached: boolean }>(
      database.db,
      sql`select coalesce((select value from settings where key = 'watches.outside_cursor')
                  >= (select id::text from outside_items order by id desc limit 1), false) as reached`,
    );
    if (row?.reached) return (performance.now() - started) / 1000;
    await sleep(200);
  }
  return null;
}
