/**
 * Finding one's way from the header, in each role a demo visitor can log in as: a shopper reaches
 * orders, cart and reviews from the account menu, and sees the cart count grow without a reload;
 * a brand's owner, community manager and moderator reach the back-office overview from the menu
 * and open each section their role allows from its side bar; a platform moderator reaches the
 * moderation queue. On a phone (390×844) the header is one row and no admin page scrolls sideways.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, setMember, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct } from '../../src/modules/commerce';
import { grantPlatformRole } from '../../src/modules/moderation';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const shopper = person('chloe', 'Chloé Martin');
const owner = person('marie', 'Marie Dubois');
const cm = person('sophie', 'Sophie Laurent');
const moderator = person('lea', 'Léa Moreau');
const platform = person('claire', 'Claire Petit');
const brandName = 'Fromagerie Boussole';
let brand = '';
let productPath = '';

/** Section paths (under /brands/:username/) as the side bar lists them for each role. */
const SECTIONS = {
  owner: [
    'manage',
    'products',
    'orders',
    'inbox',
    'customers',
    'reviews',
    'questions',
    'ambassadors',
    'places',
    'places/redeem',
    'campaigns',
    'moderation',
    'spaces',
    'watches',
    'analytics',
    'team',
    'moderation/policy',
    'embed',
    'legal',
    'privacy',
    'settings',
  ],
  community_manager: [
    'manage',
    'orders',
    'inbox',
    'customers',
    'reviews',
    'questions',
    'places',
    'places/redeem',
    'campaigns',
    'moderation',
    'spaces',
    'watches',
    'analytics',
    'team',
    'moderation/policy',
    'embed',
  ],
  moderator: ['manage', 'reviews', 'moderation', 'watches', 'team', 'moderation/policy', 'embed'],
};
const ADMIN_PAGES = [...SECTIONS.owner, 'products/new', 'catalog/import', 'moderation/audit'];

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [, o, c, m] = await Promise.all(
    [shopper, owner, cm, moderator, platform].map((p) => createPerson(db, { ...p, locale: 'fr' })),
  );
  const b = await createBrand(db, o.id, {
    username: `boussole_${Date.now().toString(36).slice(-5)}`,
    displayName: brandName,
  });
  brand = b.username;
  await setMember(db, o.id, b.id, c.id, 'community_manager');
  await setMember(db, o.id, b.id, m.id, 'moderator');
  await grantPlatformRole(ctx.db, platform.username);
  const p = await createProduct(ctx, o.id, b.id, {
    title: 'Saint-Marcellin',
    status: 'published',
    variants: [{ sku: 'SM-1', priceAmount: 450, currency: 'EUR', stock: 50, weightGrams: 80 }],
  });
  productPath = `/@${brand}/products/${p.id}`;
});

async function as(who: typeof shopper, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await e2e.newPage({ locale: 'fr', viewport });
  await logIn(page, who.username);
  return page;
}

/** Opens the account menu and follows one of its links. */
async function fromMenu(page: Page, name: string | RegExp): Promise<void> {
  await page.getByLabel('Menu du compte').click();
  await page.locator('.menu-panel').getByRole('link', { name }).click();
}

const sideBar = (page: Page) => page.getByRole('navigation', { name: `Gestion de ${brandName}` });

