/**
 * The PostgreSQL backup docs/operators.md prescribes: `pg_dump --format=custom` of a database with
 * data, `pg_restore` into a new empty database, then the two compared table by table.
 */
import { flushFunnel } from '../../src/modules/analytics';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/boot';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { tableCounts } from '../../src/db/backup';
import { type Database, openPostgres, queryRows } from '../../src/db/client';
import { createHttpApp } from '../../src/http/app';
import { routeModules } from '../../src/http/routes';
import { createLog } from '../../src/lib/log';
import type { TestApp } from '../support/app';
import {
  createServerTestDatabase,
  databaseUrl,
  dropServerDatabase,
  pgTestDatabasePrefix,
  testDatabaseUrl,
  withAdmin,
} from '../support/database';
import { buyerWithCard, orderBody, person, shop } from '../support/orders';
import { ensurePostgresBinaries } from '../support/pg-server';

const adminUrl = testDatabaseUrl();

function postgresTools(): string | null {
  try {
    const bin = ensurePostgresBinaries();
    return fs.existsSync(path.join(bin, 'pg_dump')) && fs.existsSync(path.join(bin, 'pg_restore')) ? bin : null;
  } catch {
    return null;
  }
}
const bin = adminUrl ? postgresTools() : null;
const why = !adminUrl ? 'PostgreSQL only (TEST_DATABASE_URL unset)' : !bin ? 'no pg_dump/pg_restore installed' : '';

describe.skipIf(!!why)(
  `backup of a PostgreSQL database with pg_dump and pg_restore${why ? ` (skipped: ${why})` : ''}`,
  () => {
    let source: { url: string; drop(): Promise<void> };
    const target = `${pgTestDatabasePrefix}restored_${randomUUID().slice(0, 8)}`;
    let database: Database;
    let restored: Database | undefined;
    let ctx: AppContext;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-pgdump-'));

    beforeAll(async () => {
      source = await createServerTestDatabase(adminUrl!);
      database = await openPostgres(source.url, 2);
      const config = loadConfig({ COMPTOIR_URL: 'http://localhost:3000', COMPTOIR_DEMO: '0', COMPTOIR_DATA: work });
      ctx = await createAppContext(config, database, { log: createLog('silent') });
      const app = createHttpApp(ctx, routeModules, (error) => console.error('Unhandled error in test app:', error));
      const t = { ctx } as TestApp;
      const author = await person(t);
      const posted = await app.request('/api/v1/statuses', {
        method: 'POST',
        headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'Sauvegardé par pg_dump' }),
      });
      expect(posted.status).toBe(200);
      const s = await shop(t, { stock: 3 });
      const buyer = await buyerWithCard(t);
      const order = await app.request('/api/v1/orders', {
        method: 'POST',
        headers: { authorization: `Bearer ${buyer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(orderBody(s.variantId, buyer.methodId, 1)),
      });
      expect(order.status).toBe(201);
    });

    afterAll(async () => {
      await ctx?.events.close().catch(() => {});
      await database?.close().catch(() => {});
      await restored?.close().catch(() => {});
      await source?.drop().catch(() => {});
      await dropServerDatabase(adminUrl!, target).catch(() => {});
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('restores into an empty database with the same rows', async () => {
      // The funnel's buffered views are written a few seconds after the requests: before the dump.
      await flushFunnel(database.db);
      const dump = path.join(work, 'comptoir.dump');
      execFileSync(path.join(bin!, 'pg_dump'), ['--format=custom', '--file', dump, source.url]);
      await withAdmin(adminUrl!, (admin) =>
        admin.query(`CREATE DATABASE "${target}" TEMPLATE template0 ENCODING 'UTF8'`),
      );
      execFileSync(path.join(bin!, 'pg_restore'), [
        '--no-owner',
        '--exit-on-error',
        '--dbname',
        databaseUrl(adminUrl!, target),
        dump,
      ]);
      restored = await openPostgres(databaseUrl(adminUrl!, target), 2);
      const counts = await tableCounts(database.db);
      expect(counts.orders).toBe(1);
      expect(await tableCounts(restored.db)).toEqual(counts);
      const pick = (db: Database['db']) =>
        queryRows(db, sql`select id, text, account_id from statuses order by id`).then(async (statuses) => ({
          statuses,
          orders: await queryRows(db, sql`select id, status, total_amount from orders order by id`),
          migrations: await queryRows(db, sql`select hash, created_at from drizzle.__drizzle_migrations order by id`),
        }));
      expect(await pick(restored.db)).toEqual(await pick(database.db));
    });
  },
);
