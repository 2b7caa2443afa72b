/**
 * `npm run bench -- pages [--pg] [--readers 20] [--duration 30] [--cold] [--server-args=--max-old-space-size=256]`
 *
 * The server-rendered pages a logged-out reader opens first, on the demo world: the home page
 * (`/`), product pages, brand pages (`/@brand`) and searches, several of each picked from the
 * world itself (the home page's links, words of its product titles). `--readers` keep-alive
 * clients in a closed loop, each cycling through the URLs; p50/p95 per kind of page and overall,
 * against `GET /health` over the same connections in the same run (its rate is the ceiling the
 * pages' rate is a ratio of). Target (issue 18): p95 <= 50 ms per page and overall.
 *
 * PGlite by default (bench/.data/pages-demo-pglite, built by the server on first start and kept);
 * `--pg`: a database on the bench cluster (bench/pg.ts), filled by the server when empty.
 * `--cold`: the same run again with the render cache off (COMPTOIR_PAGE_CACHE_MB=0), so the figures
 * of a cache miss show too. Memory: the resident set after start and after the run, and the JS heap
 * after start (read from a first start of the same build, stopped before the measured one: a heap
 * snapshot leaves its writer bigger) against the heap after the run (bench/heap.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchDb, readStatements, resetStatements } from './commerce';
import { heapCheckpoint, heapNodeArgs, printHeapComparison, settledResident } from './heap';
import { closedLoop, httpGetter, int, summarize, type Stats } from './load';
import { benchDatabase } from './pg';
import { startServer, type ServerProcess } from './server';
import { benchData } from './world';

const log = (line: string) => console.log(line);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const TARGET_P95_MS = 50;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

type Kind = 'home' | 'product' | 'brand' | 'search';
type Target = { kind: Kind; path: string };

/** Picks the pages from the demo world as a reader finds them: the home page's links. */
async function pickPages(port: number): Promise<Target[]> {
  const { get, close } = httpGetter(port, 1);
  try {
    const home = await get('/', { 'accept-language': 'fr' });
    if (home.status !== 200) throw new Error(`GET / answered ${home.status}`);
    const unique = (re: RegExp) => [...new Set([...home.body.matchAll(re)].map((m) => m[1]!))];
    const products = unique(/href="(\/@[\w.-]+\/products\/[0-9a-f-]{36})"/g).slice(0, 6);
    const brands = unique(/href="(\/@[\w.-]+)"/g).slice(0, 4);
    // Words of the products' titles, as a reader would type them: they find products and posts.
    const titles = unique(/class="[^"]*product[^"]*"[^>]*>\s*([^<]{4,80})</g);
    const words = [
      ...new Set(
        titles.flatMap((t) => t.toLowerCase().match(/\p{L}{5,}/gu) ?? []).filter((w) => !/^(https?)$/.test(w)),
      ),
    ].slice(0, 4);
    if (words.length === 0) words.push('café', 'savon');
    if (products.length === 0 || brands.length === 0) throw new Error('the home page links no product or brand');
    return [
      { kind: 'home', path: '/' },
      ...products.map((p) => ({ kind: 'product' as const, path: p })),
      ...brands.map((b) => ({ kind: 'brand' as const, path: b })),
      ...words.map((w) => ({ kind: 'search' as const, path: `/search?q=${encodeURIComponent(w)}` })),
    ];
  } finally {
    close();
  }
}

type Run = { health: Stats; all: Stats; byKind: Map<Kind, Stats> };

async function measure(server: ServerProcess, targets: Target[], readers: number, seconds: number): Promise<Run> {
  const { get, close } = httpGetter(server.port, readers);
  const headers = { 'accept-language': 'fr' };
  try {
    // Every page once (warm-up: code paths compiled, the database's pages in memory), checked.
    for (const t of targets) {
      const r = await get(t.path, headers);
      if (r.status !== 200) throw new Error(`${t.path} answered ${r.status}`);
    }
    const health = await closedLoop(readers, Math.min(10, seconds), async () => {
      const r = await get('/health', {});
      if (r.status !== 200) throw new Error(`/health ${r.status}`);
    });
    const latencies = new Map<Kind, number[]>();
    const errors = new Map<Kind, number>();
    let next = 0;
    const started = performance.now();
    const all = await closedLoop(readers, seconds, async () => {
      const t = targets[next++ % targets.length]!;
      const t0 = performance.now();
      const r = await get(t.path, headers);
      if (r.status !== 200) {
        errors.set(t.kind, (errors.get(t.kind) ?? 0) + 1);
        throw new Error(`${t.path} ${r.status}`);
      }
      let list = latencies.get(t.kind);
      if (!list) latencies.set(t.kind, (list = []));
      list.push(performance.now() - t0);
    });
    const elapsed = (performance.now() - started) / 1000;
    const byKind = new Map<Kind, Stats>();
    for (const kind of ['home', 'product', 'brand', 'search'] as const)
      byKind.set(kind, summarize(latencies.get(kind) ?? [], errors.get(kind) ?? 0, elapsed));
    return { health, all, byKind };
  } finally {
    close();
  }
}

