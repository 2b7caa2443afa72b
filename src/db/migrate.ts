import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { queryRows, type Database, type Db } from './client';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies pending migrations. On a server several app nodes may start at once, so the
 * migration runs on one connection holding an advisory lock.
 */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const pool = (database.db as unknown as { $client: import('pg').Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(727001)');
    await migratePg(drizzlePg({ client }), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(727001)').catch(() => {});
    client.release();
  }
}

/** A migration this release knows: its name and the time drizzle records when it is applied. */
export type JournalEntry = { tag: string; when: number };

/** The migrations this release knows, in order (drizzle-kit's journal). */
export function migrationJournal(): JournalEntry[] {
  const journal = fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(journal) as { entries: JournalEntry[] }).entries;
}

/** The `when` of every migration applied to a database, oldest first; none on a fresh database. */
export async function appliedStamps(db: Db): Promise<number[]> {
  const [exists] = await queryRows<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists?.t) return [];
  const rows = await queryRows<{ created_at: number | string }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.map((r) => Number(r.created_at));
}

export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from accounts`);
  return Number(row?.n ?? 0) === 0;
}
