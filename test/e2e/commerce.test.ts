/**
 * Social commerce in a real browser: a brand (Fromagerie) posts its product; Bruno, who follows
 * it and has a default address and a test card, buys from the post in his home timeline (the
 * dialog, in French), then buys again by replying #jachete and confirming; the brand's owner
 * ships the order from the console and Bruno sees the carrier and tracking number; a sold-out
 * product offers no working Buy. Also the product page on a phone and its JSON-LD.
 * The tests run in order and build on each other (the order bought first is the one shipped).
 */
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct, formatMoney, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { variants } from '../../src/db/schema';
import { createStatus, follow } from '../../src/modules/social';
import { composer, logIn, person, statusWithText, useE2E, type Locale } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Fromage');
const bruno = person('bruno', 'Bruno Petit');
const brandName = 'Fromagerie Lumière';
const product = { title: `Comté 24 mois ${Date.now().toString(36).slice(-4)}`, price: 2490 };
const soldOut = { title: 'Mont d’Or de saison', price: 1890 };
const postText = 'Nouveau : notre comté affiné 24 mois, à la coupe.';
const soldOutText = 'Le Mont d’Or est de retour… presque.';

let brand: { id: string; username: string };
let productId: string;
let variantId: string;
let soldOutId: string;
let postId: string;
/** The order Bruno placed from the home timeline (test 1), shipped in test 3. */
let firstOrderPath = '';

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, buyer] = await Promise.all([createPerson(db, owner), createPerson(db, bruno)]);
  const b = await createBrand(db, ownerAccount.id, {
    username: `fromagerie_${Date.now().toString(36).slice(-5)}`,
    displayName: brandName,
  });
  brand = { id: b.id, username: b.username };
  const p = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: product.title,
    description: 'Affiné **24 mois** dans nos caves du Jura.',
    status: 'published',
    variants: [{ sku: 'CMT-24', priceAmount: product.price, currency: 'EUR', stock: 5, weightGrams: 250 }],
  });
  productId = p.id;
  variantId = p.variants[0]!.id;
  const out = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: soldOut.title,
    status: 'published',
    variants: [{ sku: 'MDO-1', priceAmount: soldOut.price, currency: 'EUR', stock: 0 }],
  });
  soldOutId = out.id;

  await saveAddress(
    ctx.db,
    buyer.id,
    { name: 'Bruno Petit', line1: '12 rue de la République', postal_code: '69002', city: 'Lyon', country: 'FR' },
    true,
  );
  await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  await follow(ctx, buyer.id, brand.id);
  // Posted by the owner for the brand, the older one first.
  await createStatus(ctx, brand.id, { text: soldOutText, extensions: { products: [soldOutId] } }, ownerAccount.id);
  postId = (
    await createStatus(ctx, brand.id, { text: postText, extensions: { products: [productId] } }, ownerAccount.id)
  ).id;
});

async function as(
  who: typeof bruno,
  options: { locale?: Locale; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await e2e.newPage(options);
  await logIn(page, who.username);
  return page;
}

const stock = async (id = variantId) =>
  (await e2e.server.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, id)))[0]!.stock;
const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
const productCard = (scope: Page | Locator, title: string) =>
  scope.locator('.product-card').filter({ hasText: title }).first();
const productPath = () => `/@${brand.username}/products/${productId}`;

