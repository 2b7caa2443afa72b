/**
 * `npm run bench -- search [--accounts N] [--posts M] [--follows F] [--seed S] [--duration S]
 *                          [--concurrency C] [--explain]`
 *
 * Full-text search over a generated French world (default 10k accounts, 1M statuses: the
 * timeline benchmark's world, reused when it exists) on a PostgreSQL server (bench/.data/pg, or
 * the one DATABASE_URL names). Pending migrations apply to a reused world first, so 0009_search
 * backfills status_search there (timed).
 *
 * Query classes, words drawn from the generator's own French text pool: 1, 2 and 3 words that
 * occur together in a post, and a boolean query `(a OR b) c -d`. For each class, sequentially
 * (one client), p50/p95 of:
 *  - the search service: parseQuery → ranked ids → hydrate + the viewer's rules → highlights
 *    (what GET /api/v1/search?type=statuses does, without HTTP);
 *  - the HTTP API: GET /api/v2/search?type=statuses on the real server (a child process),
 *    Mastodon Status entities;
 *  - raw: the skeleton's indexed text-search statements alone (recorded from the service for
 *    each query: ranked ids over one to three time windows), replayed straight on the server.
 * Then throughput at C concurrent clients (default 10) for the three, with ratios to raw.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { openPostgres, queryRows, type Database, type Db } from '../src/db/client';
import { demoTextPool } from '../src/cli/demo-world';
import { parseQuery } from '../src/modules/listening/search';
import { searchStatuses } from '../src/modules/listening/search/results';
import { RELEVANCE_POOL, searchStatusIds } from '../src/modules/listening/search/service';
import { closedLoop, httpGetter, int, type Stats } from './load';
import { startBenchPostgres } from './pg';
import { startServer } from './server';
import { benchData, prepareWorld, serverWorld, urlWorld, worldOptions, worldParams, type World } from './world';

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

// A few French function words the parser drops anyway; queries are built from content words.
const SKIP = new Set(
  'les des une dans pour avec sans sur sous par est sont pas plus que qui quoi mais donc car nous vous ils elles leur leurs cette ces tout tous très bien aussi chez comme été être avoir fait vos nos mon mes ton tes son ses aux'.split(
    ' ',
  ),
);

/** Query sets from the text pool the generator used (seed 1): words that really occur, together. */
function querySets(seed: number, perClass: number) {
  const texts = demoTextPool(seed, 2_000);
  const wordsOf = (text: string) => [
    ...new Set((text.toLowerCase().match(/[\p{L}]{4,}/gu) ?? []).filter((w) => !SKIP.has(w))),
  ];
  let state = 12345;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const sample = (k: number): string[] | null => {
    for (let tries = 0; tries < 50; tries++) {
      const words = wordsOf(texts[rand(texts.length)]!);
      if (words.length < k) continue;
      const out = new Set<string>();
      while (out.size < k) out.add(words[rand(words.length)]!);
      return [...out];
    }
    return null;
  };
  const make = (k: number, shape: (w: string[]) => string) => {
    const out: string[] = [];
    while (out.length < perClass) {
      const w = sample(k);
      if (w) out.push(shape(w));
    }
    return out;
  };
  return {
    '1 word': make(1, (w) => w[0]!),
    '2 words': make(2, (w) => w.join(' ')),
    '3 words': make(3, (w) => w.join(' ')),
    'boolean (a OR b) c -d': make(4, (w) => `(${w[0]} OR ${w[1]}) ${w[2]} -${w[3]}`),
  };
}

/**
 * The raw part: the statements the search skeleton sends for a query (its indexed text-search
 * query, one to three time windows), recorded once and replayed straight on the database.
 */
async function recordSkeleton(db: Db, q: string): Promise<SQL[]> {
  const sent: SQL[] = [];
  const recorder = { execute: (query: SQL) => (sent.push(query), db.execute(query)) } as unknown as Db;
  await searchStatusIds({ db: recorder }, parseQuery(q), { limit: 20 });
  return sent;
}
const wordsOfQuery = (q: string) =>
  q
    .replace(/[()]/g, '')
    .split(/\s+/)
    .filter((w) => w && w !== 'OR' && !w.startsWith('-'));

