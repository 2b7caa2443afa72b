/**
 * Ambassadors in a real browser: a signed-out visitor follows an ambassador's short link (it lands
 * on the product page and leaves the referral cookie), signs in, buys the product, and the brand's
 * order page shows which ambassador brought the order, and the ambassador sees the commission
 * pending on their earnings page.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { addAmbassador, makeLink, saveProgram } from '../../src/modules/ambassadors';
import { createProduct, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Canut');
const amba = person('amba', 'Ambre Ambassadrice');
const buyer = person('buyer', 'Basile Acheteur');
const title = `Saint-Marcellin ${Date.now().toString(36).slice(-4)}`;

let brand: { id: string; username: string };
let productId: string;
let code: string;
let buyerId: string;
let ambassadorId: string;

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [o, a, b] = await Promise.all([createPerson(db, owner), createPerson(db, amba), createPerson(db, buyer)]);
  buyerId = b.id;
  const created = await createBrand(db, o.id, {
    username: `canuts_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Fromagerie des Canuts',
  });
  brand = { id: created.id, username: created.username };
  const p = await createProduct(ctx, o.id, brand.id, {
    title,
    status: 'published',
    variants: [{ sku: 'SM-1', priceAmount: 650, currency: 'EUR', stock: 10 }],
  });
  productId = p.id;
  await saveProgram(ctx, o.id, brand.id, { commission_percent: 10, window_days: 30 });
  const { ambassador } = await addAmbassador(ctx, o.id, brand.id, a.id, { accept: true });
  ambassadorId = ambassador.id;
  code = (await makeLink(ctx, a.id, ambassador.id, { product_id: productId })).link.code;
  await saveAddress(
    ctx.db,
    b.id,
    { name: 'Basile', line1: '3 place Bellecour', postal_code: '69002', city: 'Lyon', country: 'FR' },
    true,
  );
  await savePaymentMethod(ctx, b.id, { provider: 'test', token: 'tok_mastercard', makeDefault: true });
});

describe('an ambassador’s link in the browser', () => {
  it('a visitor follows it, signs in, buys; the brand’s order page shows the ambassador, who sees the commission', async () => {
    const page = await e2e.newPage();
    // The referral cookie needs the visitor's consent: accepted in the banner first.
    await page.goto('/local');
    await page
      .locator('#consent-banner')
      .getByRole('button', { name: /Accept all|Tout accepter/ })
      .click();
    await page.locator('#consent-banner').waitFor({ state: 'detached' });
    await page.goto(`/r/${code}`);
    expect(new URL(page.url()).pathname).toBe(`/@${brand.username}/products/${productId}`);
    const cookies = await page.context().cookies();
    const ref = cookies.find((c) => c.name === 'comptoir_ref');
    expect(ref?.httpOnly).toBe(true);
    expect(ref?.sameSite).toBe('Lax');

    await logIn(page, buyer.username);
    await page.goto(`/@${brand.username}/products/${productId}`);
    await page.getByRole('button', { name: /Buy now/ }).click();
    const form = page.locator('form.buy-form');
    await form.waitFor();
    await form.locator('button[type="submit"]').click();
    await page.locator('.buy-confirmation').waitFor();
    const [order] = await queryRows<{ id: string }>(
      e2e.server.ctx.db,
      sql`select id from orders where buyer_id = ${buyerId} order by created_at desc limit 1`,
    );
    expect(order).toBeTruthy();

    const team = await e2e.newPage();
    await logIn(team, owner.username);
    await team.goto(`/brands/${brand.username}/orders/${order!.id}`);
    const line = team.locator('.ambassador-attribution');
    await line.waitFor();
    expect((await line.textContent())?.replace(/\s+/g, ' ')).toContain(`Brought by @${amba.username}`);
    await e2e.screenshot(team, 'ambassador-order', { fullPage: false });

    // 10 % of 6.50 €, pending until the return window after delivery has passed.
    const fan = await e2e.newPage();
    await logIn(fan, amba.username);
    await fan.goto(`/ambassador/${ambassadorId}`);
    const pending = fan.locator('[data-balance="pending"]');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('0.65');
    await fan.locator('tr[data-kind="earned"]').waitFor();
  });
});
