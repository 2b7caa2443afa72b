/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts, whose `main(argv)` does the work.
 * Benchmarks are measurements, not tests: they print figures and fail only when they cannot run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const helpers = new Set([
  'run',
  'load',
  'server',
  'world',
  'pg',
  'commerce',
  'cpuprofile',
  'fediverse',
  'heap',
  'feeds',
]);
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3))
  .filter((name) => !helpers.has(name));

const [name, ...argv] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(
    `Usage: npm run bench -- <name> [options]\nBenchmarks: ${available.join(', ')}${name ? `\nNo benchmark named "${name}".` : ''}`,
  );
  process.exit(2);
}
const module = (await import(`./${name}.ts`)) as { main(argv: string[]): Promise<void> };
try {
  await module.main(argv);
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
