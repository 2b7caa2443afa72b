/**
 * What an account did to the social graph, told to listeners inside the transaction that did it
 * (federation turns our accounts' acts into ActivityPub deliveries, enqueued with the write).
 * Listeners must not throw for acts they do not care about; a throw undoes the act.
 */
import type { DbOrTx } from '../../db/client';
import { createRegistry, type Registry } from '../../lib/registry';

export type SocialAct =
  | { type: 'follow' | 'unfollow' | 'block' | 'unblock'; accountId: string; targetId: string }
  | { type: 'favourite' | 'unfavourite'; accountId: string; statusId: string }
  /** `statusId`: the repost row (made or removed); `originalId`: the post reposted. */
  | { type: 'reblog' | 'unreblog'; accountId: string; statusId: string; originalId: string }
  /** A post deleted, with what its delivery needs now that its rows are gone. */
  | { type: 'status.deleted'; accountId: string; statusId: string; visibility: string; mentionIds: string[] }
  | { type: 'vote'; accountId: string; pollId: string; choices: number[] };

export type SocialActListener = { name: string; onAct(tx: DbOrTx, act: SocialAct): Promise<void> };

/** The registry of act listeners; on the app context as `extensions.socialActs` (src/links/extensions.ts). */
export const socialActListeners: Registry<SocialActListener> = createRegistry<SocialActListener>();

/** Tells every listener, in the act's transaction. */
export async function tellActs(tx: DbOrTx, act: SocialAct): Promise<void> {
  for (const listener of socialActListeners.list()) await listener.onAct(tx, act);
}
