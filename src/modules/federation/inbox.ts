import { Accept, Announce, Block, Create, Delete, Flag, Follow, Like, Move, Reject, Undo, Update } from '@fedify/vocab';
import type { Fed } from './context';
import { paths } from './context';
import { onCreate, onDelete, onUpdate } from './inbound/create';
import { onFlag } from './inbound/flag';
import { onAccept, onFollow, onReject, onUndo } from './inbound/follows';
import { safely } from './inbound/guard';
import { onMove } from './inbound/move';
import { onAnnounce, onBlock, onLike } from './inbound/reactions';

/**
 * What remote servers deliver to our inboxes (personal and shared). Fedify verifies the HTTP
 * signature (401 otherwise) and that the key is the actor's; each listener then checks who
 * owns what it touches (inbound/guard.ts) and drops, never fails, what it cannot handle.
 */
export function registerInbox(federation: Fed): void {
  federation
    .setInboxListeners(paths.inbox, paths.sharedInbox)
    .on(Create, safely('create', onCreate))
    .on(Update, safely('update', onUpdate))
    .on(Delete, safely('delete', onDelete))
    .on(Follow, safely('follow', onFollow))
    .on(Accept, safely('accept', onAccept))
    .on(Reject, safely('reject', onReject))
    .on(Undo, safely('undo', onUndo))
    .on(Like, safely('like', onLike))
    .on(Announce, safely('announce', onAnnounce))
    .on(Block, safely('block', onBlock))
    .on(Move, safely('move', onMove))
    .on(Flag, safely('flag', onFlag))
    .onError((ctx, error) => ctx.data.log.warn({ err: error }, 'inbox error'));
}
