/**
 * An ambassador's picks: the brand's products on their small storefront (/@name/picks/brand),
 * chosen on their links page. Each product on the storefront goes through the ambassador's own
 * product link, so a purchase from it is theirs.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { unprocessable } from '../../lib/errors';
import { activeAmbassadorFor, makeLink } from './links';
import { productInScope, type AmbassadorsContext } from './program';

export const MAX_PICKS = 24;

/** Adds a product to the ambassador's picks (it gets its link too). */
export async function addPick(ctx: AmbassadorsContext, actorId: string, ambassadorId: string, productId: unknown) {
  const { ambassador, program } = await activeAmbassadorFor(ctx, actorId, ambassadorId);
  if (!isUuid(productId) || !productInScope(program, productId.toLowerCase()))
    throw unprocessable('product_not_in_program', 'product_id is not one of the programme’s products', {
      field: 'product_id',
    });
  await makeLink(ctx, actorId, ambassadorId, { product_id: productId });
  const [{ n }] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from ambassador_picks where ambassador_id = ${ambassador.id}`,
  );
  if (n >= MAX_PICKS) throw unprocessable('too_many_picks', `At most ${MAX_PICKS} picks`, { field: 'product_id' });
  await queryRows(
    ctx.db,
    sql`insert into ambassador_picks (ambassador_id, product_id, position)
        values (${ambassador.id}, ${productId.toLowerCase()}, ${n}) on conflict do nothing`,
  );
}

export async function removePick(ctx: AmbassadorsContext, actorId: string, ambassadorId: string, productId: string) {
  const { ambassador } = await activeAmbassadorFor(ctx, actorId, ambassadorId);
  if (!isUuid(productId)) return;
  await queryRows(
    ctx.db,
    sql`delete from ambassador_picks where ambassador_id = ${ambassador.id} and product_id = ${productId}`,
  );
}

export type Pick = {
  productId: string;
  title: string;
  priceAmount: number | null;
  currency: string;
  imagePath: string | null;
  code: string | null;
};

/** The picks in order, each with the ambassador's product link code (published products only). */
export async function picksOf(db: DbOrTx, ambassadorId: string): Promise<Pick[]> {
  const rows = await queryRows<{
    product_id: string;
    title: string;
    price: number | null;
    currency: string | null;
    image_path: string | null;
    code: string | null;
  }>(
    db,
    sql`select pk.product_id, p.title,
          (select min(v.price_amount) from variants v where v.product_id = p.id) as price,
          (select min(v.currency) from variants v where v.product_id = p.id) as currency,
          (select i.path from product_images i where i.product_id = p.id order by i.position limit 1) as image_path,
          l.code
        from ambassador_picks pk join products p on p.id = pk.product_id and p.status = 'published'
        left join ambassador_links l on l.ambassador_id = pk.ambassador_id and l.target_kind = 'product'
          and l.target_id = pk.product_id
        where pk.ambassador_id = ${ambassadorId} order by pk.position, p.title`,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    title: r.title,
    priceAmount: r.price === null ? null : Number(r.price),
    currency: r.currency ?? 'EUR',
    imagePath: r.image_path,
    code: r.code,
  }));
}
