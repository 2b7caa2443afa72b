/**
 * An account closed (privacy's erasure): one `Delete` of its actor to its followers' servers, so
 * they drop the account and its posts. The recipients and the actor's URI are taken in the
 * closing transaction, while the follows and the username still exist; the job signs with the
 * account's keys by their ids (its actor no longer answers by name), then the keys go.
 */
import { Delete, PUBLIC_COLLECTION } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type DbOrTx } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import { paths } from '../context';
import { federationContext } from '../federation';
import { keyPairsOf } from '../keys';
import { deliverable } from './recipients';

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

/** The `federation.delete_actor` job. */
export async function sendActorDelete(app: AppContext, payload: ActorDeletePayload): Promise<void> {
  if (!app.config.federation) return;
  const [stored] = await queryRows<{ n: number | string }>(
    app.db,
    sql`select count(*) as n from federation_keys where account_id = ${payload.accountId}`,
  );
  // Keys made now would not be the ones the followers' servers know: nothing they could verify.
  if (Number(stored?.n ?? 0) === 0) return;
  const keys = await keyPairsOf(app.db, payload.accountId);
  const actor = new URL(payload.actor);
  const senders = keys.map((k, i) => ({
    keyId: new URL(i === 0 ? '#main-key' : `#key-${i + 1}`, actor),
    privateKey: k.privateKey,
  }));
  const activity = new Delete({
    // The account id in the activity's id lets privacy's erasure find the finished deliveries (jobs) later.
    id: new URL(`${actor.href}#delete-${payload.accountId}`),
    actor,
    object: actor,
    tos: [PUBLIC_COLLECTION],
  });
  const recipients = payload.recipients.map((r) => ({
    id: new URL(r.id),
    inboxId: new URL(r.inbox),
    endpoints: r.shared ? { sharedInbox: new URL(r.shared) } : null,
  }));
  await federationContext(app).sendActivity(senders, recipients, activity, { preferSharedInbox: true });
  await queryRows(app.db, sql`delete from federation_keys where account_id = ${payload.accountId}`);
}
