import { type SQL, sql } from 'drizzle-orm';
import { isDatabaseUnreachable, queryRows, type Database, type Db, type DbOrTx } from '../db/client';
import { uuidv7 } from '../db/ids';
import type { Log } from '../lib/log';
import { recordJob } from '../lib/metrics';
import type { JobKind, JobPayloads, RecurringJobKind } from './kinds';

export type { JobKind, JobPayloads, TypedJobHandlers } from './kinds';
/** What the worker runs: `jobHandlers` (every kind, typed by kinds.ts), or a test's own handlers. */
// biome-ignore lint/suspicious/noExplicitAny: a handler of any kind; kinds.ts types each kind with its payload.
export type JobHandler = (payload: any) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
const CHANNEL = 'comptoir_jobs';

/**
 * Enqueues a job in the caller's transaction, so it exists exactly when the write that caused
 * it commits. Handlers must be idempotent: a job may run again after a crash. A job due now
 * wakes the workers when the transaction commits (a NOTIFY is delivered at commit), instead of
 * waiting for their once-a-second poll.
 */
export async function enqueue<K extends JobKind>(
  db: DbOrTx,
  kind: K,
  payload: JobPayloads[K],
  runAt?: Date,
): Promise<string> {
  const id = uuidv7();
  const at = runAt ?? new Date();
  await queryRows(
    db,
    sql`insert into jobs (id, kind, payload, run_at) values (${id}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${at.toISOString()}::timestamptz)`,
  );
  if (!runAt || runAt.getTime() <= Date.now()) await wakeAtCommit(db);
  return id;
}

/** Several jobs of one kind in one statement (a batch's follow-ups or deadlines), due at `runAt` (now by default). */
export async function enqueueMany<K extends JobKind>(
  db: DbOrTx,
  kind: K,
  payloads: JobPayloads[K][],
  runAt?: Date,
): Promise<void> {
  if (payloads.length === 0) return;
  const jobs = jobsInsert(kind, payloads, runAt);
  await queryRows(db, jobs.insert);
  if (jobs.wakes) await wakeAtCommit(db);
}

/**
 * enqueueMany as statement parts, for a caller that writes its jobs within a statement of its own
 * (a data-modifying `with` clause): the insert, and whether the workers must be woken at commit
 * (`wakeWorkers`, a select the caller runs in the same statement).
 */
export function jobsInsert<K extends JobKind>(
  kind: K,
  payloads: JobPayloads[K][],
  runAt?: Date,
): { insert: SQL; wakes: boolean } {
  const at = runAt ?? new Date();
  const rows = payloads.map((payload) => ({ id: uuidv7(), payload }));
  return {
    insert: sql`insert into jobs (id, kind, payload, run_at)
        select id, ${kind}, payload, ${at.toISOString()}::timestamptz from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, payload jsonb)`,
    wakes: !runAt || runAt.getTime() <= Date.now(),
  };
}

/** The NOTIFY that wakes the workers when the transaction commits. */
export const wakeWorkers = sql`select pg_notify(${CHANNEL}, '')`;

async function wakeAtCommit(db: DbOrTx) {
  await queryRows(db, wakeWorkers);
}

/**
 * Keeps exactly one job of a recurring kind waiting (hourly checks, periodic scans), in one
 * transaction. At boot any unfinished one counts (it may be due and about to run); from a run
 * of the job itself, only a future one (the running job is unfinished too).
 */
export async function keepScheduled(
  db: Db,
  kind: RecurringJobKind,
  at: Date,
  counting: 'any' | 'future' = 'any',
): Promise<void> {
  await db.transaction(async (tx) => {
    const pending = await queryRows<{ id: string }>(
      tx,
      counting === 'any'
        ? sql`select id from jobs where kind = ${kind} and done_at is null and attempts < max_attempts limit 1`
        : sql`select id from jobs where kind = ${kind} and done_at is null and run_at > now() limit 1`,
    );
    if (pending.length === 0) await enqueue(tx, kind, {}, at);
  });
}

