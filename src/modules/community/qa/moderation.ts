/**
 * What a moderation decision does to a question or an answer (subject handlers registered by
 * src/links/community-qa.ts): approve publishes it (an answer then counts on its question),
 * reject takes it off the page; the author is told either way. Moderation never reads our
 * tables: `describe` tells the console what to show.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { notifyAuthor, type Decision, type SubjectHandler, type SubjectSummary } from '../../moderation';
import type { QaStatus } from './schema';

type Clock = { now(): Date };

async function decideQuestion(tx: DbOrTx, id: string, decision: Decision, at: Date) {
  const [q] = await queryRows<{ author_id: string; brand_id: string; status: QaStatus }>(
    tx,
    sql`select author_id, brand_id, status from qa_questions where id = ${id} for update`,
  );
  if (!q) return;
  const approve = decision.action === 'approve';
  if ((approve && q.status === 'published') || (!approve && q.status === 'rejected')) return;
  await queryRows(
    tx,
    approve
      ? sql`update qa_questions set status = 'published', published_at = ${at.toISOString()}::timestamptz where id = ${id}`
      : sql`update qa_questions set status = 'rejected', published_at = null where id = ${id}`,
  );
  const detail = approve ? 'question_published' : `question_rejected:${decision.reason ?? 'other'}`;
  await notifyAuthor(tx, { to: q.author_id, from: q.brand_id, detail, subjectId: id });
}

async function decideAnswer(tx: DbOrTx, id: string, decision: Decision, at: Date) {
  const [a] = await queryRows<{ author_id: string; brand_id: string; status: QaStatus; question_id: string }>(
    tx,
    sql`select a.author_id, q.brand_id, a.status, a.question_id from qa_answers a
        join qa_questions q on q.id = a.question_id where a.id = ${id} for update of a`,
  );
  if (!a) return;
  const approve = decision.action === 'approve';
  if ((approve && a.status === 'published') || (!approve && a.status === 'rejected')) return;
  await queryRows(
    tx,
    approve
      ? sql`update qa_answers set status = 'published', published_at = ${at.toISOString()}::timestamptz where id = ${id}`
      : sql`update qa_answers set status = 'rejected', published_at = null where id = ${id}`,
  );
  const move = approve ? 1 : a.status === 'published' ? -1 : 0;
  if (move)
    await queryRows(
      tx,
      sql`update qa_questions set answer_count = greatest(0, answer_count + ${move}) where id = ${a.question_id}`,
    );
  const detail = approve ? 'answer_published' : `answer_rejected:${decision.reason ?? 'other'}`;
  await notifyAuthor(tx, { to: a.author_id, from: a.brand_id, detail, subjectId: id });
}

async function describe(db: Db, table: 'qa_questions' | 'qa_answers', ids: string[]) {
  const out = new Map<string, SubjectSummary>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    text: string;
    author_id: string;
    author_name: string;
    product_id: string;
    product_title: string;
    brand_id: string;
    question_id: string;
  }>(
    db,
    table === 'qa_questions'
      ? sql`select q.id, q.text, q.author_id, coalesce(nullif(au.display_name, ''), au.username) as author_name,
                   q.product_id, p.title as product_title, q.brand_id, q.id as question_id
            from qa_questions q join products p on p.id = q.product_id join accounts au on au.id = q.author_id
            where q.id in ${ids}`
      : sql`select a.id, a.text, a.author_id, coalesce(nullif(au.display_name, ''), au.username) as author_name,
                   q.product_id, p.title as product_title, q.brand_id, q.id as question_id
            from qa_answers a join qa_questions q on q.id = a.question_id join products p on p.id = q.product_id
            join accounts au on au.id = a.author_id where a.id in ${ids}`,
  );
  for (const r of rows)
    out.set(r.id, {
      text: r.text,
      title: r.product_title,
      authorId: r.author_id,
      authorName: r.author_name,
      productId: r.product_id,
      brandId: r.brand_id,
      url: `/questions/${r.question_id}`,
    });
  return out;
}

export const questionSubject = (clock: Clock): SubjectHandler => ({
  type: 'question',
  onDecision: (tx, id, decision) => decideQuestion(tx, id, decision, clock.now()),
  describe: (db, ids) => describe(db, 'qa_questions', ids),
});

export const answerSubject = (clock: Clock): SubjectHandler => ({
  type: 'answer',
  onDecision: (tx, id, decision) => decideAnswer(tx, id, decision, clock.now()),
  describe: (db, ids) => describe(db, 'qa_answers', ids),
});
