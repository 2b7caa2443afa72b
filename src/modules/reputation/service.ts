/**
 * Reviews: writing, editing, withdrawing, the brand's one reply, helpful votes, and who may see
 * what. Rules live here (never in routes):
 *
 * - "Verified purchase" only when the review is tied to a DELIVERED order line of its author for
 *   that product (one review per line: a unique index, so two parallel submissions of one line
 *   give exactly one review and one 409 `already_reviewed`). Without an order, the brand's policy
 *   decides (`allow_unverified_reviews`, else 403 `purchase_required`); one live unverified
 *   review per author and product.
 * - A brand's own team and brand accounts do not review the brand's products (403): reviews are
 *   customers' words.
 * - Triage on arrival; customer-service content becomes a 'question' (never published as a
 *   review; listed for the brand's team with the order). Otherwise the policy decides: pre-
 *   moderation (default) -> 'pending' and queued in the same transaction; post-moderation ->
 *   'published' now (queued too when flagged); auto-approval when the brand allows it and triage
 *   raised nothing above its threshold.
 * - Only the author edits (rating, title, text, date); an edit goes back through moderation.
 *   The author may withdraw. The aggregate moves in the same transaction as every status change.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { isUuid } from '../../db/ids';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors';
import { roleAllows } from '../accounts';
import { teamRole } from '../commerce';
import { analyseText } from '../analysis';
import { loadReview, reviewFromRow, canSee, type ReviewsContext } from './review-rows';
import { checkReply } from './validation';

export { editReview, withdrawReview } from './review-author-changes';
export {
  canSee,
  getReview,
  loadReview,
  reviewFromRow,
  type PhotoUpload,
  type ReviewRow,
  type ReviewsContext,
} from './review-rows';
export { confidentlyClean, createReview, type CreatedReview } from './review-submission';

// The brand's reply -----------------------------------------------------------------------------

export type ReplyRow = { review_id: string; brand_id: string; author_id: string; body: string; created_at: Date };

/**
 * The brand answers publicly, once per review, as the brand: any team member allowed to post for
 * it (owner, admin, community manager, staff). A second reply is 409 `already_replied` (the
 * primary key decides between two parallel replies).
 */
export async function replyToReview(
  ctx: Pick<ReviewsContext, 'db'>,
  actorId: string,
  reviewId: string,
  body: unknown,
): Promise<ReplyRow> {
  const review = await loadReview(ctx.db, reviewId);
  if (!review || !(await canSee(ctx.db, actorId, review))) throw notFound('Review');
  const role = await teamRole(ctx.db, review.brand_id, actorId);
  if (!role) throw forbidden('not_a_member', 'Only the brand’s team can reply to its reviews');
  if (!roleAllows(role, 'post'))
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow speaking for the brand`);
  if (review.status !== 'published') throw conflict('not_published', 'Only published reviews get a public reply');
  const text = checkReply(body);
  // The reply is public and speaks for the brand: it must not expose the customer (phone, e-mail,
  // address) nor insult. Triage is confident enough here to send it back rather than queue it.
  const blocking = analyseText({ text }).flags.filter(
    (f) => (f.code === 'personal_data' || f.code === 'insult') && f.confidence >= 0.7,
  );
  if (blocking.length) {
    throw unprocessable(
      'reply_needs_changes',
      `The reply seems to contain ${blocking.map((f) => f.code.replace('_', ' ')).join(' and ')}; change it before publishing`,
      {
        field: 'body',
        flags: blocking.map((f) => f.code),
      },
    );
  }
  const rows = await queryRows<ReplyRow>(
    ctx.db,
    sql`insert into review_replies (review_id, brand_id, author_id, body) values (${review.id}, ${review.brand_id}, ${actorId}, ${text})
        on conflict (review_id) do nothing returning *`,
  );
  if (rows.length === 0) throw conflict('already_replied', 'The brand has already replied to this review');
  return { ...rows[0], created_at: new Date(rows[0].created_at) };
}

// Helpful votes ---------------------------------------------------------------------------------

/**
 * One vote per account and review (the primary key), never on one's own review, on published
 * reviews only. The counter moves in the vote's transaction, only when a vote row was really
 * added or removed, so parallel votes count exactly.
 */
export async function voteHelpful(
  ctx: Pick<ReviewsContext, 'db'>,
  accountId: string,
  reviewId: string,
  helpful: boolean,
): Promise<{ helpful: boolean; helpfulCount: number }> {
  const review = await loadReview(ctx.db, reviewId);
  if (review?.status !== 'published') throw notFound('Review');
  if (review.author_id === accountId) throw forbidden('own_review', 'You cannot vote for your own review');
  return ctx.db.transaction(async (tx) => {
    const changed = helpful
      ? await queryRows<{ review_id: string }>(
          tx,
          sql`insert into review_votes (review_id, account_id) values (${reviewId}, ${accountId}) on conflict do nothing returning review_id`,
        )
      : await queryRows<{ review_id: string }>(
          tx,
          sql`delete from review_votes where review_id = ${reviewId} and account_id = ${accountId} returning review_id`,
        );
    const [row] = changed.length
      ? await queryRows<{ helpful_count: number }>(
          tx,
          sql`update reviews set helpful_count = helpful_count + ${helpful ? 1 : -1} where id = ${reviewId} returning helpful_count`,
        )
      : await queryRows<{ helpful_count: number }>(tx, sql`select helpful_count from reviews where id = ${reviewId}`);
    return { helpful, helpfulCount: Number(row.helpful_count) };
  });
}

// Customer questions ----------------------------------------------------------------------------

/** Reviews triage took for customer-service requests, for the brand's team that answers customers. */
export async function listQuestions(
  ctx: Pick<ReviewsContext, 'db'>,
  actorId: string,
  brandId: string,
  options: { maxId?: string; limit?: number } = {},
) {
  if (!isUuid(brandId)) throw notFound('Brand');
  const role = await teamRole(ctx.db, brandId, actorId);
  if (!role) throw notFound('Brand');
  if (!roleAllows(role, 'orders'))
    throw forbidden('role_not_allowed', `Your role (${role}) does not give access to customer questions`);
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select * from reviews where brand_id = ${brandId} and status = 'question' ${options.maxId && isUuid(options.maxId) ? sql`and id < ${options.maxId}` : sql``}
        order by id desc limit ${limit}`,
  );
  return rows.map(reviewFromRow);
}
