import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import type { ItemStatus } from './schema';
import type { ModerationType, NewModerationItem } from './subjects';

export type SubmittedItem = { id: string; status: ItemStatus; created: boolean };

/**
 * Puts a subject in the queue, in the caller's transaction (so the item exists exactly when the
 * subject does). A subject already waiting keeps its place (its id, so its age) and gets the new
 * flags: resubmitting an edited review does not queue it twice.
 */
export async function submitForModeration(
  tx: DbOrTx,
  item: NewModerationItem & { appealOf?: string | null; appealText?: string | null },
): Promise<SubmittedItem> {
  const flags = [...item.flags].sort((a, b) => b.confidence - a.confidence);
  const codes = [...new Set(flags.map((f) => f.code))];
  const confidence = flags.reduce((m, f) => Math.max(m, f.confidence), 0);
  const id = uuidv7();
  const [row] = await queryRows<{ id: string; status: ItemStatus; created: boolean }>(
    tx,
    sql`insert into moderation_items (id, brand_id, type, subject_id, author_id, product_id, order_id, flags, flag_codes, confidence, appeal_of, appeal_text)
        values (${id}, ${item.brandId}, ${item.type}, ${item.subjectId}, ${item.authorId ?? null}, ${item.productId ?? null}, ${item.orderId ?? null},
                ${JSON.stringify(flags)}::jsonb, ${
                  codes.length
                    ? sql`array[${sql.join(
                        codes.map((c) => sql`${c}`),
                        sql`, `,
                      )}]::text[]`
                    : sql`'{}'::text[]`
                },
                ${confidence}, ${item.appealOf ?? null}, ${item.appealText ?? null})
        on conflict (type, subject_id) where status in ('pending', 'escalated')
        do update set flags = excluded.flags, flag_codes = excluded.flag_codes, confidence = excluded.confidence
        returning id, status, (id = ${id}) as created`,
  );
  if (row.created) {
    await queryRows(
      tx,
      sql`insert into moderation_actions (id, item_id, brand_id, actor_id, action) values (${uuidv7()}, ${row.id}, ${item.brandId}, ${item.authorId ?? null}, ${item.appealOf ? 'appealed' : 'queued'})`,
    );
  }
  return { id: row.id, status: row.status, created: Boolean(row.created) };
}

/**
 * Its author took the subject back (a withdrawn review): its open items leave the queue, with an
 * audit row each. Not a decision: nobody's "handled today" counts it. Returns how many left.
 */
export async function withdrawFromModeration(
  tx: DbOrTx,
  type: ModerationType,
  subjectId: string,
  authorId: string,
): Promise<number> {
  const closed = await queryRows<{ id: string; brand_id: string | null }>(
    tx,
    sql`update moderation_items set status = 'withdrawn' where type = ${type} and subject_id = ${subjectId} and status in ('pending', 'escalated') returning id, brand_id`,
  );
  for (const item of closed) {
    await queryRows(
      tx,
      sql`insert into moderation_actions (id, item_id, brand_id, actor_id, action) values (${uuidv7()}, ${item.id}, ${item.brand_id}, ${authorId}, 'withdrawn')`,
    );
  }
  return closed.length;
}
