/**
 * One search across kinds, hydrated for display: the skeletons of service.ts, then posts through
 * social's pipeline (hydrate → the viewer's rules) and the other kinds through small joins, with
 * highlighted excerpts. Shared by GET /api/v1/search and the /search page.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { getAccounts, type Account, type UrlContext } from '../../accounts';
import { loadVisible, type Hydrated } from '../../social';
import type { ParsedQuery } from './query';
import {
  productHeadlines,
  reviewHeadlines,
  searchAccountIds,
  searchHashtags,
  searchProductIds,
  searchReviewIds,
  searchStatusIds,
  statusHeadlines,
  titleHeadlines,
  type HashtagHit,
  type SearchOptions,
  type SearchType,
  type Segment,
} from './service';

export type StatusHit = { id: string; highlight: Segment[] };
export type ReviewHit = {
  id: string;
  rating: number;
  publishedAt: Date | null;
  product: { id: string; title: string; brandUsername: string };
  author: { id: string; username: string; displayName: string };
  title: Segment[];
  highlight: Segment[];
};
export type ProductHit = {
  id: string;
  title: Segment[];
  highlight: Segment[];
  brand: { id: string; username: string; displayName: string };
  createdAt: Date;
};
export type AccountHit = { account: Account; name: Segment[] };

export type SearchResults = {
  statuses: StatusHit[];
  /** The hydrated posts, for presenting them as Status entities or cards. */
  hydrated: Hydrated | null;
  reviews: ReviewHit[];
  products: ProductHit[];
  accounts: AccountHit[];
  hashtags: HashtagHit[];
};

export type ResultsContext = { db: Db; config: UrlContext };

export async function searchStatuses(ctx: ResultsContext, q: ParsedQuery, o: SearchOptions) {
  const ids = await searchStatusIds(ctx, q, o);
  const { hydrated, ids: visible } = await loadVisible(ctx, o.viewerId ?? null, ids);
  const marks = await statusHeadlines(ctx, q, visible);
  return { hydrated, hits: visible.map((id) => ({ id, highlight: marks.get(id) ?? [] })) };
}

async function searchReviews(ctx: ResultsContext, q: ParsedQuery, o: SearchOptions): Promise<ReviewHit[]> {
  const ids = await searchReviewIds(ctx, q, o);
  if (ids.length === 0) return [];
  const [rows, bodies, titles] = await Promise.all([
    queryRows<{
      id: string;
      rating: number;
      published_at: string | Date | null;
      product_id: string;
      product_title: string;
      brand_username: string;
      author_id: string;
      author_username: string;
      author_name: string;
    }>(
      ctx.db,
      sql`select r.id, r.rating, r.published_at, p.id as product_id, p.title as product_title, b.username as brand_username,
                 a.id as author_id, a.username as author_username, a.display_name as author_name
          from reviews r join products p on p.id = r.product_id join accounts b on b.id = r.brand_id join accounts a on a.id = r.author_id
          where r.id in ${ids}`,
    ),
    reviewHeadlines(ctx, q, ids),
    titleHeadlines(ctx, q, 'reviews', ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id,
        rating: Number(r.rating),
        publishedAt: r.published_at ? new Date(r.published_at) : null,
        product: { id: r.product_id, title: r.product_title, brandUsername: r.brand_username },
        author: { id: r.author_id, username: r.author_username, displayName: r.author_name },
        title: titles.get(id) ?? [],
        highlight: bodies.get(id) ?? [],
      },
    ];
  });
}

async function searchProducts(ctx: ResultsContext, q: ParsedQuery, o: SearchOptions): Promise<ProductHit[]> {
  const ids = await searchProductIds(ctx, q, o);
  if (ids.length === 0) return [];
  const [rows, bodies, titles] = await Promise.all([
    queryRows<{ id: string; brand_id: string; username: string; display_name: string; created_at: string | Date }>(
      ctx.db,
      sql`select p.id, p.brand_id, b.username, b.display_name, p.created_at from products p join accounts b on b.id = p.brand_id where p.id in ${ids}`,
    ),
    productHeadlines(ctx, q, ids),
    titleHeadlines(ctx, q, 'products', ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id,
        title: titles.get(id) ?? [],
        highlight: bodies.get(id) ?? [],
        brand: { id: r.brand_id, username: r.username, displayName: r.display_name },
        createdAt: new Date(r.created_at),
      },
    ];
  });
}

export async function searchAccounts(
  ctx: ResultsContext,
  q: ParsedQuery,
  o: SearchOptions & { kind?: 'person' | 'brand'; following?: boolean },
): Promise<AccountHit[]> {
  const ids = await searchAccountIds(ctx, q, o);
  if (ids.length === 0) return [];
  const [accounts, names] = await Promise.all([getAccounts(ctx, ids), titleHeadlines(ctx, q, 'accounts', ids)]);
  return ids.flatMap((id) => {
    const account = accounts.get(id);
    return account
      ? [
          {
            account,
            name: names.get(id)?.length
              ? names.get(id)!
              : [{ text: account.displayName || account.username, mark: false }],
          },
        ]
      : [];
  });
}

/** Runs the query over the requested kinds (in parallel on a server; PGlite serializes them). */
export async function searchEverything(
  ctx: ResultsContext,
  q: ParsedQuery,
  types: SearchType[],
  o: SearchOptions & { following?: boolean },
): Promise<SearchResults> {
  const want = (t: SearchType) => types.includes(t);
  const [statuses, reviews, products, accounts, hashtags] = await Promise.all([
    want('statuses') ? searchStatuses(ctx, q, o) : null,
    want('reviews') ? searchReviews(ctx, q, o) : [],
    want('products') ? searchProducts(ctx, q, o) : [],
    want('accounts') ? searchAccounts(ctx, q, o) : [],
    want('hashtags') ? searchHashtags(ctx, q, o) : [],
  ]);
  return {
    statuses: statuses?.hits ?? [],
    hydrated: statuses?.hydrated ?? null,
    reviews,
    products,
    accounts,
    hashtags,
  };
}
