/** Like, Announce (repost) and Block from remote accounts, through social's own functions. */
import type { Announce, Block, Like } from '@fedify/vocab';
import { block, favourite, reblogAsRemote } from '../../social';
import type { Inbound } from './context';
import { localAccountOf, senderOf } from './guard';
import { knownStatus, resolveStatus } from './posts';

export async function onLike(inb: Inbound, like: Like): Promise<void> {
  const sender = await senderOf(inb, like);
  if (!sender) return;
  const status = await knownStatus(inb, like.objectId);
  // Refusals (a block, a post it may not see) are social's rules: nothing is recorded.
  if (status) await favourite(inb.app, sender.id, status.id).catch(() => {});
}

/** A repost of our post or of a remote one (fetched and stored when unknown), remembered by the Announce id. */
export async function onAnnounce(inb: Inbound, announce: Announce): Promise<void> {
  const sender = await senderOf(inb, announce);
  if (!sender || !announce.id || !sameOriginOf(announce.id, sender.uri)) return;
  const status = await resolveStatus(inb, announce.objectId);
  if (!status || (status.visibility !== 'public' && status.visibility !== 'unlisted')) return;
  await reblogAsRemote(inb.app, sender.id, status.id, announce.id.href).catch(() => {});
}

const sameOriginOf = (url: URL, uri: string) => url.origin === new URL(uri).origin;

/** The remote account blocks one of ours: hidden both ways, follows between them removed. */
export async function onBlock(inb: Inbound, activity: Block): Promise<void> {
  const sender = await senderOf(inb, activity);
  const local = await localAccountOf(inb, activity.objectId);
  if (sender && local) await block(inb.app, sender.id, local.id);
}
