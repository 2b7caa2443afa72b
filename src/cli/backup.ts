/**
 * `npm run backup [file]`: a backup of the embedded database and the uploaded media, in one
 * `.tar.gz` (default `backups/comptoir-<time>.tar.gz`). While the server runs it makes the dump
 * itself (asked through `COMPTOIR_DATA/control.sock`); when none runs, the folder is opened here.
 * On a PostgreSQL server (DATABASE_URL) the database's own tools do it: the command says how.
 */
import { loadConfig } from '../config';
import { createBackup } from '../db/backup';

const config = loadConfig();
if (config.databaseUrl) {
  console.error(
    [
      'DATABASE_URL is set: back up the PostgreSQL database with its own tools, while the app runs:',
      '  pg_dump --format=custom --file comptoir-$(date +%F).dump "$DATABASE_URL"',
      config.mediaS3
        ? `and the media bucket ${config.mediaS3.bucket} with your provider's tools (versioning, replication, rclone).`
        : `and the media folder ${config.dataDir}/media (rsync or tar: files are written once, never changed).`,
      'See docs/operators.md, "Backups".',
    ].join('\n'),
  );
  process.exit(2);
}
try {
  const started = Date.now();
  const result = await createBackup({
    dataDir: config.dataDir,
    output: process.argv[2],
    mediaInBucket: config.mediaS3?.bucket,
  });
  const { manifest } = result;
  const source = manifest.source === 'server' ? 'dumped by the running server' : 'no server running, folder opened';
  console.log(
    `Backup written: ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${Date.now() - started} ms)`,
  );
  console.log(`  database: ${source}, last migration ${manifest.database.lastMigration ?? 'none'}`);
  console.log(
    manifest.media.store === 'local'
      ? `  media: ${manifest.media.files} file(s), ${(manifest.media.bytes / 1024 / 1024).toFixed(1)} MiB`
      : `  media: not included (${manifest.media.note})`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
