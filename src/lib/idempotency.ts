import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Db, type DbOrTx } from '../db/client';
import { preparedSqlRows } from '../db/prepared';
import { badRequest, conflict, unprocessable } from './errors';

/** One request's hold on an Idempotency-Key: who sent it, under which scope, and what it asked. */
export type KeyClaim = { scope: string; principal: string; key: string; requestHash: string };
export type StoredReply<T = unknown> = { status: number; body: T };

/** The claim a request makes, or null without a key; a key over 255 characters is a 400. */
export function keyClaim(input: {
  scope: string;
  principal: string;
  key: string | undefined;
  body: unknown;
}): KeyClaim | null {
  if (!input.key) return null;
  if (input.key.length > 255) throw badRequest('invalid_idempotency_key', 'Idempotency-Key has at most 255 characters');
  const requestHash = createHash('sha256')
    .update(JSON.stringify(input.body ?? null))
    .digest('hex');
  return { scope: input.scope, principal: input.principal, key: input.key, requestHash };
}

export const claimId = (c: Pick<KeyClaim, 'scope' | 'principal' | 'key'>) =>
  JSON.stringify([c.scope, c.principal, c.key]);

/**
 * The keys as a table (`u`), from three arrays read in step: with it the planner reads each key
 * from the primary key's index. A JSON list alone (planned as 100 rows) and three `= any(array)`
 * conditions (which PostgreSQL 15 does not combine into index lookups) both made it scan the whole
 * table, whose size is a day of keys (16 ms for 45 keys among 20,000).
 */
const keysTable = (claims: Pick<KeyClaim, 'scope' | 'principal' | 'key'>[]) =>
  sql`unnest(${inStep(claims.map((c) => c.scope))}::text[], ${inStep(claims.map((c) => c.principal))}::text[], ${inStep(claims.map((c) => c.key))}::text[]) as u(scope, principal, key)`;

/** A text array literal that keeps order and repeats (arrayLiteral removes duplicates). */
const inStep = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/**
 * Claims many keys in one statement and says which were taken (by `claimId`). A key already
 * held, by a finished request or one still running, is not. Claims are written in key order, so
 * two batches claiming overlapping keys wait for each other instead of deadlocking.
 */
export async function claimKeys(tx: DbOrTx, claims: KeyClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const sorted = [...claims].sort((a, b) => (claimId(a) < claimId(b) ? -1 : 1));
  const rows = await preparedSqlRows<{ scope: string; principal: string; key: string }>(
    tx,
    sql`insert into idempotency_keys (scope, principal, key, request_hash)
        select scope, principal, key, request_hash from json_to_recordset(${JSON.stringify(sorted.map((c) => ({ ...c, request_hash: c.requestHash })))}::json)
          as r(scope text, principal text, key text, request_hash text)
        on conflict do nothing returning scope, principal, key`,
  );
  return new Set(rows.map(claimId));
}

/** Lets go of keys whose request failed: the client may retry them (their waiting duplicates are woken). */
export async function releaseKeys(tx: DbOrTx, claims: Pick<KeyClaim, 'scope' | 'principal' | 'key'>[]) {
  if (claims.length === 0) return;
  const release = keyWrites.release(claims);
  await preparedSqlRows(tx, sql`with done as (${release.write}) select ${release.wake('done')}`);
}

/** Lets go of a key whose request never got a reply kept (it died midway); a kept reply stays. */
export async function releaseUnanswered(db: DbOrTx, claim: Pick<KeyClaim, 'scope' | 'principal' | 'key'>) {
  await queryRows(
    db,
    sql`with done as (
          delete from idempotency_keys
          where scope = ${claim.scope} and principal = ${claim.principal} and key = ${claim.key} and status is null returning 1)
        select ${wake([claim], 'done')}`,
  );
}

/** Keeps the replies of finished requests, many in one statement. */
export async function storeReplies(tx: DbOrTx, replies: { claim: KeyClaim; reply: StoredReply }[]) {
  if (replies.length === 0) return;
  const store = keyWrites.reply(replies);
  await preparedSqlRows(tx, sql`with done as (${store.write}) select ${store.wake('done')}`);
}

/**
 * releaseKeys and storeReplies as parts of a caller's statement, so a batch writes its keys with
 * its other rows in one round trip: `write` is the body of a `with` clause (it returns a row per
 * key changed) and `wake(clause)` the select-list item that sends the NOTIFY when that clause
 * changed a key.
 */
export const keyWrites = {
  release(claims: Pick<KeyClaim, 'scope' | 'principal' | 'key'>[]) {
    return {
      write: sql`delete from idempotency_keys k using ${keysTable(claims)}
          where k.scope = u.scope and k.principal = u.principal and k.key = u.key returning 1`,
      wake: (clause: string) => wake(claims, clause),
    };
  },
  reply(replies: { claim: KeyClaim; reply: StoredReply }[]) {
    const rows = replies.map(({ claim, reply }) => ({
      scope: claim.scope,
      principal: claim.principal,
      key: claim.key,
      status: reply.status,
      response: reply.body,
    }));
    const claims = replies.map((r) => r.claim);
    return {
      write: sql`update idempotency_keys k set status = r.status, response = r.response
          from json_to_recordset(${JSON.stringify(rows)}::json) as r(scope text, principal text, key text, status int, response jsonb),
            ${keysTable(claims)}
          where k.scope = u.scope and k.principal = u.principal and k.key = u.key
            and r.scope = u.scope and r.principal = u.principal and r.key = u.key
          returning 1`,
      wake: (clause: string) => wake(claims, clause),
    };
  },
};

