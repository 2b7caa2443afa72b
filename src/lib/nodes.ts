/**
 * App nodes: every running app process has an id and a row in `app_nodes` whose heartbeat it
 * refreshes every second. What a live request holds (a checkout's reserved stock and its
 * Idempotency-Key) names the node; when a node stops beating, the others (or the node itself at
 * its next start) give back what it held, within seconds instead of the reservation's 15 minutes.
 * Times are the database's (`now()`), so the nodes' clocks need not agree.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type DbOrTx } from '../db/client';

/** This process's node id: the leases its requests take name it. */
export const processNodeId: string = randomUUID();

/** How often a node beats and sweeps. */
export const BEAT_MS = 1_000;
/** A node whose last beat is older than this (seconds) is dead (COMPTOIR_NODE_TIMEOUT). */
export const DEFAULT_NODE_TIMEOUT_SECONDS = 5;

/**
 * Gives back what dead nodes held; resolves once all of it is given back (the nodes' rows are
 * then forgotten), throws to be called again at the next sweep. Must be idempotent and safe when
 * several nodes sweep at once.
 */
export type Recoverer = (deadNodes: string[]) => Promise<void>;

export type NodeOptions = {
  id?: string;
  timeoutSeconds?: number;
  beatMs?: number;
  recover?: Recoverer[];
  onError?: (error: unknown) => void;
};

export type RunningNode = {
  id: string;
  /** One beat then one sweep, now (tests; the timer does the same every beatMs). */
  tick(): Promise<void>;
  /** Stops the timer and marks the node dead, so what it may still hold is recovered at once. */
  stop(): Promise<void>;
};

/** Writes (or writes again, after a sweep took a stalled node for dead) this node's heartbeat. */
export async function beat(db: DbOrTx, id: string) {
  await queryRows(
    db,
    sql`insert into app_nodes (id) values (${id}) on conflict (id) do update set heartbeat_at = now()`,
  );
}

/** The nodes other than `self` whose heartbeat is older than `timeoutSeconds` (all others with 0). */
export async function deadNodes(db: DbOrTx, self: string, timeoutSeconds: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from app_nodes where id <> ${self} and heartbeat_at < now() - make_interval(secs => ${timeoutSeconds})
        order by id`,
  );
  return rows.map((r) => r.id);
}

/** Forgets dead nodes whose holdings were all given back (a node that beat again meanwhile stays). */
export async function forgetNodes(db: DbOrTx, ids: string[], timeoutSeconds: number) {
  if (ids.length === 0) return;
  await queryRows(
    db,
    sql`delete from app_nodes where id in ${ids} and heartbeat_at < now() - make_interval(secs => ${timeoutSeconds})`,
  );
}

/**
 * Registers the node, recovers the dead ones' holdings, and keeps doing both every `beatMs`
 * (unref'd timer; errors are reported and retried at the next tick). On the embedded database one
 * process holds the folder: every other node row is dead, recovered at once, and no timer runs.
 * On a server, a node sweeps only after beating without failure for a whole timeout: after a
 * database outage every live node has then beaten again, so none is taken for dead.
 */
export async function startNode(database: Database, options: NodeOptions = {}): Promise<RunningNode> {
  const id = options.id ?? processNodeId;
  const timeout = options.timeoutSeconds ?? DEFAULT_NODE_TIMEOUT_SECONDS;
  const beatMs = options.beatMs ?? BEAT_MS;
  const recover = options.recover ?? [];
  const onError = options.onError ?? (() => {});
  const single = database.kind === 'pglite';
  let beatingSince: number | null = null;
  let running: Promise<void> | null = null;

  const sweep = async (timeoutSeconds: number) => {
    const dead = await deadNodes(database.db, id, timeoutSeconds);
    if (dead.length === 0) return;
    for (const r of recover) await r(dead);
    await forgetNodes(database.db, dead, timeoutSeconds);
  };
  const once = async () => {
    try {
      await beat(database.db, id);
      beatingSince ??= Date.now();
    } catch (error) {
      beatingSince = null;
      throw error;
    }
    if (Date.now() - beatingSince >= timeout * 1000) await sweep(timeout);
  };
  const tick = () => {
    running ??= once()
      .catch(onError)
      .finally(() => (running = null));
    return running;
  };

  await beat(database.db, id);
  beatingSince = Date.now();
  if (single) await sweep(0).catch(onError);
  const timer = single ? null : setInterval(tick, beatMs);
  timer?.unref();
  return {
    id,
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      await queryRows(database.db, sql`update app_nodes set heartbeat_at = '-infinity' where id = ${id}`).catch(
        () => {},
      );
    },
  };
}
