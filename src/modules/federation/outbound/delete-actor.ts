/**
 * An account closed (privacy's erasure): one `Delete` of its actor to its followers' servers, so
 * they drop the account and its posts. The recipients and the actor's URI are taken in the
 * closing transaction, while the follows and the username still exist; the job signs with the
 * account's keys by their ids (its actor no longer answers by name), then the keys go.
 */
import { Delete, PUBLIC_COLLECTION } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { federationContext } from '../federation';
import { keyPairsOf } from '../keys';
import type { ActorDeletePayload } from './queued';

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
