/**
 * Consent in a real browser: a visitor refuses in the banner, follows an ambassador's link, lands
 * on the product, and no attribution cookie is set; the footer's "Cookies" link lets them change
 * their mind, after which the same link leaves the cookie. The banner needs no JavaScript.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { addAmbassador, makeLink, saveProgram } from '../../src/modules/ambassadors';
import { createProduct } from '../../src/modules/commerce';
import { person, useE2E } from './support';

const e2e = useE2E();
const owner = person('cowner', 'Colette Fromagère');
const amba = person('camba', 'Camille Ambassadrice');

let brandUsername: string;
let productId: string;
let code: string;

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [o, a] = await Promise.all([createPerson(db, owner), createPerson(db, amba)]);
  const brand = await createBrand(db, o.id, {
    username: `cons_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Crèmerie du Consentement',
  });
  brandUsername = brand.username;
  const p = await createProduct(ctx, o.id, brand.id, {
    title: 'Tomme de consentement',
    status: 'published',
    variants: [{ sku: 'TC-1', priceAmount: 900, currency: 'EUR', stock: 5 }],
  });
  productId = p.id;
  await saveProgram(ctx, o.id, brand.id, { commission_percent: 10, window_days: 30 });
  const { ambassador } = await addAmbassador(ctx, o.id, brand.id, a.id, { accept: true });
  code = (await makeLink(ctx, a.id, ambassador.id, { product_id: productId })).link.code;
});

describe('the consent banner', () => {
  it('refused: the ambassador link still leads to the product and sets no attribution cookie; the footer lets the visitor accept later', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await page.goto('/local');
    const banner = page.locator('#consent-banner');
    await banner.waitFor();
    const refuse = banner.getByRole('button', { name: 'Tout refuser' });
    const accept = banner.getByRole('button', { name: 'Tout accepter' });
    // Refusing is as easy as accepting: two buttons side by side, of the same size.
    const [r, a] = [await refuse.boundingBox(), await accept.boundingBox()];
    expect(r && a && Math.abs(r.height - a.height) < 1).toBe(true);
    await refuse.click();
    await banner.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/local');

    await page.goto(`/r/${code}`);
    expect(new URL(page.url()).pathname).toBe(`/@${brandUsername}/products/${productId}`);
    expect(await page.locator('#consent-banner').count()).toBe(0);
    const names = (await page.context().cookies()).map((c) => c.name);
    expect(names).not.toContain('comptoir_ref');
    expect(names).toContain('comptoir_consent');

    // Changing one's mind: the footer's link, the cookies page, accept.
    await page.locator('footer').getByRole('link', { name: 'Cookies' }).click();
    expect(new URL(page.url()).pathname).toBe('/privacy/cookies');
    await expect.poll(() => page.locator('#consent-current').getAttribute('data-choice')).toBe('refused');
    await page.locator('#cookies').getByRole('button', { name: 'Tout accepter' }).click();
    await expect.poll(() => page.locator('#consent-current').getAttribute('data-choice')).toBe('accepted');

    await page.goto(`/r/${code}`);
    const ref = (await page.context().cookies()).find((c) => c.name === 'comptoir_ref');
    expect(ref?.httpOnly).toBe(true);
  });

  it('works without JavaScript', async () => {
    const page = await e2e.newPage();
    await page.context().route('**/*.js', (route) => route.abort());
    await page.goto('/local');
    await page.locator('#consent-banner').getByRole('button', { name: 'Refuse all' }).click();
    await page.locator('#consent-banner').waitFor({ state: 'detached' });
    await page.goto(`/r/${code}`);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('comptoir_ref');
  });
});
