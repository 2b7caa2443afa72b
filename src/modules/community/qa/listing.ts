/**
 * A product's questions with their answers, ranked by helpful votes, and its FAQ: the most
 * helpful answered questions, each with its accepted answer (the brand's official answer, else
 * the most helpful one). Published texts for everyone; pending ones for their author and the
 * brand's team only; authors a block or mute hides from the viewer are left out (social's rule).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { authorVisibleTo } from '../../social';
import type { QaStatus } from './schema';

export const FAQ_SIZE = 5;
export const QUESTIONS_SHOWN = 50;

export type QaAuthor = { id: string; username: string; displayName: string };
export type AnswerView = {
  id: string;
  text: string;
  language: string | null;
  official: boolean;
  verifiedBuyer: boolean;
  status: QaStatus;
  helpfulCount: number;
  voted: boolean;
  publishedAt: Date | null;
  createdAt: Date;
  author: QaAuthor;
};
export type QuestionView = Omit<AnswerView, 'official' | 'verifiedBuyer'> & {
  answerCount: number;
  answers: AnswerView[];
};
export type FaqEntry = { question: QuestionView; answer: AnswerView };

type Row = {
  id: string;
  text: string;
  language: string | null;
  status: QaStatus;
  helpful_count: number;
  voted: boolean;
  published_at: string | Date | null;
  created_at: string | Date;
  author_id: string;
  username: string;
  display_name: string;
};

const dateOf = (d: string | Date | null) => (d ? new Date(d) : null);
const authorOf = (r: Row): QaAuthor => ({ id: r.author_id, username: r.username, displayName: r.display_name });

/** Published, or pending and the viewer's own or the viewer is on the team. */
const seen = (alias: string, viewerId: string | null, team: boolean) =>
  team
    ? sql.raw(`${alias}.status in ('published', 'pending')`)
    : viewerId
      ? sql`(${sql.raw(alias)}.status = 'published' or (${sql.raw(alias)}.status = 'pending' and ${sql.raw(alias)}.author_id = ${viewerId}))`
      : sql.raw(`${alias}.status = 'published'`);

const votedBy = (type: 'question' | 'answer', alias: string, viewerId: string | null) =>
  viewerId
    ? sql`exists (select 1 from qa_votes v where v.subject_type = ${type} and v.subject_id = ${sql.raw(alias)}.id
                  and v.account_id = ${viewerId})`
    : sql`false`;

export async function listQuestions(
  db: DbOrTx,
  input: { productId: string; viewerId: string | null; team: boolean; limit?: number },
): Promise<QuestionView[]> {
  const { viewerId, team } = input;
  const questions = await queryRows<Row & { answer_count: number }>(
    db,
    sql`select q.id, q.text, q.language, q.status, q.helpful_count, q.answer_count, q.published_at, q.created_at,
               q.author_id, a.username, a.display_name, ${votedBy('question', 'q', viewerId)} as voted
        from qa_questions q join accounts a on a.id = q.author_id
        where q.product_id = ${input.productId} and ${seen('q', viewerId, team)}
          and ${authorVisibleTo(viewerId, sql`q.author_id`, { mutes: true })}
        order by q.helpful_count desc, q.answer_count > 0 desc, q.id desc
        limit ${input.limit ?? QUESTIONS_SHOWN}`,
  );
  if (questions.length === 0) return [];
  const answers = await queryRows<Row & { question_id: string; official: boolean; verified_buyer: boolean }>(
    db,
    sql`select x.id, x.question_id, x.text, x.language, x.status, x.official, x.verified_buyer, x.helpful_count,
               x.published_at, x.created_at, x.author_id, a.username, a.display_name,
               ${votedBy('answer', 'x', viewerId)} as voted
        from qa_answers x join accounts a on a.id = x.author_id
        where x.question_id in ${questions.map((q) => q.id)} and ${seen('x', viewerId, team)}
          and ${authorVisibleTo(viewerId, sql`x.author_id`, { mutes: true })}
        order by x.helpful_count desc, x.official desc, x.id asc`,
  );
  const byQuestion = new Map<string, AnswerView[]>();
  for (const r of answers) {
    const list = byQuestion.get(r.question_id) ?? [];
    list.push({
      id: r.id,
      text: r.text,
      language: r.language,
      official: Boolean(r.official),
      verifiedBuyer: Boolean(r.verified_buyer),
      status: r.status,
      helpfulCount: Number(r.helpful_count),
      voted: Boolean(r.voted),
      publishedAt: dateOf(r.published_at),
      createdAt: new Date(r.created_at),
      author: authorOf(r),
    });
    byQuestion.set(r.question_id, list);
  }
  return questions.map((r) => ({
    id: r.id,
    text: r.text,
    language: r.language,
    status: r.status,
    helpfulCount: Number(r.helpful_count),
    answerCount: Number(r.answer_count),
    voted: Boolean(r.voted),
    publishedAt: dateOf(r.published_at),
    createdAt: new Date(r.created_at),
    author: authorOf(r),
    answers: byQuestion.get(r.id) ?? [],
  }));
}

/** The FAQ: the most helpful published questions that have a published answer, in the list's order. */
export function faqOf(questions: QuestionView[], size = FAQ_SIZE): FaqEntry[] {
  const out: FaqEntry[] = [];
  for (const question of questions) {
    if (question.status !== 'published') continue;
    const published = question.answers.filter((a) => a.status === 'published');
    const answer = published.find((a) => a.official) ?? published[0];
    if (answer) out.push({ question, answer });
    if (out.length === size) break;
  }
  return out;
}

/** schema.org: the FAQ as the Product's `subjectOf` FAQPage (Question with its acceptedAnswer). */
export function faqJsonLd(faq: FaqEntry[], pageUrl: string): Record<string, unknown> {
  if (faq.length === 0) return {};
  return {
    subjectOf: {
      '@type': 'FAQPage',
      url: `${pageUrl}#faq`,
      mainEntity: faq.map(({ question, answer }) => ({
        '@type': 'Question',
        name: question.text,
        answerCount: question.answers.filter((a) => a.status === 'published').length,
        upvoteCount: question.helpfulCount,
        ...(question.publishedAt ? { dateCreated: question.publishedAt.toISOString() } : {}),
        acceptedAnswer: {
          '@type': 'Answer',
          text: answer.text,
          upvoteCount: answer.helpfulCount,
          ...(answer.publishedAt ? { dateCreated: answer.publishedAt.toISOString() } : {}),
        },
      })),
    },
  };
}

export type WaitingQuestion = {
  id: string;
  text: string;
  status: QaStatus;
  createdAt: Date;
  productTitle: string;
  author: string;
};

/** The brand's questions its team has not answered yet (published or pending), newest first. */
export async function questionsWaiting(db: DbOrTx, brandId: string, limit = 50): Promise<WaitingQuestion[]> {
  const rows = await queryRows<{
    id: string;
    text: string;
    status: QaStatus;
    created_at: string | Date;
    product_title: string;
    author: string;
  }>(
    db,
    sql`select q.id, q.text, q.status, q.created_at, p.title as product_title,
               coalesce(nullif(a.display_name, ''), a.username) as author
        from qa_questions q join products p on p.id = q.product_id join accounts a on a.id = q.author_id
        where q.brand_id = ${brandId} and q.status in ('published', 'pending') and p.status = 'published'
          and not exists (select 1 from qa_answers x where x.question_id = q.id and x.official and x.status = 'published')
        order by q.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    status: r.status,
    createdAt: new Date(r.created_at),
    productTitle: r.product_title,
    author: r.author,
  }));
}
