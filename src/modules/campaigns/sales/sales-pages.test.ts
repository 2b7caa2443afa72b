import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../../test/support/browser-session';
import { brandTeam, type Team } from '../../../../test/support/catalog';
import { queryRows } from '../../../db/client';
import { renderJpeg, demoProductArt } from '../../../cli/demo-product-images';
import { addProductImage, createProduct, exportCatalog, importCatalog, OPERATOR } from '../../commerce';
import { priceHistory } from './history';
import { createPriceRule } from './rules';

let t: TestApp;
let team: Team;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  team = await brandTeam(t);
});
afterAll(() => t.close());

async function productAt(price: number, title: string) {
  const view = await createProduct(t.ctx, team.owner.id, team.brand.id, {
    title,
    status: 'published',
    variants: [{ sku: `SK-${title.length}-${price}`, priceAmount: price, compareAtAmount: 9900, stock: 5 }],
  });
  return { id: view.id, variantId: view.variants[0].id };
}

const jsonLd = (html: string) =>
  JSON.parse(unescapeHtml(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]));

describe('pages during a sale', () => {
  it('product page, tile and JSON-LD: sale price, reference price struck through, label and end', async () => {
    const p = await productAt(3000, 'Morbier au lait cru');
    t.clock.advance(40 * DAY);
    await t.call('PATCH', `/api/v1/variants/${p.variantId}`, {
      token: team.owner.token,
      body: { price: { amount: 2500 } },
    });
    t.clock.advance(10 * DAY);
    await createPriceRule(t.ctx, team.owner.id, team.brand.id, {
      label: 'Soldes d’hiver',
      kind: 'percent',
      value: 20,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(7 * DAY),
    });
    const browser = new BrowserSession(t);
    const page = await browser.get(`/@${team.brand.username}/products/${p.id}`);
    expect(page.status).toBe(200);
    const html = await browser.html(page);
    expect(html).toContain('Soldes d’hiver −20 %');
    expect(html).toMatch(/class="price price-large">20,00\s€/);
    expect(html).toMatch(/<s class="price-old">[\s\S]*?25,00\s€/);
    // The brand's own compare-at price (99 €) is never the "before" price during a sale.
    expect(html).not.toMatch(/99,00\s€/);
    const offer = jsonLd(html).offers;
    expect(offer).toMatchObject({
      price: '20.00',
      priceValidUntil: expect.any(String),
      priceSpecification: {
        '@type': 'UnitPriceSpecification',
        priceType: 'https://schema.org/StrikethroughPrice',
        price: '25.00',
      },
    });
    const shop = await browser.html(await browser.get(`/@${team.brand.username}/shop`));
    expect(shop).toContain('Soldes d’hiver −20 %');
    // After the end: the regular price, no label.
    t.clock.advance(8 * DAY);
    const after = await browser.html(await browser.get(`/@${team.brand.username}/products/${p.id}`));
    expect(after).not.toContain('Soldes d’hiver');
    expect(jsonLd(after).offers.price).toBe('25.00');
    expect(jsonLd(after).offers.priceSpecification).toBeUndefined();
  });
});

