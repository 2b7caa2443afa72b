/**
 * The customer's file's sections, each read with one count query and one page query filtered by
 * (brand, customer) on an index (orders_brand_buyer_idx, reviews_brand_author_idx, the inbox's
 * customer index, the statuses' per-account index, checkins_account_recent_idx). Every query
 * names the brand: nothing the customer did with another brand can reach a section. Other
 * modules' tables are read through src/db/schema.ts's names, the SQL kept here beside its use.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';

/** A section's first page: its total, the newest items, and the id to ask for the next page. */
export type Section<T> = {
  count: number;
  items: T[];
  nextMaxId: string | null;
  /** The count query's other columns (the reviews' published count and average). */
  tally: Record<string, number | null>;
};

export type Paging = { limit: number; maxId: string | null };

type Key = { brandId: string; accountId: string };

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

/** Runs a section's count and page queries; `where` holds the (brand, customer) filter. */
async function section<R extends { id: string }, T>(
  db: DbOrTx,
  count: SQL,
  page: (before: SQL, limit: number) => SQL,
  paging: Paging,
  map: (row: R) => T,
): Promise<Section<T>> {
  const before = paging.maxId ? sql`and x.id < ${paging.maxId}` : sql``;
  const [counted, rows] = await Promise.all([
    queryRows<Record<string, number | string | null>>(db, count),
    queryRows<R>(db, page(before, paging.limit + 1)),
  ]);
  const more = rows.length > paging.limit;
  const items = rows.slice(0, paging.limit);
  const { n, ...rest } = counted[0] ?? {};
  const tally = Object.fromEntries(Object.entries(rest).map(([key, v]) => [key, v === null ? null : Number(v)]));
  return { count: Number(n ?? 0), items: items.map(map), nextMaxId: more ? items.at(-1)!.id : null, tally };
}

// Orders --------------------------------------------------------------------------------------------

/** Orders whose money the brand has (refunds deducted from the total spent). */
export const SPENDING_STATUSES = ['paid', 'preparing', 'shipped', 'delivered', 'refunded'] as const;

export type FileOrder = {
  id: string;
  status: string;
  currency: string;
  total: number;
  refunded: number;
  createdAt: Date;
};

export function ordersSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FileOrder>> {
  return section<Record<string, unknown> & { id: string }, FileOrder>(
    db,
    sql`select count(*) as n from orders where brand_id = ${k.brandId} and buyer_id = ${k.accountId}`,
    (before, limit) => sql`select x.id, x.status, x.currency, x.total_amount, x.refunded_amount, x.created_at
      from orders x where x.brand_id = ${k.brandId} and x.buyer_id = ${k.accountId} ${before}
      order by x.id desc limit ${limit}`,
    paging,
    (r) => ({
      id: r.id,
      status: String(r.status),
      currency: String(r.currency),
      total: Number(r.total_amount),
      refunded: Number(r.refunded_amount),
      createdAt: date(r.created_at),
    }),
  );
}

export type Spending = { paidOrders: number; totals: { currency: string; spent: number }[] };

/** Paid orders and the total spent per currency (integer minor units, refunds deducted). */
export async function spending(db: DbOrTx, k: Key): Promise<Spending> {
  const rows = await queryRows<{ currency: string; n: number | string; spent: number | string }>(
    db,
    sql`select currency, count(*) as n, coalesce(sum(total_amount - refunded_amount), 0) as spent
        from orders where brand_id = ${k.brandId} and buyer_id = ${k.accountId}
        and status in (${sql.join(
          SPENDING_STATUSES.map((s) => sql`${s}`),
          sql`, `,
        )})
        group by currency order by currency`,
  );
  return {
    paidOrders: rows.reduce((sum, r) => sum + Number(r.n), 0),
    totals: rows.map((r) => ({ currency: r.currency, spent: Number(r.spent) })),
  };
}

// Returns -------------------------------------------------------------------------------------------

export type FileReturn = { id: string; orderId: string; kind: string; status: string; reason: string; createdAt: Date };

export function returnsSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FileReturn>> {
  const mine = sql`o.brand_id = ${k.brandId} and o.buyer_id = ${k.accountId}`;
  return section<Record<string, unknown> & { id: string }, FileReturn>(
    db,
    sql`select count(*) as n from return_requests x join orders o on o.id = x.order_id where ${mine}`,
    (before, limit) => sql`select x.id, x.order_id, x.kind, x.status, x.reason, x.created_at
      from return_requests x join orders o on o.id = x.order_id where ${mine} ${before}
      order by x.id desc limit ${limit}`,
    paging,
    (r) => ({
      id: r.id,
      orderId: String(r.order_id),
      kind: String(r.kind),
      status: String(r.status),
      reason: String(r.reason),
      createdAt: date(r.created_at),
    }),
  );
}

// Reviews -------------------------------------------------------------------------------------------

export type FileReview = {
  id: string;
  productId: string;
  productTitle: string;
  rating: number;
  title: string | null;
  body: string;
  status: string;
  verified: boolean;
  createdAt: Date;
};

