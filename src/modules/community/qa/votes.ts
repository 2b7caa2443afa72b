/**
 * Helpful votes and the brand's answering setting. One vote per person and question or answer;
 * the API toggles it, the page's button says which way (so a double submit does not undo it).
 * Only published texts take votes, and nobody votes for their own.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { forbidden, notFound } from '../../../lib/errors';
import { roleAllows } from '../../accounts';
import { teamRole } from '../../commerce';
import { answerersOf, checkAnswerers, type QaContext } from './rules';
import type { QaAnswerers } from './schema';

export type Vote = { helpful: boolean; helpfulCount: number };

export async function voteHelpful(
  ctx: QaContext,
  accountId: string,
  type: 'question' | 'answer',
  id: string,
  want?: boolean,
): Promise<Vote> {
  if (!isUuid(id)) throw notFound(type === 'question' ? 'Question' : 'Answer');
  const table = type === 'question' ? sql`qa_questions` : sql`qa_answers`;
  const [subject] = await queryRows<{ author_id: string }>(
    ctx.db,
    type === 'question'
      ? sql`select q.author_id from qa_questions q join products p on p.id = q.product_id
            where q.id = ${id} and q.status = 'published' and p.status = 'published'`
      : sql`select a.author_id from qa_answers a join qa_questions q on q.id = a.question_id
            join products p on p.id = q.product_id
            where a.id = ${id} and a.status = 'published' and q.status = 'published' and p.status = 'published'`,
  );
  if (!subject) throw notFound(type === 'question' ? 'Question' : 'Answer');
  if (subject.author_id === accountId) throw forbidden('own_subject', 'You cannot vote for what you wrote');
  return ctx.db.transaction(async (tx) => {
    const [had] = await queryRows(
      tx,
      sql`select 1 from qa_votes where subject_type = ${type} and subject_id = ${id} and account_id = ${accountId}`,
    );
    const helpful = want ?? !had;
    let move = 0;
    if (helpful && !had) {
      const added = await queryRows(
        tx,
        sql`insert into qa_votes (subject_type, subject_id, account_id) values (${type}, ${id}, ${accountId})
            on conflict do nothing returning 1`,
      );
      move = added.length;
    } else if (!helpful && had) {
      const removed = await queryRows(
        tx,
        sql`delete from qa_votes where subject_type = ${type} and subject_id = ${id} and account_id = ${accountId}
            returning 1`,
      );
      move = -removed.length;
    }
    const [row] = await queryRows<{ helpful_count: number }>(
      tx,
      sql`update ${table} set helpful_count = greatest(0, helpful_count + ${move}) where id = ${id} returning helpful_count`,
    );
    return { helpful, helpfulCount: row.helpful_count };
  });
}

/** The team's managers only; anyone else: 404 (another brand's setting does not exist for them). */
async function assertManages(db: DbOrTx, brandId: string, accountId: string, write: boolean) {
  if (!isUuid(brandId)) throw notFound('Brand');
  const role = await teamRole(db as never, brandId, accountId);
  if (!role) throw notFound('Brand');
  if (write && !roleAllows(role, 'community.manage'))
    throw forbidden('forbidden', 'Only the brand’s owner, admins and community managers change this');
}

export async function readQaSettings(ctx: QaContext, accountId: string, brandId: string) {
  await assertManages(ctx.db, brandId, accountId, false);
  return { answerers: await answerersOf(ctx.db, brandId) };
}

export async function updateQaSettings(
  ctx: QaContext,
  accountId: string,
  brandId: string,
  raw: { answerers?: unknown },
): Promise<{ answerers: QaAnswerers }> {
  await assertManages(ctx.db, brandId, accountId, true);
  const answerers = checkAnswerers(raw.answerers);
  await queryRows(
    ctx.db,
    sql`insert into qa_settings (brand_id, answerers, updated_at)
        values (${brandId}, ${answerers}, ${ctx.clock.now().toISOString()}::timestamptz)
        on conflict (brand_id) do update set answerers = excluded.answerers, updated_at = excluded.updated_at`,
  );
  return { answerers };
}
