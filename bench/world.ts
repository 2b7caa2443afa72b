/**
 * Benchmark worlds, built once per set of parameters and reused: a PGlite data folder under
 * bench/.data/, or a database on the bench PostgreSQL server (or the one DATABASE_URL names).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { generateBulk, type BulkResult } from '../src/cli/bulk';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { isEmpty, migrate } from '../src/db/migrate';
import { int } from './load';

export const benchRoot = path.dirname(fileURLToPath(import.meta.url));
export const benchData = path.join(benchRoot, '.data');

/** Bump when the generator changes what it makes: old worlds are then rebuilt. */
const GENERATOR_VERSION = 1;

export type WorldParams = { accounts: number; posts: number; follows: number; seed: number };
export type World =
  | { kind: 'pglite'; key: string; dataDir: string; built: BulkResult | null }
  | { kind: 'pg'; key: string; url: string; built: BulkResult | null };

/** The options that name a generated world, as every world benchmark reads them. */
export const worldOptions = {
  accounts: { type: 'string' },
  posts: { type: 'string' },
  follows: { type: 'string' },
  seed: { type: 'string' },
} as const;

export function worldParams(values: {
  accounts?: string;
  posts?: string;
  follows?: string;
  seed?: string;
}): WorldParams {
  const accounts = int(values.accounts, 10_000, 'accounts');
  return {
    accounts,
    posts: int(values.posts, 1_000_000, 'posts'),
    follows: Math.min(int(values.follows, 200, 'follows'), accounts - 1),
    seed: int(values.seed, 1, 'seed'),
  };
}

export const worldKey = (p: WorldParams) => `a${p.accounts}-p${p.posts}-f${p.follows}-s${p.seed}-v${GENERATOR_VERSION}`;

async function build(database: Database, params: WorldParams, log: (line: string) => void): Promise<BulkResult> {
  await migrate(database);
  log(
    `Generating ${params.accounts.toLocaleString('en')} accounts, ${params.posts.toLocaleString('en')} posts, ${params.follows} follows each (${database.kind})…`,
  );
  const bar = new cliProgress.SingleBar(
    { format: '  {phase} {bar} {percentage}% | {duration_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  const result = await generateBulk(database, {
    accounts: params.accounts,
    posts: params.posts,
    follows: params.follows,
    seed: params.seed,
    onProgress: (p) => {
      if (!process.stdout.isTTY) {
        if (p.phase !== phase) log(`  ${p.phase}…`);
        phase = p.phase;
        return;
      }
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(9) });
      } else bar.update(p.done);
    },
  }).finally(() => phase && process.stdout.isTTY && bar.stop());
  log(
    `  built in ${Object.values(result.seconds)
      .reduce((a, b) => a + b, 0)
      .toFixed(0)} s: ${JSON.stringify(result.seconds)}`,
  );
  // Index-only scans of the timeline's covering index need the visibility map: a server's
  // autovacuum would get there in its own time, PGlite has none; vacuum the fresh world now.
  await vacuumWorld(database);
  return result;
}

/**
 * Brings a reused world up to the current schema (worlds outlive migrations: the new ones apply
 * here, as the server would on start) and vacuums it, so that measurements see index-only scans.
 * Returns the number of migrations applied.
 */
export async function prepareWorld(database: Database): Promise<number> {
  const count = async () => {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    ).catch(() => [{ n: 0 }]);
    return Number(row?.n ?? 0);
  };
  const before = await count();
  await migrate(database);
  const applied = (await count()) - before;
  await vacuumWorld(database);
  return applied;
}

export async function vacuumWorld(database: Database) {
  await queryRows(database.db, sql`vacuum (analyze) statuses, follows, accounts, favourites`);
}

/** A PGlite world in bench/.data/pglite-<key>/ (a COMPTOIR_DATA folder). */
export async function pgliteWorld(params: WorldParams, log: (line: string) => void): Promise<World> {
  const key = worldKey(params);
  const dataDir = path.join(benchData, `pglite-${key}`);
  const marker = path.join(dataDir, 'world.json');
  if (fs.existsSync(marker)) return { kind: 'pglite', key, dataDir, built: null };
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = await openPglite(dataDir);
  try {
    const built = await build(database, params, log);
    fs.writeFileSync(marker, JSON.stringify({ params, built }, null, 2));
    return { kind: 'pglite', key, dataDir, built };
  } finally {
    await database.close();
  }
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function readMarker(url: string): Promise<string | null> {
  const database = await openPostgres(url, 1);
  try {
    const [row] = await queryRows<{ t: string | null }>(
      database.db,
      sql`select to_regclass('public.settings')::text as t`,
    );
    if (!row?.t) return null;
    const [marker] = await queryRows<{ value: string }>(
      database.db,
      sql`select value from settings where key = 'bench.world'`,
    );
    return marker?.value ?? null;
  } finally {
    await database.close();
  }
}

async function buildInto(url: string, params: WorldParams, log: (line: string) => void): Promise<BulkResult> {
  const database = await openPostgres(url, 4);
  try {
    if (!(await isEmptyOrFresh(database)))
      throw new Error('The database is not empty and holds no benchmark world: use an empty database');
    const built = await build(database, params, log);
    await queryRows(
      database.db,
      sql`insert into settings (key, value) values ('bench.world', ${worldKey(params)}) on conflict (key) do update set value = excluded.value`,
    );
    return built;
  } finally {
    await database.close();
  }
}

async function isEmptyOrFresh(database: Database): Promise<boolean> {
  const [row] = await queryRows<{ t: string | null }>(
    database.db,
    sql`select to_regclass('public.accounts')::text as t`,
  );
  if (!row?.t) return true;
  return isEmpty(database);
}

/** A world in database bench_<key> of the server at `adminUrl` (created when missing). */
export async function serverWorld(adminUrl: string, params: WorldParams, log: (line: string) => void): Promise<World> {
  const key = worldKey(params);
  const name = `bench_${key.replace(/-/g, '_')}`;
  const url = withDatabase(adminUrl, name);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rows.length && (await readMarker(url)) === key) return { kind: 'pg', key, url, built: null };
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}" template template0 encoding 'UTF8'`);
  } finally {
    await admin.end();
  }
  return { kind: 'pg', key, url, built: await buildInto(url, params, log) };
}

/** The world in the database DATABASE_URL names: reused when it is this one, built when the database is empty. */
export async function urlWorld(url: string, params: WorldParams, log: (line: string) => void): Promise<World> {
  const key = worldKey(params);
  const marker = await readMarker(url);
  if (marker === key) return { kind: 'pg', key, url, built: null };
  if (marker)
    throw new Error(`DATABASE_URL holds another benchmark world (${marker}); use an empty database for ${key}`);
  return { kind: 'pg', key, url, built: await buildInto(url, params, log) };
}
