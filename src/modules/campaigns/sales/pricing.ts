/**
 * The price a buyer pays now, and the reference price shown struck through, for many variants in
 * one statement (shop grids, product pages, carts, checkouts).
 *
 * - A rule runs from starts_at (included) to ends_at (excluded) and reduces the variants of its
 *   brand it targets (the whole shop, its products, or its collection's products as they are now).
 * - Several running rules on one variant: the lowest price for the buyer wins (then the earliest
 *   rule). A reduction that would bring a price to zero or below does not apply.
 * - The reference price is the lowest price the variant had in the 30 days before its rule
 *   started (art. L112-1-1 of the French consumer code); a variant younger than that: its lowest
 *   price since it exists. It is computed, never typed: a brand cannot announce a higher one.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import type { SalePrice } from '../../commerce';

export const REFERENCE_DAYS = 30;

/** The variants on sale at `at`, with their sale price and reference price. */
export async function salePrices(db: DbOrTx, at: Date, variantIds: string[]): Promise<Map<string, SalePrice>> {
  const out = new Map<string, SalePrice>();
  if (variantIds.length === 0) return out;
  const when = at.toISOString();
  const rows = await preparedSqlRows<{
    variant_id: string;
    amount: number;
    reference_amount: number;
    label: string;
    ends_at: string;
    rule_id: string;
  }>(
    db,
    sql`with v as (
          select id, product_id, brand_id, price_amount from variants
          where id = any(${arrayLiteral(variantIds)}::uuid[])),
        offers as (
          select v.id as variant_id, v.price_amount, r.id as rule_id, r.label, r.starts_at, r.ends_at,
            case when r.kind = 'percent' then v.price_amount - (v.price_amount * r.value + 50) / 100
                 else v.price_amount - r.value end as amount
          from v join price_rules r
            on r.brand_id = v.brand_id and r.ends_at > ${when}::timestamptz and r.starts_at <= ${when}::timestamptz
          where r.scope = 'shop'
             or (r.scope = 'products' and exists (
                  select 1 from price_rule_products rp where rp.rule_id = r.id and rp.product_id = v.product_id))
             or (r.scope = 'collection' and exists (
                  select 1 from collection_products cp
                  where cp.collection_id = r.collection_id and cp.product_id = v.product_id))),
        best as (
          select distinct on (variant_id) * from offers where amount > 0
          order by variant_id, amount, starts_at, rule_id)
        select b.variant_id, b.amount, b.label, b.ends_at, b.rule_id,
          coalesce(
            (select min(p.amount) from variant_prices p
              where p.variant_id = b.variant_id and p.valid_from < b.starts_at
                and (p.valid_to is null or (p.valid_to > b.starts_at - make_interval(days => ${REFERENCE_DAYS})
                                            and p.valid_to > p.valid_from))),
            (select min(p.amount) from variant_prices p
              where p.variant_id = b.variant_id and p.valid_from <= ${when}::timestamptz),
            b.price_amount)::int as reference_amount
        from best b`,
  );
  for (const r of rows)
    out.set(r.variant_id, {
      amount: Number(r.amount),
      referenceAmount: Number(r.reference_amount),
      label: r.label,
      endsAt: new Date(r.ends_at),
      ruleId: r.rule_id,
    });
  return out;
}
