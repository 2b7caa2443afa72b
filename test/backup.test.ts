/**
 * `npm run backup` / `npm run restore` on the embedded database: a folder with accounts, a post
 * with an image and a paid order is backed up while an app holds it (the dump comes through the
 * app's control socket), restored into other folders, and the copies compared table by table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../src/boot';
import { loadConfig } from '../src/config';
import { createBackup, tableCounts } from '../src/db/backup';
import { openPglite, queryRows, type Database } from '../src/db/client';
import { type ControlSocket, startControlSocket } from '../src/db/control-socket';
import { migrate } from '../src/db/migrate';
import { restoreBackup } from '../src/db/restore';
import { createHttpApp } from '../src/http/app';
import { routeModules } from '../src/http/routes';
import { settableClock } from '../src/lib/clock';
import { createLog } from '../src/lib/log';
import { localMediaStore } from '../src/modules/media';
import { callerOf, type TestApp } from './support/app';
import { pngBytes } from './support/catalog';
import { pgliteTemplatePath, testDatabaseUrl } from './support/database';
import { buyerWithCard, orderBody, person, shop } from './support/orders';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-backup-'));
const dataDir = path.join(work, 'data');
let database: Database;
let control: ControlSocket | null;
let t: TestApp;
const facts = { statusId: '', mediaKey: '', orderId: '', username: '' };

const withoutFunnel = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([table]) => !table.startsWith('funnel_')));

/** An app on a PGlite folder (as `npm start` has), built from the suite's migrated template. */
async function appOnFolder(): Promise<TestApp> {
  const template = fs.existsSync(pgliteTemplatePath) ? zlib.gunzipSync(fs.readFileSync(pgliteTemplatePath)) : null;
  database = await openPglite(dataDir, template ? { loadDataDir: new Blob([template]) } : {});
  await migrate(database);
  const config = loadConfig({ COMPTOIR_URL: 'http://localhost:3000', COMPTOIR_DATA: dataDir, COMPTOIR_DEMO: '0' });
  const ctx = await createAppContext(config, database, { clock: settableClock(), log: createLog('silent') });
  const app = createHttpApp(ctx, routeModules, (error) => console.error('Unhandled error in test app:', error));
  return {
    ctx,
    app,
    clock: ctx.clock,
    call: callerOf(app),
    close: async () => {},
  } as TestApp;
}

