import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { notFound, unprocessable } from '../../lib/errors';
import { platformRoleNames, type PlatformRole } from './schema';

/** Grants (or changes) a platform role; the operator's command (src/cli/moderators.ts) calls it. */
export async function grantPlatformRole(db: DbOrTx, username: string, role: PlatformRole = 'moderator') {
  if (!platformRoleNames.includes(role))
    throw unprocessable('invalid_role', `The role must be one of ${platformRoleNames.join(', ')}`);
  const [account] = await queryRows<{ id: string; kind: string }>(
    db,
    sql`select id, kind from accounts where lower(username) = lower(${username})`,
  );
  if (!account) throw notFound('Account');
  if (account.kind !== 'person') throw unprocessable('not_a_person', 'Only people can be platform moderators');
  await queryRows(
    db,
    sql`insert into platform_roles (account_id, role) values (${account.id}, ${role}) on conflict (account_id) do update set role = excluded.role`,
  );
  return account.id;
}

export async function revokePlatformRole(db: DbOrTx, username: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`delete from platform_roles where account_id = (select id from accounts where lower(username) = lower(${username})) returning account_id`,
  );
  return rows.length > 0;
}

export async function listPlatformRoles(db: DbOrTx) {
  return queryRows<{ username: string; role: PlatformRole; created_at: string | Date }>(
    db,
    sql`select a.username, p.role, p.created_at from platform_roles p join accounts a on a.id = p.account_id order by a.username`,
  );
}