/** Reviews of this brand's products (withdrawn ones left out: their author took them back). */
export function reviewsSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FileReview>> {
  const mine = sql`x.brand_id = ${k.brandId} and x.author_id = ${k.accountId} and x.status <> 'withdrawn'`;
  return section<Record<string, unknown> & { id: string }, FileReview>(
    db,
    // Its published ones' count, average and good ratings in the same pass (the engagement ladder).
    sql`select count(*) as n, count(*) filter (where x.status = 'published') as published,
          avg(x.rating) filter (where x.status = 'published')::float8 as average,
          count(*) filter (where x.status = 'published' and x.rating >= 4) as good
        from reviews x where ${mine}`,
    (before, limit) => sql`select x.id, x.product_id, p.title as product_title, x.rating, x.title, x.body,
        x.status, x.verified, x.created_at
      from reviews x join products p on p.id = x.product_id where ${mine} ${before}
      order by x.id desc limit ${limit}`,
    paging,
    (r) => ({
      id: r.id,
      productId: String(r.product_id),
      productTitle: String(r.product_title ?? ''),
      rating: Number(r.rating),
      title: (r.title as string | null) ?? null,
      body: String(r.body),
      status: String(r.status),
      verified: Boolean(r.verified),
      createdAt: date(r.created_at),
    }),
  );
}

// Conversations -------------------------------------------------------------------------------------

export type FileConversation = {
  id: string;
  channel: string;
  status: string;
  subject: string | null;
  kind: string;
  lastMessageAt: Date;
};

export function conversationsSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FileConversation>> {
  const mine = sql`x.brand_id = ${k.brandId} and x.customer_id = ${k.accountId}`;
  return section<Record<string, unknown> & { id: string }, FileConversation>(
    db,
    sql`select count(*) as n from inbox_conversations x where ${mine}`,
    (before, limit) => sql`select x.id, x.channel, x.status, x.subject, x.kind, x.last_message_at
      from inbox_conversations x where ${mine} ${before} order by x.id desc limit ${limit}`,
    paging,
    (r) => ({
      id: r.id,
      channel: String(r.channel),
      status: String(r.status),
      subject: (r.subject as string | null) ?? null,
      kind: String(r.kind),
      lastMessageAt: date(r.last_message_at),
    }),
  );
}

// Posts ---------------------------------------------------------------------------------------------

export type FilePost = { id: string; text: string; visibility: string; reply: boolean; createdAt: Date };

/**
 * The customer's posts addressed to the brand: public or unlisted ones that mention it or reply
 * to it, and followers-only ones that mention it (the brand received those). Direct messages are
 * conversations, not posts; followers-only posts that do not name the brand stay private.
 */
export function postsSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FilePost>> {
  // A join on status_mentions' primary key (status_id, account_id), row by row of the customer's
  // posts: an `exists` inside the OR would be planned as a hash of every post naming the brand.
  const from = sql`statuses x left join status_mentions m on m.status_id = x.id and m.account_id = ${k.brandId}`;
  const mine = sql`x.account_id = ${k.accountId} and x.reblog_of_id is null and (
    (x.visibility in ('public', 'unlisted') and (x.in_reply_to_account_id = ${k.brandId} or m.status_id is not null))
    or (x.visibility = 'private' and m.status_id is not null))`;
  return section<Record<string, unknown> & { id: string }, FilePost>(
    db,
    sql`select count(*) as n from ${from} where ${mine}`,
    (before, limit) => sql`select x.id, x.text, x.visibility, x.in_reply_to_account_id, x.created_at
      from ${from} where ${mine} ${before} order by x.id desc limit ${limit}`,
    paging,
    (r) => ({
      id: r.id,
      text: String(r.text),
      visibility: String(r.visibility),
      reply: r.in_reply_to_account_id === k.brandId,
      createdAt: date(r.created_at),
    }),
  );
}

// Check-ins -----------------------------------------------------------------------------------------

export type FileCheckin = { id: string; placeId: string; placeName: string; createdAt: Date };

/** Public check-ins at this brand's places (a private check-in is the customer's own business). */
export function checkinsSection(db: DbOrTx, k: Key, paging: Paging): Promise<Section<FileCheckin>> {
  const mine = sql`x.account_id = ${k.accountId} and x.visibility = 'public' and p.brand_id = ${k.brandId}`;
  return section<Record<string, unknown> & { id: string }, FileCheckin>(
    db,
    sql`select count(*) as n from checkins x join places p on p.id = x.place_id where ${mine}`,
    (before, limit) => sql`select x.id, x.place_id, p.name as place_name, x.created_at
      from checkins x join places p on p.id = x.place_id where ${mine} ${before}
      order by x.id desc limit ${limit}`,
    paging,
    (r) => ({ id: r.id, placeId: String(r.place_id), placeName: String(r.place_name), createdAt: date(r.created_at) }),
  );
}

// Follow --------------------------------------------------------------------------------------------

/**
 * When the customer follows the brand now. A follow row carries its creation time; an unfollow
 * deletes it, so a customer who left and came back shows the latest follow.
 */
export async function followedSince(db: DbOrTx, k: Key): Promise<Date | null> {
  const [row] = await queryRows<{ created_at: unknown }>(
    db,
    sql`select created_at from follows where follower_id = ${k.accountId} and followee_id = ${k.brandId}`,
  );
  return row ? dateOrNull(row.created_at) : null;
}
