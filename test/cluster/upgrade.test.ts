/**
 * A rolling upgrade: the previous release's node keeps serving while the new release has migrated
 * the database. The previous release is the code just before the latest migration was added (the
 * parent of the first-parent commit that last changed the migrations' journal), extracted with
 * `git archive` into a temporary folder; the schema is this checkout's (the test database is made
 * from the migrated template), and data written by this checkout's code are read by the old node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/boot';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { type Database, openPostgres } from '../../src/db/client';
import { createLog } from '../../src/lib/log';
import type { TestApp } from '../support/app';
import { type AppProcess, startAppProcess } from '../support/app-process';
import { createServerTestDatabase, repoRoot, testDatabaseUrl } from '../support/database';
import { buyerWithCard, orderBody, person, shop } from '../support/orders';

/** The previous release's commit, or why there is none to run. */
function previousRelease(): { commit: string } | { reason: string } {
  const git = spawnSync(
    'git',
    ['-C', repoRoot, 'log', '--first-parent', '-1', '--format=%H', '--', 'src/db/migrations/meta/_journal.json'],
    { encoding: 'utf8' },
  );
  const latest = git.status === 0 ? git.stdout.trim() : '';
  if (!latest) return { reason: 'no git history in this checkout' };
  const parent = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--verify', '--quiet', `${latest}^1`], {
    encoding: 'utf8',
  });
  if (parent.status !== 0) return { reason: 'the latest migration came with the first commit: no previous release' };
  return { commit: parent.stdout.trim() };
}

const adminUrl = testDatabaseUrl();
const previous = adminUrl ? previousRelease() : { reason: 'PostgreSQL only (TEST_DATABASE_URL unset)' };
const skipReason = 'reason' in previous ? previous.reason : '';

describe.skipIf(!!skipReason)(
  `upgrade: the previous release's node on the migrated schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let folder: string;
    let db: { url: string; drop(): Promise<void> };
    let database: Database;
    let ctx: AppContext;
    let old: AppProcess;
    const statuses: number[] = [];

    /** A request to the old node; every status is kept, none may be a 5xx. */
    async function call(
      method: string,
      url: string,
      options: { token?: string; json?: unknown; form?: Record<string, string>; cookie?: string } = {},
    ) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.cookie) headers.cookie = options.cookie;
      let body: string | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(options.form).toString();
      }
      const res = await fetch(`${old.url}${url}`, { method, headers, body, redirect: 'manual' });
      statuses.push(res.status);
      return res;
    }

    beforeAll(async () => {
      const commit = (previous as { commit: string }).commit;
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-previous-'));
      const archive = execFileSync('git', ['-C', repoRoot, 'archive', '--format=tar', commit], {
        maxBuffer: 512 * 1024 * 1024,
      });
      execFileSync('tar', ['-x', '-C', folder], { input: archive });
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(folder, 'node_modules'));

      // The database as the new release left it: made from the template this checkout migrated.
      db = await createServerTestDatabase(adminUrl!);
      database = await openPostgres(db.url, 2);
      const config = loadConfig({ COMPTOIR_URL: 'http://localhost:3000', COMPTOIR_DEMO: '0', DATABASE_URL: db.url });
      ctx = await createAppContext(config, database, { log: createLog('silent') });
      old = await startAppProcess({ root: folder, databaseUrl: db.url });
    }, 180_000);

    afterAll(async () => {
      await old?.stop().catch(() => {});
      await ctx?.events.close().catch(() => {});
      await database?.close().catch(() => {});
      await db?.drop().catch(() => {});
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it('serves sign-up, posting, timelines, brand and product pages, search and a checkout', async () => {
      const t = { ctx } as TestApp;
      // Written by the new release's code, read and used by the old node.
      const s = await shop(t, { stock: 5 });
      const author = await person(t, { prefix: 'old' });
      const buyer = await buyerWithCard(t);

      expect((await call('GET', '/health/ready')).status).toBe(200);

      // Sign-up through the web form (CSRF cookie and field), then the home page with the new session.
      const form = await call('GET', '/signup');
      expect(form.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
      const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]);
      expect(csrf).toBeTruthy();
      const username = `upgraded${Date.now() % 100000}`;
      const signup = await call('POST', '/signup', {
        cookie: csrfCookie.join('; '),
        form: {
          _csrf: csrf!,
          username,
          display_name: 'Nouvelle venue',
          email: `${username}@example.test`,
          password: 'un mot de passe solide 42',
        },
      });
      expect(signup.status).toBe(303);
      const session = [...csrfCookie, ...signup.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
      expect((await call('GET', '/home', { cookie: session })).status).toBe(200);

      const posted = await call('POST', '/api/v1/statuses', {
        token: author.token,
        json: { status: 'Toujours là pendant la mise à jour #fromage' },
      });
      expect(posted.status).toBe(200);
      const status = (await posted.json()) as { id: string };
      const home = await call('GET', '/api/v1/timelines/home', { token: author.token });
      expect(home.status).toBe(200);
      expect(((await home.json()) as { id: string }[]).map((p) => p.id)).toContain(status.id);
      expect((await call('GET', '/api/v1/timelines/public?local=true')).status).toBe(200);
      expect((await call('GET', `/@${author.username}`)).status).toBe(200);
      expect((await call('GET', `/@${author.username}/${status.id}`)).status).toBe(200);

      expect((await call('GET', `/@${s.brand.username}`)).status).toBe(200);
      expect((await call('GET', `/@${s.brand.username}/products/${s.productId}`)).status).toBe(200);
      expect(
        (await call('GET', `/api/v2/search?q=${encodeURIComponent('fromage')}`, { token: author.token })).status,
      ).toBe(200);
      expect((await call('GET', `/search?q=${encodeURIComponent('Comté')}`)).status).toBe(200);

      const order = await call('POST', '/api/v1/orders', {
        token: buyer.token,
        json: orderBody(s.variantId, buyer.methodId, 1),
      });
      expect(order.status).toBe(201);
      expect(((await order.json()) as { status: string }).status).toBe('paid');

      expect(statuses.filter((code) => code >= 500)).toEqual([]);
      expect(old.output()).not.toMatch(/unhandled error/i);
    });
  },
);
