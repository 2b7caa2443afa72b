import type { Object as APObject } from '@fedify/vocab';
import type { FedContext } from '../context';
import { inboundOf } from './context';
import { remoteActor } from './guard';
import { isPostObject } from './note';
import { storeRemotePost } from './posts';

/**
 * Discovery's importer (a pasted post URL, a remote profile's recent posts): a post fetched from
 * its server, stored exactly as if its author had delivered it, by the same rules.
 */
export async function importPostObject(ctx: FedContext, object: APObject): Promise<string | null> {
  if (!isPostObject(object)) return null;
  const inb = inboundOf(ctx);
  const author = await remoteActor(inb, object.attributionId);
  return author ? ((await storeRemotePost(inb, object, author))?.id ?? null) : null;
}
