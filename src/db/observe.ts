/**
 * Query timings and pool use for the metrics (lib/metrics.ts), added to a driver's own objects
 * where they are opened (client.ts, one line per driver). On the hot path this is two clock reads
 * and one histogram observation per query: under a microsecond against a query's 100 µs or more.
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { recordQuery, registerPool } from '../lib/metrics';

// biome-ignore lint/suspicious/noExplicitAny: wraps a driver's overloaded query method whatever its signature.
type QueryFn = (...args: any[]) => any;

/** Times every query of a node-postgres client (its `query` method replaced by a timed one). */
function timePgQueries(target: { query: QueryFn }): void {
  // Looked up at each call, not kept: whoever patches pg.Client's query later (a bench counting
  // statements) still sees the queries of connections opened before.
  const proto = Object.getPrototypeOf(target) as { query: QueryFn };
  target.query = function timedQuery(this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const done = () => recordQuery('pg', (performance.now() - started) / 1000);
    const last = args.length - 1;
    // node-postgres' pool.query() calls the client's query with a callback.
    if (typeof args[last] === 'function') {
      const callback = args[last] as QueryFn;
      args[last] = function timedCallback(this: unknown, ...results: unknown[]) {
        done();
        return callback.apply(this, results);
      };
      return proto.query.apply(this, args);
    }
    const result = proto.query.apply(this, args);
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
}

/**
 * A node-postgres pool: each of its connections is timed as it opens (pool.query and
 * transactions both run on them), and the pool's own counts are read at scrape time.
 */
export function observePool(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => timePgQueries(client as unknown as { query: QueryFn }));
  // Weakly: a pool closed and dropped (a test's database) must not be kept alive by the metrics.
  const ref = new WeakRef(pool);
  registerPool({
    driver: 'pg',
    read() {
      const p = ref.deref();
      return !p || p.ended ? null : { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
    },
  });
  return pool;
}

/**
 * PGlite: one connection in the process. Its queries are timed, including a transaction's (they
 * run on the transaction's own handle); "idle" is whether no query is running, "waiting" the
 * queries queued behind the running one.
 */
export function observePglite(client: PGlite): PGlite {
  let running = 0;
  const timed = (target: { query: QueryFn }) => {
    const query = target.query;
    target.query = function timedQuery(this: unknown, ...args: unknown[]) {
      running++;
      const started = performance.now();
      const result = query.apply(this, args);
      const done = () => {
        running--;
        recordQuery('pglite', (performance.now() - started) / 1000);
      };
      result.then(done, done);
      return result;
    };
  };
  timed(client as unknown as { query: QueryFn });
  const transaction = client.transaction.bind(client);
  client.transaction = <T>(work: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      timed(tx as unknown as { query: QueryFn });
      return work(tx);
    });
  // Weakly, as a pool: a closed database's memory (hundreds of MB for PGlite) must go back.
  const ref = new WeakRef(client);
  registerPool({
    driver: 'pglite',
    read() {
      const c = ref.deref();
      return !c || c.closed ? null : { total: 1, idle: running > 0 ? 0 : 1, waiting: Math.max(0, running - 1) };
    },
  });
  return client;
}