describe('shopping in the browser', () => {
  it('buys from a post in the home timeline with a saved card, in a dialog, and sees the order paid', async () => {
    const page = await as(bruno, { locale: 'fr' });
    const post = statusWithText(page, 'notre comté affiné');
    await post.waitFor();
    const card = productCard(post, product.title);
    await card.waitFor();
    expect(clean(await card.locator('.product-card-title').textContent())).toBe(product.title);
    expect(clean(await card.locator('.price').first().textContent())).toBe(
      clean(formatMoney(product.price, 'EUR', 'fr')),
    );
    expect(clean(await card.locator('.stock-state').textContent())).toMatch(/5/); // "Plus que 5"
    await e2e.screenshot(page, 'home-product-card', { fullPage: false });

    const homeUrl = page.url();
    await card.getByRole('link', { name: 'Acheter', exact: true }).click();
    const dialog = page.locator('dialog#buy-dialog');
    await dialog.locator('form.buy-form').waitFor();
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(page.url()).toBe(homeUrl);
    expect(clean(await dialog.getByRole('heading', { level: 2 }).first().textContent())).toBe(product.title);
    // The saved card is chosen.
    expect(await dialog.textContent()).toMatch(/4242/);
    await e2e.screenshot(page, 'buy-dialog', { fullPage: false });

    const pay = dialog.locator('form.buy-form button[type="submit"]');
    expect(clean(await pay.textContent())).toMatch(/^Payer /);
    await pay.click();
    const done = dialog.locator('.buy-confirmation');
    await done.waitFor();
    expect(clean(await done.getByRole('heading').textContent())).toBe('Commande payée');
    expect(page.url()).toBe(homeUrl);
    expect(await post.isVisible()).toBe(true);
    await e2e.screenshot(page, 'buy-dialog-confirmation', { fullPage: false });

    await done.getByRole('link', { name: 'Suivre ma commande' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    firstOrderPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { level: 1, name: /Commande/ }).waitFor();
    expect(clean(await page.locator('.order-header .order-status').textContent())).toBe('Payée');
    const paidStep = page.locator('.order-timeline .timeline-step').first();
    expect(clean(await paidStep.locator('strong').textContent())).toBe('Payée');
    expect(await paidStep.getAttribute('class')).toMatch(/is-(current|done)/);
    expect(await paidStep.locator('time').count()).toBe(1);
    expect(clean(await page.locator('.order-lines').textContent())).toContain(product.title);
    await e2e.screenshot(page, 'order-paid');

    expect(await stock()).toBe(4);
    await page.goto(productPath());
    expect(clean(await page.locator('.buy-box .buy-stock').textContent())).toMatch(/4/);
  });

  it('buys by replying #jachete to the post, then confirms from the notification', async () => {
    const page = await as(bruno);
    await page.goto('/notifications'); // reads what is there: the badge counts only what comes next
    await page.goto(`/@${brand.username}/${postId}`);
    const form = composer(page);
    const box = form.getByLabel('Post text');
    await box.press('End');
    await box.pressSequentially('Il me le faut ! #jachete');
    await form.getByRole('button', { name: 'Reply' }).click();
    await page.waitForURL((url) => url.pathname === `/@${brand.username}/${postId}`);
    await statusWithText(page.locator('section.thread-replies'), 'Il me le faut').waitFor();

    // The order is made by a background job: the unread badge turns on (live or on the next page).
    const badge = page.locator('#unread-count');
    await expect
      .poll(
        async () => {
          const n = Number(clean(await badge.textContent()) || '0');
          if (n === 0) await page.reload();
          return n;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(1);
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await page.waitForURL('**/notifications');
    const item = page.locator('#notifications-list li').filter({ hasText: 'waiting for your confirmation' }).first();
    await item.waitFor();
    expect(clean(await item.textContent())).toContain(brandName);
    await e2e.screenshot(page, 'notification-confirm');

    await item.locator('a.notification-from').click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 2, name: 'Confirm your order' }).waitFor();
    expect(clean(await page.locator('.order-header .order-status').textContent())).toBe('To confirm');
    expect(await stock()).toBe(3); // held for 24 hours
    await e2e.screenshot(page, 'order-to-confirm');
    await page.getByRole('button', { name: /^Confirm and pay / }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?confirmed=1$/);
    expect(clean(await page.locator('.flash-success').textContent())).toBe('Order confirmed and paid.');
    expect(clean(await page.locator('.order-header .order-status').textContent())).toBe('Paid');
    expect(clean(await page.locator('.order-timeline .timeline-step').first().locator('strong').textContent())).toBe(
      'Paid',
    );
    expect(await page.getByRole('button', { name: /^Confirm and pay / }).count()).toBe(0);
    expect(await stock()).toBe(3);
  });

  it('lets the brand ship the order with a carrier and tracking number; the buyer sees it', async () => {
    expect(firstOrderPath).toMatch(/^\/orders\//);
    const orderId = firstOrderPath.split('/').pop()!;
    const ref = orderId.replace(/-/g, '').slice(-8).toUpperCase();

    const shop = await as(owner);
    await shop.goto(`/brands/${brand.username}/orders`);
    await shop.getByRole('heading', { level: 1, name: `Orders of ${brandName}` }).waitFor();
    const row = shop.locator('table.orders-table tbody tr').filter({ hasText: ref });
    expect(clean(await row.textContent())).toContain(`@${bruno.username}`);
    expect(clean(await row.locator('.order-status').textContent())).toBe('Paid');
    await e2e.screenshot(shop, 'brand-console');
    await row.getByRole('link', { name: ref }).click();
    await shop.waitForURL(`**/brands/${brand.username}/orders/${orderId}`);
    await shop.getByLabel('Carrier').fill('Colissimo');
    await shop.getByLabel('Tracking number').fill('6A12345678901');
    await shop.getByRole('button', { name: 'Mark as shipped' }).click();
    await shop.waitForURL(/\?done=shipped$/);
    expect(clean(await shop.locator('.flash-success').textContent())).toBe('Order shipped: the buyer has been told.');
    expect(clean(await shop.locator('.page-header .order-status').textContent())).toBe('Shipped');
    await shop.getByRole('button', { name: 'Mark as delivered' }).waitFor();
    await e2e.screenshot(shop, 'brand-order-shipped');

    const page = await as(bruno, { locale: 'fr' });
    await page.goto(firstOrderPath);
    expect(clean(await page.locator('.order-header .order-status').textContent())).toBe('Expédiée');
    const shipped = page.locator('.order-timeline .timeline-step').nth(2);
    expect(clean(await shipped.locator('strong').textContent())).toBe('Expédiée');
    expect(await shipped.getAttribute('class')).toContain('is-current');
    expect(clean(await shipped.textContent())).toContain('Transporteur : Colissimo');
    expect(clean(await shipped.locator('.tracking-number').textContent())).toBe('6A12345678901');
    await e2e.screenshot(page, 'order-shipped');

    // And a notification says so (the job that tells the buyer runs in the background).
    await expect
      .poll(
        async () => {
          await page.goto('/notifications');
          return page.locator('#notifications-list li').filter({ hasText: 'votre commande a été expédiée' }).count();
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe(1);
    const note = page.locator('#notifications-list li').filter({ hasText: 'votre commande a été expédiée' });
    expect(await note.locator('a.notification-from').getAttribute('href')).toBe(firstOrderPath);
  });

  it('shows a sold-out product as such, with no working Buy', async () => {
    const page = await as(bruno);
    const post = statusWithText(page, 'Le Mont d’Or est de retour');
    await post.waitFor();
    const card = productCard(page, soldOut.title);
    await card.waitFor();
    expect(clean(await card.locator('.stock-state').textContent())).toBe('Out of stock');
    expect(clean(await card.locator('.product-card-actions').textContent())).toBe('Sold out');
    expect(await card.locator('.product-card-actions [aria-disabled="true"]').count()).toBe(1);
    expect(await card.locator('a, button').filter({ hasText: /^Buy/ }).count()).toBe(0);
    expect(await card.locator('form').count()).toBe(0);
    await card.getByText('Sold out').click({ force: true });
    expect(await page.locator('dialog[open]').count()).toBe(0);
    await e2e.screenshot(page, 'home-sold-out', { fullPage: false });

    // On its product page (in French): "Épuisé", and the buy buttons are disabled.
    const fr = await as(bruno, { locale: 'fr' });
    await fr.goto(`/@${brand.username}/products/${soldOutId}`);
    expect(clean(await fr.locator('.buy-box .buy-stock').textContent())).toMatch(/^\W*Épuisé$/); // an icon, then the word
    const buttons = fr.locator('.buy-box button[type="submit"]');
    expect(await buttons.count()).toBe(2);
    for (const button of await buttons.all()) expect(await button.isDisabled()).toBe(true);

    // Even the checkout page reached by its address cannot pay.
    const [outVariant] = await e2e.server.ctx.db
      .select({ id: variants.id })
      .from(variants)
      .where(eq(variants.productId, soldOutId));
    await fr.goto(`/checkout/now?variant_id=${outVariant!.id}`);
    expect(await fr.locator('form.buy-form button[type="submit"]').isDisabled()).toBe(true);
    expect(await stock(outVariant!.id)).toBe(0);
  });

  it('shows the product page on a phone without horizontal scrolling, with Product and Offer JSON-LD', async () => {
    const page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(productPath());
    await page.getByRole('heading', { level: 1, name: product.title }).waitFor();
    const sizes = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.inner);
    await e2e.screenshot(page, 'product-page-phone');

    const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(scripts).toHaveLength(1);
    const data = JSON.parse(scripts[0]!) as Record<string, any>;
    expect(data['@type']).toBe('Product');
    expect(data.name).toBe(product.title);
    expect(data.brand).toEqual({ '@type': 'Brand', name: brandName });
    expect(data.offers).toMatchObject({
      '@type': 'Offer',
      price: '24.90',
      priceCurrency: 'EUR',
      availability: 'https://schema.org/InStock',
    });
    expect(data.offers.url).toBe(`${e2e.url}${productPath()}`);
  });
});
