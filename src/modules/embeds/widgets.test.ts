import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person, shop, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { pageCache } from '../../web/page-cache';
import { uuidv7 } from '../../db/ids';
import { products, variants } from '../../db/schema';
import { suspendAccount } from '../accounts';
import { addProductImage, OPERATOR } from '../commerce';
import { pngBytes } from '../../../test/support/catalog';
import { updatePolicy } from '../moderation';
import { anonymous, brandPost, call, ok, reviewedShop } from './embeds.testkit';

let t: TestApp;
let s: Shop;
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t, { price: 1250, stock: 10 });
  await reviewedShop(t, s);
});
afterAll(() => t.close());

const KB30 = 30 * 1024;

/** What every widget answer must be: light, cookieless, cacheable, framable by the brand's sites only. */
function expectWidget(res: { status: number; headers: Headers; html: string }) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.getSetCookie()).toEqual([]);
  expect(Buffer.byteLength(res.html)).toBeLessThan(KB30);
  expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  expect(res.headers.get('x-frame-options')).toBeNull();
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toMatch(/frame-ancestors [^;]+/);
  // No script but ours (no inline one), no form, and every link leaves in a new tab without the opener.
  expect(res.html).not.toMatch(/<script(?![^>]*src="\/embed\/frame\.js")/);
  expect(res.html).not.toContain('<form');
  for (const link of res.html.match(/<a [^>]*>/g) ?? []) expect(link).toMatch(/target="_blank" rel="noopener"/);
}

async function product(
  brandId: string,
  options: { status?: string; stock?: number; price?: number; title?: string } = {},
) {
  const id = uuidv7();
  await t.ctx.db.insert(products).values({
    id,
    brandId,
    title: options.title ?? `Beaufort ${id.slice(-4)}`,
    status: (options.status ?? 'published') as 'published',
  });
  await t.ctx.db.insert(variants).values({
    id: uuidv7(),
    productId: id,
    brandId,
    sku: `B-${id.slice(-6)}`,
    priceAmount: options.price ?? 2490,
    currency: 'EUR',
    stock: options.stock ?? 10,
  });
  return id;
}

