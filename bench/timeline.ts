/**
 * `npm run bench -- timeline [--accounts N] [--posts M] [--follows F] [--seed S] [--pg]
 *                            [--duration S] [--concurrency 1,50] [--viewers V] [--explain] [--profile]`
 *
 * Home-timeline reads, three ways, at each concurrency:
 *  - HTTP API: `GET /api/v1/timelines/home?limit=20` on the real server (a child process, so its
 *    peak memory is its own), bearer tokens of random accounts, fully hydrated Mastodon JSON;
 *  - pipeline: the same skeleton -> hydrate -> rules -> present in this process, without HTTP;
 *  - raw: only the skeleton query ("20 newest posts of the followed accounts by index", the very
 *    SQL of homeSkeleton), straight on the database: in-process for PGlite (one connection), a
 *    pool of 10 for PostgreSQL.
 * The world is built once per parameters (bench/.data/) and reused: pending migrations are applied
 * to it (as the server would on start) and it is vacuumed before the runs, so the covering index
 * statuses (account_id, id) INCLUDE (visibility, in_reply_to_account_id, reblog_of_id) serves
 * index-only scans.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createAppContext } from '../src/boot';
import { loadConfig } from '../src/config';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { createHttpApp } from '../src/http/app';
import { routeModules } from '../src/http/routes';
import { newToken, sha256 } from '../src/lib/crypto';
import { homeSkeleton, loadVisible, presentStatuses } from '../src/modules/social';
import { profileTables, summarizeProfile } from './cpuprofile';
import { captureSql } from './capture';
import { closedLoop, httpGetter, int, type Stats } from './load';
import { startBenchPostgres } from './pg';
import { startServer } from './server';
import {
  benchData,
  benchRoot,
  pgliteWorld,
  prepareWorld,
  serverWorld,
  urlWorld,
  worldOptions,
  worldParams,
  type World,
} from './world';

const log = (line: string) => console.log(line);

async function openWorld(world: World, poolSize = 10): Promise<Database> {
  return world.kind === 'pglite' ? openPglite(world.dataDir) : openPostgres(world.url, poolSize);
}

/** Counts the statements the database receives while `work` runs. */
async function countQueries(database: Database, work: () => Promise<unknown>): Promise<number> {
  const client = (database.db as unknown as { $client: Record<string, (...args: unknown[]) => unknown> }).$client;
  const methods = database.kind === 'pglite' ? ['query', 'exec'] : ['query'];
  const originals = methods.map((m) => client[m]!);
  let n = 0;
  methods.forEach((m, i) => {
    client[m] = function (this: unknown, ...args: unknown[]) {
      n++;
      return originals[i]!.apply(this, args);
    };
  });
  try {
    await work();
  } finally {
    methods.forEach((m, i) => (client[m] = originals[i]!));
  }
  return n;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...worldOptions,
      pg: { type: 'boolean', default: false },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      viewers: { type: 'string' },
      explain: { type: 'boolean', default: false },
      // The API server's CPU profile over its runs (node --cpu-prof), by layer and function.
      profile: { type: 'boolean', default: false },
    },
  });
  const params = worldParams(values);
  const duration = int(values.duration, 15, 'duration');
  const levels = (values.concurrency ?? '1,50').split(',').map((c) => int(c.trim(), 1, 'concurrency'));
  const viewerCount = int(values.viewers, 1000, 'viewers');

  log(
    `Home timeline benchmark — ${params.accounts.toLocaleString('en')} accounts, ${params.posts.toLocaleString('en')} posts, ${params.follows} follows each`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load generator, server and database share them; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  let stopPostgres = async () => {};
  let world: World;
  if (values.pg) {
    if (process.env.DATABASE_URL) {
      log('Database: the PostgreSQL server named by DATABASE_URL');
      world = await urlWorld(process.env.DATABASE_URL, params, log);
    } else {
      const server = await startBenchPostgres(path.join(benchData, 'pg'));
      stopPostgres = server.stop;
      const [version] = await (async () => {
        const d = await openPostgres(server.adminUrl, 1);
        try {
          return await queryRows<{ v: string }>(d.db, sql`select current_setting('server_version') as v`);
        } finally {
          await d.close();
        }
      })();
      log(`Database: PostgreSQL ${version?.v} (bench cluster in bench/.data/pg)`);
      world = await serverWorld(server.adminUrl, params, log);
    }
  } else {
    log('Database: PGlite (embedded, in-process)');
    world = await pgliteWorld(params, log);
  }
  if (!world.built) log(`World ${world.key}: reused from an earlier run`);

  try {
    // Viewers, their tokens, and what one request costs in queries.
    let database = await openWorld(world);
    // A run stopped midway under an older version of this benchmark may have left its trial index.
    await queryRows(database.db, sql`drop index if exists bench_statuses_home_cover`);
    const t1 = performance.now();
    const applied = await prepareWorld(database);
    log(
      `${applied ? `Applied ${applied} pending migration(s) to the world, then vacuumed it` : 'World schema up to date; vacuumed'} (${((performance.now() - t1) / 1000).toFixed(1)} s)`,
    );

    const viewers = await queryRows<{ id: string }>(
      database.db,
      sql`select id from accounts where following_count > 0 order by random() limit ${viewerCount}`,
    );
    if (viewers.length === 0) throw new Error('The world has no account that follows anyone');
    const tokens = viewers.map(() => newToken());
    const tokenRows = viewers.map((v, i) => ({ token_hash: sha256(tokens[i]!), account_id: v.id }));
    await queryRows(
      database.db,
      sql`insert into oauth_tokens (token_hash, account_id, scopes)
          select r.token_hash, r.account_id, 'read' from json_to_recordset(${JSON.stringify(tokenRows)}::json) as r(token_hash text, account_id uuid)`,
    );
    const [shape] = await queryRows<{ statuses: number; follows: number; avg_following: number }>(
      database.db,
      sql`select (select count(*) from statuses)::int as statuses, (select count(*) from follows)::int as follows,
                 (select avg(following_count) from accounts)::float8 as avg_following`,
    );
    log(
      `World: ${shape!.statuses.toLocaleString('en')} statuses, ${shape!.follows.toLocaleString('en')} follows (${fmt(shape!.avg_following)} per account on average)`,
    );

    const skeletonSql = await captureSql((db) => homeSkeleton(db, viewers[0]!.id, { limit: 20 }));
    if (values.explain) {
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        database.db,
        sql`explain (analyze, buffers) ${skeletonSql}`,
      );
      log('\nEXPLAIN ANALYZE of the home skeleton for one viewer:');
      for (const row of plan) log(`  ${row['QUERY PLAN']}`);
    }

    const config = {
      ...loadConfig({
        ...process.env,
        COMPTOIR_DEMO: '0',
        COMPTOIR_URL: 'http://127.0.0.1:3000',
        COMPTOIR_DATA: path.join(benchData, 'media'),
        // One access-log line per request would be written while the bench measures.
        LOG_LEVEL: 'warn',
      }),
    };
    const ctx = await createAppContext(config, database);
    const app = createHttpApp(ctx, routeModules);
    const request = async () =>
      app.request('/api/v1/timelines/home?limit=20', { headers: { authorization: `Bearer ${tokens[0]}` } });
    const probe = await request();
    if (probe.status !== 200)
      throw new Error(`GET /api/v1/timelines/home answered ${probe.status}: ${await probe.text()}`);
    const perRequest = await countQueries(database, request);
    const pipeline = async (viewerId: string) => {
      const ids = await homeSkeleton(ctx.db, viewerId, { limit: 20 });
      const { hydrated, ids: visible } = await loadVisible(ctx, viewerId, ids);
      return JSON.stringify(presentStatuses(ctx.config, hydrated, visible));
    };
    const perPipeline = await countQueries(database, () => pipeline(viewers[0]!.id));
    log(
      `Queries per request: ${perRequest} through HTTP (token and account lookups included), ${perPipeline} for skeleton + hydrate`,
    );
    await ctx.events.close();
    if (world.kind === 'pglite') await database.close(); // the server takes the folder's lock

    // 1. The HTTP API on the real server.
    const serverEnv =
      world.kind === 'pglite'
        ? { COMPTOIR_DATA: world.dataDir }
        : { DATABASE_URL: world.url, COMPTOIR_DATA: path.join(benchData, 'server-media') };
    log('\nHTTP API…');
    const profileDir = path.join(benchData, 'profiles', `timeline-${process.pid}`);
    const profileArgs = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'];
    const server = await startServer(serverEnv, log, { nodeArgs: values.profile ? profileArgs : [] });
    const spawnedAt = Date.now() - server.readyMs;
    const window = { fromMs: 0, toMs: 0 };
    const api = new Map<number, Stats>();
    let memory = { peakMb: NaN, rssMb: NaN };
    let idleMb = NaN;
    try {
      idleMb = server.memory().rssMb;
      const pickToken = () => tokens[Math.floor(Math.random() * tokens.length)]!;
      const path = '/api/v1/timelines/home?limit=20';
      // A fresh connection pool per run: sockets left idle by a previous run may have been closed by the server.
      const withClients = async <T>(n: number, work: (get: () => Promise<void>) => Promise<T>): Promise<T> => {
        const http = httpGetter(server.port, n);
        try {
          return await work(async () => {
            const res = await http.get(path, { authorization: `Bearer ${pickToken()}` });
            if (res.status !== 200) throw new Error(String(res.status));
          });
        } finally {
          http.close();
        }
      };
      const check = httpGetter(server.port, 1);
      const first = await check.get(path, { authorization: `Bearer ${pickToken()}` });
      check.close();
      const body = JSON.parse(first.body) as unknown[];
      if (first.status !== 200 || !Array.isArray(body))
        throw new Error(`Unexpected answer ${first.status}: ${first.body.slice(0, 300)}`);
      await withClients(Math.max(...levels), (get) => closedLoop(Math.max(...levels), Math.min(5, duration), get)); // warm-up: JIT, caches
      window.fromMs = Date.now() - spawnedAt;
      for (const c of levels) {
        api.set(c, await withClients(c, (get) => closedLoop(c, duration, get)));
        log(`  ${c} concurrent: ${fmt(api.get(c)!.rate)} req/s`);
      }
      window.toMs = Date.now() - spawnedAt;
      memory = server.memory();
    } finally {
      await server.stop();
    }
    if (values.profile)
      printProfile(
        profileDir,
        window,
        [...api.values()].reduce((n, stats) => n + stats.requests, 0),
      );

    // 2. In-process pipeline and 3. raw skeleton query, on the same data.
    if (world.kind === 'pglite') database = await openWorld(world);
    const randomViewer = () => viewers[Math.floor(Math.random() * viewers.length)]!.id;
    const ctx2 = { db: database.db, config };
    const pipelineStats = new Map<number, Stats>();
    const raw = new Map<number, Stats>();
    log('In-process pipeline (no HTTP)…');
    const pipelineRun = async () => {
      const viewerId = randomViewer();
      const ids = await homeSkeleton(ctx2.db, viewerId, { limit: 20 });
      const { hydrated, ids: visible } = await loadVisible(ctx2, viewerId, ids);
      JSON.stringify(presentStatuses(config, hydrated, visible));
    };
    await closedLoop(Math.max(...levels), Math.min(3, duration), pipelineRun);
    for (const c of levels) pipelineStats.set(c, await closedLoop(c, duration, pipelineRun));
    log('Raw skeleton query…');
    const rawRun = async () => {
      await homeSkeleton(database.db, randomViewer(), { limit: 20 });
    };
    await closedLoop(Math.max(...levels), Math.min(3, duration), rawRun);
    for (const c of levels) raw.set(c, await closedLoop(c, duration, rawRun));

    await queryRows(
      database.db,
      sql`delete from oauth_tokens where token_hash in (select r.h from json_to_recordset(${JSON.stringify(tokenRows.map((t) => ({ h: t.token_hash })))}::json) as r(h text))`,
    );
    await database.close();

    // The table.
    const kind = world.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    log(`\nResults (${kind}, ${duration} s per row, ${viewers.length} random viewers, limit=20):`);
    // Issue 18: the API at least this share of the raw skeleton's rate at 50 clients, in the same run.
    const target = world.kind === 'pglite' ? 35 : 50;
    const header = ['what', 'clients', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors'];
    const rows: string[][] = [];
    for (const c of levels) {
      const a = api.get(c)!;
      const p = pipelineStats.get(c)!;
      const r = raw.get(c)!;
      rows.push([
        'HTTP API, hydrated JSON',
        String(c),
        fmt(a.rate),
        fmt(a.p50),
        fmt(a.p95),
        fmt(a.p99),
        String(a.errors),
      ]);
      rows.push(['pipeline in-process', String(c), fmt(p.rate), fmt(p.p50), fmt(p.p95), fmt(p.p99), String(p.errors)]);
      rows.push([
        `raw skeleton (${world.kind === 'pglite' ? '1 connection' : 'pool of 10'})`,
        String(c),
        fmt(r.rate),
        fmt(r.p50),
        fmt(r.p95),
        fmt(r.p99),
        String(r.errors),
      ]);
      rows.push([
        `API / raw (issue 18 target at 50 clients: >= ${target} %)`,
        String(c),
        `${fmt((100 * a.rate) / r.rate, 0)} %`,
        '',
        '',
        '',
        '',
      ]);
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
    log(line(header));
    log(line(widths.map((w) => '-'.repeat(w))));
    for (const [i, row] of rows.entries()) {
      log(line(row));
      if (i % 4 === 3 && i < rows.length - 1) log('');
    }
    log(
      `\nServer process memory: peak ${fmt(memory.peakMb, 0)} MB resident (VmHWM), ${fmt(memory.rssMb, 0)} MB at the end, ${fmt(idleMb, 0)} MB when ready`,
    );
    log(`Queries per home request: ${perRequest}`);
    for (const c of levels) {
      const ratio = (100 * api.get(c)!.rate) / raw.get(c)!.rate;
      log(
        `API / raw at ${c} client${c > 1 ? 's' : ''}: ${fmt(ratio, 0)} % (target >= ${target} % at 50 clients${c === 50 ? (ratio >= target ? ': met' : ': not met') : ''}); load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      );
    }
  } finally {
    await stopPostgres();
  }
}

/** The API server's CPU during the measured runs (start and warm-up left out), per request. */
function printProfile(dir: string, window: { fromMs: number; toMs: number }, requests: number): void {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) {
    log(`no CPU profile written in ${dir}`);
    return;
  }
  const summary = summarizeProfile(path.join(dir, file), path.resolve(benchRoot, '..'), window.fromMs, window.toMs);
  fs.rmSync(dir, { recursive: true, force: true });
  log(
    `\nAPI server CPU (node --cpu-prof; ${fmt(summary.sampledMs / 1000, 1)} s busy, ${fmt(summary.idleMs / 1000, 1)} s idle):`,
  );
  for (const line of profileTables(summary, { label: 'ms per request', count: Math.max(1, requests) })) log(line);
}
