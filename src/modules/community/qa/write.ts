/**
 * Asking and answering. A question is triaged and routed by the brand's moderation policy, and
 * announced to the brand (the inbox hears it through questionHooks). An answer by the brand's
 * team is the brand's official answer, published at once (the team answers for the brand it
 * moderates); anyone else answers only if the brand's setting lets them (verified buyers by
 * default), triaged and routed like a question, labelled "verified buyer" when they bought it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { conflict, forbidden, notFound } from '../../../lib/errors';
import { submitForModeration } from '../../moderation';
import { questionHooks } from './hooks';
import {
  answerersOf,
  assertMayAnswer,
  checkText,
  isVerifiedBuyer,
  MAX_ANSWER,
  MAX_QUESTION,
  qaProduct,
  routeText,
  teamStanding,
  triageText,
  type QaContext,
} from './rules';
import type { QaStatus } from './schema';

export type AskedResult = { id: string; status: QaStatus };

export async function askQuestion(
  ctx: QaContext,
  authorId: string,
  productId: string,
  raw: { text?: unknown },
): Promise<AskedResult> {
  const product = await qaProduct(ctx.db, productId);
  const text = checkText(raw.text, MAX_QUESTION);
  const [author] = await queryRows<{ kind: string }>(ctx.db, sql`select kind from accounts where id = ${authorId}`);
  if (!author) throw notFound('Account');
  if (author.kind === 'brand') throw forbidden('brands_cannot_ask', 'Brand accounts do not ask questions');
  if (await teamStanding(ctx.db, product.brand_id, authorId))
    throw forbidden('own_brand', 'Members of a brand’s team do not ask questions about its products');
  const triage = triageText(text, { productTitle: product.title, brandName: product.brand_name });
  const status = await routeText(ctx.db, product.brand_id, triage.flags);
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  await ctx.db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`insert into qa_questions (id, product_id, brand_id, author_id, text, language, status, flags, published_at, created_at)
          values (${id}, ${product.id}, ${product.brand_id}, ${authorId}, ${text}, ${triage.language}, ${status},
                  ${JSON.stringify(triage.flags)}::jsonb,
                  ${status === 'published' ? now.toISOString() : null}::timestamptz, ${now.toISOString()}::timestamptz)`,
    );
    if (status === 'pending')
      await submitForModeration(tx, {
        brandId: product.brand_id,
        type: 'question',
        subjectId: id,
        authorId,
        productId: product.id,
        flags: triage.flags,
      });
    const asked = { questionId: id, productId: product.id, productTitle: product.title, text, at: now };
    for (const h of questionHooks.list()) await h.asked?.(tx, { ...asked, brandId: product.brand_id, authorId });
  });
  return { id, status };
}

export type QuestionRow = {
  id: string;
  product_id: string;
  brand_id: string;
  author_id: string;
  status: QaStatus;
  product_title: string;
  brand_name: string;
};

export async function loadQuestion(db: DbOrTx, questionId: string): Promise<QuestionRow | null> {
  if (!isUuid(questionId)) return null;
  const [q] = await queryRows<QuestionRow>(
    db,
    sql`select q.id, q.product_id, q.brand_id, q.author_id, q.status, p.title as product_title,
               coalesce(nullif(a.display_name, ''), a.username) as brand_name
        from qa_questions q join products p on p.id = q.product_id join accounts a on a.id = q.brand_id
        where q.id = ${questionId} and p.status = 'published'`,
  );
  return q ?? null;
}

export type AnsweredResult = { id: string; official: boolean; verifiedBuyer: boolean; status: QaStatus };

async function insertAnswer(
  tx: DbOrTx,
  a: {
    id: string;
    question: QuestionRow;
    authorId: string;
    text: string;
    language: string | null;
    official: boolean;
    verifiedBuyer: boolean;
    status: QaStatus;
    flags: unknown[];
    inboxMessageId: string | null;
    at: Date;
  },
) {
  const at = a.at.toISOString();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`insert into qa_answers (id, question_id, author_id, text, language, official, verified_buyer, status, flags,
                                inbox_message_id, published_at, created_at)
        values (${a.id}, ${a.question.id}, ${a.authorId}, ${a.text}, ${a.language}, ${a.official}, ${a.verifiedBuyer},
                ${a.status}, ${JSON.stringify(a.flags)}::jsonb, ${a.inboxMessageId},
                ${a.status === 'published' ? at : null}::timestamptz, ${at}::timestamptz)
        on conflict (inbox_message_id) do nothing returning id`,
  );
  if (rows.length && a.status === 'published')
    await queryRows(tx, sql`update qa_questions set answer_count = answer_count + 1 where id = ${a.question.id}`);
  return rows.length > 0;
}

export async function answerQuestion(
  ctx: QaContext,
  authorId: string,
  questionId: string,
  raw: { text?: unknown },
): Promise<AnsweredResult> {
  const question = await loadQuestion(ctx.db, questionId);
  if (!question || question.status === 'rejected') throw notFound('Question');
  const standing = await teamStanding(ctx.db, question.brand_id, authorId);
  // A pending question is seen by its author and the team only: to anyone else it does not exist.
  if (question.status === 'pending' && !standing && question.author_id !== authorId) throw notFound('Question');
  const text = checkText(raw.text, MAX_ANSWER);
  if (standing === 'member')
    throw forbidden('role_cannot_answer', 'Your role in this brand’s team does not answer questions');
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  const triage = triageText(text, { productTitle: question.product_title, brandName: question.brand_name });
  if (standing === 'official') {
    await ctx.db.transaction(async (tx) => {
      await insertAnswer(tx, {
        id,
        question,
        authorId,
        text,
        language: triage.language,
        official: true,
        verifiedBuyer: false,
        status: 'published',
        flags: triage.flags,
        inboxMessageId: null,
        at: now,
      });
      for (const h of questionHooks.list())
        await h.answeredOfficially?.(tx, {
          questionId: question.id,
          answerId: id,
          brandId: question.brand_id,
          authorId,
          text,
          at: now,
        });
    });
    return { id, official: true, verifiedBuyer: false, status: 'published' };
  }
  const [author] = await queryRows<{ kind: string }>(ctx.db, sql`select kind from accounts where id = ${authorId}`);
  if (!author) throw notFound('Account');
  if (author.kind === 'brand') throw forbidden('brands_cannot_answer', 'Brand accounts answer their own products only');
  const verifiedBuyer = await isVerifiedBuyer(ctx.db, authorId, question.product_id);
  assertMayAnswer(await answerersOf(ctx.db, question.brand_id), verifiedBuyer);
  if (question.status !== 'published')
    throw conflict('question_pending', 'This question waits for a moderator; answers come after');
  const status = await routeText(ctx.db, question.brand_id, triage.flags);
  await ctx.db.transaction(async (tx) => {
    await insertAnswer(tx, {
      id,
      question,
      authorId,
      text,
      language: triage.language,
      official: false,
      verifiedBuyer,
      status,
      flags: triage.flags,
      inboxMessageId: null,
      at: now,
    });
    if (status === 'pending')
      await submitForModeration(tx, {
        brandId: question.brand_id,
        type: 'answer',
        subjectId: id,
        authorId,
        productId: question.product_id,
        flags: triage.flags,
      });
  });
  return { id, official: false, verifiedBuyer, status };
}

/**
 * The team's reply from the inbox, published as the brand's official answer (the inbox's
 * `question` channel). Once per inbox message: a delivery run again answers the same answer.
 */
export async function deliverOfficialAnswer(
  ctx: QaContext,
  input: { questionId: string; brandId: string; authorId: string | null; text: string; inboxMessageId: string },
): Promise<{ id: string }> {
  const question = await loadQuestion(ctx.db, input.questionId);
  if (!question || question.brand_id !== input.brandId) throw notFound('Question');
  if (question.status === 'rejected')
    throw conflict('question_rejected', 'This question was rejected by moderation; it has no public page');
  const text = checkText(input.text, MAX_ANSWER);
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  const triage = triageText(text, { productTitle: question.product_title, brandName: question.brand_name });
  return ctx.db.transaction(async (tx) => {
    const made = await insertAnswer(tx, {
      id,
      question,
      authorId: input.authorId ?? input.brandId,
      text,
      language: triage.language,
      official: true,
      verifiedBuyer: false,
      status: 'published',
      flags: triage.flags,
      inboxMessageId: input.inboxMessageId,
      at: now,
    });
    if (made) return { id };
    const [existing] = await queryRows<{ id: string }>(
      tx,
      sql`select id from qa_answers where inbox_message_id = ${input.inboxMessageId}`,
    );
    return { id: existing.id };
  });
}
