/**
 * A throwaway PostgreSQL server for tests: Debian's binaries, a temporary data folder, trust
 * authentication, loopback only, fsync off. Not for anything that must survive.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type ThrowawayPostgres = {
  /** Admin URL: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** The data folder; `stopThrowawayPostgres(folder)` stops the server from another process. */
  folder: string;
  stop(): Promise<void>;
};

const postgresRoot = '/usr/lib/postgresql';

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = ensurePostgresBinaries();
  const asRoot = isRoot();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-pg-'));
  try {
    if (asRoot) {
      // initdb and postgres refuse to run as root: the folder belongs to the postgres user.
      const { uid, gid } = postgresUser();
      fs.chownSync(folder, uid, gid);
    }
    fs.chmodSync(folder, 0o700);
    const initdb = [path.join(bin, 'initdb'), '-D', folder, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8'];
    const first = run([...initdb, '--locale=C.UTF-8'], asRoot, false);
    if (first.status !== 0) {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder, { mode: 0o700 });
      if (asRoot) fs.chownSync(folder, postgresUser().uid, postgresUser().gid);
      run([...initdb, '--no-locale'], asRoot);
    }
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-k /tmp',
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    run(
      [
        path.join(bin, 'pg_ctl'),
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        folder,
        '-l',
        path.join(folder, 'server.log'),
        '-o',
        options,
      ],
      asRoot,
    );
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return { url, folder, stop: () => stopThrowawayPostgres(folder) };
  } catch (error) {
    const log = path.join(folder, 'server.log');
    if (fs.existsSync(log)) process.stderr.write(fs.readFileSync(log, 'utf8'));
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Stops a server started by startThrowawayPostgres and removes its folder. */
export async function stopThrowawayPostgres(folder: string): Promise<void> {
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) {
    throw new Error(`${folder} is not a PostgreSQL data folder`);
  }
  const major = fs.readFileSync(path.join(folder, 'PG_VERSION'), 'utf8').trim();
  const bin = path.join(postgresRoot, major, 'bin');
  if (fs.existsSync(path.join(folder, 'postmaster.pid'))) {
    run([path.join(bin, 'pg_ctl'), 'stop', '-w', '-m', 'fast', '-D', folder], isRoot(), false);
  }
  fs.rmSync(folder, { recursive: true, force: true });
}

/**
 * Stops a server started by startThrowawayPostgres (fast shutdown: sessions are cut, as in a
 * restart by an operator or a failover), runs `whileDown` (a test watches its app meanwhile),
 * and starts it again on the same port with the same settings. The data stays.
 */
export async function restartThrowawayPostgres(folder: string, whileDown?: () => Promise<void>): Promise<void> {
  const major = fs.readFileSync(path.join(folder, 'PG_VERSION'), 'utf8').trim();
  const pgCtl = path.join(postgresRoot, major, 'bin', 'pg_ctl');
  // The server's own record of how it was started: the binary, then each argument quoted.
  const recorded = fs.readFileSync(path.join(folder, 'postmaster.opts'), 'utf8').trim();
  const args = [...recorded.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-D') i++;
    else options.push(args[i]!);
  }
  run([pgCtl, 'stop', '-w', '-m', 'fast', '-D', folder], isRoot());
  try {
    await whileDown?.();
  } finally {
    run(
      [pgCtl, 'start', '-w', '-t', '60', '-D', folder, '-l', path.join(folder, 'server.log'), '-o', options.join(' ')],
      isRoot(),
    );
  }
}

/** The bin folder of the highest installed PostgreSQL, installing Debian's when root. */
export function ensurePostgresBinaries(): string {
  const found = findPostgresBinaries();
  if (found) return found;
  if (!isRoot()) {
    throw new Error(
      `No PostgreSQL server binaries under ${postgresRoot}/*/bin (initdb, pg_ctl). Install them: sudo apt-get install -y postgresql`,
    );
  }
  aptInstall('postgresql');
  const installed = findPostgresBinaries();
  if (!installed) throw new Error(`apt-get install postgresql finished but no initdb under ${postgresRoot}/*/bin`);
  return installed;
}

function findPostgresBinaries(): string | undefined {
  let versions: string[];
  try {
    versions = fs.readdirSync(postgresRoot);
  } catch {
    return undefined;
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(postgresRoot, v, 'bin'))
    .find((bin) => fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl')));
}

/**
 * `apt-get install -y`, waiting for a concurrent apt to finish, and refreshing the package
 * lists once if the package is unknown (a fresh container has none).
 */
export function aptInstall(pkg: string): void {
  const install = () =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'install', '-y', pkg], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  process.stderr.write(`Installing ${pkg} with apt-get...\n`);
  if (install().status === 0) return;
  spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', 'update'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const retry = install();
  if (retry.status !== 0) throw new Error(`apt-get install -y ${pkg} failed (exit ${retry.status})`);
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, but there is no "postgres" user to run the server as (Debian\'s postgresql package creates it).',
    );
  }
}

function run(argv: string[], asPostgres: boolean, mustSucceed = true): ReturnType<typeof spawnSync> {
  const [command, ...args] = asPostgres ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
  // cwd /tmp: the postgres user may not be allowed into ours, and pg_ctl needs to read it.
  const result = spawnSync(command!, args, { cwd: os.tmpdir(), encoding: 'utf8' });
  if (mustSucceed && result.status !== 0) {
    throw new Error(
      `${argv
        .map((a) => path.basename(a))
        .slice(0, 2)
        .join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}${result.error ?? ''}`,
    );
  }
  return result;
}

/** A port nobody listens on now, on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
