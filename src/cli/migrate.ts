/**
 * `npm run migrate`: applies pending migrations to the configured database (DATABASE_URL, or the
 * embedded one in COMPTOIR_DATA) and says which ones it applied. `npm start` does the same on
 * every start; this is for operators who migrate before rolling out new app nodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openDatabase, queryRows, type Db } from '../db/client';
import { migrate, migrationsFolder } from '../db/migrate';

type JournalEntry = { tag: string; when: number };

/** The migrations recorded as applied (drizzle keeps their timestamps), or none on a fresh database. */
async function appliedStamps(db: Db): Promise<Set<number>> {
  const [exists] = await queryRows<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists?.t) return new Set();
  const rows = await queryRows<{ created_at: number | string }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations`,
  );
  return new Set(rows.map((r) => Number(r.created_at)));
}

const config = loadConfig();
const where = config.databaseUrl
  ? `PostgreSQL server ${redact(config.databaseUrl)}`
  : `embedded database in ${config.dataDir}`;
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: JournalEntry[];
};

let database;
try {
  database = await openDatabase(config);
} catch (error) {
  console.error(`Cannot open the ${where}: ${(error as Error).message}`);
  process.exit(1);
}
try {
  const before = await appliedStamps(database.db);
  const started = Date.now();
  await migrate(database);
  const after = await appliedStamps(database.db);
  const applied = journal.entries.filter((e) => after.has(e.when) && !before.has(e.when));
  console.log(`Database: ${where}`);
  if (applied.length === 0) {
    console.log(`Up to date: ${after.size} migration(s) already applied, nothing to do.`);
  } else {
    for (const entry of applied) console.log(`  applied ${entry.tag}`);
    console.log(`Applied ${applied.length} migration(s) in ${Date.now() - started} ms; ${after.size} in all.`);
  }
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
