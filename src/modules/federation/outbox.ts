import type { AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import type { SocialAct } from '../social';

/**
 * In the act's transaction: a local account's act is queued for delivery (`federation.send`),
 * so it is sent exactly when the act commits and survives a restart.
 */
export async function queueAct(tx: DbOrTx, act: SocialAct): Promise<void> {
  await enqueue(tx, 'federation.send', { act });
}

/** The `federation.send` job: the act as an activity, sent to whom it concerns. */
export async function sendAct(_app: AppContext, _payload: { act: SocialAct }): Promise<void> {}
