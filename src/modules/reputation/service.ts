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
import type { Config } from '../../config';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors';
import { roleAllows } from '../accounts';
import { isUniqueViolation, teamRole } from '../commerce';
import { withStoredImages, type MediaStore } from '../media';
import { policyFor, submitForModeration, withdrawFromModeration, type Policy } from '../moderation';
import { analyseText, type Flag } from '../analysis';
import { moveAggregate } from './aggregate';
import { reviewPhotos, type ReviewStatus } from './schema';
import { fingerprintBands, triageReview } from './triage';
import { checkReply, checkReview, MAX_PHOTOS, type ReviewInput } from './validation';

export type ReviewsContext = {
  db: Db;
  media: MediaStore;
  config: Pick<Config, 'publicUrl'> & Partial<Pick<Config, 'mediaMaxBytes'>>;
};

export type ReviewRow = {
  id: string;
  product_id: string;
  brand_id: string;
  author_id: string;
  order_line_id: string | null;
  order_id: string | null;
  verified: boolean;
  rating: number;
  title: string | null;
  body: string;
  experienced_on: string | null;
  language: string | null;
  status: ReviewStatus;
  flags: Flag[];
  fingerprint: string | null;
  rejection_reason: string | null;
  rejection_editable: boolean | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  helpful_count: number;
};

export type PhotoUpload = { data: Uint8Array; alt?: string };

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const dateOnly = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** Normalises a row from either driver (dates as Date, jsonb parsed, counts as numbers). */
export function reviewFromRow(r: Record<string, unknown>): ReviewRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    ...(r as unknown as ReviewRow),
    rating: Number(r.rating),
    helpful_count: Number(r.helpful_count ?? 0),
    flags: json((r.flags ?? []) as Flag[] | string),
    experienced_on: dateOnly(r.experienced_on),
    published_at: d(r.published_at),
    created_at: d(r.created_at)!,
    updated_at: d(r.updated_at)!,
  };
}

