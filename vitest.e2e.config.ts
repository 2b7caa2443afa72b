import { defineConfig } from 'vitest/config';

/**
 * Browser tests: one file at a time, one Chromium at a time. Without isolation, as the unit and
 * integration tests (vitest.config.ts): the worker loads the app once, and its Chromium is shared
 * by the files it runs (test/support/browser.ts, sharedBrowser); each file still starts its own
 * server on a fresh database.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-file.ts'],
    isolate: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
