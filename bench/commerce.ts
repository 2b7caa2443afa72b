/**
 * Shared pieces of the commerce benchmarks (flash-sale, checkout): a fresh database per run on
 * the bench PostgreSQL cluster or in a PGlite folder, buyers made in bulk (account, saved test
 * card, bearer token), an HTTP client for JSON POSTs, a fixed-count load runner, raw single
 * statement rates, CPU accounting of the processes involved, statement profiles
 * (pg_stat_statements) and the statements one order costs, counted in-process.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createAppContext } from '../src/boot';
import { loadConfig } from '../src/config';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { migrate } from '../src/db/migrate';
import { createHttpApp } from '../src/http/app';
import { routeModules } from '../src/http/routes';
import { newToken, sha256 } from '../src/lib/crypto';
import { createAccount, createBrand } from '../src/modules/accounts';
import { summarize, type Stats } from './load';
import { postmasterPid, startBenchPostgres } from './pg';
import { benchData } from './world';

export const log = (line: string) => console.log(line);
export const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–';

export { int } from './load';

export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

// The database ---------------------------------------------------------------------------------

export type BenchDb = {
  kind: 'pg' | 'pglite';
  /** PostgreSQL: the run's database URL; PGlite: the COMPTOIR_DATA folder. */
  url?: string;
  dataDir?: string;
  /** The bench cluster's folder (CPU accounting, pg_stat_statements), when we use it. */
  clusterFolder?: string;
  description: string;
  open(poolSize?: number): Promise<Database>;
  /** Stops the bench cluster if this run started it. */
  stop(): Promise<void>;
};

/**
 * A fresh, migrated database named `bench_<name>`: on the bench cluster (or the server that
 * DATABASE_URL names, whose database is then replaced), or in bench/.data/pglite-<name>.
 * Commerce worlds are small and quick to make, and a sale changes them: each run starts anew.
 */
