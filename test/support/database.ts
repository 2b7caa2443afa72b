/**
 * Test databases: every test file gets a fresh, migrated database of its own.
 *
 * - PGlite (default): test/global-setup.ts migrates an in-memory PGlite once per run and dumps
 *   it to `.test-data/template.tar.gz`; each file loads that dump into a new in-memory PGlite
 *   (~0.4 s instead of ~3 s for a fresh initdb plus migrations).
 * - PostgreSQL server (`TEST_DATABASE_URL` = an admin URL): global setup migrates the database
 *   `comptoir_template` once; each file gets `CREATE DATABASE comptoir_t_... TEMPLATE
 *   comptoir_template`, dropped again by `close()`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/db/client';
import { migrate, migrationsFolder } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/global-setup.ts: prefix of the server databases this run creates. */
    comptoirTestRun: string;
  }
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testDataDir = path.join(repoRoot, '.test-data');
/** Where global setup leaves the migrated PGlite dump; `COMPTOIR_TEST_TEMPLATE` overrides it. */
export const pgliteTemplatePath = process.env.COMPTOIR_TEST_TEMPLATE || path.join(testDataDir, 'template.tar.gz');
export const pgTemplateName = 'comptoir_template';
export const pgTestDatabasePrefix = 'comptoir_t_';

/** The admin URL of a PostgreSQL server to test against, if any. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function openTestDatabase(): Promise<Database> {
  const adminUrl = testDatabaseUrl();
  return adminUrl ? openServerTestDatabase(adminUrl) : openPgliteTestDatabase();
}

async function openPgliteTestDatabase(): Promise<Database> {
  let gzipped: Buffer | undefined;
  try {
    gzipped = fs.readFileSync(pgliteTemplatePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!gzipped) {
    // Run without the global setup (another config, a script): build from scratch, slower.
    const database = await openPglite(undefined);
    await migrate(database);
    return database;
  }
  // Node's zlib inflates the 5 MB dump in ~50 ms; handing PGlite the gzip costs ~150 ms more.
  const tar = zlib.gunzipSync(gzipped);
  return openPglite(undefined, { loadDataDir: new Blob([tar], { type: 'application/x-tar' }) });
}

/**
 * A fresh, migrated database on the test server for app processes a test starts itself
 * (test/support/app-process.ts): its URL, and `drop()` once the processes are stopped.
 */
export async function createServerTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${pgTestDatabasePrefix}${runId()}_${crypto.randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplateName}"`));
  return { url: databaseUrl(adminUrl, name), drop: () => dropServerDatabase(adminUrl, name) };
}

async function openServerTestDatabase(adminUrl: string): Promise<Database> {
  const name = `${pgTestDatabasePrefix}${runId()}_${crypto.randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${pgTemplateName}"`));
  let database: Database;
  try {
    database = await openPostgres(databaseUrl(adminUrl, name), 5);
  } catch (error) {
    await dropServerDatabase(adminUrl, name).catch(() => {});
    throw error;
  }
  const close = database.close;
  let closed = false;
  return {
    ...database,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await close();
      } finally {
        await dropServerDatabase(adminUrl, name);
      }
    },
  };
}

function runId(): string {
  try {
    const id = inject('comptoirTestRun');
    if (id) return id;
  } catch {
    // not inside a vitest worker
  }
  return 'x';
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropServerDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Creates (or recreates) the migrated template database on the server. */
export async function createServerTemplate(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${pgTemplateName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${pgTemplateName}" TEMPLATE template0 ENCODING 'UTF8'`);
  });
  // openPostgres leaves no connection behind after close(): CREATE DATABASE ... TEMPLATE
  // refuses a template that anyone is connected to.
  const database = await openPostgres(databaseUrl(adminUrl, pgTemplateName), 1);
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

/** Drops the per-file databases a run left behind (a crashed or killed test file). */
export async function dropServerTestDatabases(adminUrl: string, run: string): Promise<string[]> {
  return withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [`${pgTestDatabasePrefix}${run}_`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.map((r) => r.datname);
  });
}

/**
 * A fingerprint of what the PGlite template holds: the migrations and the PGlite version.
 * Global setup rebuilds the dump only when it changes.
 */
export function pgliteTemplateKey(): string {
  const hash = crypto.createHash('sha256');
  const pglitePackage = path.join(repoRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json');
  hash.update(JSON.parse(fs.readFileSync(pglitePackage, 'utf8')).version);
  const files = (fs.readdirSync(migrationsFolder, { recursive: true }) as string[]).sort();
  for (const file of files) {
    const full = path.join(migrationsFolder, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(`\0${file}\0`);
    hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/** Migrates a fresh in-memory PGlite and writes its gzipped dump to `target` atomically. */
export async function buildPgliteTemplate(target = pgliteTemplatePath): Promise<void> {
  const database = await openPglite(undefined);
  try {
    await migrate(database);
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Other runs (a second terminal, an editor's test runner) may read it at the same time.
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, target);
  } finally {
    await database.close();
  }
}
