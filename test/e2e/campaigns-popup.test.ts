/**
 * Campaigns in a real browser: a pop-up store opening a few seconds later shows its countdown and
 * a "notify me" button, then (the page reloads itself at zero; the test reloads until the server
 * says so) its products with Buy buttons, and the order is attributed to it. A follower from
 * before the announcement buys a product during its early access, while others see when it
 * opens for them.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createPopup } from '../../src/modules/campaigns';
import { createProduct, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { follow } from '../../src/modules/social';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Paule Popup');
const bruno = person('bruno', 'Bruno Petit');
const fanny = person('fanny', 'Fanny Fidèle');
const title = `Raclette ${Date.now().toString(36).slice(-4)}`;
const earlyTitle = `Vacherin ${Date.now().toString(36).slice(-4)}`;

let brand: { id: string; username: string };
let ownerId: string;
let productId: string;
let earlyProductId: string;

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [o, b, f] = await Promise.all([createPerson(db, owner), createPerson(db, bruno), createPerson(db, fanny)]);
  ownerId = o.id;
  const created = await createBrand(db, o.id, {
    username: `popup_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Fromagerie Éphémère',
  });
  brand = { id: created.id, username: created.username };
  for (const buyer of [b, f]) {
    await saveAddress(
      ctx.db,
      buyer.id,
      { name: 'Client', line1: '3 place Bellecour', postal_code: '69002', city: 'Lyon', country: 'FR' },
      true,
    );
    await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  }
  // Fanny follows the brand before its early access is announced.
  await follow(ctx, f.id, brand.id);
  const p = await createProduct(ctx, o.id, brand.id, {
    title,
    status: 'published',
    variants: [{ sku: 'RAC-1', priceAmount: 1590, currency: 'EUR', stock: 5 }],
  });
  productId = p.id;
  const early = await createProduct(ctx, o.id, brand.id, {
    title: earlyTitle,
    status: 'published',
    launchesAt: new Date(Date.now() + 3_600_000).toISOString(),
    earlyAccessHours: 2,
    variants: [{ sku: 'VAC-1', priceAmount: 2190, currency: 'EUR', stock: 5 }],
  });
  earlyProductId = early.id;
});

async function as(who: typeof bruno): Promise<Page> {
  const page = await e2e.newPage();
  await logIn(page, who.username);
  return page;
}

const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('pop-up stores in the browser', () => {
  it('counts down, lets a follower ask to be told, opens, and sells through the pop-up', async () => {
    const popup = await createPopup(e2e.server.ctx, ownerId, brand.id, {
      title: 'Raclette party',
      starts_at: new Date(Date.now() + 20_000).toISOString(),
      ends_at: new Date(Date.now() + 3_600_000).toISOString(),
      product_ids: [productId],
    });
    const page = await as(bruno);
    await page.goto(`/popups/${popup.id}`);
    const article = page.locator('article.popup-page');
    expect(await article.getAttribute('data-popup-state')).toBe('scheduled');
    const timer = page.getByRole('timer');
    await timer.waitFor();
    expect(clean(await timer.textContent())).toMatch(/\d+ d \d{2} h \d{2} min \d{2} s/);
    await e2e.screenshot(page, 'popup-countdown', { fullPage: false });
    await page.getByRole('button', { name: 'Notify me' }).click();
    await page.getByText('you will be notified when it opens').first().waitFor();

    // The opening: the page reloads itself at zero; reload too, until the server says it is open.
    await expect
      .poll(
        async () => {
          const state = await page
            .locator('article.popup-page')
            .getAttribute('data-popup-state', { timeout: 2000 })
            .catch(() => null);
          if (state !== 'open') await page.reload().catch(() => {});
          return state;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('open');
    const tile = page.locator('.popup-product').filter({ hasText: title });
    await tile.getByRole('link', { name: 'Buy' }).click();
    const dialog = page.locator('dialog#buy-dialog');
    await dialog.locator('form.buy-form').waitFor();
    expect(await dialog.locator('input[name="popup_id"]').getAttribute('value')).toBe(popup.id);
    await dialog.locator('form.buy-form button[type="submit"]').click();
    await dialog.locator('.buy-confirmation').waitFor();
    await e2e.screenshot(page, 'popup-bought', { fullPage: false });
    const linked = await queryRows<{ n: number }>(
      e2e.server.ctx.db,
      sql`select count(*)::int as n from popup_orders where popup_id = ${popup.id}`,
    );
    expect(linked[0]!.n).toBe(1);
  });

  it('a follower from before the announcement buys during early access; others see when it opens for them', async () => {
    const stranger = await as(bruno);
    await stranger.goto(`/@${brand.username}/products/${earlyProductId}`);
    const notice = stranger.locator('section.early-access');
    await notice.waitFor();
    expect(clean(await notice.textContent())).toContain('Open to everyone on');

    const page = await as(fanny);
    await page.goto(`/@${brand.username}/products/${earlyProductId}`);
    const mine = page.locator('section.early-access');
    await mine.waitFor();
    expect(clean(await mine.textContent())).toContain('you may order now');
    await page.getByRole('button', { name: /Buy now/ }).click();
    const form = page.locator('form.buy-form');
    await form.waitFor();
    await form.locator('button[type="submit"]').click();
    const done = page.locator('.buy-confirmation');
    await done.waitFor();
    await e2e.screenshot(page, 'early-access-order', { fullPage: false });
    expect(clean(await done.getByRole('heading').textContent())).toBe('Order paid');
    expect(clean(await done.textContent())).toContain(earlyTitle);
  });
});