export async function freshDatabase(name: string, usePglite: boolean, durable = false): Promise<BenchDb> {
  if (usePglite) {
    const dataDir = path.join(benchData, `pglite-${name}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const database = await openPglite(dataDir);
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    return {
      kind: 'pglite',
      dataDir,
      description: 'PGlite (embedded, in the server process)',
      open: () => openPglite(dataDir),
      stop: async () => {},
    };
  }
  let adminUrl: string;
  let stop = async () => {};
  let clusterFolder: string | undefined;
  if (process.env.DATABASE_URL && !durable) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const cluster = await startBenchPostgres(path.join(benchData, durable ? 'pg-durable' : 'pg'), { durable });
    adminUrl = cluster.adminUrl;
    stop = cluster.stop;
    clusterFolder = cluster.folder;
  }
  const url = new URL(adminUrl);
  url.pathname = `/bench_${name.replace(/-/g, '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let version = '';
  try {
    version = (await admin.query('show server_version')).rows[0].server_version;
    await admin.query(`drop database if exists "bench_${name.replace(/-/g, '_')}" with (force)`);
    await admin.query(`create database "bench_${name.replace(/-/g, '_')}" template template0 encoding 'UTF8'`);
  } finally {
    await admin.end();
  }
  const database = await openPostgres(url.toString(), 2);
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  const settings = await (async () => {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      const { rows } = await c.query(
        `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')`,
      );
      return rows.map((r: { name: string; setting: string }) => `${r.name}=${r.setting}`).join(', ');
    } finally {
      await c.end();
    }
  })();
  return {
    kind: 'pg',
    url: url.toString(),
    clusterFolder,
    description: `PostgreSQL ${version} (${durable ? 'durable throwaway cluster in bench/.data/pg-durable' : clusterFolder ? 'bench cluster in bench/.data/pg' : 'DATABASE_URL'}; ${settings})`,
    open: (poolSize = 4) => openPostgres(url.toString(), poolSize),
    stop,
  };
}

/** The same database through the server's Unix socket in /tmp (the bench clusters listen there too). */
export function unixSocketUrl(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username}@/${u.pathname.slice(1)}?host=/tmp&port=${u.port}`;
}

/** The app server's environment on a bench database: PGlite's folder, or the server's URL (TCP or its Unix socket). */
export function appServerEnv(target: BenchDb, mediaDir: string, socket = false): Record<string, string | undefined> {
  return target.kind === 'pglite'
    ? { COMPTOIR_DATA: target.dataDir }
    : { DATABASE_URL: socket ? unixSocketUrl(target.url!) : target.url, COMPTOIR_DATA: mediaDir };
}

// People -----------------------------------------------------------------------------------------

// Made as the cluster tests make them (test/support/cluster.ts).
import { type Buyer, buyers } from '../test/support/cluster';

export type { Buyer };
export const createBuyers = buyers;

/** A person owning a brand (with its default flat-rate shipping), and the owner's bearer token. */
export async function createShop(
  database: Database,
  username: string,
): Promise<{ brandId: string; ownerId: string; ownerToken: string }> {
  const owner = await createAccount(
    { db: database.db },
    { kind: 'person', username: `${username}_owner`, locale: 'fr' },
  );
  const brand = await createBrand({ db: database.db }, owner.id, { username, displayName: 'Maison Éphémère' });
  const ownerToken = newToken();
  await queryRows(
    database.db,
    sql`insert into oauth_tokens (token_hash, account_id, scopes) values (${sha256(ownerToken)}, ${owner.id}, 'read write')`,
  );
  return { brandId: brand.id, ownerId: owner.id, ownerToken };
}

export const shippingAddress = {
  name: 'Camille Martin',
  line1: '12 rue des Lilas',
  postal_code: '69003',
  city: 'Lyon',
  country: 'FR',
};

export const orderBody = (variantId: string, methodId: string) => ({
  lines: [{ variant_id: variantId, quantity: 1 }],
  payment_method_id: methodId,
  shipping_address: shippingAddress,
});

// HTTP -------------------------------------------------------------------------------------------

export type Reply = { status: number; body: string };

/** JSON POSTs over a keep-alive pool of `sockets` connections. */
export function httpClient(port: number, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const request = (method: string, urlPath: string, body: unknown, headers: Record<string, string>) =>
    new Promise<Reply>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: urlPath,
          agent,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  return {
    post: (urlPath: string, body: unknown, headers: Record<string, string>) => request('POST', urlPath, body, headers),
    get: (urlPath: string, headers: Record<string, string>) => request('GET', urlPath, undefined, headers),
    close: () => agent.destroy(),
  };
}

export type Outcome = {
  index: number;
  start: number;
  end: number;
  status: number;
  code: string;
  orderId?: string;
  error?: string;
};

/**
 * Runs `count` operations from `concurrency` workers, each taking the next index as soon as its
 * last one answered (closed loop, fixed count). Stops issuing after `deadlineMs`.
 */
export async function runFixed(
  count: number,
  concurrency: number,
  deadlineMs: number,
  operation: (index: number) => Promise<Reply>,
): Promise<{ outcomes: Outcome[]; seconds: number; timedOut: boolean }> {
  const outcomes: Outcome[] = [];
  let next = 0;
  let timedOut = false;
  const t0 = performance.now();
  const worker = async () => {
    while (next < count) {
      if (performance.now() - t0 > deadlineMs) {
        timedOut = true;
        return;
      }
      const index = next++;
      const start = performance.now();
      try {
        const reply = await operation(index);
        let code = String(reply.status);
        let orderId: string | undefined;
        try {
          const body = JSON.parse(reply.body) as { id?: string; error?: { code?: string } | string };
          if (reply.status === 201) orderId = body.id;
          else if (typeof body.error === 'object' && body.error?.code) code = body.error.code;
        } catch {
          // not JSON: keep the status
        }
        outcomes.push({ index, start: start - t0, end: performance.now() - t0, status: reply.status, code, orderId });
      } catch (error) {
        outcomes.push({
          index,
          start: start - t0,
          end: performance.now() - t0,
          status: 0,
          code: 'network',
          error: (error as Error).message,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { outcomes, seconds: (performance.now() - t0) / 1000, timedOut };
}

/**
 * Warm-up orders through the API (JIT, pools, caches: a server that has been up a while), each
 * with its own key; logs the rate and stops the bench when none is paid.
 */
export async function warmUp(
  client: ReturnType<typeof httpClient>,
  count: number,
  concurrency: number,
  what: string,
  pick: (index: number) => { variantId: string; buyer: Buyer },
) {
  if (count <= 0) return;
  const w = await runFixed(count, concurrency, 120_000, (i) => {
    const { variantId, buyer } = pick(i);
    return client.post('/api/v1/orders', orderBody(variantId, buyer.methodId), {
      authorization: `Bearer ${buyer.token}`,
      'idempotency-key': `warm-${i}`,
    });
  });
  const ok = w.outcomes.filter((o) => o.status === 201).length;
  log(`Warm-up: ${count} ${what}, ${ok} paid, ${fmt(ok / w.seconds)} orders/s`);
  if (ok === 0) throw new Error(`Warm-up orders failed: ${JSON.stringify(w.outcomes.slice(0, 3))}`);
}

export const latencyStats = (outcomes: Outcome[], seconds: number): Stats =>
  summarize(
    outcomes.map((o) => o.end - o.start),
    outcomes.filter((o) => o.status === 0).length,
    seconds,
  );

// Raw statement rates ------------------------------------------------------------------------------

/**
 * One statement (autocommit) as fast as `concurrency` callers can send it over a pool of
 * `poolSize` connections, for `seconds`. PGlite: the one in-process connection.
 */
export async function rawRate(
  target: BenchDb,
  poolSize: number,
  concurrency: number,
  seconds: number,
  statement: string,
  params: () => unknown[],
): Promise<Stats & { poolSize: number }> {
  let run: (text: string, values: unknown[]) => Promise<unknown>;
  let close: () => Promise<void>;
  if (target.kind === 'pg') {
    const pool = new pg.Pool({ connectionString: target.url, max: poolSize });
    pool.on('error', () => {});
    // Open every connection first: the measurement is of statements, not of connecting.
    const clients = await Promise.all(Array.from({ length: poolSize }, () => pool.connect()));
    clients.forEach((c) => c.release());
    run = (text, values) => pool.query(text, values);
    close = () => pool.end();
  } else {
    const database = await openPglite(target.dataDir!);
    const client = (database.db as unknown as { $client: { query(text: string, values: unknown[]): Promise<unknown> } })
      .$client;
    run = (text, values) => client.query(text, values);
    close = () => database.close();
  }
  try {
    const latencies: number[] = [];
    let errors = 0;
    let firstError = '';
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const s = performance.now();
          try {
            await run(statement, params());
            latencies.push(performance.now() - s);
          } catch (error) {
            errors++;
            firstError ||= (error as Error).message;
            if (errors > 100 && latencies.length === 0) throw new Error(`every statement fails: ${firstError}`);
          }
        }
      }),
    );
    if (errors) log(`    (${errors} statements failed: ${firstError})`);
    return { ...summarize(latencies, errors, (performance.now() - t0) / 1000), poolSize };
  } finally {
    await close();
  }
}

// CPU accounting -----------------------------------------------------------------------------------

const TICK = 100; // clock ticks per second (USER_HZ) on Linux

function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime
  } catch {
    return 0;
  }
}

/** The postmaster and every backend it forked (they come and go: read at both ends, keep the sum of what we saw). */
function clusterCpu(folder: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  const root = folder ? postmasterPid(folder) : null;
  if (!root) return out;
  out.set(root, cpuSecondsOf(root));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === root) out.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // gone
    }
  }
  return out;
}

export type CpuSample = { at: number; server: number; cluster: Map<number, number>; self: number; loadavg: string };

export function sampleCpu(serverPid: number, clusterFolder: string | undefined): CpuSample {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    server: cpuSecondsOf(serverPid),
    cluster: clusterCpu(clusterFolder),
    self: (usage.user + usage.system) / 1e6,
    loadavg: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

/** CPU seconds spent between two samples by the app server, PostgreSQL and this load generator. */
export function cpuBetween(a: CpuSample, b: CpuSample) {
  let postgres = 0;
  for (const [pid, end] of b.cluster) postgres += end - (a.cluster.get(pid) ?? 0);
  return { wall: (b.at - a.at) / 1000, server: b.server - a.server, postgres, load: b.self - a.self };
}

// Statement profiles -------------------------------------------------------------------------------

export async function resetStatements(target: BenchDb): Promise<boolean> {
  if (target.kind !== 'pg') return false;
  const c = new pg.Client({ connectionString: target.url });
  await c.connect();
  try {
    await c.query('create extension if not exists pg_stat_statements');
    await c.query('select pg_stat_statements_reset()');
    return true;
  } catch {
    return false; // not preloaded on this server
  } finally {
    await c.end();
  }
}

export type StatementRow = { query: string; calls: number; total_ms: number; mean_ms: number; rows: number };

export async function readStatements(target: BenchDb): Promise<StatementRow[]> {
  const c = new pg.Client({ connectionString: target.url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `select query, calls::int, total_exec_time::float8 as total_ms, mean_exec_time::float8 as mean_ms, rows::int
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
       order by total_exec_time desc`,
    );
    return rows as StatementRow[];
  } finally {
    await c.end();
  }
}

/** A short name for a statement of the checkout path. */
export function statementLabel(text: string): string {
  const q = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const rules: [RegExp, string][] = [
    [/^(begin|commit|rollback)/, 'BEGIN/COMMIT'],
    [/from "oauth_tokens"|from oauth_tokens/, 'auth: token + account'],
    [
      /idempotency_keys/,
      q.startsWith('insert')
        ? 'idempotency: claim key'
        : q.startsWith('update')
          ? 'idempotency: store reply'
          : q.startsWith('delete')
            ? 'idempotency: release key (failed attempt)'
            : 'idempotency: read key',
    ],
    [
      /^with v as \( select v.id, v.product_id/,
      'quote: variants, payment methods, addresses, shipping, VAT, names (batch)',
    ],
    [/from variants where id in .* for update/, 'reserve: lock variants'],
    [/^update variants set stock = v.stock/, 'reserve: update stock'],
    [/^insert into orders/, 'reserve: insert orders'],
    [/^insert into order_lines/, 'reserve: insert order_lines'],
    [/^insert into order_events \(id, order_id, type, actor_id/, 'insert order_events (reserve, finalize)'],
    [
      /^insert into jobs \(id, kind, payload, run_at\) values \(\$1, \$2, \$3::jsonb, \$4::timestamptz\)$/,
      'finalize: enqueue order.event (one per order)',
    ],
    [/^insert into jobs \(id, kind, payload, run_at\)/, 'insert jobs (expiry; follow-ups)'],
    [/^update orders set status = (\$\d+|'paid'), paid_at/, 'finalize: mark paid'],
    [/^insert into payments/, 'finalize: insert payments'],
    [/^insert into order_events \(id, order_id, type, data\)/, 'finalize: insert order_events'],
    [/^update variants set stock = variants.stock \+ l.quantity/, 'abandon: give stock back'],
    [/pg_notify/, 'NOTIFY'],
    [/from "orders"/, 'reply: order'],
    [/from "brand_members"/, 'reply: team role'],
    [/from "order_lines"/, 'reply: lines'],
    [/from "order_events"/, 'reply: events'],
    [/from "payments"/, 'reply: payments'],
    [/from "return_requests"/, 'reply: returns'],
    [/from "accounts"/, 'reply: brand + buyer'],
    [/from "payment_methods"/, 'reply: payment method'],
    [/update variants set stock = stock - 1/, 'raw hot-row update'],
    [
      /^insert into notifications|^update order_events set data|^select .* from jobs|^update jobs|from "credentials"|from "shop_settings"|webhook/,
      'job worker (notifications, e-mail, webhooks)',
    ],
  ];
  for (const [re, label] of rules) if (re.test(q)) return label;
  return `other: ${q.slice(0, 70)}`;
}

/** pg_stat_statements rows grouped by label, with calls and time per `per` (orders or requests). */
export function statementTable(rows: StatementRow[], per: number, perName: string): string[] {
  const groups = new Map<string, { calls: number; ms: number }>();
  for (const r of rows) {
    const label = statementLabel(r.query);
    if (label.startsWith('raw ')) continue;
    const g = groups.get(label) ?? { calls: 0, ms: 0 };
    g.calls += r.calls;
    g.ms += r.total_ms;
    groups.set(label, g);
  }
  const sorted = [...groups].sort((a, b) => b[1].ms - a[1].ms);
  const total = sorted.reduce((s, [, g]) => ({ calls: s.calls + g.calls, ms: s.ms + g.ms }), { calls: 0, ms: 0 });
  const rowsOut = sorted
    .slice(0, 24)
    .map(([label, g]) => [
      label,
      fmt(g.calls, 0),
      fmt(g.calls / per, 2),
      fmt(g.ms, 0),
      fmt((g.ms * 1000) / per, 0),
      fmt((1000 * g.ms) / Math.max(1, g.calls), 0),
    ]);
  rowsOut.push([
    'total',
    fmt(total.calls, 0),
    fmt(total.calls / per, 2),
    fmt(total.ms, 0),
    fmt((total.ms * 1000) / per, 0),
    fmt((1000 * total.ms) / Math.max(1, total.calls), 0),
  ]);
  return table(
    ['statement (server side)', 'calls', `per ${perName}`, 'exec ms', `µs per ${perName}`, 'µs per call'],
    rowsOut,
  );
}

// Statements of one order, in-process ----------------------------------------------------------------

/**
 * Places one order through the app in this process (no HTTP socket) and lists the statements it
 * sends, in order. Alone, each group commit batch holds just this order. PostgreSQL only: every
 * statement goes through pg.Client#query, transactions included.
 */
export async function statementsOfOneOrder(target: BenchDb, buyer: Buyer, variantId: string): Promise<string[]> {
  if (target.kind !== 'pg') return [];
  const database = await target.open(10);
  const config = loadConfig({
    ...process.env,
    COMPTOIR_DEMO: '0',
    COMPTOIR_URL: 'http://127.0.0.1:3000',
    COMPTOIR_DATA: path.join(benchData, 'commerce-media'),
    // One access-log line per request would be written while the bench measures.
    LOG_LEVEL: 'warn',
  });
  const ctx = await createAppContext(config, database);
  const app = createHttpApp(ctx, routeModules);
  const seen: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    seen.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return original.apply(this, args);
  };
  try {
    const res = await app.request('/api/v1/orders', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${buyer.token}`,
        'content-type': 'application/json',
        'idempotency-key': `probe-${uuidv7()}`,
      },
      body: JSON.stringify(orderBody(variantId, buyer.methodId)),
    });
    if (res.status !== 201) throw new Error(`probe order answered ${res.status}: ${await res.text()}`);
  } finally {
    proto.query = original;
    await ctx.events.close();
    await database.close();
  }
  return seen.filter((q) => !/LISTEN|pg_notify\('comptoir_live/i.test(q));
}

// The checkout's database layer alone -------------------------------------------------------------

export type LayerRate = { what: string; stats: Stats; cpuUs: number };

/**
 * The database side of checkouts on one hot variant, without HTTP, quotes or the payment
 * provider, in this process over a pool like the app's: each buyer in a transaction of their own
 * (lock, update, insert: the per-buyer design), the app's group-commit reserver, and the
 * reserver followed by the group-commit payment finalizer (the whole write path of an order).
 * `variantId` must have stock to spare (these orders stay in the throwaway database).
 */
export async function checkoutLayerRates(
  target: BenchDb,
  buyers: Buyer[],
  variantId: string,
  concurrency: number,
  seconds: number,
): Promise<LayerRate[]> {
  const { reserveBatch, createReserver, createFinalizer } = await import('../src/modules/commerce');
  const { closedLoop } = await import('./load');
  const database = target.kind === 'pg' ? await target.open(10) : await target.open();
  try {
    let n = 0;
    const nextItem = () => {
      const b = buyers[n++ % buyers.length]!;
      return {
        buyerId: b.id,
        request: { lines: [{ variantId, quantity: 1 }], paymentMethodId: b.methodId, shippingAddress },
      };
    };
    const lanes = database.kind === 'pglite' ? 1 : 4;
    const reserver = createReserver(database.db, lanes);
    const finalizer = createFinalizer(database.db, lanes);
    const out: LayerRate[] = [];
    const measure = async (what: string, op: () => Promise<void>) => {
      await closedLoop(concurrency, Math.min(2, seconds), op); // warm-up
      const c0 = process.cpuUsage();
      const stats = await closedLoop(concurrency, seconds, op);
      const c = process.cpuUsage(c0);
      out.push({ what, stats, cpuUs: (c.user + c.system) / Math.max(1, stats.requests) });
    };
    await measure('per-buyer transaction (price, lock, update, insert order)', async () => {
      const [r] = await reserveBatch(database.db, [nextItem()]);
      if (r instanceof Error) throw r;
    });
    await measure('group-commit reservation, priced in the batch (the app’s reserver)', async () => {
      await reserver.submit(nextItem());
    });
    const jobs = async () =>
      (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs`))[0]!.n;
    let ref = 0;
    const before = await jobs();
    await measure('group-commit reservation + payment batch (jobs table …)', async () => {
      const { order, quote } = await reserver.submit(nextItem());
      await finalizer.submit({
        orderId: order.id,
        provider: 'test',
        ref: `pi_bench_${ref++}`,
        amount: quote.totalAmount,
        currency: quote.currency,
      });
    });
    out.at(-1)!.what = out
      .at(-1)!
      .what.replace('…', `${before.toLocaleString('en')} → ${(await jobs()).toLocaleString('en')} rows`);
    return out;
  } finally {
    await database.close();
  }
}

// What one statement costs the app process -----------------------------------------------------------

/**
 * Client-side CPU per statement in this process (pool of 10, `concurrency` callers): one primary-key
 * select built with Drizzle's query builder, the same as a hand-written parameterized statement
 * through pg, and the latter over the Unix socket. Server time is not counted.
 */
export async function statementCost(
  target: BenchDb,
  buyer: Buyer,
  concurrency: number,
  count: number,
): Promise<{ what: string; cpuUs: number; rate: number }[]> {
  if (target.kind !== 'pg') return [];
  const { paymentMethods } = await import('../src/db/schema');
  const { and, eq } = await import('drizzle-orm');
  const socketUrl = unixSocketUrl(target.url!);
  const results: { what: string; cpuUs: number; rate: number }[] = [];
  const run = async (what: string, url: string, op: (database: Database, pool: pg.Pool) => Promise<unknown>) => {
    const database = await openPostgres(url, 10);
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    try {
      const loop = async (n: number) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next++ < n) await op(database, pool);
          }),
        );
      };
      await loop(Math.min(2_000, count));
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await loop(count);
      const seconds = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      results.push({ what, cpuUs: (c.user + c.system) / count, rate: count / seconds });
    } finally {
      await database.close();
    }
  };
  const builder = (database: Database) =>
    database.db
      .select({ id: paymentMethods.id, provider: paymentMethods.provider, token: paymentMethods.providerToken })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, buyer.methodId), eq(paymentMethods.accountId, buyer.id)));
  const text = 'select id, provider, provider_token from payment_methods where id = $1 and account_id = $2';
  await run('Drizzle query builder, TCP 127.0.0.1', target.url!, (d) => builder(d));
  await run('hand-written SQL through pg, TCP 127.0.0.1', target.url!, (_d, pool) =>
    pool.query(text, [buyer.methodId, buyer.id]),
  );
  await run('hand-written SQL through pg, Unix socket', socketUrl, (_d, pool) =>
    pool.query(text, [buyer.methodId, buyer.id]),
  );
  await run('Drizzle query builder, Unix socket', socketUrl, (d) => builder(d));
  return results;
}
