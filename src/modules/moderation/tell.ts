import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';

/**
 * An in-app 'moderation' notification (a decision about something the person wrote or
 * reported), written in the decision's transaction. `detail` is `<what>` or `<what>:<reason>`,
 * e.g. `post_rejected:insult`, `report_removed`; the page shows it with `mod.notification.<what>`
 * and the reason's label. `from` is the brand whose queue decided (the platform's decisions come
 * "from" the person themself: moderators stay anonymous).
 */
export async function notifyAuthor(tx: DbOrTx, n: { to: string; from: string | null; detail: string; subjectId: string }) {
  await queryRows(
    tx,
    sql`insert into notifications (id, account_id, from_account_id, type, subject_id, detail)
        values (${uuidv7()}, ${n.to}, ${n.from ?? n.to}, 'moderation', ${n.subjectId}, ${n.detail})`,
  );
}
