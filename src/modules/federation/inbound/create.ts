/** Create, Update and Delete of posts and actors, each only by the server that owns the object. */
import { type Create, type Delete, isActor, type Update } from '@fedify/vocab';
import { deleteStatus, removeRemoteAccount, updateRemoteStatus } from '../../social';
import { persistActor } from '../remote';
import { type Inbound, loaders } from './context';
import { sameOrigin, senderOf } from './guard';
import { contentOf, isPostObject, pollOf, tagsOf } from './note';
import { ownedBy, storeRemotePost } from './posts';

export async function onCreate(inb: Inbound, create: Create): Promise<void> {
  const sender = await senderOf(inb, create);
  if (!sender) return;
  const object = await create.getObject(loaders(inb));
  if (!isPostObject(object)) return;
  // A note claiming another server's id is refused: nothing is stored.
  if (!sameOrigin(object.id, create.actorId)) {
    inb.app.log.info({ activity: create.id?.href, object: object.id?.href }, 'Create of a foreign object refused');
    return;
  }
  await storeRemotePost(inb, object, sender);
}

export async function onUpdate(inb: Inbound, update: Update): Promise<void> {
  const sender = await senderOf(inb, update);
  if (!sender) return;
  const object = await update.getObject(loaders(inb));
  if (isActor(object)) {
    // An actor updates only itself (the signature is its own key's).
    if (object.id?.href === sender.uri) await persistActor(inb.fed, object);
    return;
  }
  if (!isPostObject(object) || !object.id || !sameOrigin(object.id, update.actorId)) return;
  const { tags } = await tagsOf(inb, object);
  await updateRemoteStatus(inb.app, sender.id, object.id.href, {
    ...contentOf(object),
    tags,
    poll: await pollOf(inb, object),
  });
}

export async function onDelete(inb: Inbound, activity: Delete): Promise<void> {
  const sender = await senderOf(inb, activity);
  const objectId = activity.objectId;
  if (!sender || !objectId) return;
  if (objectId.href === sender.uri) {
    await removeRemoteAccount(inb.app, sender.id);
    return;
  }
  const status = await ownedBy(inb, objectId.href, sender.id);
  if (status && !status.reblogOfId) await deleteStatus(inb.app, [sender.id], status.id);
}
