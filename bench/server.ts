/**
 * The real server in a child process, so its memory is its own: the built `dist/main.js` that
 * `npm start` runs (built first when the sources changed), with the benchmark's database, no demo
 * world unless asked, on a free loopback port.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { benchRoot } from './world';

export type ServerProcess = {
  pid: number;
  port: number;
  /** Milliseconds from the spawn to the first HTTP answer (any status: the "starting" page counts). */
  firstAnswerMs: number;
  /** CPU time (user + system) the server had used by its first answer: the start's cost whatever the load. */
  firstAnswerCpuMs: number;
  /** Milliseconds from the spawn to the application's first answer (the API's instance document). */
  readyMs: number;
  /** Peak and current resident memory in MB (VmHWM, VmRSS from /proc). */
  memory(): { peakMb: number; rssMb: number };
  stop(): Promise<void>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** CPU time a process has used, in ms (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms). */
export function cpuMsOf(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14-17 of stat(5): utime, stime, cutime, cstime; here shifted by the two before ')'.
    const ticks = children ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
    return ticks * 10;
  } catch {
    return NaN;
  }
}

function readStatus(pid: number): { peakMb: number; rssMb: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return { peakMb: NaN, rssMb: NaN };
  }
}

/**
 * What package.json's `start` script sets: its node flags (V8's memory settings) and the
 * environment variables before `node` (glibc's allocator settings), so the bench runs what
 * `npm start` runs.
 */
export function startCommand(root: string): { flags: string[]; env: Record<string, string> } {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts.start!.split(/\s+/);
  const env: Record<string, string> = {};
  for (const word of words.slice(0, words.indexOf('node'))) {
    const [name, value] = word.split('=', 2);
    if (name && value !== undefined) env[name] = value;
  }
  return { flags: words.filter((word) => word.startsWith('--')), env };
}

export async function startServer(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
  options: { nodeArgs?: string[]; demo?: boolean; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const root = path.resolve(benchRoot, '..');
  const port = await freePort();
  // What production runs: the build `npm start` makes (a no-op when it is up to date).
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const start = startCommand(root);
  const child: ChildProcess = spawn(process.execPath, [...start.flags, ...(options.nodeArgs ?? []), 'dist/main.js'], {
    cwd: root,
    env: {
      // The start script's settings, unless the bench's own environment says otherwise (to compare).
      ...start.env,
      ...process.env,
      DATABASE_URL: undefined,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      COMPTOIR_URL: `http://127.0.0.1:${port}`,
      COMPTOIR_DEMO: options.demo ? '1' : '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = Date.now();
  let firstAnswerMs = NaN;
  let firstAnswerCpuMs = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}):\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within ${timeoutMs / 1000} s:\n${output}`);
    }
    // Any answer counts as the first (the "starting" page is a 503); ready is the API's 200.
    const status = await fetch(`http://127.0.0.1:${port}/api/v1/instance`).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status && Number.isNaN(firstAnswerMs)) {
      firstAnswerMs = Date.now() - started;
      firstAnswerCpuMs = cpuMsOf(child.pid!);
    }
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, Number.isNaN(firstAnswerMs) ? 50 : 250));
  }
  const readyMs = Date.now() - started;
  log(`  server pid ${child.pid} on port ${port}, ready in ${(readyMs / 1000).toFixed(1)} s`);
  return {
    pid: child.pid!,
    port,
    firstAnswerMs,
    firstAnswerCpuMs,
    readyMs,
    memory: () => readStatus(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