describe('the reviews widget', () => {
  it('shows the average, count, distribution and latest published reviews, verified ones marked, in French', async () => {
    const res = await anonymous(t, `/embed/brands/${s.brand.id}/reviews`);
    expectWidget(res);
    expect(res.html).toContain('data-average="4"');
    expect(res.html).toContain('data-count="2"');
    expect(res.html).toContain('2 avis');
    expect(res.html).toMatch(/data-stars="5"[\s\S]*?<span>1<\/span>/);
    expect(res.html).toMatch(/data-stars="3"[\s\S]*?<span>1<\/span>/);
    expect(res.html).toMatch(/data-stars="1"[\s\S]*?<span>0<\/span>/);
    expect(res.html.match(/Achat vérifié/g)).toHaveLength(1);
    expect(res.html).toContain('Croûte parfaite');
    expect(res.html).toContain('Un peu salé');
    // Pending and rejected reviews never show; their words and their ratings are absent.
    expect(res.html).not.toContain('Encore en attente');
    expect(res.html).not.toContain('Avis refusé');
    // Reviewers' text is escaped.
    expect(res.html).toContain('Un régal &lt;b&gt;vraiment&lt;/b&gt;');
    // The link to all reviews and the legal notice (the brand's page while no legal page exists).
    expect(res.html).toContain(`href="/@${s.brand.username}/shop"`);
    expect(res.html).toContain(`href="/@${s.brand.username}"`);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });

  it('speaks the viewer’s language (Accept-Language, or ?lang=) and wears the brand’s colours', async () => {
    const en = await anonymous(t, `/embed/brands/${s.brand.id}/reviews`, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(en.html).toContain('Verified purchase');
    expect(en.html).toContain('2 reviews');
    expect(en.html).toContain('<html lang="en">');
    const asked = await anonymous(t, `/embed/brands/${s.brand.id}/reviews?lang=en`);
    expect(asked.html).toContain('Verified purchase');
    expect(asked.headers.get('vary')).toContain('Accept-Language');

    await queryRows(
      t.ctx.db,
      sql`update accounts set primary_color = '#1D4ED8', accent_color = '#facc15' where id = ${s.brand.id}`,
    );
    const themed = await anonymous(t, `/embed/brands/${s.brand.id}/reviews?lang=fr`);
    expect(themed.html).toContain('--brand-primary:#1d4ed8');
    expect(themed.html).toContain('--brand-accent:#facc15');
  });

  it('answers 404 for an unknown id, a person, a suspended brand, and anything else under /embed/', async () => {
    for (const url of [
      `/embed/brands/${uuidv7()}/reviews`,
      `/embed/brands/${s.owner.id}/reviews`,
      '/embed/brands/not-an-id/reviews',
      '/embed/whatever',
    ]) {
      const res = await anonymous(t, url);
      expect(res.status, url).toBe(404);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(res.html).toContain('Ce contenu n’est pas disponible.');
    }
    const gone = await shop(t);
    await reviewedShop(t, gone);
    expect((await anonymous(t, `/embed/brands/${gone.brand.id}/reviews`)).status).toBe(200);
    await suspendAccount(t.ctx.db, gone.brand.id, 'spam');
    expect((await anonymous(t, `/embed/brands/${gone.brand.id}/reviews`)).status).toBe(404);
    expect((await anonymous(t, `/embed/products/${gone.productId}`)).status).toBe(404);
  });
});

describe('the product card', () => {
  it('shows the card with its image, price per locale, stock, rating and a Buy link to checkout in a new tab', async () => {
    const image = await addProductImage(t.ctx, OPERATOR, s.productId, await pngBytes(), 'Une meule <entamée>');
    const fr = await anonymous(t, `/embed/products/${s.productId}`);
    expectWidget(fr);
    expect(fr.html).toContain(`<img src="/media/${image.path}" alt="Une meule &lt;entamée&gt;"`);
    // The image loads inside the host's page too: no cookie there either.
    const picture = await anonymous(t, `/media/${image.path}`);
    expect(picture.status).toBe(200);
    expect(picture.headers.getSetCookie()).toEqual([]);
    expect(fr.html).toContain('data-amount="1250"');
    expect(fr.html).toContain('12,50\u00a0€');
    expect(fr.html).toContain('data-stock="in_stock"');
    expect(fr.html).toContain('En stock');
    expect(fr.html).toContain('2 avis');
    expect(fr.html).toContain(
      `<a href="/checkout/now?variant_id=${s.variantId}" target="_blank" rel="noopener" class="btn">Acheter</a>`,
    );
    const en = await anonymous(t, `/embed/products/${s.productId}?lang=en`);
    expect(en.html).toContain('€12.50');
    expect(en.html).toContain('>Buy</a>');
  });

  it('says when stock is low or out (no Buy then), and hides drafts and unknown products', async () => {
    const low = await product(s.brand.id, { stock: 3 });
    expect((await anonymous(t, `/embed/products/${low}`)).html).toContain('data-stock="low_stock"');
    const out = await product(s.brand.id, { stock: 0 });
    const soldOut = await anonymous(t, `/embed/products/${out}`);
    expect(soldOut.html).toContain('data-stock="out_of_stock"');
    expect(soldOut.html).toContain('Épuisé');
    expect(soldOut.html).not.toContain('/checkout/now');
    // A product launching later: Buy leads to its page, not to a checkout that would refuse it.
    const later = await product(s.brand.id);
    await queryRows(t.ctx.db, sql`update products set launches_at = now() + interval '3 days' where id = ${later}`);
    const upcoming = await anonymous(t, `/embed/products/${later}`);
    expect(upcoming.html).toContain(
      `href="/@${s.brand.username}/products/${later}" target="_blank" rel="noopener" class="btn"`,
    );
    expect(upcoming.html).not.toContain('/checkout/now');
    const draft = await product(s.brand.id, { status: 'draft' });
    expect((await anonymous(t, `/embed/products/${draft}`)).status).toBe(404);
    expect((await anonymous(t, `/embed/products/${uuidv7()}`)).status).toBe(404);
  });
});

describe('the latest shoppable posts', () => {
  it('lists the brand’s public posts with a product, never private, product-less or moderated ones', async () => {
    await updatePolicy(t.ctx.db, s.owner.id, s.brand.id, { mode: 'post' });
    const shown = await brandPost(t, s, 'Le comté de la semaine <script>x</script>', { productIds: [s.productId] });
    const bare = await brandPost(t, s, 'Bonne journée à tous');
    const followers = await brandPost(t, s, 'Pour nos abonnés seulement', {
      productIds: [s.productId],
      visibility: 'private',
    });
    const held = await brandPost(t, s, 'Publication retirée par la modération', { productIds: [s.productId] });
    await queryRows(
      t.ctx.db,
      sql`insert into moderation_hidden_statuses (status_id, reason) values (${held.id}, 'rejected')`,
    );
    const res = await anonymous(t, `/embed/brands/${s.brand.id}/posts`);
    expectWidget(res);
    expect(res.html).toContain(`data-post="${shown.id}"`);
    expect(res.html).toContain('Le comté de la semaine &lt;script&gt;x&lt;/script&gt;');
    expect(res.html).toContain(`/checkout/now?variant_id=${s.variantId}&amp;source_status_id=${shown.id}`);
    for (const hidden of [bare, followers, held]) expect(res.html).not.toContain(hidden.id);
    expect(res.html).not.toContain('Pour nos abonnés');
    // A single post's widget follows the same rules.
    expectWidget(await anonymous(t, `/embed/posts/${shown.id}`));
    expectWidget(await anonymous(t, `/embed/posts/${bare.id}`));
    expect((await anonymous(t, `/embed/posts/${followers.id}`)).status).toBe(404);
    expect((await anonymous(t, `/embed/posts/${held.id}`)).status).toBe(404);
  });
});

describe('the weight of a full widget', () => {
  it('stays under 30 KB with 6 long posts of 4 long-titled products each', async () => {
    const big = await shop(t);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await product(big.brand.id, { title: `Fromage affiné é ${i} `.repeat(12) }));
    for (let i = 0; i < 7; i++) await brandPost(t, big, `Très long texte é ${i} `.repeat(24), { productIds: ids });
    const res = await anonymous(t, `/embed/brands/${big.brand.id}/posts`);
    expectWidget(res);
    expect(res.html.match(/data-post=/g)).toHaveLength(6);
    expect(res.html.match(/data-product=/g)).toHaveLength(24);
  });
});

