import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests. Browser tests (test/e2e) run in a second, sequential pass:
 * see vitest.e2e.config.ts and test/run.ts.
 *
 * Each test file opens its own database (test/support/database.ts): on PGlite that is
 * ~300-700 MB resident and ~0.5 s per open, so two workers on two cores is the sweet spot.
 *
 * Without isolation: a worker loads the app's modules once and keeps them for every file it runs
 * (importing the whole app again for each file was a third of the suite's time). Tests therefore
 * leave no module state behind: test/setup-file.ts resets what a file may move, spies are
 * restored, and registries (moderation subjects, OpenAPI contracts) are idempotent.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-file.ts'],
    isolate: false,
    // Safety nets only, never a measure: a loaded two-core machine once took 32 s for a property
    // test that takes 5 s when idle. Tests wait for states, not for time.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
