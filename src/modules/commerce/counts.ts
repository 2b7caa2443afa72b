/**
 * Small counts for the page shell and a brand's back-office overview: how many items sit in a
 * buyer's cart, and how many of a brand's orders wait to be prepared. Each is one indexed query.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';

/** Items in the cart (quantities summed), as the header's badge shows them. */
export async function cartCount(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(quantity), 0)::int as n from cart_items where account_id = ${accountId}`,
  );
  return Number(row?.n ?? 0);
}

/** Orders paid but not shipped yet: what the team has to prepare. */
export async function ordersToPrepare(db: DbOrTx, brandId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orders where brand_id = ${brandId} and status in ('paid', 'preparing')`,
  );
  return Number(row?.n ?? 0);
}
