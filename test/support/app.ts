import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import pino from 'pino';
import { createAppContext } from '../../src/boot';
import { loadConfig, type Config } from '../../src/config';
import type { AppContext } from '../../src/context';
import { settableClock, type SettableClock } from '../../src/lib/clock';
import { createLog } from '../../src/lib/log';
import { createHttpApp } from '../../src/http/app';
import { routeModules } from '../../src/http/routes';
import type { AppEnv } from '../../src/http/types';
import { openTestDatabase } from './database';
import { flushFunnel } from '../../src/modules/analytics';
import { pageCache } from '../../src/web/page-cache';
import { testLogFile } from './logs';

export type TestApp = {
  ctx: AppContext;
  app: Hono<AppEnv>;
  /** The app's clock: real time until a test moves it (`t.clock.advance(ms)`). Also `ctx.clock`. */
  clock: SettableClock;
  /** app.request() with JSON helpers: `call('POST', '/api/v1/statuses', { token, body })`. */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
};

/**
 * A real app on a fresh, migrated database (PGlite, or the PostgreSQL server named by
 * TEST_DATABASE_URL), with its own temporary data folder. Rate limits are generous unless a
 * test passes its own config.
 */
export async function createTestApp(
  overrides: Partial<Omit<Config, 'rateLimits'>> & { rateLimits?: Partial<Config['rateLimits']> } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-test-'));
  const config: Config = {
    ...loadConfig({ COMPTOIR_URL: 'http://localhost:3000', COMPTOIR_DATA: dataDir, COMPTOIR_DEMO: '0' }),
    ...overrides,
    // A test names only the limits it tries; the others stay generous.
    rateLimits: {
      login: [1000, 60],
      signup: [1000, 60],
      post: [1000, 60],
      checkin: [1000, 60],
      inbox: [1000, 60],
      ...overrides.rateLimits,
    },
  };
  const database = await openTestDatabase();
  const clock = settableClock();
  const ctx = await createAppContext(config, database, { clock, log: testLog() });
  const errors: unknown[] = [];
  const app = createHttpApp(ctx, routeModules, (error) => {
    errors.push(error);
    console.error('Unhandled error in test app:', error);
  });
  syncPageCacheBeforeReads(app, ctx);
  return {
    ctx,
    app,
    clock,
    call: callerOf(app),
    async close() {
      await ctx.events.close().catch(() => {});
      // The funnel's buffered views of this app are written before its database closes.
      await flushFunnel(database.db);
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A logged-out page cached before a write is thrown away when the write's notification reaches
 * the app, a few milliseconds after the commit (src/web/page-cache.ts). A test reads right after
 * writing, sooner than any visitor could: its GETs first wait until the notifications of what is
 * committed have arrived, so they see what a visitor sees. A missing invalidation still fails.
 */
function syncPageCacheBeforeReads(app: Hono<AppEnv>, ctx: AppContext) {
  const request = app.request.bind(app);
  app.request = (async (input: Parameters<typeof request>[0], init?: RequestInit, ...rest: unknown[]) => {
    const cache = pageCache(ctx);
    if ((init?.method ?? 'GET') === 'GET' && cache.stats().entries > 0) await cache.sync();
    return request(input, init, ...(rest as []));
  }) as typeof app.request;
}

/** `call` of a TestApp: app.request() with a bearer token and a JSON (or multipart) body. */
export function callerOf(app: Hono<AppEnv>): TestApp['call'] {
  return (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return Promise.resolve(app.request(url, { method, headers, body }));
  };
}

/**
 * Quiet by default; in a run of `npm test` (test/run.ts sets COMPTOIR_TEST_LOGS) every test app of
 * this worker writes its logs, from debug up, to one file there, which the run then searches for
 * the tests' secrets (test/log-secrets.ts). LOG_LEVEL still shows them on the console instead.
 */
function testLog() {
  if (process.env.LOG_LEVEL) return createLog(process.env.LOG_LEVEL);
  const file = testLogFile();
  if (!file) return createLog('silent');
  logFile ??= pino.destination({ dest: file, sync: true, mkdir: true });
  return createLog('debug', logFile);
}
let logFile: pino.DestinationStream | undefined;
