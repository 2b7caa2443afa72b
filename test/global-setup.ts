/**
 * Runs once per vitest run, before any test file: prepares the migrated template that
 * test/support/database.ts copies for each file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import {
  buildPgliteTemplate,
  createServerTemplate,
  dropServerTestDatabases,
  pgliteTemplateKey,
  pgliteTemplatePath,
  testDatabaseUrl,
} from './support/database';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = crypto.randomBytes(3).toString('hex');
  project.provide('comptoirTestRun', run);
  const adminUrl = testDatabaseUrl();
  const started = performance.now();

  if (adminUrl) {
    await createServerTemplate(adminUrl);
    log(`PostgreSQL template comptoir_template migrated on ${redact(adminUrl)} in ${elapsed(started)}`);
    return async () => {
      const leftovers = await dropServerTestDatabases(adminUrl, run);
      if (leftovers.length) log(`dropped ${leftovers.length} test database(s) left open: ${leftovers.join(', ')}`);
    };
  }

  const key = pgliteTemplateKey();
  const keyFile = `${pgliteTemplatePath}.key`;
  const current = readIfExists(keyFile);
  if (current === key && fs.existsSync(pgliteTemplatePath)) {
    log(`PGlite template up to date (${pgliteTemplatePath})`);
  } else {
    await buildPgliteTemplate(pgliteTemplatePath);
    fs.writeFileSync(keyFile, key);
    log(`PGlite template migrated and dumped to ${pgliteTemplatePath} in ${elapsed(started)}`);
  }
  return async () => {};
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function log(message: string): void {
  console.log(`[test setup] ${message}`);
}
