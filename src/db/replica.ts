/**
 * A streaming replica of the PostgreSQL server (DATABASE_REPLICA_URL): reads that may be a few
 * seconds old (timelines, search, feeds, dashboards) go to it through `reads`, a Db whose every
 * query picks its server when it runs. The replica answers only while it is healthy (reachable, in
 * recovery, at most COMPTOIR_REPLICA_MAX_LAG seconds behind) and only inside an HTTP request that
 * does not ask for the primary (read-your-writes: http/read-your-writes.ts). Jobs, start-up and
 * transactions always use the primary. A read the replica fails for a connection reason (or a
 * recovery conflict) is answered by the primary instead, and the replica is left out until the
 * next health check finds it well again.
 */
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type Db, isDatabaseUnreachable } from './client';
import * as schema from './schema';
import { currentRequest } from '../lib/request-scope';

export type ReplicaStatus = {
  /** Reads may go to the replica now. */
  healthy: boolean;
  /** How far behind the primary the replica was at the last check (an upper bound); null when unknown or down. */
  lagSeconds: number | null;
  /** Why it is left out, when it is: `down`, `not_in_recovery`, `lagging`, `primary_unreachable`, `starting`. */
  reason: string | null;
  /** Queries answered by each server through `reads` since start (operators' metrics, tests). */
  served: { replica: number; primary: number };
};

export type Replica = {
  /** The routed reads handle (put on the app context as `reads`). */
  reads: Db;
  status(): ReplicaStatus;
  /** One health check now (the timer runs one every `intervalMs`). */
  check(): Promise<ReplicaStatus>;
  close(): Promise<void>;
};

export type ReplicaOptions = {
  maxLagSeconds: number;
  /** Between health checks; each check waits at most `timeoutMs` for either server. */
  intervalMs?: number;
  timeoutMs?: number;
  onChange?: (status: ReplicaStatus) => void;
};

/** The primary's WAL position at one moment: how far the replica must have replayed to hold what was written before. */
export type LsnSample = { at: number; lsn: bigint };

/** `16/B374D848` as a number, to compare positions. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * How many seconds of writes the replica may be missing, from the primary's recent positions
 * (oldest first) and the replica's replayed position: everything the primary had written at the
 * newest sample the replica has reached is on the replica, so the lag is at most the time since
 * that sample (0 when it has reached the latest one). An idle primary does not move, so an old
 * last-replay timestamp is no lag; a paused or slow replica falls behind the samples. Null when no
 * kept sample was reached: the lag is at least the age of the oldest sample (`atLeast`).
 */
export function lagOf(samples: LsnSample[], replayed: bigint, now: number): { lag: number | null; atLeast: number } {
  for (let i = samples.length - 1; i >= 0; i--) {
    if (samples[i].lsn <= replayed) {
      return { lag: i === samples.length - 1 ? 0 : (now - samples[i].at) / 1000, atLeast: 0 };
    }
  }
  return { lag: null, atLeast: samples.length ? (now - samples[0].at) / 1000 : 0 };
}

/** Errors after which the same read may be asked of the primary (it did not run, or the replica gave up on it). */
export function retryOnPrimary(error: unknown): 'down' | 'conflict' | null {
  if (isDatabaseUnreachable(error)) return 'down';
  // Beyond a server out of reach: a replica refusing more connections (53300), a name that no longer
  // resolves, a connection aborted, and the health check's own timeout.
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && /^(53300|ECONN|ENOTFOUND)/.test(code)) return 'down';
  if (message && /Query read timeout/i.test(message)) return 'down';
  // On a standby: a query cancelled by replay (40001), or a write sent to the read-only replica (25006).
  if (code === '40001' || code === '25006') return 'conflict';
  return null;
}

/**
 * A statement the replica can answer: a plain select (or a with-query that only selects). Anything
 * else sent through `reads` by mistake goes to the primary instead of failing there first.
 */
