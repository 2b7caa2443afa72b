/** Follow, Accept and Reject of follows, and Undo of a follow, like, repost or block. */
import { Accept, Activity, Announce, Block, Follow, Like, Reject, type Undo } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { follow, statusByUri, unblock, unfavourite, unfollow, unreblog } from '../../social';
import { type Inbound, loaders } from './context';
import { localAccountOf, type Sender, senderOf } from './guard';
import { knownStatus } from './posts';

const recipientOf = (sender: Sender) => ({
  id: new URL(sender.uri),
  inboxId: new URL(sender.inboxUrl),
  endpoints: sender.sharedInbox ? { sharedInbox: new URL(sender.sharedInbox) } : null,
});

/**
 * A remote account follows one of ours: the follow is made at once and accepted (Comptoir has
 * no follow requests, so locked accounts accept too). A block between them is answered Reject.
 */
export async function onFollow(inb: Inbound, activity: Follow): Promise<void> {
  const sender = await senderOf(inb, activity);
  const local = await localAccountOf(inb, activity.objectId);
  if (!sender || !local || !activity.id) return;
  const answer = { actor: inb.fed.getActorUri(local.username), object: activity };
  try {
    await follow(inb.app, sender.id, local.id);
  } catch {
    const id = new URL(`${inb.fed.getActorUri(local.username).href}#rejects/${uuidv7()}`);
    await inb.send(local.username, recipientOf(sender), new Reject({ id, ...answer }));
    return;
  }
  await queryRows(
    inb.app.db,
    sql`insert into federation_follows (follower_id, followee_id, activity_uri)
        values (${sender.id}, ${local.id}, ${activity.id.href})
        on conflict (follower_id, followee_id) do update set activity_uri = excluded.activity_uri`,
  );
  const id = new URL(`${inb.fed.getActorUri(local.username).href}#accepts/${uuidv7()}`);
  await inb.send(local.username, recipientOf(sender), new Accept({ id, ...answer }));
}

/** Our follows are optimistic: an Accept changes nothing. */
export async function onAccept(_inb: Inbound, _activity: Accept): Promise<void> {}

/** A remote account refuses a follow one of ours sent: the follow is undone here. */
export async function onReject(inb: Inbound, activity: Reject): Promise<void> {
  const sender = await senderOf(inb, activity);
  if (!sender || !activity.objectId) return;
  const rows = await queryRows<{ follower_id: string }>(
    inb.app.db,
    sql`select follower_id from federation_follows
        where followee_id = ${sender.id} and activity_uri = ${activity.objectId.href}`,
  );
  let followerId: string | undefined = rows[0]?.follower_id;
  if (!followerId) {
    // Some servers send the Follow without the id we gave it: its actor names our account.
    const object = await activity.getObject(loaders(inb));
    if (object instanceof Follow && object.objectId?.href === sender.uri)
      followerId = (await localAccountOf(inb, object.actorId))?.id;
  }
  if (!followerId) return;
  await unfollow(inb.app, followerId, sender.id);
  await queryRows(
    inb.app.db,
    sql`delete from federation_follows where follower_id = ${followerId} and followee_id = ${sender.id}`,
  );
}

export async function onUndo(inb: Inbound, undo: Undo): Promise<void> {
  const sender = await senderOf(inb, undo);
  if (!sender || !undo.objectId) return;
  const object = await undo.getObject(loaders(inb));
  // What is undone must be the sender's own act.
  if (object && (!(object instanceof Activity) || object.actorId?.href !== sender.uri)) return;
  const followed = object ? null : await followByUri(inb, sender.id, undo.objectId.href);
  if (object instanceof Follow || followed) {
    const local = object instanceof Follow ? await localAccountOf(inb, object.objectId) : followed;
    if (!local) return;
    await unfollow(inb.app, sender.id, local.id);
    await queryRows(
      inb.app.db,
      sql`delete from federation_follows where follower_id = ${sender.id} and followee_id = ${local.id}`,
    );
  } else if (object instanceof Like) {
    const status = await knownStatus(inb, object.objectId);
    if (status) await unfavourite(inb.app, sender.id, status.id).catch(() => {});
  } else if (object instanceof Announce || !object) {
    const repost = await statusByUri(inb.app.db, undo.objectId.href);
    const originalId =
      repost?.accountId === sender.id && repost.reblogOfId
        ? repost.reblogOfId
        : object instanceof Announce
          ? (await knownStatus(inb, object.objectId))?.id
          : null;
    if (originalId) await unreblog(inb.app, sender.id, originalId).catch(() => {});
  } else if (object instanceof Block) {
    const local = await localAccountOf(inb, object.objectId);
    if (local) await unblock(inb.app, sender.id, local.id);
  }
}

/** The follow of ours a remote account made with this Follow id. */
async function followByUri(inb: Inbound, followerId: string, uri: string) {
  const [row] = await queryRows<{ id: string }>(
    inb.app.db,
    sql`select followee_id as id from federation_follows where follower_id = ${followerId} and activity_uri = ${uri}`,
  );
  return row ?? null;
}
