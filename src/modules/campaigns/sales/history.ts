/**
 * Every variant's price history, written by commerce's catalog in the transaction that writes the
 * price (a new variant, an API or form update, a CSV import): through commerce's pricing hooks,
 * so no path that changes a price can skip it. Read by pricing.ts for reference prices.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, type DbOrTx, queryRows } from '../../../db/client';

export type PriceRow = { variantId: string; amount: number };
export type PricePeriod = { amount: number; validFrom: Date; validTo: Date | null };

/**
 * Closes the open period of each variant whose price changed and opens one at `at`; a variant
 * written again at the same price keeps its period (the statement's one snapshot sees the open
 * rows as they were before the update).
 */
export async function recordPrices(tx: DbOrTx, at: Date, rows: PriceRow[]): Promise<void> {
  const last = new Map(rows.map((r) => [r.variantId, r.amount]));
  if (last.size === 0) return;
  const input = JSON.stringify([...last].map(([variant_id, amount]) => ({ variant_id, amount })));
  const when = at.toISOString();
  await queryRows(
    tx,
    sql`with i as (select * from json_to_recordset(${input}::json) as r(variant_id uuid, amount int)),
        closed as (
          update variant_prices p set valid_to = greatest(p.valid_from, ${when}::timestamptz)
          from i where p.variant_id = i.variant_id and p.valid_to is null and p.amount <> i.amount
          returning p.id)
        insert into variant_prices (id, variant_id, amount, valid_from)
        select gen_random_uuid(), i.variant_id, i.amount, ${when}::timestamptz from i
        where not exists (
          select 1 from variant_prices p where p.variant_id = i.variant_id and p.valid_to is null and p.amount = i.amount)`,
  );
}

/** A variant's prices, oldest first (the brand's back-office and tests read it). */
export async function priceHistory(db: DbOrTx, variantIds: string[]): Promise<Map<string, PricePeriod[]>> {
  const out = new Map<string, PricePeriod[]>();
  if (variantIds.length === 0) return out;
  const rows = await queryRows<{ variant_id: string; amount: number; valid_from: string; valid_to: string | null }>(
    db,
    sql`select variant_id, amount, valid_from, valid_to from variant_prices
        where variant_id = any(${arrayLiteral(variantIds)}::uuid[]) order by variant_id, valid_from, valid_to nulls last`,
  );
  for (const r of rows) {
    const list = out.get(r.variant_id) ?? [];
    list.push({
      amount: Number(r.amount),
      validFrom: new Date(r.valid_from),
      validTo: r.valid_to ? new Date(r.valid_to) : null,
    });
    out.set(r.variant_id, list);
  }
  return out;
}
