/**
 * A PostgreSQL server for benchmarks whose data outlives the run: a cluster in
 * bench/.data/pg (Debian's binaries, found or installed by test/support/pg-server.ts), started on
 * a free loopback port when needed and stopped at the end. Worlds of 5M posts take a while to
 * generate; keeping the cluster lets the next run reuse them. Durability is traded for speed
 * (fsync off): it only ever holds generated data.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensurePostgresBinaries, freePort, isRoot } from '../test/support/pg-server';
import { benchData } from './world';

export type BenchPostgres = { adminUrl: string; folder: string; stop(): Promise<void> };

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(argv: string[], mustSucceed = true) {
  const [command, ...args] = isRoot() ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
  const result = spawnSync(command!, args, { cwd: os.tmpdir(), encoding: 'utf8' });
  if (mustSucceed && result.status !== 0)
    throw new Error(`${path.basename(argv[0]!)} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result;
}

/**
 * Where the cluster can live. Run as root, initdb and the server run as the `postgres` user, which
 * cannot enter a checkout under a private home (`/root` is 0700 on Debian): the cluster then lives
 * in the system's temporary folder instead, one per checkout and name, and is reused from there.
 */
function reachableByPostgres(folder: string): string {
  if (!isRoot()) return folder;
  const parent = path.dirname(folder);
  // The parents stay traversable: initdb runs as postgres and must reach the folder.
  fs.mkdirSync(parent, { recursive: true, mode: 0o755 });
  fs.chmodSync(parent, 0o755);
  if (run(['test', '-x', parent], false).status === 0) return folder;
  const checkout = createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 12);
  const elsewhere = path.join(os.tmpdir(), `comptoir-bench-${checkout}`);
  fs.mkdirSync(elsewhere, { recursive: true, mode: 0o755 });
  fs.chmodSync(elsewhere, 0o755);
  console.log(`PostgreSQL's own user cannot enter ${parent}: the bench cluster lives in ${elsewhere} instead.`);
  return path.join(elsewhere, path.basename(folder));
}

/** The port of a cluster already running in `folder`, if any (postmaster.pid line 4). */
function runningPort(folder: string): number | null {
  try {
    const lines = fs.readFileSync(path.join(folder, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    process.kill(pid, 0);
    return Number(lines[3]) || null;
  } catch {
    return null;
  }
}

/**
 * `durable`: a cluster that keeps PostgreSQL's default durability (fsync, synchronous commit, full
 * page writes), made afresh in `folder` and removed by stop(): commits then wait for the disk, the
 * regime where a hot row's lock is held across a flush. Commerce benchmarks use it on request.
 */
export async function startBenchPostgres(
  wanted: string,
  { durable = false }: { durable?: boolean } = {},
): Promise<BenchPostgres> {
  const bin = ensurePostgresBinaries();
  const folder = reachableByPostgres(wanted);
  if (durable) {
    if (runningPort(folder)) run([path.join(bin, 'pg_ctl'), 'stop', '-w', '-m', 'immediate', '-D', folder], false);
    fs.rmSync(folder, { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (isRoot()) {
      const { uid, gid } = postgresIds();
      fs.chownSync(folder, uid, gid);
    }
    fs.chmodSync(folder, 0o700);
    const initdb = [path.join(bin, 'initdb'), '-D', folder, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8'];
    if (run([...initdb, '--locale=C.UTF-8'], false).status !== 0) run([...initdb, '--no-locale']);
  }
  const already = runningPort(folder);
  if (already) return { adminUrl: `postgres://postgres@127.0.0.1:${already}/postgres`, folder, stop: async () => {} };
  const port = await freePort();
  const memory = Math.floor(os.totalmem() / 1024 / 1024);
  const options = [
    `-p ${port}`,
    '-k /tmp',
    '-c listen_addresses=127.0.0.1',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    // The flash-sale benchmark measures the raw hot-row rate with 200 connections of its own
    // while the server's pool and listener stay open.
    '-c max_connections=300',
    // Per-statement counts and times for the benchmarks' profiles (CREATE EXTENSION per database).
    '-c shared_preload_libraries=pg_stat_statements',
    // A modest production-like setting: a quarter of memory, at most 2 GB.
    `-c shared_buffers=${Math.min(2048, Math.floor(memory / 4))}MB`,
    '-c maintenance_work_mem=512MB',
    '-c work_mem=16MB',
    '-c max_wal_size=8GB',
  ].join(' ');
  run([
    path.join(bin, 'pg_ctl'),
    'start',
    '-w',
    '-t',
    '120',
    '-D',
    folder,
    '-l',
    path.join(folder, 'server.log'),
    '-o',
    options,
  ]);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    folder,
    stop: async () => {
      run([path.join(bin, 'pg_ctl'), 'stop', '-w', '-m', 'fast', '-D', folder], false);
      if (durable) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The postmaster's pid of a cluster running in `folder` (for CPU accounting), or null. */
export function postmasterPid(folder: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(folder, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * A named benchmark database on the bench cluster (or on `DATABASE_URL`'s server), created when
 * missing and kept for later runs. `fresh`: it was just created.
 */
export async function benchDatabase(name: string): Promise<{ url: string; fresh: boolean; stop(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const server = await startBenchPostgres(path.join(benchData, 'pg'));
    stop = server.stop;
    adminUrl = server.adminUrl;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    const fresh = rows.length === 0;
    if (fresh) await admin.query(`create database "${name}" template template0 encoding 'UTF8'`);
    return { url: url.toString(), fresh, stop };
  } finally {
    await admin.end();
  }
}
