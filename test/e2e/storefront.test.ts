/**
 * What a new visitor and shopper see first (issue 11): the landing page with brands, products and
 * shoppable posts; the home timeline with a compact composer (posts above the fold at 1280×900,
 * the composer opening on focus) and, on a phone, a compose button leading to a composer page;
 * a product page with its photo and thumbnails that switch the photo.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDemoProductImages } from '../../src/cli/demo-product-images';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct } from '../../src/modules/commerce';
import { createStatus, follow } from '../../src/modules/social';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Fromage');
const shopper = person('shopper', 'Chloé Martin');
const title = 'Comté 24 mois';
let brand: { id: string; username: string };
let productPath = '';

const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, reader] = await Promise.all([createPerson(db, owner), createPerson(db, shopper)]);
  const b = await createBrand(db, ownerAccount.id, {
    username: `canuts_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Fromagerie des Canuts',
  });
  brand = { id: b.id, username: b.username };
  const product = await createProduct(ctx, ownerAccount.id, brand.id, {
    title,
    description: 'Un comté de garde, fruité.',
    status: 'published',
    variants: [{ sku: 'CMT-24', priceAmount: 850, currency: 'EUR', stock: 12 }],
  });
  await addDemoProductImages(ctx, ownerAccount.id, product);
  productPath = `/@${brand.username}/products/${product.id}`;
  // A product with no photo yet: cards show the designed placeholder, not a grey box.
  const bare = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: 'Mont d’Or de saison',
    status: 'published',
    variants: [{ sku: 'MDO-1', priceAmount: 1890, currency: 'EUR', stock: 4 }],
  });
  await createStatus(
    ctx,
    brand.id,
    { text: 'Le Mont d’Or est de retour.', extensions: { products: [bare.id] } },
    ownerAccount.id,
  );
  await follow(ctx, reader.id, brand.id);
  for (const text of ['Nouvelle meule ouverte ce matin.', 'Notes de noisette et de beurre noisette.'])
    await createStatus(ctx, brand.id, { text, extensions: { products: [product.id] } }, ownerAccount.id);
});

async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
  const page = await e2e.newPage({ viewport });
  await logIn(page, shopper.username);
  return page;
}

describe('the storefront a newcomer sees', () => {
  it('shows a visitor brands, products with photos, shoppable posts and a search box', async () => {
    const page = await e2e.newPage({ viewport: desktop });
    await page.goto('/');
    await page.locator('.landing-search').getByRole('searchbox').waitFor();
    await page.locator('.landing-brand').filter({ hasText: 'Fromagerie des Canuts' }).waitFor();
    const photo = page.locator('.landing-product img').first();
    await photo.waitFor();
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.locator('.landing-posts .product-card').first().waitFor();
    const placeholder = page
      .locator('.landing-posts .product-card')
      .filter({ hasText: 'Mont d’Or de saison' })
      .locator('.product-placeholder svg');
    await placeholder.waitFor();
    expect((await placeholder.boundingBox())!.width).toBeGreaterThan(16);
    await e2e.screenshot(page, 'landing-desktop');
    const small = await e2e.newPage({ viewport: phone });
    await small.goto('/');
    await e2e.screenshot(small, 'landing-phone');
  });

  it('keeps the home composer to one line at 1280×900, with a post above the fold, and opens it on focus', async () => {
    const page = await signedIn(desktop);
    await page.goto('/home');
    const form = page.locator('form.compose');
    const options = form.locator('.compose-options');
    expect(await options.isVisible()).toBe(false);
    const box = await form.boundingBox();
    expect(box!.height).toBeLessThan(90);
    const firstPost = page.locator('article.status').first();
    await firstPost.waitFor();
    expect((await firstPost.boundingBox())!.y).toBeLessThan(desktop.height - 100);
    await e2e.screenshot(page, 'home-compact-composer', { fullPage: false });

    await form.getByLabel(/^(Post text|Texte du message)$/).focus();
    await options.waitFor({ state: 'visible' });
    expect(await form.locator('.compose-extras').isVisible()).toBe(true);
    await e2e.screenshot(page, 'home-composer-open', { fullPage: false });
  });

  it('on a phone, hides the composer behind a compose button that opens one', async () => {
    const page = await signedIn(phone);
    await page.goto('/home');
    expect(await page.locator('form.compose').isVisible()).toBe(false);
    const button = page.getByRole('link', { name: /^(Write|Écrire)$/ });
    await button.waitFor();
    await e2e.screenshot(page, 'home-phone', { fullPage: false });
    await button.click();
    await page.waitForURL('**/compose');
    const text = page.getByLabel(/^(Post text|Texte du message)$/);
    await text.waitFor();
    expect(await text.evaluate((el) => el === document.activeElement)).toBe(true);
    await e2e.screenshot(page, 'compose-phone', { fullPage: false });
  });

  it('shows a product page’s photo and thumbnails that switch it, with the keyboard too', async () => {
    const page = await e2e.newPage({ viewport: desktop });
    await page.goto(productPath);
    const main = page.locator('.product-gallery-main img');
    await main.waitFor();
    expect(await main.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await main.getAttribute('alt')).toContain(title);
    const thumbs = page.locator('.product-gallery-thumbs a');
    expect(await thumbs.count()).toBe(3);
    expect(await thumbs.nth(0).getAttribute('aria-current')).toBe('true');
    const first = await main.getAttribute('src');
    await thumbs.nth(1).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => main.getAttribute('src')).not.toBe(first);
    expect(await thumbs.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await main.getAttribute('alt')).toMatch(/gros plan/);
    await e2e.screenshot(page, 'product-gallery-desktop', { fullPage: false });

    // Without the script the thumbnail is a link: the server shows the chosen photo.
    await page.goto(`${productPath}?image=2`);
    expect(await page.locator('.product-gallery-thumbs a').nth(2).getAttribute('aria-current')).toBe('true');
    const small = await e2e.newPage({ viewport: phone });
    await small.goto(productPath);
    await e2e.screenshot(small, 'product-gallery-phone', { fullPage: false });
  });
});
