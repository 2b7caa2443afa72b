/**
 * Places in a real browser, with a faked position: a person finds a shop nearby with "use my
 * location", opens it, checks in (the browser's position fills the form) and sees the special's
 * code; the shop's staff redeems it on the redeem page, and a second time is refused. No tile
 * server is configured here: the pages show the list and the plain plot.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createBrand, setMember, signUp as createPerson } from '../../src/modules/accounts';
import { createPlace, createSpecial } from '../../src/modules/places';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const axeSource = createRequire(import.meta.url)('axe-core').source as string;

/** axe-core's serious and critical WCAG A/AA findings on the page, as "rule: targets" lines. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated by the browser's tooling, so the page's Content-Security-Policy does not apply.
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return (result.violations as { id: string; impact: string; nodes: { target: unknown[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  return found;
}

// Place Bellecour, Lyon; the person stands 40 m away.
const SHOP = { lat: 45.757814, lon: 4.832011 };
const HERE = { latitude: 45.75785, longitude: 4.83252 };

describe('places', () => {
  it('finds a place nearby, checks in, shows the code, and the staff redeems it once', async () => {
    const ctx = e2e.server.ctx;
    const owner = person('gerante', 'Gérante Lin');
    const staff = person('vendeur', 'Vendeur Lin');
    const visitor = person('chloe', 'Chloé Passante');
    const ownerAccount = await createPerson({ db: ctx.db }, owner);
    const staffAccount = await createPerson({ db: ctx.db }, staff);
    await createPerson({ db: ctx.db }, visitor);
    const brand = await createBrand({ db: ctx.db }, ownerAccount.id, {
      username: `lin_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Maison Lin',
    });
    await setMember({ db: ctx.db }, ownerAccount.id, brand.id, staffAccount.id, 'staff');
    const place = await createPlace(ctx, ownerAccount.id, brand.id, {
      name: 'Maison Lin Bellecour',
      address: '1 place Bellecour',
      postcode: '69002',
      city: 'Lyon',
      lat: SHOP.lat,
      lon: SHOP.lon,
      category: 'shop',
      opening_hours: { '1': ['10:00-19:00'], '6': ['10:00-13:00', '14:00-19:00'] },
    });
    await createSpecial(ctx, ownerAccount.id, place.id, { kind: 'check_in', title: 'Un café offert' });

    // The visitor's browser knows where she is and may say so.
    const context = await e2e.browser.newContext({
      baseURL: e2e.url,
      locale: 'fr-FR',
      extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
      viewport: { width: 1280, height: 900 },
      geolocation: { ...HERE, accuracy: 15 },
      permissions: ['geolocation'],
    });
    try {
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await logIn(page, visitor.username, visitor.password);
      await page.goto('/places');
      await page.getByRole('button', { name: 'Utiliser ma position' }).click();
      await page.waitForURL(/\/places\?lat=45\.75/);
      const item = page.locator('.places-item', { hasText: 'Maison Lin Bellecour' });
      await item.waitFor();
      expect(await item.locator('.places-distance').textContent()).toMatch(/^\d+ m$/);
      // No tile server: the list and the plain plot, no map.
      await page.locator('.places-plot-svg').waitFor();
      expect(await page.locator('.places-leaflet').count()).toBe(0);
      expect(await violations(page)).toEqual([]);
      await e2e.screenshot(page, 'nearby-1280');
      await page.setViewportSize({ width: 390, height: 844 });
      await e2e.screenshot(page, 'nearby-390');
      await page.setViewportSize({ width: 1280, height: 900 });

      await item.getByRole('link', { name: 'Maison Lin Bellecour' }).click();
      await page.waitForURL(`**/places/${place.id}`);
      await page.getByRole('heading', { name: 'Maison Lin Bellecour' }).waitFor();
      await page.getByLabel('Rester discret (moi seul)').check();
      await page.getByRole('button', { name: 'Faire un check-in' }).click();
      await page.getByText('Check-in compté !').waitFor();
      const code = (await page.locator('.places-code').first().textContent())?.trim() ?? '';
      expect(code).toMatch(/^[A-Z0-9]{6,}$/);
      expect(await violations(page)).toEqual([]);
      await e2e.screenshot(page, 'checked-in-1280');
      await page.setViewportSize({ width: 390, height: 844 });
      await e2e.screenshot(page, 'checked-in-390');

      // At the counter.
      const counter = await e2e.newPage({ locale: 'fr' });
      await logIn(counter, staff.username, staff.password);
      await counter.goto(`/brands/${brand.username}/places/redeem`);
      await counter.getByLabel('Code de l’offre').fill(code.toLowerCase());
      await counter.getByRole('button', { name: 'Valider', exact: true }).click();
      await counter.locator('#redeem-result', { hasText: 'Code accepté' }).waitFor();
      expect(await violations(counter)).toEqual([]);
      await counter.setViewportSize({ width: 390, height: 844 });
      await e2e.screenshot(counter, 'redeemed-390');
      await counter.getByLabel('Code de l’offre').fill(code);
      await counter.getByRole('button', { name: 'Valider', exact: true }).click();
      await counter.locator('#redeem-result', { hasText: 'Code déjà utilisé' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('draws a Leaflet map when a tile server answers, and falls back to the plot when it does not', async () => {
    const ctx = e2e.server.ctx;
    const owner = await createPerson({ db: ctx.db }, person('carto', 'Carto Graphe'));
    const brand = await createBrand({ db: ctx.db }, owner.id, {
      username: `carte_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Maison Carte',
    });
    const place = await createPlace(ctx, owner.id, brand.id, {
      name: 'Maison Carte',
      address: '3 place Bellecour',
      lat: SHOP.lat,
      lon: SHOP.lon,
    });
    const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#dfe8d8' } })
      .png()
      .toBuffer();
    ctx.config.placesTileUrl = 'https://tiles.example.test/{z}/{x}/{y}.png';
    ctx.config.placesTileAttribution = 'Tuiles de test';
    try {
      const page = await e2e.newPage({ locale: 'fr' });
      await page.route('https://tiles.example.test/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: tile }),
      );
      await page.goto(`/places/${place.id}`);
      await page.locator('.places-map.has-tiles .leaflet-marker-icon').waitFor();
      expect(await page.locator('.places-plot-svg').isVisible()).toBe(false);
      expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('Tuiles de test');
      await e2e.screenshot(page, 'place-with-tiles-1280');

      // The tile server is down: the map goes, the plot stays.
      const down = await e2e.newPage({ locale: 'fr' });
      await down.route('https://tiles.example.test/**', (route) => route.abort());
      await down.goto(`/places/${place.id}`);
      await expect.poll(() => down.locator('.places-leaflet').count(), { timeout: 15_000 }).toBe(0);
      expect(await down.locator('.places-plot-svg').isVisible()).toBe(true);
    } finally {
      ctx.config.placesTileUrl = undefined;
      ctx.config.placesTileAttribution = '';
    }
  });
});