/**
 * Someone else holds the key: wait for their reply. `released` when their attempt failed and
 * let go of the key (a declined card may be retried with the same key; the holder's node died and
 * another gave its holdings back); the same key with another body is a 422; still running after
 * `deadlineMs` is a 409. Woken by the holder's reply or release (see `wake`); a re-read every
 * second covers a lost notification. Without `listenForReplies` on this database, it polls.
 */
export async function awaitReply<T>(
  db: Db,
  claim: KeyClaim,
  deadlineMs = 30_000,
): Promise<StoredReply<T> | 'released'> {
  const deadline = Date.now() + deadlineMs;
  const waiters = listening.get(db);
  for (;;) {
    // Waiting starts before the read: a reply stored between the read and the wait still wakes us.
    const wait = waiters
      ? waitFor(waiters, wakeHash(claim), Math.min(RECHECK_MS, Math.max(0, deadline - Date.now())))
      : pause(POLL_MS);
    try {
      const [row] = await queryRows<{ request_hash: string; status: number | null; response: unknown }>(
        db,
        sql`select request_hash, status, response from idempotency_keys where scope = ${claim.scope} and principal = ${claim.principal} and key = ${claim.key}`,
      );
      if (!row) return 'released';
      if (row.request_hash !== claim.requestHash)
        throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      if (row.status !== null) return { status: row.status, body: row.response as T };
      if (Date.now() > deadline)
        throw conflict('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
      await wait.promise;
    } finally {
      wait.cancel();
    }
  }
}

/** Waiting duplicates re-read their key this often when no notification came (one may be lost). */
const RECHECK_MS = 1_000;
/** Without a LISTEN on the database (scripts), a waiting duplicate polls. */
const POLL_MS = 25;
const CHANNEL = 'comptoir_keys';
/** NOTIFY payloads are capped at 8000 bytes: a larger batch wakes every waiter instead. */
const MAX_NAMED = 400;

type Waiters = Map<string, Set<() => void>>;
const listening = new WeakMap<Db, Waiters>();

/** A short digest of a key: notifications name keys by it (a key itself may be 255 characters). */
const wakeHash = (c: Pick<KeyClaim, 'scope' | 'principal' | 'key'>) =>
  createHash('md5').update(claimId(c)).digest('hex').slice(0, 16);

/**
 * The NOTIFY that ends a statement writing these keys' replies or releases (the rows of its
 * `clause`): a select-list item, one per statement that changed a key, sent by the database at
 * commit, so a woken waiter reads what was written.
 */
const wake = (claims: Pick<KeyClaim, 'scope' | 'principal' | 'key'>[], clause: string) =>
  sql`case when exists (select 1 from ${sql.raw(clause)}) then pg_notify(${CHANNEL}, ${claims.length > MAX_NAMED ? '*' : [...new Set(claims.map(wakeHash))].join(',')}) end`;

/** One LISTEN per process and database: duplicates waiting on a key are woken by its reply or release. */
export async function listenForReplies(database: Pick<Database, 'db' | 'listen'>) {
  if (listening.has(database.db)) return;
  const waiters: Waiters = new Map();
  listening.set(database.db, waiters);
  await database.listen(CHANNEL, (payload) => {
    const named = payload === '*' ? [...waiters.keys()] : payload.split(',');
    for (const hash of named) for (const wakeUp of waiters.get(hash) ?? []) wakeUp();
  });
}

function waitFor(waiters: Waiters, hash: string, ms: number) {
  let wakeUp = () => {};
  const promise = new Promise<void>((resolve) => (wakeUp = resolve));
  const timer = setTimeout(wakeUp, ms);
  let set = waiters.get(hash);
  if (!set) waiters.set(hash, (set = new Set()));
  set.add(wakeUp);
  return {
    promise,
    cancel() {
      clearTimeout(timer);
      set.delete(wakeUp);
      if (set.size === 0 && waiters.get(hash) === set) waiters.delete(hash);
    },
  };
}

function pause(ms: number) {
  let timer: NodeJS.Timeout | undefined;
  return {
    promise: new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
    cancel: () => clearTimeout(timer),
  };
}

/**
 * Stripe-style idempotency: the first request with a key does the work and its reply is kept;
 * a retry with the same key and body gets the same reply without doing it again; the same key
 * with another body is a 422. Concurrent duplicates: the loser of the insert race waits for the
 * winner's reply (409 if it is still running after a while). A failed attempt does not hold the key.
 */
export async function idempotent<T>(
  db: Db,
  input: { scope: string; principal: string; key: string | undefined; body: unknown },
  /** Gets the claim it holds (null without a key): a checkout hands it to its order, see reserve.ts. */
  work: (claim: KeyClaim | null) => Promise<StoredReply<T>>,
): Promise<StoredReply<T> & { replayed: boolean }> {
  const claim = keyClaim(input);
  if (!claim) return { ...(await work(null)), replayed: false };
  for (;;) {
    if ((await claimKeys(db, [claim])).size) break;
    const reply = await awaitReply<T>(db, claim);
    if (reply !== 'released') return { ...reply, replayed: true };
  }
  try {
    const result = await work(claim);
    await storeReplies(db, [{ claim, reply: result }]);
    return { ...result, replayed: false };
  } catch (error) {
    await releaseKeys(db, [claim]);
    throw error;
  }
}
