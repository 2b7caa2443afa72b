/**
 * The demo's numbered limited edition: the bike workshop sells a frame as an edition of 30
 * numbered units, and two demo shoppers (those with a saved card and address) buy one each through
 * the real checkout, so the product page shows "Édition limitée de 30 exemplaires numérotés ·
 * 2 vendus" and their orders carry n° 1 and n° 2 with their certificates.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { createProduct, placeOrder } from '../modules/commerce';
import { addDemoProductImages } from './demo-product-images';

export async function createDemoEditions(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<number> {
  const brand = brands.find((b) => b.username === 'atelier_velo_nantes');
  const owner = brand && teams.get(brand.id)?.find((m) => m.role === 'owner')?.account;
  if (!brand || !owner) return 0;
  const product = await createProduct(ctx, owner.id, brand.id, {
    title: 'Cadre acier à raccords, série numérotée',
    description:
      'Cadre en acier Columbus brasé à la main dans l’atelier, en **30 exemplaires numérotés**. ' +
      'Chaque cadre est livré avec son certificat.',
    status: 'published',
    variants: [{ sku: 'CADRE-SERIE-30', options: { Taille: '56' }, priceAmount: 89000, stock: 30, editionSize: 30 }],
  });
  await addDemoProductImages(ctx, owner.id, product);
  const buyers = await queryRows<{ account_id: string; method_id: string; address_id: string }>(
    ctx.db,
    sql`select pm.account_id, pm.id as method_id,
          (select a.id from addresses a where a.account_id = pm.account_id
           order by a.is_default desc, a.id limit 1) as address_id
        from payment_methods pm
        where exists (select 1 from addresses a where a.account_id = pm.account_id)
        order by pm.id limit 2`,
  );
  let sold = 0;
  for (const b of buyers) {
    await placeOrder(ctx, b.account_id, {
      lines: [{ variantId: product.variants[0].id, quantity: 1 }],
      paymentMethodId: b.method_id,
      addressId: b.address_id,
    });
    sold++;
  }
  return sold;
}
