/**
 * Test helpers for the shopping tests (shoppable posts, buy dialog, cart, reply-to-buy, social
 * proof): a brand with a product, people with API tokens and page sessions, saved details.
 * Only imported by *.test.ts files.
 */
import { eq, sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app';
import { BrowserSession } from '../../test/support/browser-session';
import { address } from '../../test/support/commerce';
import { queryRows } from '../db/client';
import { uuidv7 } from '../db/ids';
import { jobHandlers } from '../jobs/handlers';
import { runDueJobs } from '../jobs/queue';
import { createBrand } from '../modules/accounts';
import { products, variants } from '../db/schema';
import { saveAddress, savePaymentMethod } from '../modules/commerce';
import { appToken, json, signUpUser, type TestUser } from '../modules/social/api-test-support';

let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

export type Shop = {
  owner: TestUser;
  brand: { id: string; username: string };
  productId: string;
  variantId: string;
  title: string;
};

/** A person (API token) owning a brand that sells one published product. */
export async function shop(
  t: TestApp,
  app: string,
  options: { stock?: number; price?: number; title?: string; variants?: number } = {},
): Promise<Shop> {
  const owner = await signUpUser(t, app, `owner_${uniq()}`);
  const brand = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `brand_${uniq()}`,
    displayName: 'Fromagerie Mont-d’Or',
  });
  const title = options.title ?? `Comté 24 mois ${uniq()}`;
  const productId = await product(t, brand.id, {
    title,
    stock: options.stock,
    price: options.price,
    variants: options.variants,
  });
  const [variant] = await t.ctx.db
    .select({ id: variants.id })
    .from(variants)
    .where(eq(variants.productId, productId))
    .orderBy(variants.position);
  return { owner, brand: { id: brand.id, username: brand.username }, productId, variantId: variant.id, title };
}

export async function product(
  t: TestApp,
  brandId: string,
  options: { title?: string; stock?: number; price?: number; status?: 'draft' | 'published'; variants?: number } = {},
): Promise<string> {
  const productId = uuidv7();
  await t.ctx.db.insert(products).values({
    id: productId,
    brandId,
    title: options.title ?? `Produit ${uniq()}`,
    status: options.status ?? 'published',
  });
  for (let i = 0; i < (options.variants ?? 1); i++) {
    await t.ctx.db.insert(variants).values({
      id: uuidv7(),
      productId,
      brandId,
      sku: `SKU-${uniq()}`,
      options: options.variants && options.variants > 1 ? { Taille: ['S', 'M', 'L', 'XL'][i] ?? `T${i}` } : {},
      priceAmount: options.price ?? 1200,
      stock: options.stock ?? 10,
      position: i,
    });
  }
  return productId;
}

/** A person with an API token and a logged-in page session; optionally a default address and card. */
export async function person(t: TestApp, app: string, options: { details?: boolean; token?: string } = {}) {
  const user = await signUpUser(t, app, `p_${uniq()}`);
  const browser = new BrowserSession(t);
  await browser.actAs(user.id);
  let addressId: string | null = null;
  let methodId: string | null = null;
  if (options.details) {
    addressId = (await saveAddress(t.ctx.db, user.id, address)).id;
    methodId = (await savePaymentMethod(t.ctx, user.id, { provider: 'test', token: options.token ?? 'tok_visa' })).id;
  }
  return { ...user, browser, addressId, methodId };
}

/** Publishes as the brand (its owner's token, acting for it) with products attached. */
export async function shoppablePost(
  t: TestApp,
  s: Shop,
  productIds: string[] = [s.productId],
  text = 'Nouveau : notre comté affiné 24 mois.',
) {
  return json<{ id: string; products: any[] }>(
    t.call('POST', '/api/v1/statuses', {
      token: s.owner.token,
      body: { status: text, product_ids: productIds, as_account_id: s.brand.id },
    }),
  );
}

export async function follow(t: TestApp, who: TestUser, target: string) {
  await json(t.call('POST', `/api/v1/accounts/${target}/follow`, { token: who.token }));
}

export const runJobs = async (t: TestApp) => {
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const ran = await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    total += ran;
    if (ran === 0) break;
  }
  return total;
};

export const stockOf = async (t: TestApp, variantId: string) =>
  (await t.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0].stock;

export async function ordersFrom(t: TestApp, buyerId: string) {
  return queryRows<{
    id: string;
    status: string;
    source_status_id: string | null;
    total_amount: number;
    expires_at: Date | null;
  }>(
    t.ctx.db,
    sql`select id, status, source_status_id, total_amount, expires_at from orders where buyer_id = ${buyerId} order by id`,
  );
}

export { appToken };
