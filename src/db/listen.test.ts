import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerTestDatabase, testDatabaseUrl } from '../../test/support/database';
import { openPostgres, queryRows, type Database } from './client';

const adminUrl = testDatabaseUrl();

describe.skipIf(!adminUrl)('LISTEN on a PostgreSQL server (needs TEST_DATABASE_URL)', () => {
  let target: { url: string; drop(): Promise<void> };
  let database: Database;
  beforeAll(async () => {
    target = await createServerTestDatabase(adminUrl!);
    database = await openPostgres(target.url, 2);
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it('listens again on every channel after its connection is cut, with the same handlers', async () => {
    const heard: string[] = [];
    await database.listen('test_one', (payload) => heard.push(`one:${payload}`));
    await database.listen('test_two', (payload) => heard.push(`two:${payload}`));
    const listeners = () =>
      queryRows<{ pid: number; query: string }>(
        database.db,
        sql`select pid, query from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`,
      );
    const [before] = await listeners();
    expect(before).toBeDefined();
    // What a server restart or a network cut does to the connection.
    await queryRows(database.db, sql`select pg_terminate_backend(${before!.pid})`);
    const deadline = Date.now() + 30_000;
    // Back once a new connection has listened to both channels (the second LISTEN is its last query).
    for (;;) {
      const now = await listeners();
      if (now.some((l) => l.pid !== before!.pid && l.query.includes('test_two'))) break;
      if (Date.now() > deadline) throw new Error('the listener did not come back within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    await database.notify('test_one', 'a');
    await database.notify('test_two', 'b');
    const until = Date.now() + 10_000;
    while (heard.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(heard.sort()).toEqual(['one:a', 'two:b']);
  });
});
