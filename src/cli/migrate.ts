/**
 * `npm run migrate`: applies pending migrations to the configured database (DATABASE_URL, or the
 * embedded one in COMPTOIR_DATA) and says which ones it applied. `npm start` does the same on
 * every start; this is for operators who migrate before rolling out new app nodes.
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { appliedStamps, migrate, migrationJournal } from '../db/migrate';

const config = loadConfig();
const where = config.databaseUrl
  ? `PostgreSQL server ${redact(config.databaseUrl)}`
  : `embedded database in ${config.dataDir}`;
let database;
try {
  database = await openDatabase(config);
} catch (error) {
  console.error(`Cannot open the ${where}: ${(error as Error).message}`);
  process.exit(1);
}
try {
  const before = new Set(await appliedStamps(database.db));
  const started = Date.now();
  await migrate(database);
  const after = new Set(await appliedStamps(database.db));
  const applied = migrationJournal().filter((e) => after.has(e.when) && !before.has(e.when));
  console.log(`Database: ${where}`);
  if (applied.length === 0) {
    console.log(`Up to date: ${after.size} migration(s) already applied, nothing to do.`);
  } else {
    for (const entry of applied) console.log(`  applied ${entry.tag}`);
    console.log(`Applied ${applied.length} migration(s) in ${Date.now() - started} ms; ${after.size} in all.`);
  }
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