describe.skipIf(!!testDatabaseUrl())(
  'backup and restore of the embedded database (PGlite only: the server uses pg_dump)',
  () => {
    beforeAll(async () => {
      t = await appOnFolder();
      const author = await person(t, { prefix: 'author' });
      facts.username = author.username;
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await pngBytes(40, 20))], { type: 'image/png' }), 'photo.png');
      const media = (await (await t.call('POST', '/api/v2/media', { token: author.token, body: form })).json()) as {
        id: string;
        url: string;
      };
      facts.mediaKey = new URL(media.url).pathname.slice('/media/'.length);
      const status = await t.call('POST', '/api/v1/statuses', {
        token: author.token,
        body: { status: 'Sauvegardé avec sa photo', media_ids: [media.id] },
      });
      expect(status.status).toBe(200);
      facts.statusId = ((await status.json()) as { id: string }).id;
      const s = await shop(t, { stock: 5 });
      const buyer = await buyerWithCard(t);
      const order = await t.call('POST', '/api/v1/orders', {
        token: buyer.token,
        body: orderBody(s.variantId, buyer.methodId, 2),
        headers: { 'Idempotency-Key': 'backup-order' },
      });
      expect(order.status).toBe(201);
      facts.orderId = ((await order.json()) as { id: string }).id;
      control = await startControlSocket(dataDir, database, createLog('silent'));
    });

    afterAll(async () => {
      await control?.close();
      await t?.ctx.events.close().catch(() => {});
      await database?.close().catch(() => {});
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('backs up while the app runs, restores elsewhere, and the copy has the same rows and media bytes', async () => {
      expect(control).not.toBeNull();
      expect((fs.statSync(path.join(dataDir, 'control.sock')).mode & 0o777).toString(8)).toBe('600');
      const before = await tableCounts(database.db);
      expect(before.accounts).toBeGreaterThanOrEqual(3);
      expect(before.orders).toBe(1);

      const file = path.join(work, 'out', 'backup.tar.gz');
      const backup = await createBackup({ dataDir, output: file });
      expect(backup.file).toBe(file);
      expect(backup.manifest).toMatchObject({ source: 'server', media: { store: 'local', files: 2 } });
      expect(backup.manifest.database.lastMigration).toMatch(/^\d{4}_/);
      // The funnel's buffered analytics may land in between: every other table is as counted before.
      expect(withoutFunnel(backup.manifest.database.tables)).toEqual(withoutFunnel(before));
      const dumped = backup.manifest.database.tables;

      // The app holds the folder: a restore there is refused, and nothing moved.
      await expect(restoreBackup({ file, dataDir })).rejects.toThrow(/stop it before restoring/);
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);

      const elsewhere = path.join(work, 'restored');
      const restored = await restoreBackup({ file, dataDir: elsewhere });
      expect(restored.previous).toBeNull();
      expect(restored.tables).toEqual(dumped);

      const copy = await openPglite(elsewhere);
      try {
        expect(await tableCounts(copy.db)).toEqual(dumped);
        const pick = async (db: Database['db']) => ({
          status: await queryRows(db, sql`select id, text, account_id from statuses where id = ${facts.statusId}`),
          order: await queryRows(
            db,
            sql`select id, status, total_amount, currency from orders where id = ${facts.orderId}`,
          ),
          account: await queryRows(db, sql`select id, username from accounts where username = ${facts.username}`),
        });
        const original = await pick(database.db);
        expect(original.status).toMatchObject([{ text: 'Sauvegardé avec sa photo' }]);
        expect(original.order).toHaveLength(1);
        expect(await pick(copy.db)).toEqual(original);
      } finally {
        await copy.close();
      }
      const live = await localMediaStore(path.join(dataDir, 'media')).get(facts.mediaKey);
      const back = await localMediaStore(path.join(elsewhere, 'media')).get(facts.mediaKey);
      expect(live?.bytes.length).toBeGreaterThan(0);
      expect(back && Buffer.from(back.bytes).equals(Buffer.from(live!.bytes))).toBe(true);

      // Restoring over an existing folder moves that one aside, and says where.
      fs.writeFileSync(path.join(elsewhere, 'note.txt'), 'kept');
      const again = await restoreBackup({ file, dataDir: elsewhere });
      expect(again.previous).toMatch(/restored\.before-restore-/);
      expect(fs.readFileSync(path.join(again.previous!, 'note.txt'), 'utf8')).toBe('kept');
      expect(fs.existsSync(path.join(elsewhere, 'note.txt'))).toBe(false);
      expect(fs.existsSync(path.join(elsewhere, 'pglite'))).toBe(true);
    });

    it('backs up a folder no server holds by opening it, and refuses a file that is not a backup', async () => {
      await control?.close();
      control = null;
      await t.ctx.events.close().catch(() => {});
      const counts = await tableCounts(database.db);
      await database.close();
      const file = path.join(work, 'offline.tar.gz');
      const backup = await createBackup({ dataDir, output: file });
      expect(backup.manifest.source).toBe('folder');
      expect(backup.manifest.database.tables).toEqual(counts);
      expect(fs.existsSync(path.join(dataDir, 'comptoir.lock'))).toBe(false);

      const bogus = path.join(work, 'bogus.tar.gz');
      fs.writeFileSync(bogus, zlib.gzipSync(Buffer.alloc(1024)));
      await expect(restoreBackup({ file: bogus, dataDir: path.join(work, 'never') })).rejects.toThrow(
        /not a Comptoir backup/,
      );
      expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
      expect(fs.readdirSync(work).some((f) => f.includes('restoring'))).toBe(false);
    });
  },
);
