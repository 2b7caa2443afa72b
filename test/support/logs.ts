/**
 * Where a run of `npm test` collects the logs of its apps (COMPTOIR_TEST_LOGS, set by test/run.ts):
 * one file per test worker, and one per app process a test starts. Outside such a run: nowhere.
 */
import path from 'node:path';

export function testLogFolder(): string | undefined {
  return process.env.COMPTOIR_TEST_LOGS || undefined;
}

/** This worker's file: test apps of one process share it (one open file, lines appended whole). */
export function testLogFile(): string | undefined {
  const folder = testLogFolder();
  return folder && path.join(folder, `worker-${process.pid}.log`);
}
