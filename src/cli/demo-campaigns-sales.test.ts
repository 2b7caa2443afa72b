import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { createAccount, createBrand } from '../modules/accounts';
import { createProduct } from '../modules/commerce';
import { createDemoCampaignSales } from './demo-campaigns-sales';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo winter sale', () => {
  it('runs on Maison Lin’s collection, the shirt’s reference price from its history', async () => {
    const owner = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'lin_owner' });
    const brand = await createBrand({ db: t.ctx.db }, owner.id, { username: 'maison_lin', displayName: 'Maison Lin' });
    const product = (title: string, sku: string, price: number) =>
      createProduct(t.ctx, owner.id, brand.id, {
        title,
        status: 'published',
        variants: [{ sku, priceAmount: price, stock: 5 }],
      });
    const shirt = await product('Chemise en lin lavé', 'CH-1', 6500);
    const pants = await product('Pantalon large en lin', 'PA-1', 8000);
    const tote = await product('Tote bag en chutes de lin', 'TO-1', 1800);
    await createDemoCampaignSales(t.ctx, [brand], new Map([[brand.id, [{ account: owner, role: 'owner' }]]]));
    const read = async (id: string) => (await (await t.call('GET', `/api/v1/products/${id}`)).json()).variants[0];
    expect(await read(shirt.id)).toMatchObject({
      price: { amount: 4550 },
      reference_price: { amount: 5850 },
      sale: { label: 'Soldes d’hiver' },
    });
    expect(await read(pants.id)).toMatchObject({ price: { amount: 5600 }, reference_price: { amount: 8000 } });
    expect((await read(tote.id)).sale).toBeUndefined();
  });
});
