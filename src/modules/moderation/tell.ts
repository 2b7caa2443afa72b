import type { DbOrTx } from '../../db/client';
import { notify } from '../social';

/**
 * An in-app 'moderation' notification (a decision about something the person wrote or
 * reported), written in the decision's transaction. `detail` is `<what>` or `<what>:<reason>`,
 * e.g. `post_rejected:insult`, `report_removed`; the page shows it with `mod.notification.<what>`
 * and the reason's label. `from` is the brand whose queue decided (the platform's decisions come
 * "from" the person themself: moderators stay anonymous). An outcome reaches the person even if
 * they muted the brand (social's notify() policy `reachMuted`); a block of the brand still drops it.
 */
export async function notifyAuthor(
  tx: DbOrTx,
  n: { to: string; from: string | null; detail: string; subjectId: string },
) {
  return notify(
    tx,
    { accountId: n.to, fromAccountId: n.from ?? n.to, type: 'moderation', subjectId: n.subjectId, detail: n.detail },
    { reachMuted: true, toSelf: true },
  );
}