describe('from the header', () => {
  it('a shopper reaches orders, cart and reviews from the account menu, and has no back-office', async () => {
    const page = await as(shopper);
    await fromMenu(page, 'Mes commandes');
    await page.waitForURL('**/orders');
    await fromMenu(page, /^Panier/);
    await page.waitForURL('**/cart');
    await fromMenu(page, 'Mes avis');
    await page.waitForURL('**/me/reviews');
    await page.getByLabel('Menu du compte').click();
    expect(await page.locator('.menu-panel a.menu-manage').count()).toBe(0);
    expect(await page.locator('.menu-panel').getByRole('link', { name: 'Cartes enregistrées' }).count()).toBe(1);
    expect(await page.locator('.menu-panel').getByRole('link', { name: 'Adresses' }).count()).toBe(1);
  });

  it('the cart count goes from N to N+1 after adding a product, without a reload', async () => {
    const page = await as(shopper);
    await page.goto(productPath);
    const count = page.locator('#cart-count');
    const before = Number(await count.getAttribute('data-count'));
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await page.getByRole('button', { name: 'Ajouter au panier' }).click();
    await expect.poll(() => page.locator('#cart-count').getAttribute('data-count')).toBe(String(before + 1));
    expect(await page.locator('#cart-count').textContent()).toBe(String(before + 1));
    // Still the same page: no navigation happened.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(productPath);
    await page.locator('#buy-added').getByRole('link').waitFor();
  });

  for (const [role, who] of [
    ['owner', owner],
    ['community_manager', cm],
    ['moderator', moderator],
  ] as const) {
    it(`a brand's ${role.replace('_', ' ')} reaches the back-office and each section their role allows`, async () => {
      const page = await as(who);
      // Their own shopping pages are in the menu too.
      await fromMenu(page, 'Mes commandes');
      await page.waitForURL('**/orders');
      await fromMenu(page, `Gérer ${brandName}`);
      await page.waitForURL(`**/brands/${brand}/manage`);
      await page.getByRole('heading', { level: 1, name: `${brandName} : vue d’ensemble` }).waitFor();
      const links = sideBar(page).locator('.bo-list > li > a');
      const hrefs = await links.evaluateAll((els) => els.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual([...SECTIONS[role].map((s) => `/brands/${brand}/${s}`), `/@${brand}`]);
      // The owner opens every section; the other roles' sections are among the owner's, so they
      // open their last one only (their list above is what differs).
      for (const section of role === 'owner' ? SECTIONS[role].slice(1) : SECTIONS[role].slice(-1)) {
        await sideBar(page).locator(`a[href="/brands/${brand}/${section}"]`).click();
        await page.waitForURL((url) => url.pathname === `/brands/${brand}/${section}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect(await sideBar(page).locator('a[aria-current="page"]').getAttribute('href')).toBe(
          `/brands/${brand}/${section}`,
        );
      }
    });
  }

  it('the header shows "Gérer" to team members, and the brand page too', async () => {
    const page = await as(cm);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Gérer' }).click();
    await page.waitForURL(`**/brands/${brand}/manage`);
    await page.goto(`/@${brand}`);
    await page.locator('.profile-manage').click();
    await page.waitForURL(`**/brands/${brand}/manage`);

    const outsider = await as(shopper);
    await outsider.goto(`/@${brand}`);
    expect(await outsider.locator('.profile-manage').count()).toBe(0);
    const res = await outsider.goto(`/brands/${brand}/manage`);
    expect(res?.status()).toBe(404);
  });

  it('a platform moderator reaches the moderation queue, orders, cart and reviews', async () => {
    const page = await as(platform);
    await fromMenu(page, 'Modération');
    await page.waitForURL('**/moderation**');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await fromMenu(page, 'Mes commandes');
    await page.waitForURL('**/orders');
    await fromMenu(page, /^Panier/);
    await page.waitForURL('**/cart');
    await fromMenu(page, 'Mes avis');
    await page.waitForURL('**/me/reviews');
  });
});

describe('on a phone (390×844)', () => {
  const phone = { width: 390, height: 844 };

  it('the header is one row and no admin page scrolls sideways', async () => {
    const page = await as(owner, phone);
    const widths: Record<string, number> = {};
    for (const section of ADMIN_PAGES) {
      await page.goto(`/brands/${brand}/${section}`);
      widths[section] = await page.evaluate(() => document.documentElement.scrollWidth);
      const header = await page.locator('header.topbar').boundingBox();
      expect(header!.height, section).toBeLessThan(64);
    }
    expect(Object.entries(widths).filter(([, w]) => w > 390)).toEqual([]);
    for (const path of ['/home', '/orders', '/cart', productPath]) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
  });

  it('the back-office menu opens on a phone, and the account menu holds "acting as" in full', async () => {
    const page = await as(owner, phone);
    await page.goto(`/brands/${brand}/manage`);
    expect(await sideBar(page).first().isVisible()).toBe(false);
    await page.locator('.bo-menu > summary').click();
    await page.locator('.bo-menu').getByRole('link', { name: 'Équipe', exact: true }).click();
    await page.waitForURL(`**/brands/${brand}/team`);

    await page.getByLabel('Menu du compte').click();
    const select = page.locator('.menu-panel').getByLabel('Agir en tant que');
    await select.waitFor();
    const fits = await select.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    const box = await page.locator('.menu-panel').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });
});
