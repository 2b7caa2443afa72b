import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, queryRows, type Database } from '../src/db/client';
import { openTestDatabase, testDatabaseUrl } from './support/database';
import { WAIT_LIMIT_MS } from './support/wait';

describe('test databases', () => {
  let first: Database;
  let second: Database;

  beforeAll(async () => {
    const started = performance.now();
    [first, second] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    console.log(
      `[database.test] two ${first.kind} test databases opened in ${Math.round(performance.now() - started)} ms`,
    );
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it.each([0, 1])('database %i is migrated, with pg_trgm and unaccent', async (index) => {
    const database = [first, second][index]!;
    const tables = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'accounts'`,
    );
    expect(tables[0]?.n).toBe(1);

    const extensions = await queryRows<{ extname: string }>(
      database.db,
      sql`select extname from pg_extension where extname in ('pg_trgm', 'unaccent') order by extname`,
    );
    expect(extensions.map((row) => row.extname)).toEqual(['pg_trgm', 'unaccent']);

    const unaccented = await queryRows<{ word: string }>(database.db, sql`select unaccent('élégante') as word`);
    expect(unaccented[0]?.word).toBe('elegante');
  });

  it('keeps the two databases isolated', async () => {
    await first.db.execute(sql`insert into settings (key, value) values ('isolation-check', 'first')`);
    const check = sql`select value from settings where key = 'isolation-check'`;
    const inFirst = await queryRows<{ value: string }>(first.db, check);
    const inSecond = await queryRows<{ value: string }>(second.db, check);
    expect(inFirst.map((row) => row.value)).toEqual(['first']);
    expect(inSecond).toEqual([]);
  });
});

describe.skipIf(Boolean(testDatabaseUrl()))('PGlite data folder', () => {
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-lock-test-'));
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a second open of a folder that is already open', async () => {
    const database = await openPglite(folder);
    try {
      // The lock is per process (a process may reopen its own folder): open from another one.
      const second = await openInChildProcess(folder);
      expect(second.code).not.toBe(0);
      expect(second.output).toMatch(/in use by process \d+/);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(folder, 'comptoir.lock'))).toBe(false);
  });
});

function openInChildProcess(folder: string): Promise<{ code: number; output: string }> {
  const client = path.resolve(import.meta.dirname, '../src/db/client.ts');
  const script = `
    import { openPglite } from ${JSON.stringify(client)};
    try { await openPglite(${JSON.stringify(folder)}); console.log('opened'); process.exit(0); }
    catch (error) { console.log(error.message); process.exit(3); }`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      // A safety net for a hung child: a loaded machine takes many seconds just to start tsx.
      { timeout: WAIT_LIMIT_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
