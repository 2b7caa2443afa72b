/**
 * The shop in the demo world: each brand's catalog (published products with variants), a few
 * shoppable brand posts, shoppers with a saved test card and an address who buy, orders the
 * brands ship and deliver, and reviews of what was delivered: most approved by the brand's team
 * (so product pages show averages and distributions), a few left pending in the brands' queues,
 * one customer-service "review" that triage turns into a question, and one brand reply.
 * Chloé (the shopper login) keeps one delivered order unreviewed, for a visitor to review.
 *
 * Called once by buildDemoWorld after the posts exist, at the real time; everything goes through
 * the real services (catalog, checkout, orders, reviews, moderation). Deterministic: the plan is
 * fixed and the shoppers are taken in the world's (seeded) order of people.
 */
import type { AppContext } from '../context';
import { actingAccountId, type Account, type BrandRole } from '../modules/accounts';
import {
  createProduct,
  deliverOrder,
  placeOrder,
  saveAddress,
  savePaymentMethod,
  shipOrder,
  type ProductView,
} from '../modules/commerce';
import { decide } from '../modules/moderation';
import { createReview, replyToReview } from '../modules/reputation';
import { createStatus } from '../modules/social';
import { createDemoLegal } from './demo-legal';
import { addDemoProductImages } from './demo-product-images';
import { DEMO_CATALOGS } from './demo-shop-catalogs';
import { CITY_OF, POSTCODES, PURCHASES, QUESTION, REPLY, REVIEWS, STREETS } from './demo-shop-plan';

export { DEMO_CATALOGS } from './demo-shop-catalogs';

export type DemoShop = { products: number; shoppablePosts: number; orders: number; delivered: number; reviews: number };

export async function createDemoShop(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<DemoShop> {
  const out: DemoShop = { products: 0, shoppablePosts: 0, orders: 0, delivered: 0, reviews: 0 };
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  const ownerOf = (brand: Account) => teams.get(brand.id)!.find((m) => m.role === 'owner')!.account;

  // Legal identities and terms of sale first: the demo orders record the terms they were placed under.
  await createDemoLegal(ctx, brands, ownerOf);
  // Catalogs, then the brands' shoppable posts.
  const catalog: ProductView[][] = [];
  for (const brand of brands) {
    const spec = DEMO_CATALOGS[brand.username];
    const owner = ownerOf(brand);
    const made: ProductView[] = [];
    for (const p of spec?.products ?? []) {
      const product = await createProduct(ctx, owner.id, brand.id, {
        title: p.title,
        description: p.description,
        status: 'published',
        taxClass: spec.taxClass,
        variants: p.variants.map((v) => ({
          sku: v.sku,
          options: v.options,
          priceAmount: v.price,
          currency: 'EUR',
          stock: v.stock,
        })),
      });
      await addDemoProductImages(ctx, owner.id, product);
      made.push(product);
      out.products++;
    }
    catalog.push(made);
    await actingAccountId({ db: ctx.db }, owner.id, brand.id);
    for (const post of spec?.posts ?? []) {
      await createStatus(
        social,
        brand.id,
        { text: post.text, language: 'fr', extensions: { products: post.products.map((i) => made[i]!.id) } },
        owner.id,
      );
      out.shoppablePosts++;
    }
  }

  // Shoppers: chloe first, then people without a brand, in the world's order.
  const members = new Set([...teams.values()].flat().map((m) => m.account.id));
  const chloe = people.find((p) => p.username === 'chloe');
  const others = people.filter((p) => !members.has(p.id) && p.username !== 'chloe');
  const shoppers = [chloe, ...others].filter((p): p is Account => Boolean(p)).slice(0, PURCHASES.length);

  const orderIds: string[][] = [];
  for (const [i, shopper] of shoppers.entries()) {
    const city = CITY_OF[i % CITY_OF.length]!;
    const address = {
      name: shopper.displayName || shopper.username,
      line1: `${3 + i * 7} ${STREETS[i % STREETS.length]}`,
      postal_code: POSTCODES[city],
      city,
      country: 'FR',
    };
    const method = await savePaymentMethod(ctx, shopper.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
    await saveAddress(ctx.db, shopper.id, address, true);
    const ids: string[] = [];
    for (const buy of PURCHASES[i]!) {
      const brand = brands[buy.brand];
      const variant = catalog[buy.brand]?.[buy.product]?.variants[buy.variant];
      if (!brand || !variant) continue;
      const placed = await placeOrder(ctx, shopper.id, {
        lines: [{ variantId: variant.id, quantity: buy.quantity ?? 1 }],
        paymentMethodId: method.id,
        shippingAddress: address,
      });
      out.orders++;
      ids.push(placed.orderId);
      if (placed.status !== 'paid' || buy.ship === false) continue;
      const owner = ownerOf(brand);
      await shipOrder(ctx, owner.id, placed.orderId, {
        carrier: 'Colissimo',
        trackingNumber: `6A${String(10_000_000_000 + out.orders * 7_919).slice(-11)}`,
      });
      if (buy.deliver === false) continue;
      await deliverOrder(ctx, owner.id, placed.orderId);
      out.delivered++;
    }
    orderIds.push(ids);
  }

  // Reviews of delivered purchases; the brand's owner approves those not kept pending.
  const productOf = (shopper: number, purchase: number) => {
    const buy = PURCHASES[shopper]?.[purchase];
    return buy ? catalog[buy.brand]?.[buy.product] : undefined;
  };
  const reviewIds = new Map<string, string>();
  for (const r of REVIEWS) {
    const author = shoppers[r.shopper];
    const orderId = orderIds[r.shopper]?.[r.purchase];
    const product = productOf(r.shopper, r.purchase);
    if (!author || !orderId || !product) continue;
    const created = await createReview(ctx, author.id, product.id, {
      rating: r.rating,
      title: r.title,
      body: r.body,
      order_id: orderId,
    });
    out.reviews++;
    reviewIds.set(`${r.shopper}/${r.purchase}`, created.review.id);
    if (r.keep === 'pending' || !created.itemId || created.review.status !== 'pending') continue;
    const brand = brands.find((b) => b.id === product.brandId)!;
    await decide({ db: ctx.db, events: ctx.events }, ownerOf(brand).id, created.itemId, { action: 'approve' });
  }
  const asker = shoppers[QUESTION.shopper];
  const parcel = productOf(QUESTION.shopper, QUESTION.purchase);
  if (asker && parcel) {
    await createReview(ctx, asker.id, parcel.id, {
      rating: QUESTION.rating,
      title: QUESTION.title,
      body: QUESTION.body,
    });
    out.reviews++;
  }
  const replied = reviewIds.get(`${REPLY.shopper}/${REPLY.purchase}`);
  const repliedProduct = productOf(REPLY.shopper, REPLY.purchase);
  if (replied && repliedProduct) {
    const brand = brands.find((b) => b.id === repliedProduct.brandId)!;
    await replyToReview(ctx, ownerOf(brand).id, replied, REPLY.body);
  }
  return out;
}
