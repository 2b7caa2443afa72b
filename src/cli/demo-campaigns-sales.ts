/**
 * The demo world's winter sale: Maison Lin's "Soldes d'hiver" collection at −30 %, running since
 * two days and for three more weeks, with a price history that shows the law at work: the shirt
 * cost less three weeks ago than now, so its struck-through reference price is that lower price,
 * not today's. Called by buildDemoWorld once the shop exists (real time; the history is written
 * with its own dates through the sales module, the rule through its service).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { arrayLiteral, queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { createPriceRule, recordPrices } from '../modules/campaigns';
import { createCollection } from '../modules/commerce';

const DAY = 86_400_000;
const BRAND = 'maison_lin';
const ON_SALE = ['Chemise en lin lavé', 'Pantalon large en lin'];

export async function createDemoCampaignSales(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<void> {
  const brand = brands.find((b) => b.username === BRAND);
  const owner = brand && teams.get(brand.id)?.find((m) => m.role === 'owner')?.account;
  if (!brand || !owner) return;
  const rows = await queryRows<{ product_id: string; title: string; variant_id: string; price_amount: number }>(
    ctx.db,
    sql`select p.id as product_id, p.title, v.id as variant_id, v.price_amount from products p
        join variants v on v.product_id = p.id where p.brand_id = ${brand.id} order by p.id, v.position, v.id`,
  );
  const now = ctx.clock.now().getTime();
  const at = (days: number) => new Date(now - days * DAY);
  // The catalog was written seconds ago: its prices have been the same for two months...
  await queryRows(
    ctx.db,
    sql`delete from variant_prices where variant_id = any(${arrayLiteral(rows.map((r) => r.variant_id))}::uuid[])`,
  );
  await recordPrices(
    ctx.db,
    at(60),
    rows.map((r) => ({ variantId: r.variant_id, amount: Number(r.price_amount) })),
  );
  // ...but for the shirt, 10 % cheaper from 40 to 23 days ago: inside the 30 days before the sale.
  const shirt = rows.filter((r) => r.title === ON_SALE[0]);
  await recordPrices(
    ctx.db,
    at(40),
    shirt.map((r) => ({ variantId: r.variant_id, amount: Math.round(Number(r.price_amount) * 0.9) })),
  );
  await recordPrices(
    ctx.db,
    at(23),
    shirt.map((r) => ({ variantId: r.variant_id, amount: Number(r.price_amount) })),
  );
  const productIds = [...new Set(rows.filter((r) => ON_SALE.includes(r.title)).map((r) => r.product_id))];
  if (productIds.length === 0) return;
  const collection = await createCollection(ctx, owner.id, brand.id, {
    title: 'Soldes d’hiver',
    description: 'Nos pièces en lin à −30 % jusqu’à la fin des soldes.',
    productIds,
  });
  await createPriceRule(ctx, owner.id, brand.id, {
    label: 'Soldes d’hiver',
    kind: 'percent',
    value: 30,
    collection_id: collection.id,
    starts_at: at(2).toISOString(),
    ends_at: new Date(now + 19 * DAY).toISOString(),
  });
}
