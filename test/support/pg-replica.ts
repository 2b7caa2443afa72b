/**
 * A streaming replica of a throwaway PostgreSQL server (test/support/pg-server.ts) for the read
 * replica's tests: `pg_basebackup -R -X stream` from the primary over loopback (initdb's trust
 * rules allow replication from 127.0.0.1), started on a port of its own. It can be stopped hard
 * and started again mid-test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePostgresBinaries, freePort, isRoot, stopThrowawayPostgres, type ThrowawayPostgres } from './pg-server';

export type StreamingReplica = {
  /** Admin URL of the replica: postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** `pg_ctl stop -m immediate`: the replica vanishes as in a crash. */
  kill(): void;
  /** Starts it again on the same port; it resumes streaming from the primary. */
  start(): void;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
};

export async function startStreamingReplica(primary: ThrowawayPostgres): Promise<StreamingReplica> {
  const bin = ensurePostgresBinaries();
  const asRoot = isRoot();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-replica-'));
  const folder = path.join(parent, 'data');
  if (asRoot) chownToPostgres(parent);
  const primaryPort = new URL(primary.url).port;
  run(
    // A fast checkpoint: a spread one waits minutes on an idle server.
    [
      path.join(bin, 'pg_basebackup'),
      '-D',
      folder,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '-h',
      '127.0.0.1',
      '-p',
      primaryPort,
    ],
    asRoot,
    ['-U', 'postgres'],
  );
  fs.chmodSync(folder, 0o700);
  // The copy holds the primary's own log file: the replica's log starts afresh.
  fs.rmSync(path.join(folder, 'server.log'), { force: true });
  const port = await freePort();
  const options = ['-p', String(port), '-k /tmp', '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c hot_standby=on'];
  // A standby refuses to start with fewer connections than its primary allows (pg-server.ts: 200).
  options.push('-c max_connections=200');
  const log = path.join(folder, 'server.log');
  const start = () =>
    run(
      [path.join(bin, 'pg_ctl'), 'start', '-w', '-t', '60', '-D', folder, '-l', log, '-o', options.join(' ')],
      asRoot,
    );
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    kill: () => run([path.join(bin, 'pg_ctl'), 'stop', '-w', '-m', 'immediate', '-D', folder], asRoot),
    start,
    async stop() {
      await stopThrowawayPostgres(folder).catch(() => {});
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

function chownToPostgres(folder: string) {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  fs.chownSync(folder, uid, gid);
}

/** Runs a server binary, as the postgres user when we are root (the server refuses root). */
function run(argv: string[], asPostgres: boolean, extra: string[] = []) {
  const all = [...argv, ...extra];
  const [command, ...args] = asPostgres ? ['runuser', '-u', 'postgres', '--', ...all] : all;
  const result = spawnSync(command!, args, { cwd: os.tmpdir(), encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${path.basename(argv[0])} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}