type ClaimedJob = { id: string; kind: string; payload: unknown; attempts: number; max_attempts: number };

/**
 * Which kinds a worker takes (`exclude`: every kind but these) and whether it runs its batch at
 * once: a lane of slow network jobs (federation deliveries) runs apart and in parallel, so one
 * unreachable server never holds up an order's e-mail.
 */
export type JobLane = { kinds: readonly string[]; exclude?: boolean; parallel?: boolean };
const kindFilter = (lane?: JobLane) =>
  !lane
    ? sql``
    : lane.exclude
      ? sql`and kind <> all(${`{${lane.kinds.join(',')}}`}::text[])`
      : sql`and kind = any(${`{${lane.kinds.join(',')}}`}::text[])`;

/** Claims up to `batch` due jobs of a lane with FOR UPDATE SKIP LOCKED (several app nodes never take the same job). */
function claimDueJobs(database: Database, batch: number, lane?: JobLane): Promise<ClaimedJob[]> {
  return queryRows<ClaimedJob>(
    database.db,
    sql`update jobs set locked_until = now() + interval '5 minutes', attempts = attempts + 1
        where id in (
          select id from jobs
          where done_at is null and run_at <= now() and (locked_until is null or locked_until < now()) and attempts < max_attempts
            ${kindFilter(lane)}
          order by run_at limit ${batch} for update skip locked)
        returning id, kind, payload, attempts, max_attempts`,
  );
}

/**
 * Runs one claimed job: done, or its error recorded and retried later with exponential backoff.
 * A job that failed because the database went away is no fault of its own: it gets its attempt
 * back and runs again a few seconds later, so an outage never uses up a job's attempts.
 */
async function runClaimed(database: Database, handlers: JobHandlers, job: ClaimedJob): Promise<void> {
  const handler = handlers[job.kind];
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
    await handler(typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload);
  } catch (error) {
    if (isDatabaseUnreachable(error)) {
      recordJob(job.kind, 'retry', seconds(), job.payload);
      await recordOutcome(
        database,
        sql`update jobs set locked_until = null, attempts = greatest(attempts - 1, 0),
            run_at = now() + interval '5 seconds' where id = ${job.id}`,
      );
      return;
    }
    const outcome = job.attempts < job.max_attempts ? 'retry' : 'failed';
    recordJob(job.kind, outcome, seconds(), job.payload);
    failureLog?.warn({ err: error, job: { id: job.id, kind: job.kind, attempt: job.attempts, outcome } }, 'job failed');
    const delaySeconds = Math.min(3600, 2 ** job.attempts * 5);
    await recordOutcome(
      database,
      sql`update jobs set locked_until = null, last_error = ${String((error as Error)?.stack ?? error).slice(0, 2000)},
          run_at = now() + make_interval(secs => ${delaySeconds}) where id = ${job.id}`,
    );
    return;
  }
  recordJob(job.kind, 'done', seconds(), job.payload);
  await recordOutcome(database, sql`update jobs set done_at = now(), locked_until = null where id = ${job.id}`);
}

/**
 * Writes a job's outcome, waiting for the database through an outage (a restart takes seconds):
 * a done job whose mark is lost would run again once its lock expires, 5 minutes later.
 * Gives up after about 20 s; the lock's expiry is the last resort.
 */
async function recordOutcome(database: Database, update: SQL): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await queryRows(database.db, update);
      return;
    } catch (error) {
      if (!isDatabaseUnreachable(error) || attempt >= 7) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)));
    }
  }
}

/**
 * Claims due jobs, runs them, and retries failures with exponential backoff. A job whose process
 * died is taken again once its lock expires.
 */
