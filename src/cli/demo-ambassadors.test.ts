import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { createAccount, createBrand, type Account } from '../modules/accounts';
import { createProduct } from '../modules/commerce';
import { createDemoAmbassadors } from './demo-ambassadors';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo ambassadors', () => {
  it('open the Canuts’ programme: two ambassadors with links, picks and visits, one waiting, orders through the links', async () => {
    const db = { db: t.ctx.db };
    const owner = await createAccount(db, { kind: 'person', username: 'canuts_owner' });
    const brand = await createBrand(db, owner.id, {
      username: 'fromagerie_canuts',
      displayName: 'Fromagerie des Canuts',
    });
    for (const [i, title] of ['Saint-Marcellin', 'Comté 18 mois', 'Rigotte de Condrieu', 'Cervelle de canut'].entries())
      await createProduct(t.ctx, owner.id, brand.id, {
        title,
        status: 'published',
        variants: [{ sku: `CN-${i}`, priceAmount: 900 + i * 100, currency: 'EUR', stock: 40 }],
      });
    const people: Account[] = [];
    for (let i = 0; i < 10; i++) people.push(await createAccount(db, { kind: 'person', username: `gens_${i}` }));
    const teams = new Map([[brand.id, [{ account: owner, role: 'owner' as const }]]]);

    const out = await createDemoAmbassadors(t.ctx, [brand], teams, people);
    expect(out).toMatchObject({ ambassadors: 2, links: 6, orders: 5 });
    const statuses = await queryRows<{ status: string; n: number }>(
      t.ctx.db,
      sql`select status, count(*)::int as n from ambassadors where brand_id = ${brand.id} group by status order by status`,
    );
    expect(statuses).toEqual([
      { status: 'accepted', n: 2 },
      { status: 'applied', n: 1 },
    ]);
    const attributed = await queryRows<{ n: number; excluded: number }>(
      t.ctx.db,
      sql`select count(*)::int as n, count(excluded)::int as excluded from order_attributions where brand_id = ${brand.id}`,
    );
    expect(attributed[0]).toEqual({ n: 5, excluded: 0 });
    const [picks] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from ambassador_picks`);
    expect(picks.n).toBe(4);
    const delivered = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from orders where brand_id = ${brand.id} and status = 'delivered'`,
    );
    expect(delivered[0].n).toBeGreaterThan(0);
  });
});
