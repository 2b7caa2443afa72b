/** Writing a review: who may review, the verified purchase's order line, triage and routing. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors';
import { isUniqueViolation, teamRole } from '../commerce';
import { withStoredImages } from '../media';
import { policyFor, submitForModeration, type Policy } from '../moderation';
import type { Flag } from '../analysis';
import { moveAggregate } from './aggregate';
import { runQuestionHooks } from './question-hooks';
import { reviewFromRow, type PhotoUpload, type ReviewRow, type ReviewsContext } from './review-rows';
import { reviewPhotos, type ReviewStatus } from './schema';
import { fingerprintBands, triageReview } from './triage';
import { checkReview, MAX_PHOTOS } from './validation';

export type ProductFacts = { id: string; brand_id: string; title: string; brand_name: string };

export async function publishedProduct(db: DbOrTx, productId: string): Promise<ProductFacts> {
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
export function routing(policy: Policy, flags: Flag[]): { status: ReviewStatus; queue: boolean } {
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
          if (route.status === 'question')
            await runQuestionHooks(tx, {
              id,
              brandId: product.brand_id,
              authorId,
              productId: product.id,
              orderId: line?.orderId ?? null,
              title: input.title,
              body: input.body,
              editedAt: null,
            });
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
