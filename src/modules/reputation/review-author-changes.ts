/** The author's changes to a review: editing (back through triage and moderation) and withdrawing. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { conflict, forbidden, notFound } from '../../lib/errors';
import { policyFor, submitForModeration, withdrawFromModeration } from '../moderation';
import { moveAggregate } from './aggregate';
import { runQuestionHooks } from './question-hooks';
import { canSee, loadReview, reviewFromRow, type ReviewRow, type ReviewsContext } from './review-rows';
import { publishedProduct, routing, type CreatedReview } from './review-submission';
import { fingerprintBands, triageReview } from './triage';
import { checkReview, type ReviewInput } from './validation';

/** Statuses an author may still edit; a rejection only when its reason is editable. */
function editable(review: ReviewRow): boolean {
  if (review.status === 'withdrawn') return false;
  if (review.status === 'rejected') return review.rejection_editable === true;
  return true;
}

/**
 * The author edits rating, title, text or date (fields left out keep their value): triaged again
 * and back through moderation (a published review leaves the page and the average until approved
 * again, unless the brand's policy publishes directly).
 */
export async function editReview(
  ctx: ReviewsContext,
  authorId: string,
  id: string,
  raw: { rating?: unknown; title?: unknown; body?: unknown; experienced_on?: unknown },
): Promise<CreatedReview> {
  const current = await loadReview(ctx.db, id);
  if (!current || !(await canSee(ctx.db, authorId, current))) throw notFound('Review');
  if (current.author_id !== authorId) throw forbidden('not_author', 'Only the author can change a review');
  if (!editable(current))
    throw conflict(
      'not_editable',
      current.status === 'withdrawn'
        ? 'This review was withdrawn'
        : 'This review was rejected for a reason that cannot be corrected',
    );
  const input: ReviewInput = checkReview({
    rating: raw.rating ?? current.rating,
    title: raw.title === undefined ? current.title : raw.title,
    body: raw.body ?? current.body,
    experienced_on: raw.experienced_on === undefined ? current.experienced_on : raw.experienced_on,
  });
  const product = await publishedProduct(ctx.db, current.product_id);
  const policy = await policyFor(ctx.db, current.brand_id);
  const triage = await triageReview(ctx.db, {
    text: input.body,
    title: input.title,
    rating: input.rating,
    productTitle: product.title,
    brandName: product.brand_name,
    authorId,
    productId: product.id,
    excludeId: id,
  });
  const route = routing(policy, triage.flags);
  return ctx.db.transaction(async (tx) => {
    const locked = await loadReview(tx, id, { lock: true });
    if (!locked || !editable(locked)) throw conflict('not_editable', 'This review can no longer be changed');
    if (locked.status === 'published') await moveAggregate(tx, locked.product_id, locked.rating, -1);
    const [row] = await queryRows<Record<string, unknown>>(
      tx,
      sql`update reviews set rating = ${input.rating}, title = ${input.title}, body = ${input.body}, experienced_on = ${input.experiencedOn},
            language = ${triage.analysis.language}, status = ${route.status}, flags = ${JSON.stringify(triage.flags)}::jsonb,
            fingerprint = ${triage.analysis.fingerprint}, fingerprint_bands = ${`{${fingerprintBands(triage.analysis.fingerprint).join(',')}}`}::text[],
            rejection_reason = null, rejection_editable = null,
            published_at = ${route.status === 'published' ? sql`now()` : null}, updated_at = now()
          where id = ${id} returning *`,
    );
    if (route.status === 'published') await moveAggregate(tx, locked.product_id, input.rating, 1);
    if (route.status === 'question')
      await runQuestionHooks(tx, {
        id,
        brandId: locked.brand_id,
        authorId,
        productId: locked.product_id,
        orderId: locked.order_id,
        title: input.title,
        body: input.body,
        editedAt: new Date(row.updated_at as string | Date),
      });
    const item = route.queue
      ? await submitForModeration(tx, {
          brandId: locked.brand_id,
          type: 'review',
          subjectId: id,
          flags: triage.flags,
          authorId,
          productId: locked.product_id,
          orderId: locked.order_id,
        })
      : null;
    return { review: reviewFromRow(row), flags: triage.flags, itemId: item?.id ?? null };
  });
}

/** The author withdraws: gone from the page and the average; the text stays for the author. */
export async function withdrawReview(
  ctx: Pick<ReviewsContext, 'db'>,
  authorId: string,
  id: string,
): Promise<ReviewRow> {
  const current = await loadReview(ctx.db, id);
  if (!current || !(await canSee(ctx.db, authorId, current))) throw notFound('Review');
  if (current.author_id !== authorId) throw forbidden('not_author', 'Only the author can withdraw a review');
  return ctx.db.transaction(async (tx) => {
    const locked = (await loadReview(tx, id, { lock: true }))!;
    if (locked.status === 'withdrawn') return locked;
    if (locked.status === 'published') await moveAggregate(tx, locked.product_id, locked.rating, -1);
    const [row] = await queryRows<Record<string, unknown>>(
      tx,
      sql`update reviews set status = 'withdrawn', updated_at = now() where id = ${id} returning *`,
    );
    await withdrawFromModeration(tx, 'review', id, authorId); // nothing left for a moderator to decide
    return reviewFromRow(row);
  });
}

/** An account closing: each of its reviews withdrawn as by its author, in the caller's transaction. */
export async function withdrawReviewsOf(tx: DbOrTx, authorId: string): Promise<void> {
  const live = await queryRows<{ id: string; product_id: string; rating: number; status: string }>(
    tx,
    sql`select id, product_id, rating, status from reviews where author_id = ${authorId} and status <> 'withdrawn' for update`,
  );
  for (const review of live) {
    if (review.status === 'published') await moveAggregate(tx, review.product_id, review.rating, -1);
    await queryRows(tx, sql`update reviews set status = 'withdrawn', updated_at = now() where id = ${review.id}`);
    await withdrawFromModeration(tx, 'review', review.id, authorId);
  }
}
