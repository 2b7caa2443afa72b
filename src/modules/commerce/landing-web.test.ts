import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { shopWithProduct } from '../../../test/support/commerce';
import { actingAccountId } from '../accounts';
import { createStatus } from '../social';
import { renderJpeg, demoProductArt } from '../../cli/demo-product-images';
import { addProductImage } from '.';

let t: TestApp;
let shop: Awaited<ReturnType<typeof shopWithProduct>>;

beforeAll(async () => {
  t = await createTestApp();
  shop = await shopWithProduct(t);
  const [art] = demoProductArt('Comté 24 mois');
  await addProductImage(t.ctx, shop.owner.id, shop.productId, await renderJpeg(art!.svg), art!.alt);
  await actingAccountId({ db: t.ctx.db }, shop.owner.id, shop.brand.id);
  await createStatus(
    { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events },
    shop.brand.id,
    { text: 'La meule du jour est ouverte', language: 'fr', extensions: { products: [shop.productId] } },
    shop.owner.id,
  );
});
afterAll(() => t?.close());

describe('the landing page for visitors', () => {
  it('shows a search form, brands to follow, products with their photo and posts one can buy from', async () => {
    const res = await t.app.request('/', { headers: { 'accept-language': 'fr' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form[^>]*action="\/search"[^>]*role="search"/);
    expect(html).toContain('name="q"');
    // The brand, with a way to its shop and to follow it.
    expect(html).toContain(`href="/@${shop.brand.username}/shop"`);
    expect(html).toContain(`/login?next=%2F%40${shop.brand.username}`);
    // The product with its photo.
    expect(html).toContain(`href="/@${shop.brand.username}/products/${shop.productId}"`);
    expect(html).toMatch(/<img class="product-tile-image" src="\/media\/[^"]+-preview\.webp"/);
    // The shoppable post and its product card with a Buy button.
    expect(html).toContain('La meule du jour est ouverte');
    expect(html).toContain('class="product-card"');
    expect(html).toMatch(/Acheter/);
  });

  it('claims no federation, in either language', async () => {
    for (const lang of ['fr', 'en']) {
      const html = await (await t.app.request('/', { headers: { 'accept-language': lang } })).text();
      expect(html).not.toMatch(/f[ée]d[ée]r|federat|fediverse|activitypub/i);
    }
  });
});
