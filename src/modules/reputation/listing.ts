/**
 * Lists of reviews as pages and the API show them, in AppView steps: a skeleton (ids in order,
 * keyset-paged on the sort's index), hydration (authors, photos, the brand's reply, the viewer's
 * votes: a fixed number of queries whatever the page size), then presentation (present.ts, views/).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { unprocessable } from '../../lib/errors';
import { reviewFromRow, type ReplyRow, type ReviewRow } from './service';

export const reviewSorts = ['newest', 'rating_desc', 'rating_asc', 'helpful'] as const;
export type ReviewSort = (typeof reviewSorts)[number];

export function checkSort(value: unknown): ReviewSort {
  if (value === undefined || value === null || value === '') return 'newest';
  if (!(reviewSorts as readonly unknown[]).includes(value))
    throw unprocessable('invalid_sort', `sort must be one of ${reviewSorts.join(', ')}`, { field: 'sort' });
  return value as ReviewSort;
}

/** ORDER BY and the keyset condition after the review `c` (the cursor), for each sort; each matches a partial index. */
const ORDER: Record<ReviewSort, { order: SQL; after: SQL }> = {
  newest: {
    order: sql`r.published_at desc nulls last, r.id desc nulls last`,
    after: sql`(r.published_at, r.id) < (c.published_at, c.id)`,
  },
  rating_desc: {
    order: sql`r.rating desc nulls last, r.published_at desc nulls last, r.id desc nulls last`,
    after: sql`(r.rating, r.published_at, r.id) < (c.rating, c.published_at, c.id)`,
  },
  rating_asc: {
    order: sql`r.rating, r.published_at desc nulls last, r.id desc nulls last`,
    after: sql`(r.rating > c.rating or (r.rating = c.rating and (r.published_at, r.id) < (c.published_at, c.id)))`,
  },
  helpful: {
    order: sql`r.helpful_count desc nulls last, r.published_at desc nulls last, r.id desc nulls last`,
    after: sql`(r.helpful_count, r.published_at, r.id) < (c.helpful_count, c.published_at, c.id)`,
  },
};

/** Published reviews of a product, one page; `maxId` is the last review of the previous page. */
export async function productReviewIds(
  db: DbOrTx,
  productId: string,
  options: { sort?: ReviewSort; maxId?: string; limit?: number } = {},
): Promise<string[]> {
  const sort = ORDER[options.sort ?? 'newest'];
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
  const cursor = options.maxId && isUuid(options.maxId) ? options.maxId : null;
  const rows = await queryRows<{ id: string }>(
    db,
    cursor
      ? sql`select r.id from reviews r, (select rating, published_at, id, helpful_count from reviews where id = ${cursor}) c
            where r.product_id = ${productId} and r.status = 'published' and ${sort.after}
            order by ${sort.order} limit ${limit}`
      : sql`select r.id from reviews r where r.product_id = ${productId} and r.status = 'published' order by ${sort.order} limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

export type Photo = { path: string; preview_path: string; width: number; height: number; alt: string };
export type Person = { id: string; username: string; display_name: string; avatar_path: string | null; kind: string };
export type HydratedReview = ReviewRow & {
  author: Person | null;
  photos: Photo[];
  reply: (ReplyRow & { brand: Person | null }) | null;
  product: { id: string; title: string; brand_username: string } | null;
  votedHelpful: boolean;
};

/** Everything shown with a set of reviews, in the order given; five queries whatever their number. */
export async function hydrateReviews(db: DbOrTx, ids: string[], viewerId: string | null): Promise<HydratedReview[]> {
  if (ids.length === 0) return [];
  const rows = (await queryRows<Record<string, unknown>>(db, sql`select * from reviews where id in ${ids}`)).map(
    reviewFromRow,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const [photos, replies, votes, products] = await Promise.all([
    queryRows<Photo & { review_id: string }>(
      db,
      sql`select review_id, path, preview_path, width, height, alt from review_photos where review_id in ${ids} order by review_id, position`,
    ),
    queryRows<ReplyRow>(db, sql`select * from review_replies where review_id in ${ids}`),
    viewerId
      ? queryRows<{ review_id: string }>(
          db,
          sql`select review_id from review_votes where account_id = ${viewerId} and review_id in ${ids}`,
        )
      : Promise.resolve([]),
    queryRows<{ id: string; title: string; brand_username: string }>(
      db,
      sql`select p.id, p.title, a.username as brand_username from products p join accounts a on a.id = p.brand_id where p.id in ${[...new Set(rows.map((r) => r.product_id))]}`,
    ),
  ]);
  const personIds = [...new Set([...rows.map((r) => r.author_id), ...replies.map((r) => r.brand_id)])];
  const people = personIds.length
    ? await queryRows<Person>(
        db,
        sql`select id, username, display_name, avatar_path, kind from accounts where id in ${personIds}`,
      )
    : [];
  const person = new Map(people.map((p) => [p.id, p]));
  const product = new Map(products.map((p) => [p.id, p]));
  const voted = new Set(votes.map((v) => v.review_id));
  const reply = new Map(
    replies.map((r) => [
      r.review_id,
      { ...r, created_at: new Date(r.created_at), brand: person.get(r.brand_id) ?? null },
    ]),
  );
  const photoMap = new Map<string, Photo[]>();
  for (const p of photos)
    photoMap.set(p.review_id, [
      ...(photoMap.get(p.review_id) ?? []),
      { path: p.path, preview_path: p.preview_path, width: Number(p.width), height: Number(p.height), alt: p.alt },
    ]);
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is ReviewRow => Boolean(r))
    .map((r) => ({
      ...r,
      author: person.get(r.author_id) ?? null,
      photos: photoMap.get(r.id) ?? [],
      reply: reply.get(r.id) ?? null,
      product: product.get(r.product_id) ?? null,
      votedHelpful: voted.has(r.id),
    }));
}

/** The author's own reviews, newest first, whatever their status. */
export async function authorReviewIds(
  db: DbOrTx,
  authorId: string,
  options: { maxId?: string; limit?: number } = {},
): Promise<string[]> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 50);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from reviews where author_id = ${authorId} ${options.maxId && isUuid(options.maxId) ? sql`and id < ${options.maxId}` : sql``} order by id desc limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * A brand's latest published reviews of its published products, newest first, leaving out
 * suspended authors: what anyone may read (the brand's reviews widget).
 */
export async function brandReviewIds(db: DbOrTx, brandId: string, limit = 5): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from reviews r join products p on p.id = r.product_id and p.status = 'published'
        join accounts a on a.id = r.author_id and a.suspended_at is null
        where r.brand_id = ${brandId} and r.status = 'published'
        order by r.published_at desc nulls last, r.id desc limit ${Math.min(Math.max(limit, 1), 20)}`,
  );
  return rows.map((r) => r.id);
}
