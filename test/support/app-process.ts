/**
 * Real app nodes as separate processes (`src/main.ts`, as `npm start` runs it), for tests of
 * what only processes show: several nodes on one PostgreSQL server, a node killed with SIGKILL,
 * an older release against a newer schema. Each node gets its own port and data folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './database';
import { testLogFolder } from './logs';
import { freePort } from './pg-server';

export type AppProcess = {
  url: string;
  pid: number;
  /** Everything the node printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL: no shutdown handler runs, as in a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (the graceful shutdown of main.ts). */
  stop(): Promise<void>;
};

export type AppProcessOptions = {
  /** The node's database (a PostgreSQL URL); without it the node opens an embedded one in its folder. */
  databaseUrl?: string;
  /** Extra settings (COMPTOIR_RATE_*, LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /** Another checkout of the code (an older release); this one by default. */
  root?: string;
  /** The port to listen on (a free one by default): a restarted node may take its old port back. */
  port?: number;
};

/** Starts a node and resolves once it prints that it is ready (or rejects with its output if it exits first). */
export async function startAppProcess(options: AppProcessOptions = {}): Promise<AppProcess> {
  const root = options.root ?? repoRoot;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-node-'));
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/node'), ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      COMPTOIR_URL: url,
      COMPTOIR_DATA: dataDir,
      COMPTOIR_DEMO: '0',
      // In a run of `npm test`, its logs are kept and searched for secrets like the test apps' (logs.ts).
      LOG_LEVEL: testLogFolder() ? 'info' : 'warn',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const logs = testLogFolder();
    if (logs) fs.mkdirSync(logs, { recursive: true });
    if (logs) fs.writeFileSync(path.join(logs, `node-${child.pid}.log`), output);
  });
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('Comptoir is ready at')) done(resolve);
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`The app node exited (${code}) before it was ready:\n${output}`)));
    const done = (then: () => void) => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      then();
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    kill: () => signal(child, 'SIGKILL', exited),
    stop: () => signal(child, 'SIGTERM', exited),
  };
}

async function signal(child: ChildProcess, name: NodeJS.Signals, exited: Promise<void>) {
  if (child.exitCode === null && child.signalCode === null) child.kill(name);
  await exited;
}
