/**
 * `npm run bench -- memory [--seconds 60] [--concurrency 10] [--only pglite|pg] [--keep] [--flags "--v8-flag ..."]`
 *
 * A small shop in a small memory, and a quick start (issue 18, targets 4 and 5), on the built
 * server that `npm start` runs:
 *  (a) a fresh embedded folder: the build a fresh clone's `npm start` makes, the time to the first
 *      HTTP answer, the time until the demo world is ready, the resident set after start;
 *  (b) the server restarted on that folder (the world already there): resident set and peak after
 *      start, where the memory is (anonymous pages, JavaScript heap by constructor), and the same
 *      after `--seconds` of readers on the home, brand, product and search pages and the public
 *      timeline API, with a heap snapshot comparison;
 *  (c) the same restart and load on PostgreSQL (the benchmark cluster, bench/pg.ts) with the demo
 *      world: the app node's resident set.
 * The embedded folder is made afresh at each run (it is the measured thing) and deleted after,
 * unless `--keep`; the PostgreSQL database `bench_memory_demo` is kept for later runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeCheckpoint,
  heapCheckpoint,
  heapNodeArgs,
  printHeapComparison,
  printHeapTop,
  settledResident,
} from './heap';
import { closedLoop, httpGetter, int, type Stats } from './load';
import { benchDatabase } from './pg';
import { cpuMsOf, startServer, type ServerProcess } from './server';
import { benchData, benchRoot } from './world';

const TARGET_PGLITE_MB = 450;
const TARGET_PG_MB = 200;
const TARGET_START_S = 15;

const log = (line: string) => console.log(line);
const extraFlags: string[] = [];
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      // Extra node flags for the server, to try a setting before putting it in package.json's start.
      flags: { type: 'string' },
    },
  });
  const seconds = int(values.seconds, 60, 'seconds');
  const concurrency = int(values.concurrency, 10, 'concurrency');
  const only = values.only;
  extraFlags.push(...(values.flags?.split(/\s+/).filter(Boolean) ?? []));
  if (only && only !== 'pglite' && only !== 'pg') throw new Error('--only is pglite or pg');
  log(`memory and start; load average at start ${load()} (${os.cpus().length} CPUs)`);
  const results: string[] = [];
  if (only !== 'pg') results.push(...(await embedded(seconds, concurrency, values.keep)));
  if (only !== 'pglite') results.push(...(await postgres(seconds, concurrency)));
  log('\nsummary (targets of issue 18, 4 and 5):');
  for (const line of results) log(`  ${line}`);
  log(`load average at the end ${load()}`);
}

async function embedded(seconds: number, concurrency: number, keep: boolean): Promise<string[]> {
  const folder = path.join(benchData, 'memory-pglite');
  fs.rmSync(folder, { recursive: true, force: true });
  const env = { COMPTOIR_DATA: folder };
  const out: string[] = [];
  log('\n(a) a fresh embedded folder, as `npm start` on a fresh clone: build, then start');
  const root = path.resolve(benchRoot, '..');
  const t0 = Date.now();
  const cpu0 = cpuMsOf(process.pid, true);
  execFileSync(process.execPath, ['scripts/build.mjs', '--force'], { cwd: root, stdio: 'inherit' });
  const buildMs = Date.now() - t0;
  const buildCpuMs = cpuMsOf(process.pid, true) - cpu0;
  let server = await startServer(env, log, {
    demo: true,
    nodeArgs: [...extraFlags, ...heapNodeArgs],
    timeoutMs: 1_200_000,
  });
  try {
    const first = (buildMs + server.firstAnswerMs) / 1000;
    const firstCpu = (buildCpuMs + server.firstAnswerCpuMs) / 1000;
    log(
      `  build ${(buildMs / 1000).toFixed(1)} s (CPU ${(buildCpuMs / 1000).toFixed(1)} s), first HTTP answer ${(server.firstAnswerMs / 1000).toFixed(1)} s after the spawn (CPU ${(server.firstAnswerCpuMs / 1000).toFixed(1)} s), demo world ready after ${(server.readyMs / 1000).toFixed(1)} s (load ${load()})`,
    );
    out.push(
      `start (5): build + first answer ${first.toFixed(1)} s, of which CPU ${firstCpu.toFixed(1)} s (what an idle machine would take) (target ≤ ${TARGET_START_S} s on an idle machine: ${verdict(first <= TARGET_START_S || firstCpu <= TARGET_START_S)}); demo world ready in ${(server.readyMs / 1000).toFixed(0)} s; load ${load()}`,
    );
    await settledResident(server, log, 'after first start');
    const fresh = await heapCheckpoint(server, 'after first start', { snapshot: false });
    log(`  after first start: ${describeCheckpoint(fresh)}`);
    out.push(
      `PGlite, first start with the demo world built: ${fresh.rssMb.toFixed(0)} MB resident (target ≤ ${TARGET_PGLITE_MB}: ${verdict(fresh.rssMb <= TARGET_PGLITE_MB)})`,
    );
  } finally {
    await server.stop();
  }

  log('\n(b) the server restarted on that folder (the demo world already there)');
  server = await startServer(env, log, { demo: true, nodeArgs: [...extraFlags, ...heapNodeArgs] });
  try {
    const m = await measureNode(server, seconds, concurrency, 'after restart');
    out.push(
      `PGlite, restart: ${m.started.rssMb.toFixed(0)} MB resident after start (peak ${m.started.peakMb.toFixed(0)}), ${m.loaded.rssMb.toFixed(0)} MB after ${seconds} s of readers (highest sample ${m.peakMb.toFixed(0)}; ${m.stats.rate.toFixed(0)} req/s) (target ≤ ${TARGET_PGLITE_MB}: ${verdict(Math.max(m.started.rssMb, m.loaded.rssMb) <= TARGET_PGLITE_MB)})`,
    );
  } finally {
    await server.stop();
    if (!keep) fs.rmSync(folder, { recursive: true, force: true });
  }
  return out;
}

async function postgres(seconds: number, concurrency: number): Promise<string[]> {
  log('\n(c) PostgreSQL (the benchmark cluster) with the demo world');
  const database = await benchDatabase('bench_memory_demo');
  const env = { DATABASE_URL: database.url };
  try {
    if (database.fresh) {
      log('  a new database: the demo world is built by a first start (in the server process on PostgreSQL)');
      const builder = await startServer(env, log, { demo: true, nodeArgs: extraFlags, timeoutMs: 1_200_000 });
      log(`  built: ${describeCheckpoint(await heapCheckpoint(builder, 'after the build'))}`);
      await builder.stop();
    }
    const server = await startServer(env, log, { demo: true, nodeArgs: [...extraFlags, ...heapNodeArgs] });
    try {
      const m = await measureNode(server, seconds, concurrency, 'after start');
      const worst = Math.max(m.started.peakMb, m.peakMb, m.loaded.rssMb);
      return [
        `PostgreSQL app node: ${m.started.rssMb.toFixed(0)} MB resident after start (peak ${m.started.peakMb.toFixed(0)}), ${m.loaded.rssMb.toFixed(0)} MB after ${seconds} s of readers (highest sample ${m.peakMb.toFixed(0)}; ${m.stats.rate.toFixed(0)} req/s) (target ≤ ${TARGET_PG_MB}, peak included: ${verdict(worst <= TARGET_PG_MB)})`,
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await database.stop();
  }
}

/**
 * The resident set after start and after `seconds` of readers, taken without heap snapshots (a
 * snapshot leaves the process bigger: bench/heap.ts); then where the heap is, and whether it grows:
 * a snapshot, `seconds / 2` more of readers, another snapshot and their comparison.
 */
