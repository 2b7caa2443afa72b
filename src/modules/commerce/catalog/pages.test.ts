import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../../test/support/browser-session';
import { updateProfile } from '../../accounts';
import { brandTeam, pngBytes, type Team } from '../../../../test/support/catalog';
import { addProductImage } from './images';
import { createCollection } from './collections';
import { createProduct } from './products';
import { getProduct, listProducts } from './read';
import type { ProductView } from './model';

let t: TestApp;
let team: Team;
let comte: ProductView;
let tshirt: ProductView;
let draft: ProductView;

beforeAll(async () => {
  t = await createTestApp();
  team = await brandTeam(t, { displayName: 'Fromagerie <Lumière>' });
  await updateProfile({ db: t.ctx.db }, team.brand.id, { primaryColor: '#1d4ed8' });
  comte = await createProduct(t.ctx, team.owner.id, team.brand.id, {
    title: 'Comté 24 mois',
    description: 'Un comté **fruité**.\n\n<script>alert("x")</script>\n\n- lait cru\n- Jura',
    status: 'published',
    attributes: { Affinage: '24 mois', Lait: 'cru' },
    variants: [{ sku: 'CMT-250', priceAmount: 1250, compareAtAmount: 1500, stock: 3 }],
  });
  await addProductImage(t.ctx, team.owner.id, comte.id, await pngBytes(), 'Une meule de comté entamée');
  comte = await getProduct(t.ctx, team.owner.id, comte.id);
  tshirt = await createProduct(t.ctx, team.owner.id, team.brand.id, {
    title: 'T-shirt',
    status: 'published',
    variants: [
      { sku: 'TS-S', options: { Taille: 'S' }, priceAmount: 2000, stock: 0 },
      { sku: 'TS-M', options: { Taille: 'M' }, priceAmount: 2200, stock: 12 },
    ],
  });
  draft = await createProduct(t.ctx, team.owner.id, team.brand.id, {
    title: 'Produit secret',
    status: 'draft',
    variants: [{ sku: 'SEC-1', priceAmount: 100, stock: 1 }],
  });
  await createCollection(t.ctx, team.owner.id, team.brand.id, { title: 'Fromages', productIds: [comte.id] });
});
afterAll(() => t.close());

const visitor = () => new BrowserSession(t);
const signedIn = async (accountId: string, lang = 'fr') => {
  const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  await browser.actAs(accountId);
  return browser;
};

function jsonLd(html: string): any {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'JSON-LD script').not.toBeNull();
  return JSON.parse(m![1]);
}
const meta = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key.replace(/[:.]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];

