/**
 * `npm test`: unit and integration tests (vitest.config.ts), then browser tests
 * (vitest.e2e.config.ts, one file at a time), then one summary line over both.
 *
 *   npm test                              both passes, on PGlite
 *   npm test -- src/modules/social        extra arguments go to vitest (both passes)
 *   npm test -- --no-e2e                  unit and integration only
 *   npm test -- --e2e-only                browser tests only
 *   npm test -- --pg                      on a PostgreSQL server: TEST_DATABASE_URL if set,
 *                                         else a throwaway server started and stopped here
 *   npm run test:pg                       = --pg --no-e2e
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportSecrets } from './log-secrets';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

type Tally = { passed: number; failed: number; skipped: number };

const ownFlags = new Set(['--no-e2e', '--e2e-only', '--pg']);
const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => ownFlags.has(a)));
const passThrough = argv.filter((a) => !ownFlags.has(a));
// A run on PostgreSQL keeps its apps' logs apart, so it may run beside one on PGlite (.ci/run does).
const onServer = flags.has('--pg') || Boolean(process.env.TEST_DATABASE_URL);
const logFolder = path.join(root, 'test-results', onServer ? 'logs-pg' : 'logs');
// A filter that matches nothing in one pass is not a failure of that pass.
const lenient = passThrough.length > 0 ? ['--passWithNoTests'] : [];

let stopServer: (() => Promise<void>) | undefined;
let child: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    child?.kill(signal);
    void (stopServer?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

const total: Tally = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
try {
  const env = { ...process.env };
  // The apps' logs of this run, searched for the tests' secrets at the end (test/log-secrets.ts).
  fs.rmSync(logFolder, { recursive: true, force: true });
  env.COMPTOIR_TEST_LOGS = logFolder;
  if (flags.has('--pg') && !env.TEST_DATABASE_URL) {
    const { startThrowawayPostgres } = await import('./support/pg-server');
    banner('starting a throwaway PostgreSQL server');
    const server = await startThrowawayPostgres();
    stopServer = async () => {
      stopServer = undefined;
      await server.stop();
    };
    env.TEST_DATABASE_URL = server.url;
    console.log(`TEST_DATABASE_URL=${server.url}`);
  }
  const on = env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'PGlite';

  if (!flags.has('--e2e-only')) {
    banner(`unit + integration tests (vitest.config.ts, on ${on})`);
    ok = (await runVitest([], env)) && ok;
  }
  if (!flags.has('--no-e2e')) {
    if (hasE2eTests()) {
      banner(`browser tests (vitest.e2e.config.ts, on ${on})`);
      ok = (await runVitest(['-c', 'vitest.e2e.config.ts'], env)) && ok;
    } else {
      banner('browser tests: none in test/e2e yet, skipped');
    }
  }
} catch (error) {
  console.error(error);
  ok = false;
  if (total.failed === 0) total.failed = 1;
} finally {
  await stopServer?.();
}
if (!reportSecrets(logFolder)) {
  ok = false;
  total.failed++;
}

if (ok && total.passed + total.failed === 0 && passThrough.length > 0) {
  console.error(`No test matched: ${passThrough.join(' ')}`);
  ok = false;
}
console.log('');
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

async function runVitest(configArgs: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-vitest-')), 'report.json');
  const args = [
    vitestBin,
    'run',
    ...configArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...lenient,
    ...passThrough,
  ];
  const code = await new Promise<number>((resolve) => {
    // process.execPath: the Node 24 that runs us, not whatever `node` the PATH offers.
    child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
  child = undefined;
  const tally = readReport(report);
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  if (code !== 0 && tally.failed === 0) {
    // Vitest failed outside any test (config, global setup, unhandled error): still a failure.
    console.error(`vitest exited with code ${code}`);
    tally.failed = 1;
  }
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
  return code === 0;
}

function readReport(file: string): Tally {
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  let report: { testResults?: { status: string; assertionResults?: { status: string }[] }[] };
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return tally;
  }
  for (const module of report.testResults ?? []) {
    let failedHere = 0;
    for (const test of module.assertionResults ?? []) {
      if (test.status === 'passed') tally.passed++;
      else if (test.status === 'failed') failedHere++;
      else tally.skipped++;
    }
    // A file that fails to load, or whose hooks throw, fails without a failed test: count it.
    if (module.status === 'failed' && failedHere === 0) failedHere = 1;
    tally.failed += failedHere;
  }
  return tally;
}

function hasE2eTests(): boolean {
  const folder = path.join(root, 'test', 'e2e');
  if (!fs.existsSync(folder)) return false;
  return (fs.readdirSync(folder, { recursive: true }) as string[]).some((f) => f.endsWith('.test.ts'));
}

function banner(text: string): void {
  console.log(`\n=== ${text} ===\n`);
}
