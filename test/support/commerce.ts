import { uuidv7 } from '../../src/db/ids';
import { createAccount, createBrand } from '../../src/modules/accounts';
import { products, variants } from '../../src/db/schema';
import { savePaymentMethod, type CommerceContext } from '../../src/modules/commerce';
import type { TestApp } from './app';

export const commerceCtx = (t: TestApp): CommerceContext => t.ctx;
export const address = {
  name: 'Marie Dubois',
  line1: '12 rue de la République',
  postal_code: '69002',
  city: 'Lyon',
  country: 'FR',
};

let n = 0;
/** A brand (with its owner) selling one published product with one variant. */
export async function shopWithProduct(t: TestApp, options: { stock?: number; price?: number; currency?: string } = {}) {
  n++;
  const owner = await createAccount({ db: t.ctx.db }, { kind: 'person', username: `owner${n}_${Date.now() % 100000}` });
  const brand = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `brand${n}_${Date.now() % 100000}`,
    displayName: `Brand ${n}`,
  });
  const productId = uuidv7();
  await t.ctx.db
    .insert(products)
    .values({ id: productId, brandId: brand.id, title: `Comté 24 mois ${n}`, status: 'published' });
  const variantId = uuidv7();
  await t.ctx.db.insert(variants).values({
    id: variantId,
    productId,
    brandId: brand.id,
    sku: `CMT-${n}`,
    priceAmount: options.price ?? 1200,
    currency: options.currency ?? 'EUR',
    stock: options.stock ?? 10,
  });
  return { owner, brand, productId, variantId };
}

/** A person with a saved test card (tok_visa unless told otherwise). */
export async function buyer(t: TestApp, token = 'tok_visa') {
  n++;
  const account = await createAccount(
    { db: t.ctx.db },
    { kind: 'person', username: `buyer${n}_${Date.now() % 100000}` },
  );
  const method = await savePaymentMethod(t.ctx, account.id, { provider: 'test', token });
  return { account, methodId: method.id };
}
