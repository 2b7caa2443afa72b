import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import type { SocialAct } from '../social';
import { hasRemoteFollowersSql } from './outbound/recipients';

const local = (accountId: string) =>
  sql`exists (select 1 from accounts a where a.id = ${accountId} and a.domain is null)`;
const remoteAccount = (accountId: string) =>
  sql`exists (select 1 from accounts t where t.id = ${accountId} and t.domain is not null)`;
const remoteAuthor = (statusId: SQL) =>
  sql`exists (select 1 from statuses s join accounts sa on sa.id = s.account_id where s.id = ${statusId} and sa.domain is not null)`;

/** Whether an act concerns another server: one statement, each part an index probe. */
function concernsFediverse(act: SocialAct): SQL {
  switch (act.type) {
    case 'follow':
    case 'unfollow':
    case 'block':
    case 'unblock':
      return remoteAccount(act.targetId);
    case 'favourite':
    case 'unfavourite':
      return remoteAuthor(sql`${act.statusId}::uuid`);
    case 'vote':
      return remoteAuthor(sql`(select status_id from polls where id = ${act.pollId})`);
    case 'reblog':
    case 'unreblog':
      return sql`(${remoteAuthor(sql`${act.originalId}::uuid`)} or ${hasRemoteFollowersSql(act.accountId)})`;
    case 'status.deleted': {
      const mentions = act.mentionIds.map((id) => remoteAccount(id));
      const followers = act.visibility === 'direct' ? sql`false` : hasRemoteFollowersSql(act.accountId);
      return sql.join([followers, ...mentions], sql` or `);
    }
  }
}

/**
 * In the act's transaction: a local account's act that concerns the fediverse (a remote account,
 * a remote post, or remote followers to tell) is queued for delivery (`federation.send`), so it is
 * sent exactly when the act commits and survives a restart. Remote accounts' acts (received from
 * their servers) and acts between our own accounts queue nothing.
 */
export async function queueAct(tx: DbOrTx, act: SocialAct): Promise<void> {
  // A deleted post's rows are gone when the job runs: its id (a Note's or a Question's) is kept now.
  const poll =
    act.type === 'status.deleted' ? sql`exists (select 1 from polls where status_id = ${act.statusId})` : sql`false`;
  const [row] = await queryRows<{ send: boolean; poll: boolean }>(
    tx,
    sql`select (${local(act.accountId)} and (${concernsFediverse(act)})) as send, ${poll} as poll`,
  );
  if (!row?.send) return;
  await enqueue(tx, 'federation.send', row.poll ? { act, poll: true } : { act });
}