export function isRead(text: string): boolean {
  return (
    /^\s*\(?\s*(select|with)\b/i.test(text) && !/\b(insert|update|delete|merge)\b|\bfor\s+(key\s+)?share\b/i.test(text)
  );
}

export async function openReplica(url: string, primaryDb: Db, options: ReplicaOptions): Promise<Replica> {
  const intervalMs = options.intervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 1000;
  const primary = (primaryDb as unknown as { $client: pg.Pool }).$client;
  if (!(primary instanceof pg.Pool)) throw new Error('A read replica needs the primary on a PostgreSQL server');
  // A replica that does not answer a connection within 2 s is as good as down for a read (it then
  // goes to the primary); its idle connections never keep a finished script alive.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000, allowExitOnIdle: true });
  pool.on('error', () => {}); // a replica going away: its idle clients drop, the health check notices
  const served = { replica: 0, primary: 0 };
  let state: Omit<ReplicaStatus, 'served'> = { healthy: false, lagSeconds: null, reason: 'starting' };
  const samples: LsnSample[] = [];
  const set = (next: Omit<ReplicaStatus, 'served'>) => {
    const changed = next.healthy !== state.healthy || next.reason !== state.reason;
    state = next;
    if (changed) options.onChange?.(status());
  };
  const status = (): ReplicaStatus => ({ ...state, served: { ...served } });
  const markDown = () => set({ healthy: false, lagSeconds: null, reason: 'down' });

  const useReplica = () => {
    const scope = currentRequest();
    return state.healthy && scope !== undefined && !scope.primaryReads;
  };
  // The client drizzle runs the reads' queries on: each query goes where useReplica() says when it
  // is sent. Its name says "Pool" so drizzle takes a connection for a transaction: the primary's.
  class ReplicaRoutingPool {
    query(config: pg.QueryConfig | string, values?: unknown[]) {
      if (!useReplica() || !isRead(typeof config === 'string' ? config : config.text)) {
        served.primary++;
        return primary.query(config, values);
      }
      served.replica++;
      return pool.query(config, values).catch((error: unknown) => {
        const why = retryOnPrimary(error);
        if (!why) throw error;
        if (why === 'down') markDown();
        served.primary++;
        return primary.query(config, values);
      });
    }
    connect() {
      return primary.connect();
    }
  }
  const reads = drizzlePg({ client: new ReplicaRoutingPool() as unknown as pg.Pool, schema }) as unknown as Db;

  const timed = <T>(query: Promise<T>) =>
    Promise.race([
      query,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Query read timeout')), timeoutMs).unref()),
    ]);
  let running: Promise<ReplicaStatus> | null = null;
  const check = () => {
    running ??= (async () => {
      let primaryFailed = false;
      try {
        const at = Date.now();
        // Without the primary's position the lag is unknown: the replica is left out (with its own reason).
        const head = await timed(
          primary.query<{ lsn: string }>('select pg_current_wal_flush_lsn()::text as lsn'),
        ).catch((error: unknown) => {
          primaryFailed = true;
          throw error;
        });
        samples.push({ at, lsn: parseLsn(head.rows[0].lsn) });
        // Enough history to tell a lag up to the bound, and a little more.
        while (samples.length > 2 && samples[1].at < at - (options.maxLagSeconds + 5) * 1000) samples.shift();
        const { rows } = await timed(
          pool.query<{ recovery: boolean; replayed: string | null }>(
            'select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replayed',
          ),
        );
        const [{ recovery, replayed }] = rows;
        if (!recovery || !replayed) set({ healthy: false, lagSeconds: null, reason: 'not_in_recovery' });
        else {
          const { lag, atLeast } = lagOf(samples, parseLsn(replayed), Date.now());
          const lagSeconds = lag ?? atLeast;
          const healthy = lag !== null && lag <= options.maxLagSeconds;
          set({ healthy, lagSeconds, reason: healthy ? null : 'lagging' });
        }
      } catch {
        if (primaryFailed) set({ healthy: false, lagSeconds: null, reason: 'primary_unreachable' });
        else markDown();
      } finally {
        running = null;
      }
      return status();
    })();
    return running;
  };
  await check();
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return {
    reads,
    status,
    check,
    async close() {
      clearInterval(timer);
      await running?.catch(() => {});
      await pool.end();
    },
  };
}

/**
 * The replica the settings name, beside a PostgreSQL primary; null without one (reads = the
 * primary). Its state changes are logged once each (left out with the reason, back in use).
 */
export async function replicaFor(
  config: { databaseReplicaUrl?: string; replicaMaxLag: number },
  database: { kind: string; db: Db },
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): Promise<Replica | null> {
  if (!config.databaseReplicaUrl || database.kind !== 'pg') return null;
  return openReplica(config.databaseReplicaUrl, database.db, {
    maxLagSeconds: config.replicaMaxLag,
    onChange: (status) =>
      status.healthy
        ? log.info({ replica: { lagSeconds: status.lagSeconds } }, 'read replica in use')
        : log.warn({ replica: { reason: status.reason, lagSeconds: status.lagSeconds } }, 'read replica left out'),
  });
}
