/**
 * Fixtures for the commission ledger's tests, standing in for the ambassadors' core (programme,
 * membership, attribution) until both branches meet: rows written with SQL, and a checkout gate
 * that attributes the orders of chosen buyers to an ambassador in the reservation's transaction
 * (where the real attribution is recorded), before the order is paid.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client';
import { uuidv7 } from '../../src/db/ids';
import { checkoutGates } from '../../src/modules/commerce';
import type { TestApp } from './app';

const attributed = new Map<string, { ambassadorId: string; excluded: string | null }>();

function registerGate() {
  checkoutGates.register({
    name: 'ledger_test_attribution',
    check: async (_tx, items) => items.map(() => null),
    async recorded(tx, orders) {
      for (const o of orders) {
        const a = attributed.get(o.buyerId);
        if (!a) continue;
        await queryRows(
          tx,
          sql`insert into order_attributions (order_id, brand_id, ambassador_id, excluded)
              select ${o.orderId}, brand_id, id, ${a.excluded} from ambassadors where id = ${a.ambassadorId}
              on conflict do nothing`,
        );
      }
    },
  });
}

/** The buyer's next orders are attributed to the ambassador (`excluded`: self, team, same_payment). */
export function attributeBuyer(buyerId: string, ambassadorId: string, excluded: string | null = null) {
  registerGate();
  attributed.set(buyerId, { ambassadorId, excluded });
}

export async function programme(
  t: TestApp,
  brandId: string,
  options: { bp?: number; returnWindowDays?: number; minPayout?: number; scope?: 'all' | 'selected' } = {},
) {
  await queryRows(
    t.ctx.db,
    sql`insert into ambassador_programs (brand_id, commission_bp, window_days, return_window_days, min_payout_amount,
          product_scope)
        values (${brandId}, ${options.bp ?? 1000}, 30, ${options.returnWindowDays ?? 14}, ${options.minPayout ?? 0},
          ${options.scope ?? 'all'})`,
  );
}

export async function ambassador(t: TestApp, brandId: string, accountId: string): Promise<string> {
  const id = uuidv7();
  await queryRows(
    t.ctx.db,
    sql`insert into ambassadors (id, brand_id, account_id, status) values (${id}, ${brandId}, ${accountId}, 'accepted')`,
  );
  return id;
}

/** Another published product of the brand (one variant), optionally in a collection with its own rate. */
export async function product(t: TestApp, brandId: string, price: number, rate?: { bp: number; collection?: string }) {
  const productId = uuidv7();
  const variantId = uuidv7();
  await queryRows(
    t.ctx.db,
    sql`insert into products (id, brand_id, title, status) values (${productId}, ${brandId}, ${`Tomme ${price}`}, 'published')`,
  );
  await queryRows(
    t.ctx.db,
    sql`insert into variants (id, product_id, brand_id, sku, price_amount, currency, stock)
        values (${variantId}, ${productId}, ${brandId}, ${`SKU-${variantId.slice(-6)}`}, ${price}, 'EUR', 1000)`,
  );
  if (rate) {
    const collectionId = rate.collection ?? uuidv7();
    if (!rate.collection)
      await queryRows(
        t.ctx.db,
        sql`insert into collections (id, brand_id, title) values (${collectionId}, ${brandId}, 'Rated')`,
      );
    await queryRows(
      t.ctx.db,
      sql`insert into collection_products (collection_id, product_id) values (${collectionId}, ${productId})`,
    );
    await queryRows(
      t.ctx.db,
      sql`insert into ambassador_program_rates (brand_id, collection_id, commission_bp)
          values (${brandId}, ${collectionId}, ${rate.bp}) on conflict do nothing`,
    );
    return { productId, variantId, collectionId };
  }
  return { productId, variantId, collectionId: null };
}

/** Makes the due-later jobs of a kind due now (the queue runs on the database's time, tests move the app's). */
export const jobsDueNow = (t: TestApp, kind: string) =>
  queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = ${kind} and done_at is null`);
