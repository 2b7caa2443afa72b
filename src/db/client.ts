import fs from 'node:fs';
import path from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { observePglite, observePool } from './observe';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  kind: 'pglite' | 'pg';
  db: Db;
  /** Subscribe to a LISTEN/NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** The embedded database's folder as a gzipped tar of one moment (backups); absent on a server. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
};

// int8 (count(*), sums) arrives as a string from node-postgres and a number from PGlite:
// make both numbers. Our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** The embedded database's libraries, loaded only where it is opened (a PostgreSQL node never needs them). */
async function pgliteLibraries() {
  const [{ PGlite }, { pg_trgm }, { unaccent }, { drizzle }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('drizzle-orm/pglite'),
  ]);
  return { PGlite, extensions: { pg_trgm, unaccent }, drizzlePglite: drizzle };
}

export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  const { PGlite, extensions, drizzlePglite } = await pgliteLibraries();
  let release = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = takeFolderLock(dataDir);
  }
  const client = new PGlite({
    dataDir: dataDir ? path.join(dataDir, 'pglite') : undefined,
    extensions,
    loadDataDir: options.loadDataDir,
    // One connection in one process: a small buffer pool keeps the server's memory low (the default
    // 128 MB fills up and stays: ~180 MB more after start); the system's file cache still holds the files.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  });
  await client.waitReady;
  observePglite(client);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async listen(channel, handler) {
      const unsubscribe = await client.listen(channel, handler);
      return async () => unsubscribe();
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    // A checkpoint first (less to replay on restore), then the copy while no transaction is open:
    // holding the transaction lane makes it wait for one in progress, and `exec` there would deadlock.
    async dumpDataDir() {
      await client.exec('checkpoint');
      return client._runExclusiveTransaction(() => client.dumpDataDir('gzip'));
    },
    async close() {
      await client.close();
      release();
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = observePool(new pg.Pool({ connectionString: url, max: poolSize }));
  // A broken idle client is dropped by the pool, and the next query opens a new connection.
  pool.on('error', () => {});
  // A client lent out (inside a transaction, between two statements) that loses its connection
  // emits 'error' with nobody listening, which would end the process: the pool's listener is
  // off while it is lent. The failure reaches the caller through its next query instead, and
  // the pool drops the client when it comes back (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  await pool.query('select 1');
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const listener = createListener(url);
  return {
    kind: 'pg',
    db,
    listen: listener.listen,
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/** How long the LISTEN connection waits before its next attempt: 0.1 s, doubling up to 5 s. */
const listenRetryMs = (attempt: number) => Math.min(5000, 100 * 2 ** attempt);

/**
 * One connection for every LISTEN of the process. When it is lost (the server restarts, a
 * network cut), it reconnects with a capped backoff and listens to every channel again; the
 * handlers stay registered, so live streams and job wake-ups resume by themselves. Notifications
 * sent while it was away are lost: the job workers' poll and the streams' clients cope with that.
 */
function createListener(url: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let first: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;
  let closed = false;
  const quote = (channel: string) => `"${channel.replace(/"/g, '')}"`;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (msg) => {
      for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    try {
      await next.connect();
      for (const channel of handlers.keys()) await next.query(`LISTEN ${quote(channel)}`);
    } catch (error) {
      next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    attempt = 0;
  }

  function lost(which: pg.Client) {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => {});
    reconnectLater();
  }

  function reconnectLater() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => {
        attempt++;
        reconnectLater();
      });
    }, listenRetryMs(attempt));
  }

  return {
    async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
      let set = handlers.get(channel);
      const fresh = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      try {
        if (!first) first = connect();
        await first;
        // While reconnecting, the new connection listens to every channel in `handlers`.
        if (fresh && client) await client.query(`LISTEN ${quote(channel)}`);
      } catch (error) {
        // The first connection failed (the server is not there at start-up): the caller decides.
        if (!client && !retry) {
          set.delete(handler);
          if (set.size === 0) handlers.delete(channel);
          first = undefined;
          throw error;
        }
      }
      const subscribed = set;
      return async () => {
        subscribed.delete(handler);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      retry = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/**
 * Whether an error means the database server is out of reach (down, restarting, refusing
 * connections, the connection cut): the request may succeed in a moment, so it is answered
 * 503, not 500. Looks through wrapped errors (the query builder wraps the driver's).
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnreachable)) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((m) => message.includes(m))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

// Socket errors, and SQLSTATE 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
// (Class 08, connection exception, is matched by its prefix.)
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
// What node-postgres says when a connection ends under a query or a lent client is reused.
const UNREACHABLE_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
];

export async function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

/** The lock file of an embedded database's folder: the pid of the process that opened it. */
export const FOLDER_LOCK = 'comptoir.lock';

/** The live process holding a data folder's lock, or null (no lock, or one left by a process gone). */
export function folderLockHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, FOLDER_LOCK), 'utf8')) || 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return pid && isAlive(pid) ? pid : null;
}

/**
 * Two processes opening one PGlite folder corrupt it silently: refuse with a clear message.
 * The lock file holds our pid; a stale one (process gone) is taken over.
 */
function takeFolderLock(dataDir: string): () => void {
  const holder = folderLockHolder(dataDir);
  if (holder && holder !== process.pid) {
    throw new Error(
      `The data folder ${dataDir} is in use by process ${holder}. Stop it first, or set COMPTOIR_DATA to another folder.`,
    );
  }
  const lockFile = path.join(dataDir, FOLDER_LOCK);
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

/** Whether a process runs (one of another user, which we may not signal, does). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Raw SQL with typed rows; both drivers answer `{ rows }`. Keeps queries close to SQL. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A list as one PostgreSQL array parameter (`id = any(${arrayLiteral(ids)}::uuid[])`): the
 * planner then looks each value up in the index, where a JSON list joined in is planned blind
 * (100 guessed rows) and may scan the whole table. Every element is quoted and escaped.
 */
export function arrayLiteral(values: Iterable<string>): string {
  return `{${[...new Set(values)].map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A text[] or uuid[] as node-postgres and PGlite give it (an array), or its literal form as a fallback. */
export function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((x) => x.replace(/^"|"$/g, ''));
}
