/**
 * Reviews triage passes to customer service (status `question`) reach whoever answers customers
 * (the inbox, through src/links/inbox-reviews.ts) without reputation knowing it: a hook runs in
 * the review's transaction when a review is routed there, on writing or on editing, and may say
 * where the brand's team follows each question up.
 */
import type { DbOrTx } from '../../db/client';
import { createRegistry, type Registry } from '../../lib/registry';

export type ReviewQuestion = {
  id: string;
  brandId: string;
  authorId: string;
  productId: string;
  orderId: string | null;
  title: string | null;
  body: string;
  /** Set when an edit sent the review (back) to customer service: each version is a new message. */
  editedAt: Date | null;
};

export type ReviewQuestionHook = {
  name: string;
  onQuestion(tx: DbOrTx, review: ReviewQuestion): Promise<void>;
  /** Where the brand's team follows these questions up: review id -> a path. */
  links?(db: DbOrTx, brand: { id: string; username: string }, reviewIds: string[]): Promise<Map<string, string>>;
};

export const reviewQuestionHooks: Registry<ReviewQuestionHook> = createRegistry<ReviewQuestionHook>();

export async function runQuestionHooks(tx: DbOrTx, review: ReviewQuestion) {
  for (const hook of reviewQuestionHooks.list()) await hook.onQuestion(tx, review);
}

export async function questionLinks(
  db: DbOrTx,
  brand: { id: string; username: string },
  reviewIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (reviewIds.length === 0) return out;
  for (const hook of reviewQuestionHooks.list())
    if (hook.links) for (const [id, url] of await hook.links(db, brand, reviewIds)) out.set(id, url);
  return out;
}
