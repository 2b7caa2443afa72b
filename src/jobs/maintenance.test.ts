import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { purgeBookkeeping } from './maintenance';
import type { DbOrTx } from '../db/client';
import { enqueue as enqueueKind, runDueJobs } from './queue';

// Jobs of kinds no module uses (kinds.ts types the real ones).
const enqueue = enqueueKind as unknown as (db: DbOrTx, kind: string, payload: unknown, runAt?: Date) => Promise<string>;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (table: 'jobs' | 'idempotency_keys' | 'rate_limits') =>
  (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n;

describe('housekeeping', () => {
  it('purges finished jobs after a week and idempotency keys and rate-limit windows after a day, and nothing else', async () => {
    await queryRows(t.ctx.db, sql`delete from jobs`);
    const old = await enqueue(t.ctx.db, 'test.done', {});
    await enqueue(t.ctx.db, 'test.done', {});
    await runDueJobs(t.ctx.database, { 'test.done': async () => {} }, 10);
    await queryRows(t.ctx.db, sql`update jobs set done_at = now() - interval '8 days' where id = ${old}`);
    await enqueue(t.ctx.db, 'test.later', {}, new Date(Date.now() + 3_600_000)); // pending: kept whatever its age
    await queryRows(t.ctx.db, sql`update jobs set created_at = now() - interval '30 days' where kind = 'test.later'`);
    await queryRows(
      t.ctx.db,
      sql`insert into idempotency_keys (scope, principal, key, request_hash, created_at) values
            ('orders', 'a', 'old', 'h', now() - interval '25 hours'), ('orders', 'a', 'new', 'h', now() - interval '1 hour')`,
    );
    await queryRows(
      t.ctx.db,
      sql`insert into rate_limits (bucket, window_start, hits) values ('old', now() - interval '2 days', 3), ('new', now(), 1)`,
    );

    const purged = await purgeBookkeeping(t.ctx.database);
    expect(purged).toEqual({ jobs: 1, idempotencyKeys: 1, rateLimits: 1 });
    expect(await count('jobs')).toBe(2);
    expect(
      (await queryRows<{ key: string }>(t.ctx.db, sql`select key from idempotency_keys where principal = 'a'`)).map(
        (r) => r.key,
      ),
    ).toEqual(['new']);
    expect(await purgeBookkeeping(t.ctx.database)).toEqual({ jobs: 0, idempotencyKeys: 0, rateLimits: 0 });
  });
});
