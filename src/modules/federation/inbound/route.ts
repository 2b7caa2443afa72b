import {
  Accept,
  type Activity,
  Announce,
  Block,
  Create,
  Delete,
  Flag,
  Follow,
  Like,
  Move,
  Reject,
  Undo,
  Update,
} from '@fedify/vocab';
import type { Inbound } from './context';
import { onCreate, onDelete, onUpdate } from './create';
import { onFlag } from './flag';
import { onAccept, onFollow, onReject, onUndo } from './follows';
import { onMove } from './move';
import { onAnnounce, onBlock, onLike } from './reactions';

/** Each activity to its handler; activities of other types are ignored. The kind is for the logs. */
export async function routeActivity(inb: Inbound, activity: Activity): Promise<string | null> {
  if (activity instanceof Create) await onCreate(inb, activity);
  else if (activity instanceof Update) await onUpdate(inb, activity);
  else if (activity instanceof Delete) await onDelete(inb, activity);
  else if (activity instanceof Follow) await onFollow(inb, activity);
  else if (activity instanceof Accept) await onAccept(inb, activity);
  else if (activity instanceof Reject) await onReject(inb, activity);
  else if (activity instanceof Undo) await onUndo(inb, activity);
  else if (activity instanceof Like) await onLike(inb, activity);
  else if (activity instanceof Announce) await onAnnounce(inb, activity);
  else if (activity instanceof Block) await onBlock(inb, activity);
  else if (activity instanceof Move) await onMove(inb, activity);
  else if (activity instanceof Flag) await onFlag(inb, activity);
  else return null;
  return activity.constructor.name;
}