async function measureNode(server: ServerProcess, seconds: number, concurrency: number, label: string) {
  await settledResident(server, log, label);
  const started = await heapCheckpoint(server, label, { snapshot: false });
  log(`  ${label}: ${describeCheckpoint(started)}`);
  const { stats, peakMb } = await readers(server, seconds, concurrency);
  await settledResident(server, log, `after ${seconds} s of readers`);
  const loaded = await heapCheckpoint(server, `after ${seconds} s of readers`, { snapshot: false });
  log(`  after the readers: ${describeCheckpoint(loaded)}`);
  const before = await heapCheckpoint(server, 'after the readers');
  log(`  snapshot: ${describeCheckpoint(before)}`);
  printHeapTop(before, log);
  const more = Math.max(1, Math.round(seconds / 2));
  await readers(server, more, concurrency);
  await settledResident(server, log, `after ${more} s more`);
  const after = await heapCheckpoint(server, `${more} s more`);
  log(`  snapshot: ${describeCheckpoint(after)}`);
  printHeapComparison(before, after, log);
  return { started, loaded, stats, peakMb };
}

/**
 * `concurrency` anonymous readers for `seconds` on what a visitor opens: the home, brand and
 * product pages found on it, a search, the public timeline API; the resident set sampled meanwhile.
 */
async function readers(
  server: ServerProcess,
  seconds: number,
  concurrency: number,
): Promise<{ stats: Stats; peakMb: number }> {
  const http = httpGetter(server.port, concurrency);
  try {
    const home = await http.get('/', { accept: 'text/html' });
    const found = (re: RegExp) => [...new Set([...home.body.matchAll(re)].map((m) => m[0]))];
    const products = found(/\/@[\w.-]+\/products\/[\w-]+/g).slice(0, 20);
    const profiles = found(/\/@[\w.-]+(?=")/g).slice(0, 10);
    const paths = [
      '/',
      '/api/v1/timelines/public?limit=20',
      '/search?q=caf%C3%A9',
      '/search?q=savon',
      ...products,
      ...profiles,
    ];
    log(
      `  readers: ${concurrency} for ${seconds} s over ${paths.length} paths (${products.length} products, ${profiles.length} profiles)`,
    );
    let peakMb = 0;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, server.memory().rssMb)), 250);
    let next = 0;
    const cpu0 = cpuMsOf(server.pid);
    const stats = await closedLoop(concurrency, seconds, async () => {
      const target = paths[next++ % paths.length]!;
      const { status } = await http.get(target, {
        accept: target.startsWith('/api/') ? 'application/json' : 'text/html',
      });
      if (status >= 500) throw new Error(`${target}: ${status}`);
    }).finally(() => clearInterval(sampler));
    // The server's CPU per request: what a memory setting costs (garbage collection) whatever the load.
    const cpuPerRequest = (cpuMsOf(server.pid) - cpu0) / Math.max(1, stats.requests);
    log(
      `  ${stats.requests} requests, ${stats.rate.toFixed(1)} req/s, p95 ${stats.p95.toFixed(0)} ms, ${stats.errors} errors, server CPU ${cpuPerRequest.toFixed(1)} ms per request (load ${load()})`,
    );
    return { stats, peakMb };
  } finally {
    http.close();
  }
}
