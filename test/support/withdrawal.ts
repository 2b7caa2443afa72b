/**
 * Fixtures for withdrawal tests: a brand selling several products (some excluded from withdrawal),
 * a buyer's delivered order of one of each, and a way to say when it was delivered.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from './app';
import { buyerWithCard, shop } from './orders';
import { uuidv7 } from '../../src/db/ids';
import { queryRows } from '../../src/db/client';
import { products, variants } from '../../src/db/schema';
import type { WithdrawalExclusion } from '../../src/modules/commerce';

/**
 * A paid order of one unit of each product (the shop's own, plus one per `extra` entry: its
 * withdrawal exclusion or null), shipped and delivered unless `deliver: false`.
 */
export async function deliveredOrder(
  t: TestApp,
  options: { extra?: (WithdrawalExclusion | null)[]; deliver?: boolean } = {},
) {
  const s = await shop(t, { price: 1200 });
  const variantIds = [s.variantId];
  for (const [i, exclusion] of (options.extra ?? []).entries()) {
    const productId = uuidv7();
    await t.ctx.db.insert(products).values({
      id: productId,
      brandId: s.brand.id,
      title: exclusion ? `Savon ${exclusion} ${i}` : `Beurre ${i}`,
      status: 'published',
      withdrawalExclusion: exclusion,
    });
    const variantId = uuidv7();
    await t.ctx.db.insert(variants).values({
      id: variantId,
      productId,
      brandId: s.brand.id,
      sku: `X-${productId.slice(-6)}`,
      priceAmount: 500 + 100 * i,
      currency: 'EUR',
      stock: 10,
    });
    variantIds.push(variantId);
  }
  const b = await buyerWithCard(t);
  const placed = await t.call('POST', '/api/v1/orders', {
    token: b.token,
    body: {
      lines: variantIds.map((id) => ({ variant_id: id, quantity: 1 })),
      payment_method_id: b.methodId,
      shipping_address: {
        name: 'Marie Dubois',
        line1: '12 rue de la République',
        postal_code: '69002',
        city: 'Lyon',
        country: 'FR',
      },
    },
  });
  const order = await placed.json();
  expect(placed.status, JSON.stringify(order)).toBe(201);
  const id = order.id as string;
  if (options.deliver !== false) {
    const ship = { carrier: 'Colissimo', tracking_number: '6A123' };
    expect((await t.call('POST', `/api/v1/orders/${id}/ship`, { token: s.ownerToken, body: ship })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/orders/${id}/deliver`, { token: s.ownerToken, body: {} })).status).toBe(200);
  }
  const lineOf = new Map<string, string>(
    order.lines.map((l: { id: string; variant_id: string }) => [l.variant_id, l.id]),
  );
  return {
    s,
    b,
    id,
    order,
    /** Line ids in the order of the products: the shop's own first, then `extra`'s. */
    lineIds: variantIds.map((v) => lineOf.get(v)!),
  };
}

/** The order was delivered at `at` (the API's deliver step uses the real time). */
export async function deliveredAt(t: TestApp, orderId: string, at: Date) {
  await queryRows(
    t.ctx.db,
    sql`update orders set delivered_at = ${at.toISOString()}::timestamptz where id = ${orderId}`,
  );
}