export async function loadReview(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<ReviewRow | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select * from reviews where id = ${id} ${options.lock ? sql`for update` : sql``}`,
  );
  return rows[0] ? reviewFromRow(rows[0]) : null;
}

type ProductFacts = { id: string; brand_id: string; title: string; brand_name: string };

async function publishedProduct(db: DbOrTx, productId: string): Promise<ProductFacts> {
  if (!isUuid(productId)) throw notFound('Product');
  const [p] = await queryRows<ProductFacts>(
    db,
    sql`select p.id, p.brand_id, p.title, coalesce(nullif(a.display_name, ''), a.username) as brand_name
        from products p join accounts a on a.id = p.brand_id where p.id = ${productId} and p.status = 'published'`,
  );
  if (!p) throw notFound('Product');
  return p;
}

/** Brands and the brand's own team do not review its products. */
async function assertMayReview(db: Db, authorId: string, brandId: string) {
  const [author] = await queryRows<{ kind: string }>(db, sql`select kind from accounts where id = ${authorId}`);
  if (!author) throw notFound('Account');
  if (author.kind === 'brand') throw forbidden('brands_cannot_review', 'Brand accounts do not write reviews');
  if (await teamRole(db, brandId, authorId))
    throw forbidden('own_brand', 'Members of a brand’s team do not review its products');
}

/**
 * The delivered order line of `authorId` for this product in `orderId`, not reviewed yet.
 * 422 when the order is not theirs, has no such product or is not delivered; 409 when every
 * matching line has its review.
 */
async function deliveredLine(
  db: DbOrTx,
  authorId: string,
  orderId: unknown,
  productId: string,
): Promise<{ lineId: string; orderId: string }> {
  if (typeof orderId !== 'string' || !isUuid(orderId))
    throw unprocessable('invalid_order', 'order_id is not one of your orders', { field: 'order_id' });
  const lines = await queryRows<{ line_id: string; delivered: boolean; reviewed: boolean }>(
    db,
    sql`select ol.id as line_id, (o.delivered_at is not null) as delivered,
          exists (select 1 from reviews r where r.order_line_id = ol.id) as reviewed
        from orders o join order_lines ol on ol.order_id = o.id
        where o.id = ${orderId} and o.buyer_id = ${authorId} and ol.product_id = ${productId}
        order by ol.id`,
  );
  if (lines.length === 0) {
    const [mine] = await queryRows<{ id: string }>(
      db,
      sql`select id from orders where id = ${orderId} and buyer_id = ${authorId}`,
    );
    if (!mine) throw unprocessable('invalid_order', 'order_id is not one of your orders', { field: 'order_id' });
    throw unprocessable('product_not_in_order', 'This order does not contain this product', { field: 'order_id' });
  }
  if (!lines.some((l) => l.delivered))
    throw unprocessable('order_not_delivered', 'A verified review is written once the order is delivered', {
      field: 'order_id',
    });
  const free = lines.find((l) => !l.reviewed);
  if (!free) throw conflict('already_reviewed', 'You have already reviewed this item of this order');
  return { lineId: free.line_id, orderId };
}

/** Is triage confident enough to publish without a person? Only if the brand allows it. */
export function confidentlyClean(
  policy: Pick<Policy, 'autoApproveConfident' | 'autoApproveMinConfidence'>,
  flags: Flag[],
): boolean {
  if (!policy.autoApproveConfident) return false;
  const threshold = 1 - Number(policy.autoApproveMinConfidence ?? 0.9);
  return flags.every((f) => f.confidence < threshold);
}

/** Where a new or edited review goes, and whether it is queued for a person. */
function routing(policy: Policy, flags: Flag[]): { status: ReviewStatus; queue: boolean } {
  if (flags.some((f) => f.code === 'customer_service')) return { status: 'question', queue: true };
  if (policy.mode === 'post') return { status: 'published', queue: flags.length > 0 };
  if (confidentlyClean(policy, flags)) return { status: 'published', queue: false };
  return { status: 'pending', queue: true };
}

export type CreatedReview = { review: ReviewRow; flags: Flag[]; itemId: string | null };

export async function createReview(
  ctx: ReviewsContext,
  authorId: string,
  productId: string,
  raw: { rating?: unknown; title?: unknown; body?: unknown; experienced_on?: unknown; order_id?: unknown },
  photos: PhotoUpload[] = [],
): Promise<CreatedReview> {
  const input = checkReview(raw);
  const product = await publishedProduct(ctx.db, productId);
  await assertMayReview(ctx.db, authorId, product.brand_id);
  const policy = await policyFor(ctx.db, product.brand_id);
  const hasOrder = raw.order_id !== undefined && raw.order_id !== null && raw.order_id !== '';
  const line = hasOrder ? await deliveredLine(ctx.db, authorId, raw.order_id, product.id) : null;
  if (!line) {
    if (!policy.allowUnverifiedReviews)
      throw forbidden('purchase_required', 'This brand publishes reviews of verified purchases only');
    const [live] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from reviews where author_id = ${authorId} and product_id = ${product.id} and order_line_id is null and status in ('pending', 'published', 'question') limit 1`,
    );
    if (live) throw conflict('already_reviewed', 'You have already reviewed this product');
  }
  if (photos.length > MAX_PHOTOS)
    throw unprocessable('too_many_photos', `A review carries at most ${MAX_PHOTOS} photos`, {
      field: 'photos',
      max: MAX_PHOTOS,
    });
  const triage = await triageReview(ctx.db, {
    text: input.body,
    title: input.title,
    rating: input.rating,
    productTitle: product.title,
    brandName: product.brand_name,
    authorId,
    productId: product.id,
  });
  const route = routing(policy, triage.flags);
  const id = uuidv7();
  // Photos are stored first and removed again if the review is refused (a duplicate).
  return withStoredImages(
    ctx.media,
    photos.map((p) => p.data),
    'attachment',
    { maxBytes: ctx.config.mediaMaxBytes },
    async (images) => {
      const stored = images.map((image, i) => ({ ...image, alt: (photos[i].alt ?? '').slice(0, 500) }));
      try {
        return await ctx.db.transaction(async (tx) => {
          const [row] = await queryRows<Record<string, unknown>>(
            tx,
            sql`insert into reviews (id, product_id, brand_id, author_id, order_line_id, order_id, verified, rating, title, body, experienced_on, language,
                                   status, flags, fingerprint, fingerprint_bands, published_at)
              values (${id}, ${product.id}, ${product.brand_id}, ${authorId}, ${line?.lineId ?? null}, ${line?.orderId ?? null}, ${line !== null},
                      ${input.rating}, ${input.title}, ${input.body}, ${input.experiencedOn}, ${triage.analysis.language},
                      ${route.status}, ${JSON.stringify(triage.flags)}::jsonb, ${triage.analysis.fingerprint},
                      ${`{${fingerprintBands(triage.analysis.fingerprint).join(',')}}`}::text[], ${route.status === 'published' ? sql`now()` : null})
              returning *`,
          );
          if (stored.length)
            await tx.insert(reviewPhotos).values(
              stored.map((p, i) => ({
                id: uuidv7(),
                reviewId: id,
                position: i,
                path: p.path,
                previewPath: p.previewPath,
                width: p.width,
                height: p.height,
                alt: p.alt,
              })),
            );
          if (route.status === 'published') await moveAggregate(tx, product.id, input.rating, 1);
          if (line)
            await queryRows(
              tx,
              sql`update review_invitations set review_id = ${id} where order_line_id = ${line.lineId}`,
            );
          const item = route.queue
            ? await submitForModeration(tx, {
                brandId: product.brand_id,
                type: 'review',
                subjectId: id,
                flags: triage.flags,
                authorId,
                productId: product.id,
                orderId: line?.orderId ?? null,
              })
            : null;
          return { review: reviewFromRow(row), flags: triage.flags, itemId: item?.id ?? null };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'reviews_order_line_key'))
          throw conflict('already_reviewed', 'You have already reviewed this item of this order');
        if (isUniqueViolation(error, 'reviews_unverified_author_product_key'))
          throw conflict('already_reviewed', 'You have already reviewed this product');
        throw error;
      }
    },
  );
}

// Reading ---------------------------------------------------------------------------------------

/** May this viewer see this review? Published: anyone. Otherwise its author, or the brand's team. */
export async function canSee(db: Db, viewerId: string | null, review: ReviewRow): Promise<boolean> {
  if (review.status === 'published') return true;
  if (!viewerId) return false;
  if (review.author_id === viewerId) return true;
  return roleAllows(await teamRole(db, review.brand_id, viewerId), 'read');
}

export async function getReview(
  ctx: Pick<ReviewsContext, 'db'>,
  viewerId: string | null,
  id: string,
): Promise<ReviewRow> {
  const review = await loadReview(ctx.db, id);
  if (!review || !(await canSee(ctx.db, viewerId, review))) throw notFound('Review');
  return review;
}

// The author's changes --------------------------------------------------------------------------

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
