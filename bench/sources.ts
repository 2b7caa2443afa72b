/**
 * `npm run bench -- sources [--sources 1000] [--items 20] [--watches 100] [--slots 8] [--pg | --pglite]`
 *
 * Outside sources (issue 19): `sources` feeds served by a local server, which a brand listens to,
 * fetched by the real server's queue. One in 20 feeds is slow (answers after 2 s), one in 20 fails
 * (HTTP 500), one in 20 answers 304 when asked with its ETag; every other feed has `items` new
 * items at each round. Two rounds, each asked through `POST /api/v1/sources/:id/fetch` for every
 * source: the first reads every feed for the first time, the second sends validators (the 304s)
 * and finds new items. Prints, per round: its time (from the first request until every source
 * has been fetched), items stored per second, items matched per second against `watches` watches
 * (the matcher's cursor `watches.outside_cursor` reaching the last stored item; read from the
 * database, so PostgreSQL only: honest "n/a" on PGlite or when the cursor never moves), and the
 * app's p95 for GET /health and a page during the round against the same requests idle.
 * Targets: a round under 60 s, p95 rising by less than 20 %.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { queryRows } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { createShop, fmt, freshDatabase, httpClient, int, log, table } from './commerce';
import { summarize, type Stats } from './load';
import { startServer, type ServerProcess } from './server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SLOW_MS = 2000;
type Kind = 'ok' | 'slow' | 'failing' | 'unchanged';
const kindOf = (i: number): Kind => (['slow', 'failing', 'unchanged'] as const)[i % 20] ?? 'ok';

/** The feeds: each knows its round (the items it lists) and when it was last served. */
function feedServer(count: number, items: number, watches: number) {
  let round = 0;
  const served = new Map<number, number>();
  const server = http.createServer((req, res) => {
    const i = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
    if (!(i >= 0 && i < count)) return void res.writeHead(404).end();
    const kind = kindOf(i);
    const done = () => served.set(i, round);
    if (kind === 'failing') return void res.writeHead(500).end('down', done);
    // Unchanged feeds keep their first round's items and ETag.
    const version = kind === 'unchanged' ? 1 : round;
    const etag = `"f${i}-r${version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end(done);
    const body = rss(i, version, items, watches);
    const answer = () => res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body, done);
    if (kind === 'slow') setTimeout(answer, SLOW_MS);
    else answer();
  });
  return {
    server,
    startRound(n: number) {
      round = n;
    },
    /** Sources served in the current round. */
    servedNow: () => [...served.values()].filter((r) => r === round).length,
  };
}

function rss(i: number, round: number, items: number, watches: number): string {
  const entries: string[] = [];
  for (let k = 0; k < items; k++) {
    const n = round * items + k;
    const word = `veille${(i * items + n) % watches}x`;
    entries.push(
      `<item><guid>feed${i}-item${n}</guid><link>https://blog${i}.example/${n}</link><title>Billet ${n} du blog ${i}</title>` +
        `<description>&lt;p&gt;Nous avons goûté le fromage ${word} de la maison, il est ${n % 3 ? 'excellent' : 'décevant'}.&lt;/p&gt;</description>` +
        `<pubDate>${new Date(Date.UTC(2026, 11, 1) + n * 60_000).toUTCString()}</pubDate></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog ${i}</title><link>https://blog${i}.example/</link>${entries.join('')}</channel></rss>`;
}

/** The app's requests a visitor makes, in a closed loop of 4 clients until `stop()`. */
function probe(port: number, pagePath: string) {
  const client = httpClient(port, 4);
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const started = performance.now();
  const loop = async (n: number) => {
    for (let k = n; running; k++) {
      const t0 = performance.now();
      const res = await client.get(k % 2 ? pagePath : '/health', {}).catch(() => ({ status: 0, body: '' }));
      if (res.status === 200) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  const loops = Promise.all([0, 1, 2, 3].map(loop));
  return {
    async stop(): Promise<Stats> {
      running = false;
      await loops;
      client.close();
      return summarize(latencies, errors, (performance.now() - started) / 1000);
    },
  };
}

type Round = { seconds: number; stored: number; matchedSeconds: number | null; busy: Stats };

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
    },
  });
  const o = {
    sources: int(values.sources, 1000, 'sources'),
    items: int(values.items, 20, 'items'),
    watches: Math.max(1, int(values.watches, 100, 'watches')),
  };
  const usePglite = values.pglite === true && values.pg !== true;
  const feeds = feedServer(o.sources, o.items, o.watches);
  await new Promise<void>((resolve) => feeds.server.listen(0, '127.0.0.1', resolve));
  const feedOrigin = `http://127.0.0.1:${(feeds.server.address() as AddressInfo).port}`;
  const target = await freshDatabase('sources', usePglite);
  log(`Database: ${target.description}`);
  let server: ServerProcess | undefined;
  let database: Database | undefined;
  try {
    database = await target.open(4);
    const shop = await createShop(database, 'maison_sources');
    const brandSourceIds = await addSources(database, shop.brandId, feedOrigin, o.sources);
    // PGlite is one process's: the bench reads it only through the app. A server is read beside it.
    if (target.kind === 'pglite') {
      await database.close();
      database = undefined;
    }
    const env: Record<string, string> = { COMPTOIR_OUTBOUND_ALLOW_LOCAL: '1' };
    if (values.slots) env.COMPTOIR_SOURCE_SLOTS = values.slots;
    server = await startServer(
      target.kind === 'pglite' ? { ...env, COMPTOIR_DATA: target.dataDir } : { ...env, DATABASE_URL: target.url },
      log,
    );
    const api = httpClient(server.port, 16);
    const owner = { authorization: `Bearer ${shop.ownerToken}` };
    for (let i = 0; i < o.watches; i++) {
      const res = await api.post(
        `/api/v1/brands/${shop.brandId}/watches`,
        { name: `Veille ${i}`, query: `veille${i}x` },
        owner,
      );
      if (res.status !== 201) throw new Error(`POST watches answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    const pagePath = '/@maison_sources';
    const page = await api.get(pagePath, {});
    if (page.status !== 200) throw new Error(`GET ${pagePath} answered ${page.status}`);
    log(`${o.sources} sources (1 in 20 slow, failing, unchanged), ${o.items} items each, ${o.watches} watches`);

    const idleProbe = probe(server.port, pagePath);
    await sleep(8000);
    const idle = await idleProbe.stop();

    const rounds: Round[] = [];
    for (const n of [1, 2]) {
      feeds.startRound(n);
      const before = await storedCount(api, shop.brandId, owner);
      const busyProbe = probe(server.port, pagePath);
      const started = performance.now();
      const startedAt = new Date();
      await forEachLimit(brandSourceIds, 16, async (id) => {
        const res = await api.post(`/api/v1/sources/${id}/fetch`, {}, owner);
        if (res.status !== 202) throw new Error(`POST /api/v1/sources/${id}/fetch answered ${res.status}: ${res.body}`);
      });
      // Every feed served in this round, then every source's fetch recorded.
      while (feeds.servedNow() < o.sources) await sleep(100);
      while (!(await allFetchedSince(api, shop.brandId, owner, startedAt))) await sleep(250);
      const seconds = (performance.now() - started) / 1000;
      const busy = await busyProbe.stop();
      const stored = (await storedCount(api, shop.brandId, owner)) - before;
      const matchedSeconds = database ? await matchedAfter(database, started) : null;
      rounds.push({ seconds, stored, matchedSeconds, busy });
      log(`round ${n}: ${fmt(seconds)} s, ${stored} items stored`);
    }
    api.close();

    const rise = (p95: number) => `${fmt(((p95 - idle.p95) / idle.p95) * 100, 0)} %`;
    for (const line of table(
      ['', 'round s', 'stored', 'stored/s', 'matched/s', 'p95 ms', 'p95 rise'],
      [
        ['idle', '', '', '', '', fmt(idle.p95), ''],
        ...rounds.map((r, i) => [
          `round ${i + 1}`,
          fmt(r.seconds),
          String(r.stored),
          fmt(r.stored / r.seconds, 0),
          r.matchedSeconds === null ? 'n/a' : fmt(r.stored / r.matchedSeconds, 0),
          fmt(r.busy.p95),
          rise(r.busy.p95),
        ]),
      ],
    ))
      log(line);
    if (rounds.some((r) => r.matchedSeconds === null))
      log(
        database
          ? 'matched/s n/a: the matcher\'s cursor (settings "watches.outside_cursor") did not reach the last item within 120 s'
          : 'matched/s n/a on PGlite: the database is inside the server process (run with --pg to read the matcher cursor)',
      );
    log(`targets: a round under 60 s; p95 rising by less than 20 % (idle p95 ${fmt(idle.p95)} ms)`);
    log(`server peak RSS ${fmt(server.memory().peakMb, 0)} MB`);
  } finally {
    await server?.stop();
    await database?.close();
    await target.stop();
    feeds.server.closeAllConnections();
    await new Promise<void>((resolve) => feeds.server.close(() => resolve()));
  }
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

/** Seconds from `started` until the matcher's cursor reached the last stored item (null after 120 s). */
async function matchedAfter(database: Database, started: number): Promise<number | null> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    const [row] = await queryRows<{ reached: boolean }>(
      database.db,
      sql`select coalesce((select value from settings where key = 'watches.outside_cursor')
                  >= (select max(id)::text from outside_items), false) as reached`,
    );
    if (row?.reached) return (performance.now() - started) / 1000;
    await sleep(200);
  }
  return null;
}

async function forEachLimit<T>(list: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < list.length) await run(list[next++]!);
    }),
  );
}
