/**
 * Platform moderators (they handle the platform's queue: reports of accounts, items without a
 * brand, escalations). `npx tsx src/cli/moderators.ts add <username> [moderator|admin]`,
 * `remove <username>`, `list`. Works on the configured database (DATABASE_URL or COMPTOIR_DATA).
 */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { DomainError } from '../lib/errors';
import { grantPlatformRole, listPlatformRoles, revokePlatformRole } from '../modules/moderation';
import type { PlatformRole } from '../modules/moderation';

const [command, username, role] = process.argv.slice(2);
const usage = 'usage: moderators add <username> [moderator|admin] | remove <username> | list';
if (!command || (command !== 'list' && !username)) {
  console.error(usage);
  process.exit(2);
}
const database = await openDatabase(loadConfig());
try {
  await migrate(database);
  if (command === 'add') {
    await grantPlatformRole(database.db, username, (role ?? 'moderator') as PlatformRole);
    console.log(`@${username} is now a platform ${role ?? 'moderator'}.`);
  } else if (command === 'remove') {
    console.log(
      (await revokePlatformRole(database.db, username))
        ? `@${username} is no longer a platform moderator.`
        : `@${username} had no platform role.`,
    );
  } else if (command === 'list') {
    for (const r of await listPlatformRoles(database.db)) console.log(`${r.role}\t@${r.username}`);
  } else {
    console.error(usage);
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
