import type { Recipient } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../../db/client';

type Row = { account_id: string; uri: string; inbox_url: string; shared_inbox_url: string | null };

/** Nothing of ours goes to a server a platform moderator suspended (SQL, on the account `a`). */
export const deliverable = sql`not exists (select 1 from domain_blocks b where b.domain = a.domain and b.severity = 'suspend')`;

/** The remote ones among these accounts, as Fedify's sendActivity wants them (their id and inboxes). */
export async function remoteRecipients(db: DbOrTx, accountIds: string[]): Promise<Recipient[]> {
  if (accountIds.length === 0) return [];
  const rows = await queryRows<Row>(
    db,
    sql`select r.account_id, r.uri, r.inbox_url, r.shared_inbox_url from remote_actors r
        join accounts a on a.id = r.account_id
        where r.account_id = any(${arrayLiteral(accountIds)}::uuid[]) and a.suspended_at is null
          and ${deliverable}`,
  );
  return rows.map((r) => ({
    id: new URL(r.uri),
    inboxId: new URL(r.inbox_url),
    endpoints: r.shared_inbox_url ? { sharedInbox: new URL(r.shared_inbox_url) } : null,
  }));
}

/** Those of these accounts that do not follow `accountId` (a post's mentions beyond its followers). */
export async function notFollowing(db: DbOrTx, accountId: string, accountIds: string[]): Promise<string[]> {
  if (accountIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select x.id from unnest(${arrayLiteral(accountIds)}::uuid[]) as x(id)
        where not exists (select 1 from follows f where f.follower_id = x.id and f.followee_id = ${accountId})`,
  );
  return rows.map((r) => r.id);
}

/**
 * Whether a local account has a follower on another server. Read through remote_actors (few
 * rows next to the follows of a big brand), probing the follows' primary key for each.
 */
export const hasRemoteFollowersSql = (accountId: string) =>
  sql`exists (select 1 from remote_actors r join follows f on f.follower_id = r.account_id and f.followee_id = ${accountId})`;