function print(label: string, run: Run, readers: number) {
  const mark = (p95: number) => (p95 <= TARGET_P95_MS ? 'met' : 'MISSED');
  log(`\n${label} (${readers} readers; load average ${load()})`);
  log(`  GET /health: ${fmt(run.health.rate, 0)} req/s, p95 ${fmt(run.health.p95, 2)} ms (the ceiling)`);
  log('  page      pages/s   p50 ms   p95 ms   p99 ms  errors  target p95 <= 50 ms');
  const row = (name: string, s: Stats) =>
    log(
      `  ${name.padEnd(8)} ${fmt(s.rate, 0).padStart(8)} ${fmt(s.p50, 1).padStart(8)} ${fmt(s.p95, 1).padStart(8)} ${fmt(s.p99, 1).padStart(8)} ${String(s.errors).padStart(7)}  ${mark(s.p95)}`,
    );
  for (const [kind, s] of run.byKind) row(kind, s);
  row('all', run.all);
  log(`  ratio: ${fmt((100 * run.all.rate) / run.health.rate, 1)} % of /health's rate`);
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      pg: { type: 'boolean', default: false },
      readers: { type: 'string' },
      duration: { type: 'string' },
      cold: { type: 'boolean', default: false },
      'server-args': { type: 'string' },
    },
  });
  const readers = int(values.readers, 20, 'readers');
  const seconds = int(values.duration, 30, 'duration');
  // Node options added to the app server's (to compare a flag against `npm start`'s own).
  const nodeArgs = [...heapNodeArgs, ...(values['server-args'] ?? '').split(/\s+/).filter(Boolean)];
  let env: Record<string, string | undefined>;
  let stopDatabase = async () => {};
  if (values.pg) {
    const database = await benchDatabase('comptoir_pages_demo');
    stopDatabase = database.stop;
    env = { DATABASE_URL: database.url };
    log(`PostgreSQL database ${database.fresh ? '(new: the server builds the demo world)' : '(reused)'}`);
  } else {
    const folder = path.join(benchData, 'pages-demo-pglite');
    const fresh = !fs.existsSync(folder);
    fs.mkdirSync(benchData, { recursive: true });
    env = { COMPTOIR_DATA: folder };
    log(`PGlite folder ${folder}${fresh ? ' (new: the server builds the demo world)' : ''}`);
  }
  try {
    for (const cold of values.cold ? [false, true] : [false]) {
      const serverEnv = { ...env, COMPTOIR_PAGE_CACHE_MB: cold ? '0' : undefined };
      // Writing a heap snapshot leaves its writer 150-400 MB bigger for good (bench/heap.ts), which
      // would count in the resident set after the run. So the heap after start is read from a first
      // start of the same build on the same database, stopped before the measured server starts.
      const first = await startServer(serverEnv, log, { demo: true, nodeArgs });
      let before: Awaited<ReturnType<typeof heapCheckpoint>>;
      try {
        await waitForDemo(first.port);
        await settledResident(first, log, 'after a first start (heap snapshot server)');
        before = await heapCheckpoint(first, 'after start');
      } finally {
        await first.stop();
      }
      const server = await startServer(serverEnv, log, { demo: true, nodeArgs });
      try {
        await waitForDemo(server.port);
        await settledResident(server, log, 'after start (the measured server, no heap snapshot)');
        const targets = await pickPages(server.port);
        log(`  ${targets.length} pages: ${targets.map((t) => t.path).join(' ')}`);
        if (values.pg && !cold) await statementsPerPage(server.port, targets, env.DATABASE_URL!);
        const run = await measure(server, targets, readers, seconds);
        print(
          `${values.pg ? 'PostgreSQL' : 'PGlite'}, ${cold ? 'no render cache (--cold)' : 'render cache on'}`,
          run,
          readers,
        );
        await settledResident(server, log, `after ${seconds} s of pages (no heap snapshot taken before)`);
        const after = await heapCheckpoint(server, `after ${seconds} s of pages`);
        printHeapComparison(before, after, log);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await stopDatabase();
  }
}

/** The demo world may still be building when the server first answers: wait for the home page. */
async function waitForDemo(port: number) {
  const started = Date.now();
  for (;;) {
    const home = await fetch(`http://127.0.0.1:${port}/`).then(
      async (r) => (r.status === 200 ? await r.text() : ''),
      () => '',
    );
    if (/\/products\/[0-9a-f-]{36}/.test(home)) return;
    if (Date.now() - started > 600_000) throw new Error('the demo world was not ready within 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * PostgreSQL: what one cache miss of each kind of page costs the database (pg_stat_statements),
 * each page asked once with a query parameter the cache does not know (so it renders).
 */
async function statementsPerPage(port: number, targets: Target[], url: string) {
  const target = { kind: 'pg', url } as BenchDb;
  const { get, close } = httpGetter(port, 1);
  try {
    log('  statements per page on a cache miss (pg_stat_statements, server side):');
    for (const kind of ['home', 'product', 'brand', 'search'] as const) {
      const pages = targets.filter((t) => t.kind === kind);
      if (!(await resetStatements(target))) return;
      for (const t of pages)
        await get(`${t.path}${t.path.includes('?') ? '&' : '?'}_miss=1`, { 'accept-language': 'fr' });
      const rows = (await readStatements(target)).filter((r) => !/pg_stat_statements/.test(r.query));
      const calls = rows.reduce((n, r) => n + r.calls, 0);
      const ms = rows.reduce((n, r) => n + r.total_ms, 0);
      log(
        `    ${kind.padEnd(8)} ${fmt(calls / pages.length, 1)} statements, ${fmt(ms / pages.length, 2)} ms of execution per page`,
      );
    }
  } finally {
    close();
  }
}
