/**
 * What each widget shows, read as an anonymous visitor would see it: only public things. A brand
 * that is unknown, remote or suspended, a product that is not published, a post that is not
 * public (or hidden by moderation, or without a published product), a members-only space: null,
 * which the pages answer with a 404. Other modules' rules are reached through their index.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { isUuid } from '../../db/ids';
import { DomainError } from '../../lib/errors';
import { getAccounts, type Account } from '../accounts';
import { productsByIds, type ProductView } from '../commerce';
import { listTopics, type SpaceRow, type TopicRow } from '../community';
import {
  brandRatingSummary,
  brandReviewIds,
  hydrateReviews,
  ratingSummaries,
  type HydratedReview,
  type RatingSummary,
} from '../reputation';
import { hiddenByGatesAmong } from '../social';

type WidgetContext = { db: Db };

export const LATEST_REVIEWS = 5;
export const LATEST_POSTS = 6;
export const LATEST_TOPICS = 8;

/** A local account that is not suspended (a brand, when `brand`); null otherwise. */
async function publicAccount(ctx: WidgetContext, id: string, brand: boolean): Promise<Account | null> {
  if (!isUuid(id)) return null;
  const account = (await getAccounts(ctx, [id.toLowerCase()])).get(id.toLowerCase());
  if (!account || account.domain || account.suspendedAt) return null;
  return !brand || account.kind === 'brand' ? account : null;
}

export const publicBrand = (ctx: WidgetContext, id: string) => publicAccount(ctx, id, true);

export type ReviewsWidget = { brand: Account; summary: RatingSummary; reviews: HydratedReview[] };

export async function reviewsWidget(ctx: WidgetContext, brandId: string): Promise<ReviewsWidget | null> {
  const brand = await publicBrand(ctx, brandId);
  if (!brand) return null;
  const [summary, ids] = await Promise.all([
    brandRatingSummary(ctx.db, brand.id),
    brandReviewIds(ctx.db, brand.id, LATEST_REVIEWS),
  ]);
  return { brand, summary, reviews: await hydrateReviews(ctx.db, ids, null) };
}

export type ProductWidget = { brand: Account; product: ProductView; rating: RatingSummary | null };

export async function productWidget(ctx: WidgetContext, productId: string): Promise<ProductWidget | null> {
  if (!isUuid(productId)) return null;
  // No viewer: drafts and archived products are nobody's to see here.
  const [product] = await productsByIds(ctx, null, [productId]);
  if (!product) return null;
  const brand = await publicBrand(ctx, product.brandId);
  if (!brand) return null;
  const rating = (await ratingSummaries(ctx.db, [product.id])).get(product.id) ?? null;
  return { brand, product, rating };
}

export type PostItem = { id: string; text: string; spoilerText: string; createdAt: Date; products: ProductView[] };
export type PostsWidget = { author: Account; posts: PostItem[] };

/**
 * Public, original (not a repost, not a reply) posts carrying at least one published product,
 * minus those a gate hides (moderation holding or rejecting them), newest first.
 */
async function shoppablePosts(
  ctx: WidgetContext,
  where: SQL,
  limit: number,
  options: { anyPost?: boolean } = {},
): Promise<PostItem[]> {
  const shoppable = options.anyPost
    ? sql`true`
    : sql`exists (select 1 from status_products sp join products p on p.id = sp.product_id and p.status = 'published'
                  where sp.status_id = s.id)`;
  const rows = await queryRows<{ id: string; text: string; spoiler_text: string; created_at: string | Date }>(
    ctx.db,
    sql`select s.id, s.text, s.spoiler_text, s.created_at from statuses s
        where ${where} and s.visibility = 'public' and s.reblog_of_id is null and s.in_reply_to_id is null
          and ${shoppable}
        order by s.id desc limit ${limit * 2}`,
  );
  const hidden = await hiddenByGatesAmong(
    ctx.db,
    rows.map((r) => r.id),
  );
  const shown = rows.filter((r) => !hidden.has(r.id)).slice(0, limit);
  if (shown.length === 0) return [];
  const links = await queryRows<{ status_id: string; product_id: string }>(
    ctx.db,
    sql`select status_id, product_id from status_products where status_id in ${shown.map((r) => r.id)}
        order by status_id, position`,
  );
  const products = new Map(
    (await productsByIds(ctx, null, [...new Set(links.map((l) => l.product_id))])).map((p) => [p.id, p]),
  );
  return shown.map((r) => ({
    id: r.id,
    text: r.text,
    spoilerText: r.spoiler_text,
    createdAt: new Date(r.created_at),
    products: links
      .filter((l) => l.status_id === r.id)
      .map((l) => products.get(l.product_id))
      .filter((p): p is ProductView => Boolean(p)),
  }));
}

export async function postsWidget(ctx: WidgetContext, brandId: string): Promise<PostsWidget | null> {
  const author = await publicBrand(ctx, brandId);
  if (!author) return null;
  return { author, posts: await shoppablePosts(ctx, sql`s.account_id = ${author.id}`, LATEST_POSTS) };
}

/** One public post, with its products if it has some (a post page pasted into an oEmbed consumer). */
export async function postWidget(ctx: WidgetContext, statusId: string): Promise<PostsWidget | null> {
  if (!isUuid(statusId)) return null;
  const [row] = await queryRows<{ account_id: string }>(
    ctx.db,
    sql`select account_id from statuses where id = ${statusId.toLowerCase()}`,
  );
  const author = row ? await publicAccount(ctx, row.account_id, false) : null;
  if (!author) return null;
  const posts = await shoppablePosts(ctx, sql`s.id = ${statusId.toLowerCase()}`, 1, { anyPost: true });
  return posts.length ? { author, posts } : null;
}

export type SpaceWidget = { brand: Account; space: SpaceRow; topics: TopicRow[] };

export async function spaceWidget(ctx: WidgetContext, spaceId: string): Promise<SpaceWidget | null> {
  if (!isUuid(spaceId)) return null;
  // As an anonymous reader: a members-only space does not exist (404), pending topics are not listed.
  const read = await listTopics(ctx.db, null, spaceId.toLowerCase(), {
    publishedOnly: true,
    limit: LATEST_TOPICS,
  }).catch((error: unknown) => {
    if (error instanceof DomainError && error.kind === 'not_found') return null;
    throw error;
  });
  if (!read) return null;
  if (read.access.space.visibility !== 'public') return null;
  const brand = await publicBrand(ctx, read.access.space.brandId);
  if (!brand) return null;
  // A suspended author's topics are out of sight, as their posts are.
  const authors = await getAccounts(
    ctx,
    read.topics.map((t) => t.author.id),
  );
  const topics = read.topics.filter((t) => !authors.get(t.author.id)?.suspendedAt);
  return { brand, space: read.access.space, topics };
}
