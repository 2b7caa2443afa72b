/**
 * Restores a backup made by backup.ts into a data folder: the archive is unpacked beside the
 * folder, its database opened and its migrations checked against this code, and only then the
 * current folder is moved aside (never deleted: its new name is printed) and the restored one put
 * in its place. Refused while a server holds the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FOLDER_LOCK, folderLockHolder, openPglite } from './client';
import {
  appliedMigrations,
  type BackupManifest,
  backupStamp,
  DATABASE_NAME,
  MANIFEST_NAME,
  tableCounts,
} from './backup';
import { CONTROL_SOCKET, controlSocketAnswers } from './control-socket';
import { migrationJournal } from './migrate';
import { readTar } from './tar';

export type RestoreResult = {
  dataDir: string;
  /** Where the folder that was there went; null when there was none. */
  previous: string | null;
  manifest: BackupManifest;
  mediaFiles: number;
  tables: Record<string, number>;
};

const MEDIA_FILE = /^media\/([A-Za-z0-9_][A-Za-z0-9_.-]*\/){0,7}[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

async function refuseWhileRunning(dataDir: string) {
  const holder = folderLockHolder(dataDir);
  if (holder) throw new Error(`A server (process ${holder}) runs on ${dataDir}: stop it before restoring.`);
  // A server of another machine sharing the folder would not show in the lock's pid: ask the socket.
  if (await controlSocketAnswers(dataDir))
    throw new Error(`A server answers on ${dataDir}/${CONTROL_SOCKET}: stop it before restoring.`);
}

export async function restoreBackup(options: { file: string; dataDir: string }): Promise<RestoreResult> {
  const file = path.resolve(options.file);
  const dataDir = path.resolve(options.dataDir);
  if (!fs.existsSync(file)) throw new Error(`No such backup file: ${file}`);
  await refuseWhileRunning(dataDir);

  const stamp = backupStamp();
  const staging = `${dataDir}.restoring-${stamp}`;
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  // While we work, a server starting on the folder finds it taken.
  const lock = path.join(dataDir, FOLDER_LOCK);
  const locked = fs.existsSync(dataDir);
  if (locked) fs.writeFileSync(lock, String(process.pid));
  try {
    let manifest: BackupManifest | undefined;
    let dump: Buffer | undefined;
    let mediaFiles = 0;
    for await (const entry of readTar(file)) {
      if (entry.name === MANIFEST_NAME) manifest = JSON.parse(entry.bytes.toString('utf8')) as BackupManifest;
      else if (entry.name === DATABASE_NAME) dump = entry.bytes;
      else if (MEDIA_FILE.test(entry.name) && !entry.name.split('/').includes('..')) {
        const target = path.join(staging, ...entry.name.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, entry.bytes);
        mediaFiles += 1;
      }
    }
    if (manifest?.format !== 'comptoir-backup') throw new Error(`${file} is not a Comptoir backup (no manifest)`);
    if (!dump) throw new Error(`${file} holds no database`);
    if (manifest.media.store === 'local' && mediaFiles !== manifest.media.files) {
      throw new Error(`${file} is incomplete: ${mediaFiles} media files of ${manifest.media.files}`);
    }

    const database = await openPglite(staging, { loadDataDir: new Blob([dump as Uint8Array<ArrayBuffer>]) });
    let tables: Record<string, number>;
    try {
      const { tags, unknown } = await appliedMigrations(database.db);
      if (unknown > 0) {
        throw new Error(
          `The backup's database has ${unknown} migration(s) this release does not know: restore it with the release ` +
            `that made it (${manifest.appVersion}) or a newer one.`,
        );
      }
      if ((tags.at(-1) ?? null) !== manifest.database.lastMigration) {
        throw new Error(
          `The restored database's last migration is ${tags.at(-1)}, the manifest says ${manifest.database.lastMigration}`,
        );
      }
      const known = new Set(migrationJournal().map((e) => e.tag));
      if (!tags.every((t) => known.has(t))) throw new Error('The restored database has unknown migrations');
      tables = await tableCounts(database.db);
    } finally {
      await database.close();
    }

    let previous: string | null = null;
    if (fs.existsSync(dataDir)) {
      previous = `${dataDir}.before-restore-${stamp}`;
      fs.renameSync(dataDir, previous);
      fs.rmSync(path.join(previous, FOLDER_LOCK), { force: true });
    }
    fs.renameSync(staging, dataDir);
    return { dataDir, previous, manifest, mediaFiles, tables };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (locked) fs.rmSync(lock, { force: true });
    throw error;
  }
}