describe('the product page', () => {
  it('renders for visitors with price TTC, VAT, compare-at price, stock and the buy form', async () => {
    const { status, html } = await visitor().page(`/@${team.brand.username}/products/${comte.id}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1 id="product-title">Comté 24 mois</h1>');
    expect(unescapeHtml(html)).toMatch(/12,50\s€/);
    expect(html).toContain('TTC');
    expect(unescapeHtml(html)).toMatch(/dont TVA \(20 %, France\) : 2,08\s€/);
    expect(html).toMatch(/<s class="price-old">[\s\S]*15,00/);
    expect(html).toContain('Plus que 3 exemplaires');
    expect(html).toContain('<form method="post" action="/cart/items"');
    expect(html).toContain(`<input type="hidden" name="variant_id" value="${comte.variants[0].id}"/>`);
    expect(html).toMatch(/<input id="buy-quantity" name="quantity" type="number"/);
    expect(html).toContain('Ajouter au panier');
    expect(html).toMatch(/<button type="submit" class="button primary" formaction="\/checkout\/now">Acheter<\/button>/);
    expect(html).toContain('<section id="reviews"');
    expect(html).toContain('<th scope="row">Affinage</th><td>24 mois</td>');
    expect(html).toContain('alt="Une meule de comté entamée"');
    expect(html).toContain('--brand-primary:#1d4ed8');
  });

  it('escapes the description’s HTML and renders its Markdown', async () => {
    const { html } = await visitor().page(`/@${team.brand.username}/products/${comte.id}`);
    expect(html).toContain('Un comté <strong>fruité</strong>.');
    expect(html).toContain('<ul><li>lait cru</li><li>Jura</li></ul>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
  });

  it('has Open Graph, Twitter and schema.org Product tags for link previews', async () => {
    const { html } = await visitor().page(`/@${team.brand.username}/products/${comte.id}`);
    expect(meta(html, 'og:type')).toBe('product');
    expect(meta(html, 'og:title')).toBe('Comté 24 mois');
    expect(meta(html, 'og:description')).toBe(
      'Un comté fruité. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; lait cru Jura',
    );
    expect(meta(html, 'og:image')).toMatch(/^http:\/\/localhost:3000\/media\/.+\.webp$/);
    expect(meta(html, 'product:price:amount')).toBe('12.50');
    expect(meta(html, 'product:price:currency')).toBe('EUR');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    const ld = jsonLd(html);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Comté 24 mois',
      sku: 'CMT-250',
      image: [meta(html, 'og:image')],
      brand: { '@type': 'Brand', name: 'Fromagerie <Lumière>' },
      offers: {
        '@type': 'Offer',
        price: '12.50',
        priceCurrency: 'EUR',
        availability: 'https://schema.org/InStock',
        url: `http://localhost:3000/@${team.brand.username}/products/${comte.id}`,
      },
    });
    expect(ld.description).toContain('<script>alert("x")</script>'); // as data, escaped for the script element:
    const raw = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(raw).not.toMatch(/[<>]/);
    expect(raw).toContain('\\u003cscript\\u003e');
  });

  it('offers a variant choice without JavaScript and shows the chosen variant', async () => {
    const page = `/@${team.brand.username}/products/${tshirt.id}`;
    const { html } = await visitor().page(page);
    // The first variant in stock is shown first.
    expect(html).toContain(`name="variant_id" value="${tshirt.variants[1].id}"`);
    expect(html).toMatch(/<form method="get" action="[^"]+" class="variant-chooser">/);
    expect(html).toMatch(/<select id="variant-select" name="variant" data-autosubmit="">/);
    expect(unescapeHtml(html)).toMatch(/S — 20,00\s€ — Épuisé/);
    const chosen = await visitor().page(`${page}?variant=${tshirt.variants[0].id}`);
    expect(chosen.html).toContain(`name="variant_id" value="${tshirt.variants[0].id}"`);
    expect(chosen.html).toMatch(/<span class="stock-badge is-out">.*Épuisé/);
    expect(chosen.html).toMatch(/<button type="submit" class="button secondary" disabled=""[^>]*>Ajouter au panier/);
    const ld = jsonLd(html);
    expect(ld.offers).toMatchObject({
      '@type': 'AggregateOffer',
      lowPrice: '20.00',
      highPrice: '22.00',
      priceCurrency: 'EUR',
      offerCount: 2,
      availability: 'https://schema.org/InStock',
    });
    expect(ld.offers.offers.map((o: { availability: string }) => o.availability)).toEqual([
      'https://schema.org/OutOfStock',
      'https://schema.org/InStock',
    ]);
  });

  it('is a 404 for a draft unless one is on the team, and for unknown ids or the wrong brand', async () => {
    const path = `/@${team.brand.username}/products/${draft.id}`;
    expect((await visitor().page(path)).status).toBe(404);
    expect((await (await signedIn(team.outsider.id)).page(path)).status).toBe(404);
    const seen = await (await signedIn(team.staff.id)).page(path);
    expect(seen.status).toBe(200);
    expect(seen.html).toContain('Brouillon : seule l’équipe');
    expect(
      (await visitor().page(`/@${team.brand.username}/products/0190aaaa-0000-7000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await visitor().page(`/@${team.owner.account.username}/products/${comte.id}`)).status).toBe(404);
  });

  it('speaks English', async () => {
    const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    const { html } = await browser.page(`/@${team.brand.username}/products/${comte.id}`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('incl. VAT');
    expect(html).toContain('Add to cart');
    expect(html).toContain('Only 3 left');
    expect(unescapeHtml(html)).toMatch(/of which VAT \(20%, France\): €2.08/);
  });
});

describe('the Shop tab', () => {
  it('shows the published products with prices, stock and collections', async () => {
    const { status, html } = await visitor().page(`/@${team.brand.username}/shop`);
    expect(status).toBe(200);
    expect(html).toContain('Comté 24 mois');
    expect(html).toContain('T-shirt');
    expect(html).not.toContain('Produit secret');
    expect(unescapeHtml(html)).toMatch(/à partir de <\/span><span class="price">20,00\s€/);
    expect(html).toContain('Plus que 3 exemplaires');
    expect(html).toContain('En stock');
    expect(html).toMatch(/<a href="\/@[^"]+\/shop" aria-current="page">Boutique<\/a>/);
    expect(html).toContain('Fromages');
    const filtered = await visitor().page(
      `/@${team.brand.username}/shop?collection=${(await t.call('GET', `/api/v1/brands/${team.brand.id}/collections`).then((r) => r.json()))[0].id}`,
    );
    expect(filtered.html).toContain('Comté 24 mois');
    expect(filtered.html).not.toContain('>T-shirt<');
  });

  it('is linked from the brand profile, and a person has no shop', async () => {
    const { html } = await visitor().page(`/@${team.brand.username}`);
    expect(html).toContain(`href="/@${team.brand.username}/shop"`);
    expect((await visitor().page(`/@${team.owner.account.username}/shop`)).status).toBe(404);
  });
});

describe('the team’s catalog pages', () => {
  it('are for owners and admins only', async () => {
    const path = `/brands/${team.brand.username}/products`;
    const anonymous = await visitor().get(path);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login?next=');
    expect((await (await signedIn(team.staff.id)).page(path)).status).toBe(403);
    const list = await (await signedIn(team.admin.id)).page(path);
    expect(list.status).toBe(200);
    expect(list.html).toContain('Produit secret');
    expect(list.html).toContain('Brouillon');
    expect(list.html).toContain(`/api/v1/brands/${team.brand.id}/catalog.csv`);
  });

  it('create a product with variants from the form, with prices in euros', async () => {
    const browser = await signedIn(team.owner.id);
    const form = await browser.page(`/brands/${team.brand.username}/products/new`);
    expect(form.status).toBe(200);
    const bad = await browser.post(`/brands/${team.brand.username}/products/new`, {
      title: 'Yaourt',
      status: 'published',
      kind: 'physical',
      currency: 'EUR',
      'option_names[0]': 'Parfum',
      'variants[0][sku]': 'YA-1',
      'variants[0][option0]': 'Nature',
      'variants[0][price]': '2,5x',
      'variants[0][stock]': '10',
    });
    expect(bad.status).toBe(422);
    const badHtml = await browser.html(bad);
    expect(badHtml).toContain('« 2,5x » n’est pas un prix');
    expect(badHtml).toContain('aria-invalid="true"');

    const ok = await browser.post(`/brands/${team.brand.username}/products/new`, {
      title: 'Yaourt',
      description: 'Au lait **entier**.',
      status: 'published',
      kind: 'physical',
      currency: 'EUR',
      attributes: 'Lait : entier\nOrigine : Savoie',
      'option_names[0]': 'Parfum',
      'variants[0][sku]': 'YA-1',
      'variants[0][option0]': 'Nature',
      'variants[0][price]': '2,50',
      'variants[0][stock]': '10',
      'variants[1][sku]': 'YA-2',
      'variants[1][option0]': 'Vanille',
      'variants[1][price]': '2.90',
      'variants[1][compare_at]': '3,20',
      'variants[1][stock]': '4',
      'variants[2][sku]': '',
      'variants[2][price]': '',
    });
    expect(ok.status).toBe(303);
    const editUrl = ok.headers.get('location')!;
    expect(editUrl).toMatch(/\/edit\?saved=created$/);
    const [yaourt] = (await listProducts(t.ctx, team.owner.id, team.brand.id)).filter((p) => p.title === 'Yaourt');
    expect(yaourt).toMatchObject({ status: 'published', attributes: { Lait: 'entier', Origine: 'Savoie' } });
    expect(yaourt.variants.map((v) => [v.sku, v.options, v.priceAmount, v.compareAtAmount, v.stock])).toEqual([
      ['YA-1', { Parfum: 'Nature' }, 250, null, 10],
      ['YA-2', { Parfum: 'Vanille' }, 290, 320, 4],
    ]);

    // Editing: the stock typed is applied as a change, so a sale made meanwhile is kept.
    const edit = await browser.page(editUrl);
    expect(edit.html).toContain('Produit créé.');
    expect(edit.html).toContain('value="2,50"');
    await t.call('POST', `/api/v1/variants/${yaourt.variants[0].id}/stock`, {
      token: team.owner.token,
      body: { adjust: -1 },
    });
    const saved = await browser.post(`/brands/${team.brand.username}/products/${yaourt.id}/edit`, {
      title: 'Yaourt fermier',
      description: 'Au lait **entier**.',
      status: 'published',
      kind: 'physical',
      currency: 'EUR',
      attributes: 'Lait : entier',
      'option_names[0]': 'Parfum',
      'variants[0][id]': yaourt.variants[0].id,
      'variants[0][stock_seen]': '10',
      'variants[0][sku]': 'YA-1',
      'variants[0][option0]': 'Nature',
      'variants[0][price]': '2,60',
      'variants[0][stock]': '15',
      'variants[1][id]': yaourt.variants[1].id,
      'variants[1][stock_seen]': '4',
      'variants[1][sku]': 'YA-2',
      'variants[1][option0]': 'Vanille',
      'variants[1][price]': '2,90',
      'variants[1][stock]': '4',
      'variants[1][remove]': '1',
    });
    expect(saved.status).toBe(303);
    const after = await getProduct(t.ctx, team.owner.id, yaourt.id);
    expect(after.title).toBe('Yaourt fermier');
    expect(after.variants.map((v) => [v.sku, v.priceAmount, v.stock])).toEqual([['YA-1', 260, 14]]);

    const taken = await browser.post(`/brands/${team.brand.username}/products/new`, {
      title: 'Doublon',
      currency: 'EUR',
      'variants[0][sku]': 'YA-1',
      'variants[0][price]': '1',
    });
    expect(taken.status).toBe(422);
    expect(await browser.html(taken)).toContain('La référence « YA-1 » est déjà utilisée');

    const more = await browser.post(`/brands/${team.brand.username}/products/${yaourt.id}/edit`, {
      intent: 'add_row',
      title: 'Yaourt fermier',
      'variants[0][sku]': 'YA-1',
      'variants[0][price]': '2,60',
    });
    expect(more.status).toBe(200);
    expect(await browser.html(more)).toContain('name="variants[1][sku]"');
  });

  it('upload images with alt text, and import a CSV showing per-row errors', async () => {
    const browser = await signedIn(team.owner.id);
    const png = await pngBytes();
    const res = await browser.post(`/brands/${team.brand.username}/products/${tshirt.id}/images`, {
      file: new File([new Uint8Array(png)], 'tshirt.png', { type: 'image/png' }),
      alt: 'T-shirt bleu plié',
    });
    expect(res.status).toBe(303);
    expect((await getProduct(t.ctx, null, tshirt.id)).images.map((i) => i.alt)).toEqual(['T-shirt bleu plié']);

    const page = await browser.page(`/brands/${team.brand.username}/catalog/import`);
    expect(page.status).toBe(200);
    const csv = 'product_title,sku,price,stock\nSel de Guérande,SEL-1,3.50,20\nSel de Guérande,SEL-2,"12,5x",2\n';
    const imported = await browser.post(`/brands/${team.brand.username}/catalog/import`, {
      file: new File([csv], 'catalogue.csv', { type: 'text/csv' }),
    });
    expect(imported.status).toBe(200);
    const html = await browser.html(imported);
    expect(html).toContain('1 variante créée');
    expect(html).toContain('1 ligne ignorée');
    expect(html).toMatch(/<td>3<\/td><td><code>price<\/code><\/td><td>« 12,5x » n’est pas un prix/);
  });
});