describe('"from" prices during a sale', () => {
  it('the visitors’ landing and the shop tile show the cheapest variant’s sale price, its reference struck through', async () => {
    const view = await createProduct(t.ctx, team.owner.id, team.brand.id, {
      title: 'Tomme de Savoie',
      status: 'published',
      variants: [
        { sku: 'TOMME-S', options: { size: '500 g' }, priceAmount: 1500, stock: 5 },
        { sku: 'TOMME-L', options: { size: '1 kg' }, priceAmount: 2800, stock: 5 },
      ],
    });
    const [art] = demoProductArt('Tomme de Savoie');
    await addProductImage(t.ctx, team.owner.id, view.id, await renderJpeg(art!.svg), art!.alt);
    t.clock.advance(31 * DAY);
    await createPriceRule(t.ctx, team.owner.id, team.brand.id, {
      label: 'Déstockage',
      kind: 'percent',
      value: 20,
      product_ids: [view.id],
      starts_at: iso(-1000),
      ends_at: iso(7 * DAY),
    });
    const browser = new BrowserSession(t);
    const landing = await browser.html(await browser.get('/'));
    const tile = landing.slice(landing.indexOf('Tomme de Savoie'));
    expect(tile).toMatch(/À partir de 12,00\s€/);
    expect(tile).toMatch(/<s class="price-old">[\s\S]*?15,00\s€/);
    expect(tile).toContain('Déstockage −20 %');
    const shop = await browser.html(await browser.get(`/@${team.brand.username}/shop`));
    const shopTile = shop.slice(shop.indexOf('Tomme de Savoie'));
    expect(shopTile).toMatch(/12,00\s€/);
    expect(shopTile).toMatch(/<s class="price-old">[\s\S]*?15,00\s€/);
    expect(shopTile).toContain('Déstockage −20 %');
  });
});

describe('the price history through every path', () => {
  it('a CSV import records the new price', async () => {
    const p = await productAt(1000, 'Raclette fumée');
    t.clock.advance(DAY);
    const csv = await exportCatalog(t.ctx, OPERATOR, team.brand.id);
    const changed = csv
      .split('\r\n')
      .map((line) => (line.includes('Raclette fumée') ? line.replace(',10.00,', ',8.00,') : line))
      .join('\r\n');
    expect(changed).not.toBe(csv);
    const result = await importCatalog(t.ctx, team.owner.id, team.brand.id, changed);
    expect(result.updated).toBeGreaterThan(0);
    expect((await priceHistory(t.ctx.db, [p.variantId])).get(p.variantId)!.map((h) => h.amount)).toEqual([1000, 800]);
  });
});

describe('the Sales back-office page', () => {
  it('owners create a collection sale from the form; errors are said in words; community managers are refused', async () => {
    const p = await productAt(1500, 'Bleu de Gex');
    const col = await t.call('POST', `/api/v1/brands/${team.brand.id}/collections`, {
      token: team.owner.token,
      body: { title: 'Fromages d’hiver', product_ids: [p.id] },
    });
    const collectionId = (await col.json()).id as string;
    const owner = new BrowserSession(t);
    await owner.actAs(team.owner.id);
    const base = `/brands/${team.brand.username}/sales`;
    const page = await owner.get(base);
    expect(page.status).toBe(200);
    expect(await owner.html(page)).toContain('Fromages d’hiver');
    const fields = {
      label: 'Soldes d’hiver',
      kind: 'percent',
      value: '30',
      target: 'collection',
      collection_id: collectionId,
      starts_at: '2020-01-01T08:00',
      ends_at: '2099-01-01T08:00',
    };
    const bad = await owner.post(base, { ...fields, ends_at: '2019-12-31T08:00' });
    expect(bad.status).toBe(422);
    expect(await owner.html(bad)).toContain('La fin vient après le début.');
    const created = await owner.post(base, fields);
    expect(created.status).toBe(303);
    const [rule] = await queryRows<{ starts_at: string; scope: string }>(
      t.ctx.db,
      sql`select starts_at, scope from price_rules where brand_id = ${team.brand.id} and collection_id = ${collectionId}`,
    );
    expect(rule.scope).toBe('collection');
    // 08:00 in Paris in January is 07:00 UTC.
    expect(new Date(rule.starts_at).toISOString()).toBe('2020-01-01T07:00:00.000Z');
    const product = await (await t.call('GET', `/api/v1/products/${p.id}`)).json();
    expect(product.variants[0]).toMatchObject({ price: { amount: 1050 }, sale: { label: 'Soldes d’hiver' } });
    const cm = new BrowserSession(t);
    await cm.actAs(team.communityManager.id);
    expect((await cm.get(base)).status).toBe(403);
    expect((await cm.post(base, fields)).status).toBe(403);
  });
});