/** Runs each item of `items` in turn for `seconds` (cycling), one client: latency percentiles. */
async function sequential(items: string[], seconds: number, run: (q: string) => Promise<void>): Promise<Stats> {
  let i = 0;
  return closedLoop(1, seconds, async () => run(items[i++ % items.length]!));
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...worldOptions,
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      explain: { type: 'boolean', default: false },
    },
  });
  const params = worldParams(values);
  const duration = int(values.duration, 8, 'duration');
  const concurrency = int(values.concurrency, 10, 'concurrency');

  log(
    `Search benchmark — ${params.accounts.toLocaleString('en')} accounts, ${params.posts.toLocaleString('en')} statuses (French)`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load generator, server and database share them`,
  );

  let stopPostgres = async () => {};
  let world: World;
  if (process.env.DATABASE_URL) {
    log('Database: the PostgreSQL server named by DATABASE_URL');
    world = await urlWorld(process.env.DATABASE_URL, params, log);
  } else {
    const server = await startBenchPostgres(path.join(benchData, 'pg'));
    stopPostgres = server.stop;
    log('Database: PostgreSQL (bench cluster in bench/.data/pg)');
    world = await serverWorld(server.adminUrl, params, log);
  }
  if (!world.built) log(`World ${world.key}: reused from an earlier run`);
  if (world.kind !== 'pg') throw new Error('the search benchmark runs on a PostgreSQL server');

  try {
    const database: Database = await openPostgres(world.url, 10);
    try {
      const t1 = performance.now();
      const applied = await prepareWorld(database);
      await queryRows(database.db, sql`vacuum (analyze) status_search`);
      log(
        `${applied ? `Applied ${applied} pending migration(s) (status_search backfilled and indexed)` : 'World schema up to date'}, vacuumed: ${((performance.now() - t1) / 1000).toFixed(1)} s`,
      );
      const [shape] = await queryRows<{ statuses: number; searchable: number; version: string; size: string }>(
        database.db,
        sql`select (select count(*) from statuses)::int as statuses, (select count(*) from status_search)::int as searchable,
                   current_setting('server_version') as version, pg_size_pretty(pg_relation_size('status_search_tsv_idx')) as size`,
      );
      log(
        `PostgreSQL ${shape!.version}: ${shape!.statuses.toLocaleString('en')} statuses, ${shape!.searchable.toLocaleString('en')} searchable (public, not reposts); GIN index ${shape!.size}`,
      );

      const sets = querySets(params.seed, 200);
      const config = loadConfig({
        ...process.env,
        COMPTOIR_DEMO: '0',
        COMPTOIR_URL: 'http://127.0.0.1:3000',
        COMPTOIR_DATA: path.join(benchData, 'media'),
      });
      const ctx = { db: database.db, config };
      const service = async (q: string) => {
        await searchStatuses(ctx, parseQuery(q), { limit: 20 });
      };
      const recorded = new Map<string, SQL[]>();
      for (const q of Object.values(sets).flat())
        if (!recorded.has(q)) recorded.set(q, await recordSkeleton(database.db, q));
      const windows = [...recorded.values()].map((r) => r.length);
      log(
        `  statements per skeleton (time windows): ${[1, 2, 3, 4].map((n) => `${n}: ${windows.filter((w) => w === n).length}`).join(', ')}`,
      );
      const raw = async (q: string) => {
        for (const statement of recorded.get(q)!) await database.db.execute(statement);
      };
      // How selective the queries are: matches of a sample of each class.
      for (const [name, qs] of Object.entries(sets)) {
        const counts: number[] = [];
        for (const q of qs.slice(0, 20)) {
          const [row] = await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from status_search d where d.tsv @@ (${sql.join(
              wordsOfQuery(q).map(
                (w) =>
                  sql`(plainto_tsquery('public.comptoir_fr', ${w}) || plainto_tsquery('public.comptoir_en', ${w}))`,
              ),
              sql` && `,
            )})`,
          );
          counts.push(Number(row?.n ?? 0));
        }
        counts.sort((a, b) => a - b);
        log(
          `  ${name}: e.g. "${qs[0]}"; matches (positive words) median ${counts[Math.floor(counts.length / 2)]!.toLocaleString('en')}, max ${counts[counts.length - 1]!.toLocaleString('en')}`,
        );
      }
      if (values.explain) {
        const q = sets['2 words'][0]!;
        for (const statement of recorded.get(q)!) {
          const plan = await queryRows<{ 'QUERY PLAN': string }>(
            database.db,
            sql`explain (analyze, buffers) ${statement}`,
          );
          log(`\nEXPLAIN ANALYZE of a skeleton statement for "${q}":`);
          for (const row of plan) log(`  ${row['QUERY PLAN']}`);
        }
      }

      // Warm-up: caches, JIT.
      for (const qs of Object.values(sets)) for (const q of qs.slice(0, 30)) await service(q);

      log('\nSequential latencies (one client)…');
      const seqService = new Map<string, Stats>();
      const seqRaw = new Map<string, Stats>();
      for (const [name, qs] of Object.entries(sets)) {
        seqService.set(name, await sequential(qs, duration, service));
        seqRaw.set(name, await sequential(qs, duration, raw));
        log(`  ${name}: service p95 ${fmt(seqService.get(name)!.p95)} ms, raw p95 ${fmt(seqRaw.get(name)!.p95)} ms`);
      }
      const mixed = Object.values(sets).flat();
      let k = 0;
      log(`Throughput at ${concurrency} clients…`);
      const tpService = await closedLoop(concurrency, duration, () => service(mixed[k++ % mixed.length]!));
      const tpRaw = await closedLoop(concurrency, duration, () => raw(mixed[k++ % mixed.length]!));

      // HTTP on the real server.
      log('HTTP API (real server, GET /api/v2/search?type=statuses)…');
      const srv = await startServer(
        { DATABASE_URL: world.url, COMPTOIR_DATA: path.join(benchData, 'server-media') },
        log,
      );
      const seqHttp = new Map<string, Stats>();
      let tpHttp: Stats;
      try {
        const http = httpGetter(srv.port, Math.max(concurrency, 1));
        try {
          const get = async (q: string) => {
            const res = await http.get(`/api/v2/search?type=statuses&limit=20&q=${encodeURIComponent(q)}`, {});
            if (res.status !== 200) throw new Error(`${res.status}: ${res.body.slice(0, 200)}`);
          };
          const probe = await http.get(`/api/v2/search?type=statuses&q=${encodeURIComponent(sets['1 word'][0]!)}`, {});
          if (probe.status !== 200)
            throw new Error(`GET /api/v2/search answered ${probe.status}: ${probe.body.slice(0, 300)}`);
          for (const q of mixed.slice(0, 60)) await get(q);
          for (const [name, qs] of Object.entries(sets)) seqHttp.set(name, await sequential(qs, duration, get));
          tpHttp = await closedLoop(concurrency, duration, () => get(mixed[k++ % mixed.length]!));
        } finally {
          http.close();
        }
      } finally {
        await srv.stop();
      }

      log(
        `\nResults (PostgreSQL ${shape!.version}, ${shape!.searchable.toLocaleString('en')} searchable posts, limit 20, relevance over the newest ${RELEVANCE_POOL} matches; ${duration} s per row):`,
      );
      const header = [
        'query class',
        'service p50',
        'service p95',
        'HTTP p50',
        'HTTP p95',
        'raw p50',
        'raw p95',
        'service/raw p50',
      ];
      const rows = Object.keys(sets).map((name) => {
        const s = seqService.get(name)!;
        const h = seqHttp.get(name)!;
        const r = seqRaw.get(name)!;
        return [
          name,
          fmt(s.p50),
          fmt(s.p95),
          fmt(h.p50),
          fmt(h.p95),
          fmt(r.p50),
          fmt(r.p95),
          `${fmt(s.p50 / r.p50, 2)}×`,
        ];
      });
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) =>
        `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
      log(line(header));
      log(line(widths.map((w) => '-'.repeat(w))));
      for (const row of rows) log(line(row));
      log(`\nThroughput, ${concurrency} clients, mixed queries (ms):`);
      for (const [name, st] of [
        ['raw indexed skeleton (pool of 10)', tpRaw],
        ['search service', tpService],
        ['HTTP API /api/v2/search', tpHttp!],
      ] as const) {
        log(
          `  ${name.padEnd(32)} ${fmt(st.rate).padStart(8)} q/s   p50 ${fmt(st.p50).padStart(6)}   p95 ${fmt(st.p95).padStart(6)}   errors ${st.errors}   ${name.startsWith('raw') ? '' : `${fmt((100 * st.rate) / tpRaw.rate, 0)} % of raw`}`,
        );
      }
      const worst = Math.max(...[...seqService.values()].map((s) => s.p95));
      log(
        `\nTarget p95 <= 50 ms (service, one client): worst class ${fmt(worst)} ms — ${worst <= 50 ? 'met' : 'NOT met'}`,
      );
    } finally {
      await database.close();
    }
  } finally {
    await stopPostgres();
  }
}
