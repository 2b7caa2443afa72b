/**
 * The app's Prometheus metrics: one registry per process (every app node is scraped on its own),
 * and one small function per event for the code that produces it, so a producer adds one line and
 * never touches prom-client. Label values come from short fixed sets or route patterns: a label
 * made of a raw URL or an id would grow the series without bound.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);

let processMetrics = false;
/**
 * Node's own metrics (event-loop lag, heap, CPU, handles), prefixed `comptoir_`. Started only where
 * metrics are served: its event-loop monitor would run for nothing in a script or a test.
 */
export function startProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry, prefix: 'comptoir_' });
}

// HTTP ------------------------------------------------------------------------------------------

const httpDuration = new Histogram({
  name: 'comptoir_http_request_duration_seconds',
  help: 'Time to answer an HTTP request (until the response starts; a stream counts until it opens)',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** One answered request: `route` is the matched route's pattern (`/api/v1/statuses/:id`), never the URL. */
export function recordRequest(route: string, method: string, status: number, seconds: number): void {
  httpDuration.observe({ route, method: METHODS.has(method) ? method : 'OTHER', status: String(status) }, seconds);
}

// Database --------------------------------------------------------------------------------------

const queryDuration = new Histogram({
  name: 'comptoir_db_query_duration_seconds',
  help: 'Time of a database query as the app sees it (waiting for a connection or PGlite included)',
  labelNames: ['driver'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [registry],
});
const queryTimers = { pg: queryDuration.labels('pg'), pglite: queryDuration.labels('pglite') };

export function recordQuery(driver: 'pg' | 'pglite', seconds: number): void {
  queryTimers[driver].observe(seconds);
}

/** What a connection pool says of itself at scrape time (db/observe.ts registers the pools). */
export type PoolGauge = { driver: 'pg' | 'pglite'; read(): { total: number; idle: number; waiting: number } | null };
const pools = new Set<PoolGauge>();

/** Registers a pool until `read()` answers null (the pool is closed). */
export function registerPool(pool: PoolGauge): void {
  pools.add(pool);
}

new Gauge({
  name: 'comptoir_db_pool_clients',
  help: 'Database connections: total open, idle, and callers waiting for one (PGlite: one connection)',
  labelNames: ['driver', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const pool of pools) {
      const counts = pool.read();
      if (!counts) {
        pools.delete(pool);
        continue;
      }
      for (const state of ['total', 'idle', 'waiting'] as const)
        this.inc({ driver: pool.driver, state }, counts[state]);
    }
  },
});

// Jobs ------------------------------------------------------------------------------------------

const jobsTotal = new Counter({
  name: 'comptoir_jobs_total',
  help: 'Jobs run, by kind and outcome: done, retry (failed, will run again), failed (no attempt left)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});
const jobDuration = new Histogram({
  name: 'comptoir_job_duration_seconds',
  help: 'Time a job handler ran, by kind',
  labelNames: ['kind'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});
const federationTasks = new Counter({
  name: 'comptoir_federation_tasks_total',
  help: 'Federation tasks run (federation.task jobs): outbox = one delivery to a server, inbox, fanout; by outcome',
  labelNames: ['task', 'outcome'] as const,
  registers: [registry],
});
const FEDERATION_TASKS = new Set(['outbox', 'inbox', 'fanout']);

export type JobOutcome = 'done' | 'retry' | 'failed';

/** One job run; a federation task also counts by its Fedify task type (deliveries are `outbox`). */
export function recordJob(kind: string, outcome: JobOutcome, seconds: number, payload?: unknown): void {
  jobsTotal.inc({ kind, outcome });
  jobDuration.observe({ kind }, seconds);
  if (kind !== 'federation.task') return;
  const type = (payload as { message?: { type?: unknown } } | null)?.message?.type;
  federationTasks.inc({ task: typeof type === 'string' && FEDERATION_TASKS.has(type) ? type : 'other', outcome });
}

const queueDepth = new Gauge({
  name: 'comptoir_jobs_due',
  help: 'Jobs due and not done (waiting or running), by kind, read from the database at scrape time',
  labelNames: ['kind'] as const,
  registers: [registry],
});
const queueLag = new Gauge({
  name: 'comptoir_jobs_lag_seconds',
  help: 'Age of the oldest job due and not done, by kind (0 when none is due)',
  labelNames: ['kind'] as const,
  registers: [registry],
});
const seenKinds = new Set<string>();

/** The backlog read at scrape time; a kind seen before and now clear drops to 0 rather than vanishing. */
export function setJobBacklog(rows: { kind: string; due: number; lagSeconds: number }[]): void {
  for (const kind of seenKinds) {
    queueDepth.set({ kind }, 0);
    queueLag.set({ kind }, 0);
  }
  for (const row of rows) {
    seenKinds.add(row.kind);
    queueDepth.set({ kind: row.kind }, row.due);
    queueLag.set({ kind: row.kind }, Math.max(0, row.lagSeconds));
  }
}

// Checkout --------------------------------------------------------------------------------------

const checkouts = new Counter({
  name: 'comptoir_checkouts_total',
  help: 'Checkouts by outcome: paid, awaiting_action (3-D Secure), declined, out_of_stock, refused, error',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

type CheckoutResult = { status: string };

/**
 * Counts the outcome of every call of a checkout function: `paid`, `awaiting_action` (the payment
 * waits for the buyer), `declined`, `out_of_stock`, `refused` (any other domain error: a price
 * that changed, a closed pop-up), `error` (a bug or an outage). `notAnOutcome` is an error that
 * ends nothing (a duplicate handing over to the request that holds its Idempotency-Key).
 */
export function countCheckouts<A extends unknown[], R extends CheckoutResult>(
  checkout: (...args: A) => Promise<R>,
  notAnOutcome?: abstract new (...args: never[]) => Error,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      const result = await checkout(...args);
      checkouts.inc({ outcome: result.status === 'paid' ? 'paid' : 'awaiting_action' });
      return result;
    } catch (error) {
      if (!(notAnOutcome && error instanceof notAnOutcome)) checkouts.inc({ outcome: checkoutFailure(error) });
      throw error;
    }
  };
}

function checkoutFailure(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'out_of_stock') return 'out_of_stock';
  if (code === 'payment_declined') return 'declined';
  // A domain error (lib/errors.ts) carries its kind: the buyer's request was refused, nothing broke.
  return typeof (error as { kind?: unknown })?.kind === 'string' ? 'refused' : 'error';
}

// Live connections ------------------------------------------------------------------------------

const liveConnections = new Gauge({
  name: 'comptoir_live_connections',
  help: 'Open live streams: Mastodon SSE streams, WebSocket streaming sockets, our pages’ live updates',
  labelNames: ['transport'] as const,
  registers: [registry],
});

/** A live connection opened; call the returned function once when it closes. */
export function liveConnectionOpened(transport: 'sse' | 'websocket' | 'pages'): () => void {
  liveConnections.inc({ transport });
  let open = true;
  return () => {
    if (open) liveConnections.dec({ transport });
    open = false;
  };
}

const replicaHealthy = new Gauge({
  name: 'comptoir_replica_healthy',
  help: 'Whether reads may go to the read replica now (1) or it is left out (0); absent without a replica.',
  registers: [registry],
});
const replicaLag = new Gauge({
  name: 'comptoir_replica_lag_seconds',
  help: 'How far behind the primary the read replica was at its last health check (an upper bound).',
  registers: [registry],
});
const replicaServed = new Gauge({
  name: 'comptoir_replica_reads',
  help: 'Queries of the routed reads answered by each server since start.',
  labelNames: ['server'],
  registers: [registry],
});

/** The read replica's state, read at scrape time (db/replica.ts status()). */
export function setReplicaStatus(status: {
  healthy: boolean;
  lagSeconds: number | null;
  served: { replica: number; primary: number };
}): void {
  replicaHealthy.set(status.healthy ? 1 : 0);
  if (status.lagSeconds !== null) replicaLag.set(status.lagSeconds);
  replicaServed.set({ server: 'replica' }, status.served.replica);
  replicaServed.set({ server: 'primary' }, status.served.primary);
}

/** The whole registry in Prometheus' text format. */
export function metricsText(): Promise<string> {
  return registry.metrics();
}