export async function runDueJobs(
  database: Database,
  handlers: JobHandlers,
  batch = 10,
  lane?: JobLane,
): Promise<number> {
  const claimed = await claimDueJobs(database, batch, lane);
  if (lane?.parallel) await Promise.all(claimed.map((job) => runClaimed(database, handlers, job)));
  else for (const job of claimed) await runClaimed(database, handlers, job);
  return claimed.length;
}

/** Where failed jobs are logged (once per failed attempt, with the error and its cause); none by default. */
let failureLog: Log | undefined;
export function logJobFailures(log: Log | undefined) {
  failureLog = log;
}

/**
 * Runs jobs as they come due: woken by NOTIFY, and polling each second for scheduled ones. A
 * parallel lane keeps up to `batch` jobs running and claims the next as soon as one ends, so a
 * slow job (a remote server answering in seconds) holds its own slot, never the whole batch.
 */
export async function startWorker(
  database: Database,
  handlers: JobHandlers,
  options: { pollMs?: number; lane?: JobLane; batch?: number } = {},
) {
  let running = false;
  // Asked again while claiming (a NOTIFY, a job ending): claim once more before resting.
  let again = false;
  let stopped = false;
  let active = 0;
  const size = options.batch ?? 10;
  const pooled = options.lane?.parallel === true;
  const claimIntoPool = async () => {
    while (!stopped && active < size) {
      const claimed = await claimDueJobs(database, size - active, options.lane);
      for (const job of claimed) {
        active++;
        // A failure to record the outcome (the database closing) leaves the job to its lock's expiry.
        void runClaimed(database, handlers, job)
          .catch(() => {})
          .finally(() => {
            active--;
            void tick();
          });
      }
      if (claimed.length === 0) return;
    }
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if (pooled) await claimIntoPool();
        else while (!stopped && (await runDueJobs(database, handlers, size, options.lane)) > 0);
      } while (again && !stopped);
    } catch {
      // the database may be closing; the next tick retries
    } finally {
      running = false;
    }
  };
  const unlisten = await database.listen(CHANNEL, () => void tick());
  const timer = setInterval(() => void tick(), options.pollMs ?? 1000);
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
    },
  };
}

/**
 * Jobs that wait on other servers: Fedify's tasks (deliveries, received activities) and copies of
 * remote images, in their own parallel lane.
 */
const NETWORK_LANE: JobLane = { kinds: ['federation.task', 'federation.media', 'federation.images'], parallel: true };
/**
 * Fetches of outside sources (feeds): network-bound and many (a brand may listen to hundreds),
 * in a parallel lane of their own so a round of slow feeds holds neither local work nor federation.
 */
const SOURCES_LANE: JobLane = { kinds: ['source.fetch'], parallel: true };

/**
 * The app's workers: one for every job but the network's, one for the network's (up to
 * `networkSlots`, 3 by default, running at once, each slot refilled as soon as its job ends), one for
 * outside sources (`sourceSlots`, 16 by default),
 * so a slow remote server never delays local work.
 */
export async function startWorkers(
  database: Database,
  handlers: JobHandlers,
  options: { pollMs?: number; networkSlots?: number; sourceSlots?: number } = {},
) {
  const local = await startWorker(database, handlers, {
    pollMs: options.pollMs,
    lane: { kinds: [...NETWORK_LANE.kinds, ...SOURCES_LANE.kinds], exclude: true, parallel: false },
  });
  const network = await startWorker(database, handlers, {
    pollMs: options.pollMs,
    lane: NETWORK_LANE,
    batch: options.networkSlots ?? 3,
  });
  const sources = await startWorker(database, handlers, {
    pollMs: options.pollMs,
    lane: SOURCES_LANE,
    batch: options.sourceSlots ?? 16,
  });
  return {
    async tick() {
      await Promise.all([local.tick(), network.tick(), sources.tick()]);
    },
    async stop() {
      await Promise.all([local.stop(), network.stop(), sources.stop()]);
    },
  };
}
