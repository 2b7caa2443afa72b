/**
 * What a moderation decision does to a review (the 'review' subject handler, registered with
 * moderation by src/links/product-reviews.ts). It runs inside the decision's transaction:
 * - approve: published now (published_at set, aggregate +1), the author is told;
 * - reject: rejected with the reason kept (and whether the brand lets authors correct it), out of
 *   the aggregate if it was published, the author is told the reason.
 * A review withdrawn meanwhile stays withdrawn. Moderation never reads our tables: `describe`
 * tells the console what to show.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { findReason, policyFor, type Decision, type SubjectHandler, type SubjectSummary } from '../moderation';
import { notify } from '../social';
import { moveAggregate } from './aggregate';
import { loadReview } from './service';

/** An in-app 'review' notification from the brand, unless the reader blocks or mutes it. */
export async function notifyReview(
  db: DbOrTx,
  n: { accountId: string; brandId: string; subjectId: string; detail: string },
): Promise<string | null> {
  const about = { subjectId: n.subjectId, detail: n.detail };
  return notify(db, { accountId: n.accountId, fromAccountId: n.brandId, type: 'review', ...about });
}

export async function applyDecision(tx: DbOrTx, reviewId: string, decision: Decision): Promise<void> {
  const review = await loadReview(tx, reviewId, { lock: true });
  if (!review || review.status === 'withdrawn') return;
  if (decision.action === 'approve') {
    if (review.status === 'published') return;
    await queryRows(
      tx,
      sql`update reviews set status = 'published', published_at = now(), rejection_reason = null, rejection_editable = null, updated_at = now() where id = ${reviewId}`,
    );
    await moveAggregate(tx, review.product_id, review.rating, 1);
    await notifyReview(tx, {
      accountId: review.author_id,
      brandId: review.brand_id,
      subjectId: review.id,
      detail: 'published',
    });
    return;
  }
  const reason = decision.reason ?? 'other';
  const policy = await policyFor(tx, review.brand_id);
  const editable = findReason(policy, reason)?.editable ?? false;
  if (review.status === 'published') await moveAggregate(tx, review.product_id, review.rating, -1);
  await queryRows(
    tx,
    sql`update reviews set status = 'rejected', published_at = null, rejection_reason = ${reason}, rejection_editable = ${editable}, updated_at = now() where id = ${reviewId}`,
  );
  await notifyReview(tx, {
    accountId: review.author_id,
    brandId: review.brand_id,
    subjectId: review.id,
    detail: `rejected:${reason}`,
  });
}

export async function describeReviews(db: Db, ids: string[]): Promise<Map<string, SubjectSummary>> {
  const out = new Map<string, SubjectSummary>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    body: string;
    title: string | null;
    rating: number;
    author_id: string;
    author_name: string;
    product_id: string;
    order_id: string | null;
    brand_id: string;
    brand_username: string;
  }>(
    db,
    sql`select r.id, r.body, r.title, r.rating, r.author_id, coalesce(nullif(au.display_name, ''), au.username) as author_name, r.product_id, r.order_id,
          r.brand_id, a.username as brand_username
        from reviews r join accounts a on a.id = r.brand_id join accounts au on au.id = r.author_id where r.id in ${ids}`,
  );
  for (const r of rows) {
    out.set(r.id, {
      text: r.body,
      title: r.title ?? undefined,
      rating: Number(r.rating),
      authorId: r.author_id,
      productId: r.product_id,
      orderId: r.order_id,
      brandId: r.brand_id,
      authorName: r.author_name,
      url: `/@${r.brand_username}/products/${r.product_id}#review-${r.id}`,
    });
  }
  return out;
}

export const reviewSubject: SubjectHandler = { type: 'review', onDecision: applyDecision, describe: describeReviews };
