/**
 * The PostgreSQL server restarting under load (an operator's restart, a failover): requests
 * caught by it fail with 503 and a code, nothing is half-written, and the app node recovers
 * without being restarted: its pool reconnects, LISTEN is back, live streams carry on, jobs run.
 * On a server of its own: the shared test server must never go down under other files.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openPostgres, queryRows, type Database } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { sseReader } from '../../src/modules/social/api-test-support';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { call, personWithToken } from '../support/cluster';
import { databaseUrl, testDatabaseUrl, withAdmin } from '../support/database';
import { restartThrowawayPostgres, startThrowawayPostgres, type ThrowawayPostgres } from '../support/pg-server';

type Outcome = { kind: 'post' | 'read'; status: number; body: string; phase: 'before' | 'during' | 'after' };

let server: ThrowawayPostgres;
let url: string;
let database: Database;
let node: AppProcess;

/** Waits for a condition that the app makes true, checking every 50 ms, failing after `ms`. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!testDatabaseUrl())('the PostgreSQL server restarting under load (needs PostgreSQL)', () => {
  beforeAll(async () => {
    server = await startThrowawayPostgres();
    await withAdmin(server.url, (admin) => admin.query('CREATE DATABASE comptoir'));
    url = databaseUrl(server.url, 'comptoir');
    database = await openPostgres(url, 2);
    await migrate(database);
    node = await startAppProcess({ databaseUrl: url, env: { COMPTOIR_RATE_POST: '100000/60' } });
  }, 180_000);

  afterAll(async () => {
    await node?.stop();
    await database?.close();
    await server?.stop();
  }, 60_000);

  it('answers 503 with a code while it is down, loses no answered write, and recovers by itself', async () => {
    const author = await personWithToken(database, 'charge');
    // Live clients connected before the restart.
    const controller = new AbortController();
    const sseResponse = await fetch(`${node.url}/api/v1/streaming/public`, { signal: controller.signal });
    expect(sseResponse.status).toBe(200);
    const sse = sseReader(sseResponse);
    const ws = new WebSocket(`${node.url.replace(/^http/, 'ws')}/api/v1/streaming?stream=public`);
    const wsUpdates: string[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { event?: string; payload?: string };
      if (m.event === 'update') wsUpdates.push(JSON.parse(m.payload!).id);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });

    // The load: parallel writers (each post with a hashtag: a status and its tag row, one transaction) and readers.
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let running = true;
    let n = 0;
    const worker = async (kind: Outcome['kind']) => {
      while (running) {
        const at = phase;
        // A node that died (the defect this test guards against) answers nothing: status 0.
        const reply = await (kind === 'post'
          ? call(node.url, 'POST', '/api/v1/statuses', {
              token: author.token,
              body: { status: `Charge ${++n} #redemarrage` },
            })
          : call(node.url, 'GET', '/api/v1/timelines/public?limit=5')
        ).catch((error: Error) => ({ status: 0, body: String(error.cause ?? error) }));
        outcomes.push({ kind, status: reply.status, body: reply.body, phase: at === 'during' ? 'during' : phase });
      }
    };
    const load = [
      ...Array.from({ length: 4 }, () => worker('post')),
      ...Array.from({ length: 2 }, () => worker('read')),
    ];
    const count = (p: Outcome['phase'], status: number) =>
      outcomes.filter((o) => o.phase === p && o.status === status).length;

    await waitFor('posts before the restart', () => count('before', 200) >= 20);
    await restartThrowawayPostgres(server.folder, async () => {
      phase = 'during';
      // Down: the node answers, and says why.
      await waitFor('503 replies while the server is down', () => count('during', 503) >= 10);
    });
    phase = 'after';
    await waitFor('posts after the restart', () => count('after', 200) >= 10);
    running = false;
    await Promise.all(load);

    // Every reply was a success or a 503 naming the outage, in the route's (Mastodon's) shape: never a 500.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    for (const o of outcomes.filter((x) => x.status === 503)) {
      expect(JSON.parse(o.body)).toMatchObject({ error_code: 'database_unavailable' });
    }
    // Every post the node acknowledged exists, and no post exists without its tag (nothing half-written).
    const acknowledged = outcomes
      .filter((o) => o.kind === 'post' && o.status === 200)
      .map((o) => JSON.parse(o.body).id as string);
    const [check] = await queryRows<{ found: number; untagged: number; orphans: number }>(
      database.db,
      sql`select (select count(*) from statuses where id = any(${`{${acknowledged.join(',')}}`}::uuid[]))::int as found,
            (select count(*) from statuses s where s.account_id = ${author.id}
              and not exists (select 1 from status_tags t where t.status_id = s.id))::int as untagged,
            (select count(*) from status_tags t where not exists (select 1 from statuses s where s.id = t.status_id))::int as orphans`,
    );
    expect(check).toEqual({ found: acknowledged.length, untagged: 0, orphans: 0 });

    // LISTEN is back (the node's listening connection re-subscribed), then a post reaches the
    // streams that were opened before the restart.
    await waitFor('the node listening again', async () => {
      const rows = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_stat_activity where datname = 'comptoir' and query ilike 'LISTEN%'`,
      );
      return rows[0]!.n > 0;
    });
    const after = await call(node.url, 'POST', '/api/v1/statuses', {
      token: author.token,
      body: { status: 'Après le redémarrage' },
    });
    const afterId = after.json<{ id: string }>().id;
    await sse.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === afterId, 30_000);
    await waitFor('the socket hearing the post', () => wsUpdates.includes(afterId), 30_000);

    // A job enqueued now runs: the worker loop kept going through the outage.
    const [job] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into jobs (id, kind, payload, run_at)
          values (gen_random_uuid(), 'status.announce', jsonb_build_object('statusId', ${afterId}::uuid), now()) returning id`,
    );
    await waitFor('the job done', async () => {
      const rows = await queryRows<{ done: boolean }>(
        database.db,
        sql`select done_at is not null as done from jobs where id = ${job!.id}`,
      );
      return rows[0]!.done;
    });
    // It streamed the post once more.
    await waitFor(
      'the announcement on the stream',
      () => wsUpdates.filter((id) => id === afterId).length === 2,
      30_000,
    );

    ws.close();
    controller.abort();
    await sse.close();
    expect(node.output()).not.toMatch(/unhandled|uncaught/i);
  }, 240_000);
});