describe('a discussion space', () => {
  it('shows a public space’s latest published topics; a members-only space does not exist', async () => {
    const open = ok(
      await call(t, 'POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
        name: 'Atelier',
        visibility: 'public',
      }),
      201,
    );
    const members = ok(
      await call(t, 'POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
        name: 'Cercle',
        visibility: 'members',
      }),
      201,
    );
    const topic = ok(
      await call(t, 'POST', `/api/v1/spaces/${open.id}/topics`, s.ownerToken, {
        title: 'Quel vin avec le <comté> ?',
        text: 'Un jaune du Jura, évidemment.',
      }),
      201,
    );
    expect(topic.status).toBe('published');
    // Pre-moderation: a reader's topic waits for a moderator (the team's publish at once) and must not show.
    await updatePolicy(t.ctx.db, s.owner.id, s.brand.id, { mode: 'pre' });
    const pending = ok(
      await call(t, 'POST', `/api/v1/spaces/${open.id}/topics`, (await person(t)).token, {
        title: 'Sujet en attente',
        text: 'Pas encore relu.',
      }),
      201,
    );
    await updatePolicy(t.ctx.db, s.owner.id, s.brand.id, { mode: 'post' });
    const res = await anonymous(t, `/embed/spaces/${open.id}`);
    expectWidget(res);
    expect(res.html).toContain(`data-topic="${topic.id}"`);
    expect(res.html).toContain('Quel vin avec le &lt;comté&gt; ?');
    expect(pending.status).toBe('pending');
    expect(res.html).not.toContain('Sujet en attente');
    expect((await anonymous(t, `/embed/spaces/${members.id}`)).status).toBe(404);
    expect((await anonymous(t, `/embed/spaces/${uuidv7()}`)).status).toBe(404);
  });
});

describe('cookies, scripts and framing', () => {
  it('sets no cookie on the widgets, the script and oEmbed, while other pages still get their CSRF cookie', async () => {
    for (const url of ['/embed.js', '/embed/frame.js', `/api/oembed?url=http://localhost:3000/@${s.brand.username}`]) {
      const res = await anonymous(t, url);
      expect(res.status, url).toBe(200);
      expect(res.headers.getSetCookie(), url).toEqual([]);
    }
    const script = await anonymous(t, '/embed.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(Buffer.byteLength(script.html)).toBeLessThan(600);
    expect(script.html).toContain('e.origin!==o');
    const home = await anonymous(t, `/@${s.brand.username}`);
    expect(home.headers.getSetCookie().some((c) => c.startsWith('comptoir_csrf='))).toBe(true);
  });

  it('lets other sites frame only /embed/ pages, within the brand’s allowed origins', async () => {
    for (const url of [`/@${s.brand.username}`, `/@${s.brand.username}/products/${s.productId}`, '/login']) {
      const res = await anonymous(t, url);
      expect(res.headers.get('content-security-policy'), url).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), url).toBe('SAMEORIGIN');
    }
    const before = await anonymous(t, `/embed/products/${s.productId}`);
    expect(before.headers.get('content-security-policy')).toContain('frame-ancestors *');
    ok(
      await call(t, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, s.ownerToken, {
        allow_any_origin: false,
        allowed_origins: ['https://fromagerie.example', 'https://shop.example:8443'],
      }),
    );
    const after = await anonymous(t, `/embed/products/${s.productId}`);
    expect(after.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://fromagerie.example https://shop.example:8443",
    );
    expect(after.headers.get('x-frame-options')).toBeNull();
    ok(await call(t, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, s.ownerToken, { allow_any_origin: true }));
  });
});

describe('caching', () => {
  it('renders a widget once for every visitor, and again as soon as its data changes', async () => {
    const url = `/embed/products/${s.productId}?lang=fr`;
    const first = await anonymous(t, url);
    const before = pageCache(t.ctx).stats();
    const second = await anonymous(t, url);
    expect(pageCache(t.ctx).stats().hits).toBe(before.hits + 1);
    expect(second.html).toBe(first.html);
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(second.headers.get('cache-control')).toBe('public, max-age=60');
    expect(second.headers.getSetCookie()).toEqual([]);
    await queryRows(t.ctx.db, sql`update variants set stock = 0 where id = ${s.variantId}`);
    expect((await anonymous(t, url)).html).toContain('data-stock="out_of_stock"');
    await queryRows(t.ctx.db, sql`update variants set stock = 10 where id = ${s.variantId}`);
  });
});
