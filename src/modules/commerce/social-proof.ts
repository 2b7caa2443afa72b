/**
 * Social proof: "3 people you follow liked this", shown on product cards and product pages.
 *
 * The rules (docs/shopping.md):
 * - only for a signed-in viewer (visitors see nothing), counting accounts the viewer follows;
 * - likes count when they are on a post that carries the product; the likers are named (a like
 *   is public, as Mastodon's favourited_by list already shows), up to 3, most recent first;
 * - purchases (orders paid or later) are private: never named, only a count, and only from 2
 *   buyers up so a lone purchase cannot be pinned on someone;
 * - accounts the viewer blocks or mutes, or who block the viewer, are left out of both (social's
 *   rules, rules.ts), and so are suspended accounts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { authorVisibleTo } from '../social';

export type ProofAccount = {
  id: string;
  username: string;
  displayName: string;
  avatarPath: string | null;
  kind: string;
};
export type SocialProof = { likers: { count: number; accounts: ProofAccount[] }; buyers: number };

export const PROOF_NAMES = 3;
/** Fewer buyers than this are not shown at all (a count of 1 would name the buyer). */
export const PROOF_MIN_BUYERS = 2;
const PAID_STATUSES = ['paid', 'preparing', 'shipped', 'delivered'];

/** Social's rules: blocks both ways and the viewer's mutes (a feed-like reading), suspended accounts. */
const hiddenFrom = (viewerId: string, column: SQL) => authorVisibleTo(viewerId, column, { mutes: true });

/** Social proof for several products at once (a timeline page): two queries. Products with none are absent. */
export async function socialProof(
  db: DbOrTx,
  viewerId: string | null,
  productIds: string[],
): Promise<Map<string, SocialProof>> {
  const out = new Map<string, SocialProof>();
  const ids = [...new Set(productIds)];
  if (!viewerId || ids.length === 0) return out;
  const [likes, buys] = await Promise.all([
    queryRows<{
      product_id: string;
      account_id: string;
      username: string;
      display_name: string;
      avatar_path: string | null;
      kind: string;
      last_like: string;
    }>(
      db,
      sql`select sp.product_id, a.id as account_id, a.username, a.display_name, a.avatar_path, a.kind, max(f.id::text) as last_like
          from status_products sp
          join favourites f on f.status_id = sp.status_id
          join follows fo on fo.follower_id = ${viewerId} and fo.followee_id = f.account_id
          join accounts a on a.id = f.account_id
          where sp.product_id in ${ids} and f.account_id <> ${viewerId} and ${hiddenFrom(viewerId, sql.raw('f.account_id'))}
          group by sp.product_id, a.id, a.username, a.display_name, a.avatar_path, a.kind
          order by sp.product_id, last_like desc`,
    ),
    queryRows<{ product_id: string; n: number | string }>(
      db,
      sql`select l.product_id, count(distinct o.buyer_id)::int as n
          from order_lines l
          join orders o on o.id = l.order_id
          join follows fo on fo.follower_id = ${viewerId} and fo.followee_id = o.buyer_id
          where l.product_id in ${ids} and o.status in ${PAID_STATUSES} and o.buyer_id <> ${viewerId} and ${hiddenFrom(viewerId, sql.raw('o.buyer_id'))}
          group by l.product_id`,
    ),
  ]);
  const entry = (productId: string) => {
    let proof = out.get(productId);
    if (!proof) out.set(productId, (proof = { likers: { count: 0, accounts: [] }, buyers: 0 }));
    return proof;
  };
  for (const row of likes) {
    const proof = entry(row.product_id);
    proof.likers.count++;
    if (proof.likers.accounts.length < PROOF_NAMES) {
      proof.likers.accounts.push({
        id: row.account_id,
        username: row.username,
        displayName: row.display_name,
        avatarPath: row.avatar_path,
        kind: row.kind,
      });
    }
  }
  for (const row of buys) {
    const n = Number(row.n);
    if (n >= PROOF_MIN_BUYERS) entry(row.product_id).buyers = n;
  }
  return out;
}

/** The JSON shape (API): names of likers, a count of buyers. */
export function presentSocialProof(proof: SocialProof | undefined) {
  if (!proof) return null;
  return {
    liked_by_followed_count: proof.likers.count,
    liked_by: proof.likers.accounts.map((a) => ({ id: a.id, username: a.username, display_name: a.displayName })),
    bought_by_followed_count: proof.buyers,
  };
}
