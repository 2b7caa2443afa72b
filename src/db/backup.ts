/**
 * Backups of an embedded-database instance: one `.tar.gz` holding a manifest, the database folder
 * as PGlite dumps it (gzipped tar), and the uploaded media files. The dump comes from the running
 * server through its control socket (control-socket.ts), or, when none runs, from the folder
 * opened here under the same lock a server takes. The dump is opened in memory before the archive
 * is written, so a backup that says it succeeded holds a database that opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { folderLockHolder, openPglite, queryRows, type Db } from './client';
import { requestDump } from './control-socket';
import { appliedStamps, migrationJournal } from './migrate';
import { createTarWriter } from './tar';

export const MANIFEST_NAME = 'comptoir-backup.json';
export const DATABASE_NAME = 'database.tar.gz';

export type BackupManifest = {
  format: 'comptoir-backup';
  version: 1;
  createdAt: string;
  appVersion: string;
  /** `server`: dumped by the running server; `folder`: no server ran, the folder was opened here. */
  source: 'server' | 'folder';
  database: { kind: 'pglite'; lastMigration: string | null; migrations: number; tables: Record<string, number> };
  media: { store: 'local'; files: number; bytes: number } | { store: 's3'; files: 0; bytes: 0; note: string };
};

export type BackupResult = { file: string; manifest: BackupManifest; bytes: number };

/** Which migrations a database has: the tags of the journal entries drizzle recorded as applied. */
export async function appliedMigrations(db: Db): Promise<{ tags: string[]; unknown: number }> {
  const stamps = await appliedStamps(db);
  const byStamp = new Map(migrationJournal().map((e) => [e.when, e.tag]));
  const tags = stamps.map((when) => byStamp.get(when)).filter((t): t is string => !!t);
  return { tags, unknown: stamps.length - tags.length };
}

/** Row counts of every table of the public schema: the manifest's summary and the tests' comparison. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    counts[name] = Number(row.n);
  }
  return counts;
}

export function appVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  try {
    return (JSON.parse(fs.readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

export const backupStamp = (date = new Date()) =>
  date
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');

async function dumpFromFolder(dataDir: string): Promise<Buffer> {
  if (!fs.existsSync(path.join(dataDir, 'pglite'))) throw new Error(`No embedded database in ${dataDir}`);
  const holder = folderLockHolder(dataDir);
  if (holder) {
    throw new Error(
      `The data folder ${dataDir} is in use by process ${holder}, which does not answer on ${dataDir}/control.sock ` +
        '(an older release?): stop it and run the backup again.',
    );
  }
  const database = await openPglite(dataDir);
  try {
    return Buffer.from(await (await database.dumpDataDir!()).arrayBuffer());
  } finally {
    await database.close();
  }
}

/** Every file of the local media folder, as store keys (`ab/cd/<uuid>.webp`). */
function mediaFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export async function createBackup(options: {
  dataDir: string;
  /** The archive to write; default `backups/comptoir-<time>.tar.gz` under the current folder. */
  output?: string;
  /** Media in a bucket: not copied, and the manifest says so. */
  mediaInBucket?: string;
}): Promise<BackupResult> {
  const dataDir = path.resolve(options.dataDir);
  const createdAt = new Date();
  const fromServer = await requestDump(dataDir);
  const dump = fromServer ?? (await dumpFromFolder(dataDir));

  // The dump opened in memory: it must be a database this code knows, before anything is written.
  const check = await openPglite(undefined, { loadDataDir: new Blob([dump as Uint8Array<ArrayBuffer>]) });
  let database: BackupManifest['database'];
  try {
    const migrations = await appliedMigrations(check.db);
    database = {
      kind: 'pglite',
      lastMigration: migrations.tags.at(-1) ?? null,
      migrations: migrations.tags.length + migrations.unknown,
      tables: await tableCounts(check.db),
    };
  } finally {
    await check.close();
  }

  const mediaRoot = path.join(dataDir, 'media');
  const keys = options.mediaInBucket ? [] : mediaFiles(mediaRoot);
  const file = path.resolve(options.output ?? path.join('backups', `comptoir-${backupStamp(createdAt)}.tar.gz`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tar = createTarWriter(file);
  let mediaBytes = 0;
  try {
    // Media are copied after the dump: a file is written before the row naming it, so every row
    // of the dump finds its file (at worst a few files of later uploads come along unused).
    const media: BackupManifest['media'] = options.mediaInBucket
      ? { store: 's3', files: 0, bytes: 0, note: `media are in the bucket ${options.mediaInBucket}, not in this file` }
      : { store: 'local', files: keys.length, bytes: 0 };
    const manifest: BackupManifest = {
      format: 'comptoir-backup',
      version: 1,
      createdAt: createdAt.toISOString(),
      appVersion: appVersion(),
      source: fromServer ? 'server' : 'folder',
      database,
      media,
    };
    await tar.file(DATABASE_NAME, dump, createdAt);
    let files = 0;
    for (const key of keys) {
      const bytes = await fs.promises.readFile(path.join(mediaRoot, key)).catch(() => null);
      if (!bytes) continue; // deleted since the listing
      await tar.file(`media/${key}`, bytes);
      mediaBytes += bytes.length;
      files += 1;
    }
    if (media.store === 'local') Object.assign(media, { files, bytes: mediaBytes });
    // The manifest last, once the media are counted; a reader looks it up by name.
    await tar.file(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), createdAt);
    await tar.close();
    return { file, manifest, bytes: fs.statSync(file).size };
  } catch (error) {
    await tar.abort();
    throw error;
  }
}
