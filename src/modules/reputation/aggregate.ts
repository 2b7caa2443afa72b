/**
 * The per-product aggregate of published reviews (count, sum, stars 1..5), moved in the same
 * transaction as every status change, so the average shown is always that of the reviews listed.
 * The row update serializes concurrent publications of one product; no lost counts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';

/** +1 when a review becomes published, -1 when a published one leaves (withdrawn, rejected, edited). */
export async function moveAggregate(tx: DbOrTx, productId: string, rating: number, delta: 1 | -1) {
  if (delta === -1) {
    // A published review always counted first, so the row exists (and a CHECK would refuse a negative insert).
    await queryRows(
      tx,
      sql`update product_ratings set count = count - 1, sum = sum - ${rating},
            stars_1 = stars_1 - ${rating === 1 ? 1 : 0}, stars_2 = stars_2 - ${rating === 2 ? 1 : 0}, stars_3 = stars_3 - ${rating === 3 ? 1 : 0},
            stars_4 = stars_4 - ${rating === 4 ? 1 : 0}, stars_5 = stars_5 - ${rating === 5 ? 1 : 0}
          where product_id = ${productId}`,
    );
    return;
  }
  const star = (n: number) => (n === rating ? delta : 0);
  await queryRows(
    tx,
    sql`insert into product_ratings (product_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
        values (${productId}, ${delta}, ${delta * rating}, ${star(1)}, ${star(2)}, ${star(3)}, ${star(4)}, ${star(5)})
        on conflict (product_id) do update set
          count = product_ratings.count + excluded.count, sum = product_ratings.sum + excluded.sum,
          stars_1 = product_ratings.stars_1 + excluded.stars_1, stars_2 = product_ratings.stars_2 + excluded.stars_2,
          stars_3 = product_ratings.stars_3 + excluded.stars_3, stars_4 = product_ratings.stars_4 + excluded.stars_4,
          stars_5 = product_ratings.stars_5 + excluded.stars_5`,
  );
}

export type RatingSummary = {
  count: number;
  sum: number;
  average: number | null;
  distribution: Record<1 | 2 | 3 | 4 | 5, number>;
};

type Row = {
  product_id: string;
  count: number;
  sum: number;
  stars_1: number;
  stars_2: number;
  stars_3: number;
  stars_4: number;
  stars_5: number;
};

const summaryOf = (r: Row | undefined): RatingSummary => {
  const count = Number(r?.count ?? 0);
  const sum = Number(r?.sum ?? 0);
  return {
    count,
    sum,
    // One decimal, from the exact sum: every published review, same weight.
    average: count > 0 ? Math.round((sum / count) * 10) / 10 : null,
    distribution: {
      1: Number(r?.stars_1 ?? 0),
      2: Number(r?.stars_2 ?? 0),
      3: Number(r?.stars_3 ?? 0),
      4: Number(r?.stars_4 ?? 0),
      5: Number(r?.stars_5 ?? 0),
    },
  };
};

export async function ratingSummary(db: DbOrTx, productId: string): Promise<RatingSummary> {
  const [row] = await queryRows<Row>(db, sql`select * from product_ratings where product_id = ${productId}`);
  return summaryOf(row);
}

/** Summaries of many products in one query (product cards); products without reviews are absent. */
export async function ratingSummaries(db: DbOrTx, productIds: string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>();
  if (productIds.length === 0) return out;
  const rows = await queryRows<Row>(
    db,
    sql`select * from product_ratings where product_id in ${[...new Set(productIds)]} and count > 0`,
  );
  for (const r of rows) out.set(r.product_id, summaryOf(r));
  return out;
}

/** The aggregate recomputed from the reviews themselves (tests and repair). */
export async function recomputedSummary(db: DbOrTx, productId: string): Promise<RatingSummary> {
  const [row] = await queryRows<Row>(
    db,
    sql`select ${productId}::uuid as product_id, count(*)::int as count, coalesce(sum(rating), 0)::int as sum,
          count(*) filter (where rating = 1)::int as stars_1, count(*) filter (where rating = 2)::int as stars_2,
          count(*) filter (where rating = 3)::int as stars_3, count(*) filter (where rating = 4)::int as stars_4,
          count(*) filter (where rating = 5)::int as stars_5
        from reviews where product_id = ${productId} and status = 'published'`,
  );
  return summaryOf(row);
}

/**
 * A brand's summary: its published products' aggregates added up (every published review has the
 * same weight, as on each product), for the brand's reviews widget on its own website.
 */
export async function brandRatingSummary(db: DbOrTx, brandId: string): Promise<RatingSummary> {
  const [row] = await queryRows<Row>(
    db,
    sql`select ${brandId}::uuid as product_id, coalesce(sum(r.count), 0)::int as count, coalesce(sum(r.sum), 0)::int as sum,
          coalesce(sum(r.stars_1), 0)::int as stars_1, coalesce(sum(r.stars_2), 0)::int as stars_2,
          coalesce(sum(r.stars_3), 0)::int as stars_3, coalesce(sum(r.stars_4), 0)::int as stars_4,
          coalesce(sum(r.stars_5), 0)::int as stars_5
        from product_ratings r join products p on p.id = r.product_id
        where p.brand_id = ${brandId} and p.status = 'published'`,
  );
  return summaryOf(row);
}
