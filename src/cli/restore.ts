/**
 * `npm run restore <file>`: puts a backup made by `npm run backup` in place of the data folder
 * (COMPTOIR_DATA). The server must be stopped; the current folder is moved aside, not deleted.
 */
import { loadConfig } from '../config';
import { restoreBackup } from '../db/restore';

const config = loadConfig();
const file = process.argv[2];
if (config.databaseUrl) {
  console.error(
    [
      'DATABASE_URL is set: restore the PostgreSQL dump with pg_restore into an empty database:',
      '  pg_restore --no-owner --dbname "$DATABASE_URL" comptoir.dump',
      'See docs/operators.md, "Backups".',
    ].join('\n'),
  );
  process.exit(2);
}
if (!file) {
  console.error('Usage: npm run restore <backup file> (the server stopped; COMPTOIR_DATA names the folder to restore)');
  process.exit(2);
}
try {
  const result = await restoreBackup({ file, dataDir: config.dataDir });
  console.log(`Restored ${file} (made ${result.manifest.createdAt}) into ${result.dataDir}`);
  console.log(
    `  database: last migration ${result.manifest.database.lastMigration ?? 'none'}, ` +
      `${result.tables.accounts ?? 0} account(s); media: ${result.mediaFiles} file(s)`,
  );
  if (result.previous) console.log(`  the folder that was there is now ${result.previous} (delete it once satisfied)`);
  if (result.manifest.media.store === 's3') console.log(`  ${result.manifest.media.note}`);
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
