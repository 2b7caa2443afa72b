/** The Q&A's JSON shapes (snake_case, ISO dates). */
import type { AnswerView, QuestionView } from './listing';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const author = (a: AnswerView['author']) => ({ id: a.id, username: a.username, display_name: a.displayName });

export const presentAnswer = (a: AnswerView) => ({
  id: a.id,
  text: a.text,
  language: a.language,
  official: a.official,
  verified_buyer: a.verifiedBuyer,
  status: a.status,
  helpful_count: a.helpfulCount,
  helpful: a.voted,
  published_at: iso(a.publishedAt),
  author: author(a.author),
});

export const presentQuestion = (productId: string, q: QuestionView) => ({
  id: q.id,
  product_id: productId,
  text: q.text,
  language: q.language,
  status: q.status,
  helpful_count: q.helpfulCount,
  helpful: q.voted,
  published_at: iso(q.publishedAt),
  author: author(q.author),
  answers: q.answers.map(presentAnswer),
});
