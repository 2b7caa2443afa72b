/**
 * The read replica on real servers: a throwaway primary and a streaming replica made from it with
 * pg_basebackup (both on loopback, both this file's own), one app on both. Timelines read from
 * the replica while it is healthy; the writer reads their writes (token and browser cookie); a
 * replica paused past the bound, or stopped, is bypassed without an error; started again, it is
 * used again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/boot';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { openPostgres, queryRows, type Database, type DbOrTx } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import type { Replica } from '../../src/db/replica';
import { createHttpApp } from '../../src/http/app';
import { routeModules } from '../../src/http/routes';
import { RECENT_WRITE_COOKIE } from '../../src/http/read-your-writes';
import { createLog } from '../../src/lib/log';
import { runInRequest } from '../../src/lib/request-scope';
import { hmac } from '../../src/lib/crypto';
import type { TestApp } from '../support/app';
import { person, type Person } from '../support/catalog';
import { BrowserSession } from '../support/browser-session';
import { databaseUrl, testDatabaseUrl, withAdmin } from '../support/database';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/pg-server';
import { startStreamingReplica, type StreamingReplica } from '../support/pg-replica';

const MAX_LAG = 2;

/** Waits for a state (checked again every 100 ms); the deadline only turns a hang into a failure. */
async function until(what: string, ok: () => Promise<boolean> | boolean, deadlineMs = 60_000) {
  const end = Date.now() + deadlineMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`still waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!testDatabaseUrl())('read replica (PostgreSQL servers only: skipped on PGlite)', () => {
  let primary: ThrowawayPostgres;
  let standby: StreamingReplica;
  let database: Database;
  let ctx: AppContext;
  let replica: Replica;
  let t: Pick<TestApp, 'app' | 'ctx'>;
  let dataDir: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  const call = async (method: string, url: string, token: string, body?: unknown) =>
    t.app.request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const publicTimeline = async (token: string) => {
    const res = await call('GET', '/api/v1/timelines/public?limit=40', token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { content: string }[]).map((s) => s.content).join('\n');
  };
  /** What a request did through the reads handle: how many queries each server answered. */
  const served = async <T>(work: () => Promise<T>) => {
    const before = replica.status().served;
    const result = await work();
    const after = replica.status().served;
    return { result, replica: after.replica - before.replica, primary: after.primary - before.primary };
  };
  const onReplica = (sql: string) => withAdmin(databaseUrl(standby.url, 'comptoir'), (c) => c.query(sql));
  const healthy = async () => (await replica.check()).healthy;

  beforeAll(async () => {
    primary = await startThrowawayPostgres();
    await withAdmin(primary.url, (c) => c.query(`create database comptoir`));
    const primaryUrl = databaseUrl(primary.url, 'comptoir');
    database = await openPostgres(primaryUrl, 5);
    await migrate(database);
    standby = await startStreamingReplica(primary);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-replica-app-'));
    const config = loadConfig({
      COMPTOIR_URL: 'http://localhost:3000',
      COMPTOIR_DATA: dataDir,
      COMPTOIR_DEMO: '0',
      DATABASE_URL: primaryUrl,
      DATABASE_REPLICA_URL: databaseUrl(standby.url, 'comptoir'),
      COMPTOIR_REPLICA_MAX_LAG: String(MAX_LAG),
      COMPTOIR_METRICS_TOKEN: METRICS_TOKEN,
    });
    ctx = await createAppContext(config, database, { log: createLog('silent') });
    replica = ctx.replica!;
    t = { app: createHttpApp(ctx, routeModules, (error) => console.error('Unhandled error:', error)), ctx };
    [alice, bob, carol] = [
      await person(t as TestApp, 'alice'),
      await person(t as TestApp, 'bob'),
      await person(t as TestApp, 'carol'),
    ];
    await until('the replica caught up', healthy);
  }, 180_000);

  afterAll(async () => {
    await ctx?.events.close().catch(() => {});
    await ctx?.replica?.close().catch(() => {});
    await database?.close().catch(() => {});
    await standby?.stop();
    await primary?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('reads timelines, search and feeds from the healthy replica, and nothing outside a request', async () => {
    const read = await served(() => publicTimeline(bob.token));
    expect(read.replica).toBeGreaterThan(0);
    expect(read.primary).toBe(0);
    // Search and a feed too.
    const search = await served(() => call('GET', '/api/v2/search?q=alice&type=accounts', bob.token));
    expect(search.result.status).toBe(200);
    expect(search.replica).toBeGreaterThan(0);
    const feed = await served(async () => t.app.request('/tags/replica.rss'));
    expect(feed.result.status).toBe(200);
    expect(feed.replica).toBeGreaterThan(0);
    // A job or a script (no request scope) reads the primary.
    const outside = await served(() => ctx.reads.execute(sql`select 1`));
    expect(outside).toMatchObject({ replica: 0, primary: 1 });
    // Inside a request the server that answers is the standby; a transaction and a write never are.
    const recovering = async (db: DbOrTx) =>
      (await queryRows<{ r: boolean }>(db, sql`select pg_is_in_recovery() as r`))[0].r;
    const inRequest = <T>(work: () => Promise<T>) => runInRequest({ requestId: 'test', primaryReads: false }, work);
    expect(await inRequest(() => recovering(ctx.reads))).toBe(true);
    expect(await inRequest(() => ctx.reads.transaction((tx) => recovering(tx)))).toBe(false);
    expect(await runInRequest({ requestId: 'test', primaryReads: true }, () => recovering(ctx.reads))).toBe(false);
    await inRequest(() => ctx.reads.execute(sql`insert into settings (key, value) values ('replica-test', 'x')`));
    const [row] = await queryRows<{ value: string }>(
      ctx.db,
      sql`select value from settings where key = 'replica-test'`,
    );
    expect(row?.value).toBe('x');
  });

  it('lets writers read their writes while the replica lags, then bypasses it past the bound', async () => {
    await onReplica('select pg_wal_replay_pause()');
    try {
      // A token client writes, then reads: its reads go to the primary for the bound.
      expect((await call('POST', '/api/v1/statuses', alice.token, { status: 'alice wrote this' })).status).toBe(200);
      const own = await served(() => publicTimeline(alice.token));
      expect(own.result).toContain('alice wrote this');
      expect(own.replica).toBe(0);

      // A browser writes: the cookie sends its next reads to the primary, on any node.
      const browser = new BrowserSession(t);
      await browser.actAs(carol.id);
      const seed = 'replica-seed';
      browser.cookies.set('comptoir_csrf', seed);
      const posted = await browser.request('POST', '/api/v1/statuses', {
        body: JSON.stringify({ status: 'carol wrote this' }),
        headers: { 'content-type': 'application/json', 'x-csrf-token': hmac(ctx.secret, seed) },
      });
      expect(posted.status).toBe(200);
      const cookie = posted.headers.getSetCookie().find((c) => c.startsWith(`${RECENT_WRITE_COOKIE}=`));
      expect(cookie).toMatch(new RegExp(`Max-Age=${MAX_LAG}.*HttpOnly.*SameSite=Lax`, 'i'));
      const seen = await served(() => browser.get('/api/v1/timelines/public').then((r) => r.text()));
      expect(seen.result).toContain('carol wrote this');
      expect(seen.replica).toBe(0);

      // Someone else, while the replica is still within the bound, reads the replica: stale.
      const before = replica.status().healthy;
      const other = await served(() => publicTimeline(bob.token));
      if (before && replica.status().healthy) {
        expect(other.replica).toBeGreaterThan(0);
        expect(other.result).not.toContain('alice wrote this');
      }

      // Past the bound the replica is left out, and everyone reads fresh data from the primary.
      await until('the paused replica is left out', () => !replica.status().healthy);
      expect(replica.status().reason).toBe('lagging');
      const fresh = await served(() => publicTimeline(bob.token));
      expect(fresh.result).toContain('alice wrote this');
      expect(fresh.result).toContain('carol wrote this');
      expect(fresh.replica).toBe(0);
    } finally {
      await onReplica('select pg_wal_replay_resume()');
    }
    await until('the resumed replica is used again', healthy);
    const again = await served(() => publicTimeline(bob.token));
    expect(again.replica).toBeGreaterThan(0);
    expect(again.result).toContain('alice wrote this');
  });

  it('keeps answering from the primary when the replica stops, and uses it again once restarted', async () => {
    // Reads in flight while the replica goes down hard: each answers 200 (from the primary if need be).
    const reads = Array.from({ length: 12 }, () => call('GET', '/api/v1/timelines/public', bob.token));
    standby.kill();
    const statuses = await Promise.all(reads.map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    for (let i = 0; i < 5; i++) expect((await call('GET', '/api/v1/timelines/public', bob.token)).status).toBe(200);
    await until('the stopped replica is left out', () => replica.status().reason === 'down');
    expect((await call('POST', '/api/v1/statuses', alice.token, { status: 'written while it was down' })).status).toBe(
      200,
    );
    const down = await served(() => publicTimeline(bob.token));
    expect(down.result).toContain('written while it was down');
    expect(down.replica).toBe(0);
    expect(await replicaMetric(t.app)).toMatch(/^comptoir_replica_healthy 0$/m);

    standby.start();
    await until('the restarted replica is used again', healthy);
    const back = await served(() => publicTimeline(bob.token));
    expect(back.replica).toBeGreaterThan(0);
    expect(back.result).toContain('written while it was down');
    expect(await replicaMetric(t.app)).toMatch(/^comptoir_replica_healthy 1$/m);
  });
});

const METRICS_TOKEN = 'replica-test-metrics-token';
/** What an operator's scraper sees of the replica. */
async function replicaMetric(app: TestApp['app']): Promise<string> {
  const res = await app.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter((line) => line.startsWith('comptoir_replica_'))
    .join('\n');
}
