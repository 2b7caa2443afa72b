/**
 * What a write queues for the fediverse, in its own transaction: whether a post, a profile, a
 * report or a closed account concerns another server, and the job that will tell it. No Fedify
 * here: its libraries load with the first job that sends something (federation/lazy.ts).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import type { ForwardedReport } from '../../moderation';
import { paths } from '../context';
import { deliverable, hasRemoteFollowersSql } from './recipients';

/**
 * In the post's transaction (a status extension's afterInsert): whether a new post of ours has
 * anyone on another server to reach: remote followers (unless direct), a remote account it
 * mentions, replies to or quotes. One statement.
 */
export async function reachesFediverse(
  tx: DbOrTx,
  status: { id: string; accountId: string; visibility: string; uri: string | null },
): Promise<boolean> {
  if (status.uri) return false;
  const [row] = await queryRows<{ send: boolean }>(
    tx,
    sql`select exists (select 1 from accounts where id = ${status.accountId} and domain is null) and (
          ${status.visibility === 'direct' ? sql`false` : hasRemoteFollowersSql(status.accountId)}
          or exists (select 1 from status_mentions sm join accounts m on m.id = sm.account_id
                     where sm.status_id = ${status.id} and m.domain is not null)
          or exists (select 1 from statuses s join statuses p on p.id in (s.in_reply_to_id, s.quote_of_id)
                     join accounts pa on pa.id = p.account_id where s.id = ${status.id} and pa.domain is not null)
        ) as send`,
  );
  return Boolean(row?.send);
}

/** A profile changed (accounts' profile listener): its `Update` is queued when remote followers should hear of it. */
export async function queueProfileUpdate(db: Db, accountId: string): Promise<void> {
  const [row] = await queryRows<{ send: boolean }>(
    db,
    sql`select exists (select 1 from accounts where id = ${accountId} and domain is null) and ${hasRemoteFollowersSql(accountId)} as send`,
  );
  if (row?.send) await enqueue(db, 'federation.actor', { accountId, activity: 'update' });
}

/** A report's forwarding, queued when the reported account is remote (moderation's forwarder). */
export async function queueFlag(app: AppContext, report: ForwardedReport): Promise<boolean> {
  const [remote] = await queryRows<{ id: string }>(
    app.db,
    sql`select account_id as id from remote_actors where account_id = ${report.accountId}`,
  );
  if (!remote) return false;
  await enqueue(app.db, 'federation.flag', report);
  return true;
}

export type ActorDeletePayload = {
  accountId: string;
  actor: string;
  recipients: { id: string; inbox: string; shared: string | null }[];
};

/** In the closing transaction, before the account is renamed and its follows removed. */
export async function queueActorDelete(tx: DbOrTx, accountId: string, publicUrl: string): Promise<void> {
  const [account] = await queryRows<{ username: string }>(
    tx,
    sql`select username from accounts where id = ${accountId} and domain is null`,
  );
  if (!account) return;
  const recipients = await queryRows<{ id: string; inbox: string; shared: string | null }>(
    tx,
    sql`select r.uri as id, r.inbox_url as inbox, r.shared_inbox_url as shared
          from follows f join remote_actors r on r.account_id = f.follower_id join accounts a on a.id = r.account_id
         where f.followee_id = ${accountId} and a.suspended_at is null and ${deliverable}`,
  );
  if (recipients.length === 0) return;
  const actor = new URL(paths.actor.replace('{identifier}', account.username), publicUrl).href;
  await enqueue(tx, 'federation.delete_actor', { accountId, actor, recipients });
}
