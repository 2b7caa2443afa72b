/**
 * What reviews add to other modules' pages, as the extension objects src/links/product-reviews.ts
 * registers: the product page's reviews section and JSON-LD (schema.org AggregateRating and
 * Review), the rating line of shop tiles and of products on shoppable posts, and the "review what
 * you bought" box of a delivered order's page.
 */
import { sql } from 'drizzle-orm';
import { jsx } from 'hono/jsx';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { permissions, type BrandRole } from '../accounts';
import { teamRole, type OrderPageExtension, type ProductBadgeSource, type ProductPageExtension } from '../commerce';
import { policyFor } from '../moderation';
import { ratingSummaries, ratingSummary, type RatingSummary } from './aggregate';
import { hydrateReviews, productReviewIds, reviewSorts, type ReviewSort } from './listing';
import { OrderReviewBox, type OrderReviewLine } from './views/pages';
import { ReviewsSection, type SectionData } from './views/section';
import { RatingLine, type ReviewView } from './views/stars';

export const REVIEWS_PAGE = 10;

export const productReviewsSection: ProductPageExtension = {
  name: 'reviews',
  async load(db, input): Promise<SectionData> {
    const sort: ReviewSort = (reviewSorts as readonly string[]).includes(input.query.sort ?? '')
      ? (input.query.sort as ReviewSort)
      : 'newest';
    const maxId =
      input.query.reviews_after && isUuid(input.query.reviews_after) ? input.query.reviews_after : undefined;
    const [summary, policy, ids, role, brand] = await Promise.all([
      ratingSummary(db, input.productId),
      policyFor(db, input.brandId),
      productReviewIds(db, input.productId, { sort, maxId, limit: REVIEWS_PAGE }),
      input.viewerId ? teamRole(db as Db, input.brandId, input.viewerId) : Promise.resolve(null),
      queryRows<{ username: string }>(db, sql`select username from accounts where id = ${input.brandId}`),
    ]);
    const reviews = await hydrateReviews(db, ids, input.viewerId);
    const next =
      ids.length === REVIEWS_PAGE
        ? `?${new URLSearchParams({ sort, reviews_after: ids[ids.length - 1] })}#reviews`
        : null;
    return {
      productId: input.productId,
      summary,
      policy: {
        mode: policy.mode,
        maxDelayHours: policy.maxDelayHours,
        allowUnverifiedReviews: policy.allowUnverifiedReviews,
      },
      reviews,
      sort,
      next,
      viewerId: input.viewerId,
      replies: role !== null && (permissions.post as readonly BrandRole[]).includes(role),
      teamPage:
        role !== null && (permissions.read as readonly BrandRole[]).includes(role) && brand[0]
          ? `/brands/${brand[0].username}/reviews`
          : null,
    };
  },
  render(v, data) {
    return jsx(ReviewsSection, { v: v as ReviewView, data: data as SectionData });
  },
  jsonLd(data) {
    const d = data as SectionData;
    if (d.summary.count === 0 || d.summary.average === null) return {};
    const shown = d.sort === 'newest' ? d.reviews.slice(0, 5) : [];
    return {
      aggregateRating: {
        '@type': 'AggregateRating',
        ratingValue: d.summary.average,
        reviewCount: d.summary.count,
        bestRating: 5,
        worstRating: 1,
      },
      ...(shown.length
        ? {
            review: shown.map((r) => ({
              '@type': 'Review',
              reviewRating: { '@type': 'Rating', ratingValue: r.rating, bestRating: 5, worstRating: 1 },
              author: { '@type': 'Person', name: r.author?.display_name || r.author?.username || '' },
              datePublished: r.published_at?.toISOString().slice(0, 10),
              ...(r.title ? { name: r.title } : {}),
              reviewBody: r.body,
            })),
          }
        : {}),
    };
  },
};

export const productRatingBadge: ProductBadgeSource = {
  name: 'rating',
  load: (db, productIds) => ratingSummaries(db, productIds) as Promise<Map<string, unknown>>,
  render(v, _productId, data) {
    const s = data as RatingSummary;
    return s.average === null ? null : jsx(RatingLine, { v, average: s.average, count: s.count });
  },
};

/** Lines of a delivered order, each with its review if there is one: the buyer's "write a review" links. */
export const orderReviewBox: OrderPageExtension = {
  name: 'reviews',
  async load(db: DbOrTx, { detail, viewerId }) {
    if (detail.order.buyerId !== viewerId || !detail.order.deliveredAt || detail.lines.length === 0) return null;
    const reviewed = await queryRows<{ order_line_id: string; status: string }>(
      db,
      sql`select order_line_id, status from reviews where order_line_id in ${detail.lines.map((l) => l.id)}`,
    );
    const byLine = new Map(reviewed.map((r) => [r.order_line_id, r.status]));
    return detail.lines.map((l) => ({
      lineId: l.id,
      title: l.title,
      reviewed: byLine.has(l.id),
    })) satisfies OrderReviewLine[];
  },
  render(v, data) {
    return data ? jsx(OrderReviewBox, { v: v as ReviewView, lines: data as OrderReviewLine[] }) : null;
  },
};
