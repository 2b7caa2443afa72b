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

function readStatus(pid: number): { peakMb: number; rssMb: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return { peakMb: NaN, rssMb: NaN };
  }
}

export async function startServer(
  env: Record<string, string | undefined>,
  log: (line: string) => void,
  options: { nodeArgs?: string[]; demo?: boolean } = {},
): Promise<ServerProcess> {
  const root = path.resolve(benchRoot, '..');
  const port = await freePort();
  // What production runs: the build `npm start` makes (a no-op when it is up to date).
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  // The same V8 setting as `npm start`: a small young generation keeps the resident set low.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-semi-space-size=2', ...(options.nodeArgs ?? []), 'dist/main.js'],
    {
      cwd: root,
      env: {
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
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}):\n${output}`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within 120 s:\n${output}`);
    }
    const up = await fetch(`http://127.0.0.1:${port}/api/v1/instance`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`  server pid ${child.pid} on port ${port}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    pid: child.pid!,
    port,
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
