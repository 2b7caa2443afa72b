import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../test/support/browser-session';
import { person, shop, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { anonymous, brandPost, call, ok } from './embeds.testkit';

let t: TestApp;
let s: Shop;
let other: Shop;
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  other = await shop(t);
});
afterAll(() => t.close());

const base = 'http://localhost:3000';
const oembed = (url: string, extra = '') => call(t, 'GET', `/api/oembed?url=${encodeURIComponent(url)}${extra}`);
const stored = async (brandId: string) =>
  queryRows<{ allow_any_origin: boolean; allowed_origins: string[] }>(
    t.ctx.db,
    sql`select allow_any_origin, allowed_origins from embed_settings where brand_id = ${brandId}`,
  );

describe('oEmbed', () => {
  it('answers a product page with exactly the rich fields, an iframe to /embed/ and the script', async () => {
    const page = `${base}/@${s.brand.username}/products/${s.productId}`;
    const body = ok(await oembed(page, '&format=json'));
    expect(Object.keys(body).sort()).toEqual(
      [
        'author_name',
        'author_url',
        'height',
        'html',
        'provider_name',
        'provider_url',
        'title',
        'type',
        'version',
        'width',
      ].sort(),
    );
    expect(body).toMatchObject({
      type: 'rich',
      version: '1.0',
      provider_name: 'Comptoir',
      provider_url: `${base}/`,
      title: expect.stringContaining('Comté'),
      author_name: s.brand.displayName,
      author_url: `${base}/@${s.brand.username}`,
      width: 420,
    });
    expect(body.html).toContain(`<iframe src="${base}/embed/products/${s.productId}"`);
    expect(body.html).toContain(`width="${body.width}" height="${body.height}"`);
    expect(body.html).toContain(`<script async src="${base}/embed.js"></script>`);
    // maxwidth/maxheight bound the size, in the fields and in the iframe.
    const small = ok(await oembed(page, '&maxwidth=300&maxheight=200'));
    expect([small.width, small.height]).toEqual([300, 200]);
    expect(small.html).toContain('width="300" height="200"');
    // The product page announces it.
    const html = unescapeHtml((await anonymous(t, `/@${s.brand.username}/products/${s.productId}`)).html);
    expect(html).toContain(
      `<link rel="alternate" type="application/json+oembed" href="${base}/api/oembed?url=${encodeURIComponent(page)}&format=json"`,
    );
  });

  it('answers the brand’s page (its reviews), a public post and a public space, each announcing it', async () => {
    const brand = ok(await oembed(`${base}/@${s.brand.username}`));
    expect(brand.html).toContain(`/embed/brands/${s.brand.id}/reviews`);
    expect((await anonymous(t, `/@${s.brand.username}`)).html).toContain('application/json+oembed');

    const post = await brandPost(t, s, 'Nouvelle meule', { productIds: [s.productId] });
    const postUrl = `${base}/@${s.brand.username}/${post.id}`;
    expect(ok(await oembed(postUrl)).html).toContain(`/embed/posts/${post.id}`);
    expect((await anonymous(t, `/@${s.brand.username}/${post.id}`)).html).toContain('application/json+oembed');

    const space = ok(
      await call(t, 'POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
        name: 'Atelier',
        visibility: 'public',
      }),
      201,
    );
    const spaceAnswer = ok(await oembed(space.url));
    expect(spaceAnswer.html).toContain(`/embed/spaces/${space.id}`);
    expect(spaceAnswer.title).toBe('Atelier');
    expect((await anonymous(t, `/spaces/${space.id}`)).html).toContain('application/json+oembed');
  });

  it('escapes the page’s title in the snippet it gives', async () => {
    const id = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into products (id, brand_id, title, status) values (${id}, ${s.brand.id}, ${'Comté "extra"><script>x</script>'}, 'published')`,
    );
    const body = ok(await oembed(`${base}/@${s.brand.username}/products/${id}`));
    expect(body.title).toBe('Comté "extra"><script>x</script>');
    expect(body.html).toContain('title="Comté &quot;extra&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(body.html.match(/<script/g)).toHaveLength(1);
  });

  it('answers 404 for unknown, foreign or non-public pages, 501 for xml, 400 without a url', async () => {
    const draft = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into products (id, brand_id, title, status) values (${draft}, ${s.brand.id}, 'Brouillon', 'draft')`,
    );
    const members = ok(
      await call(t, 'POST', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken, {
        name: 'Cercle',
        visibility: 'members',
      }),
      201,
    );
    const followersOnly = await brandPost(t, s, 'Abonnés', { visibility: 'private' });
    const someone = await person(t);
    for (const url of [
      `${base}/@${s.brand.username}/products/${uuidv7()}`,
      `${base}/@${s.brand.username}/products/${draft}`,
      // A product under another brand's name.
      `${base}/@${other.brand.username}/products/${s.productId}`,
      `https://elsewhere.example/@${s.brand.username}/products/${s.productId}`,
      `${base}/@${s.brand.username}/${followersOnly.id}`,
      members.url,
      `${base}/@${someone.username}`,
      `${base}/@nobody_here`,
      `${base}/login`,
      'not a url',
      'javascript:alert(1)',
    ]) {
      const res = await oembed(url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const xml = await oembed(`${base}/@${s.brand.username}`, '&format=xml');
    expect(xml.status).toBe(501);
    expect(xml.body.error.code).toBe('format_not_implemented');
    const empty = await oembed(`${base}/@${s.brand.username}`, '&format=');
    expect(empty.status).toBe(200);
    expect(empty.body.type).toBe('rich');
    const unknown = await oembed(`${base}/@${s.brand.username}`, '&format=yaml');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_format');
    expect((await call(t, 'GET', '/api/oembed')).status).toBe(400);
    expect((await call(t, 'GET', `/api/oembed?url=${base}/@${s.brand.username}&maxwidth=wide`)).status).toBe(400);
  });
});

describe('the brand’s embed settings API', () => {
  it('lets the team read them and owners or admins change them; the rest of the world gets 404', async () => {
    expect(ok(await call(t, 'GET', `/api/v1/brands/${s.brand.id}/embed`, s.ownerToken))).toEqual({
      allow_any_origin: true,
      allowed_origins: [],
      frame_ancestors: '*',
    });
    const admin = await s.member('admin');
    const staff = await s.member('staff');
    const saved = ok(
      await call(t, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, admin.token, {
        allow_any_origin: false,
        allowed_origins: ['https://Fromagerie.example/', 'https://fromagerie.example', 'http://localhost:8080'],
      }),
    );
    expect(saved).toEqual({
      allow_any_origin: false,
      allowed_origins: ['https://fromagerie.example', 'http://localhost:8080'],
      frame_ancestors: "'self' https://fromagerie.example http://localhost:8080",
    });
    expect(ok(await call(t, 'GET', `/api/v1/brands/${s.brand.id}/embed`, staff.token)).allowed_origins).toHaveLength(2);
    const refused = await call(t, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, staff.token, { allow_any_origin: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('role_not_allowed');

    const outsider = await person(t);
    for (const token of [outsider.token, other.ownerToken]) {
      expect((await call(t, 'GET', `/api/v1/brands/${s.brand.id}/embed`, token)).status).toBe(404);
      expect(
        (await call(t, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, token, { allow_any_origin: true })).status,
      ).toBe(404);
    }
    expect((await call(t, 'GET', `/api/v1/brands/${uuidv7()}/embed`, s.ownerToken)).status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/brands/${s.brand.id}/embed`)).status).toBe(401);
    expect((await stored(s.brand.id))[0].allowed_origins).toEqual([
      'https://fromagerie.example',
      'http://localhost:8080',
    ]);
  });

  it('refuses anything but https://host[:port] origins with a 422, writing nothing', async () => {
    for (const bad of [
      'ftp://shop.example',
      'http://shop.example',
      'https://shop.example/page',
      'https://user:pw@shop.example',
      'https://shop.example?x=1',
      "https://shop.example 'unsafe-inline'",
      'https://shop.example;script-src *',
      'javascript:alert(1)',
      '*',
      'shop.example',
      `https://${'a'.repeat(250)}.example`,
    ]) {
      const res = await call(t, 'PUT', `/api/v1/brands/${other.brand.id}/embed`, other.ownerToken, {
        allow_any_origin: false,
        allowed_origins: ['https://fine.example', bad],
      });
      expect(res.status, bad).toBe(422);
      expect(res.body.error.code).toBe('invalid_origin');
    }
    const many = Array.from({ length: 21 }, (_, i) => `https://shop${i}.example`);
    const tooMany = await call(t, 'PUT', `/api/v1/brands/${other.brand.id}/embed`, other.ownerToken, {
      allow_any_origin: false,
      allowed_origins: many,
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.code).toBe('too_many_origins');
    const noFlag = await call(t, 'PUT', `/api/v1/brands/${other.brand.id}/embed`, other.ownerToken, {
      allowed_origins: [],
    });
    expect(noFlag.status).toBe(422);
    expect(await stored(other.brand.id)).toEqual([]);
  });
});

describe('the back-office Intégrer page', () => {
  it('shows the team a preview iframe and the snippet for each widget, and saves allowed origins with CSRF', async () => {
    const browser = new BrowserSession(t);
    await browser.actAs(other.owner.id);
    const reviews = await browser.page(`/brands/${other.brand.username}/embed`);
    expect(reviews.status).toBe(200);
    expect(reviews.html).toContain(`<iframe src="/embed/brands/${other.brand.id}/reviews"`);
    const snippet = unescapeHtml(reviews.html.match(/<textarea id="embed-snippet"[^>]*>([^<]*)<\/textarea>/)![1]);
    expect(snippet).toContain(`<iframe src="${base}/embed/brands/${other.brand.id}/reviews"`);
    expect(snippet).toContain(`<script async src="${base}/embed.js"></script>`);
    const card = await browser.page(`/brands/${other.brand.username}/embed?widget=product&product=${other.productId}`);
    expect(card.html).toContain(`<iframe src="/embed/products/${other.productId}"`);
    expect(card.html).toContain('data-copy-from="embed-snippet"');

    const form = {
      allow_any_origin: 'false',
      allowed_origins: 'https://fromagerie.example\nhttps://shop.example:8443',
    };
    expect((await browser.post(`/brands/${other.brand.username}/embed`, form, { csrf: false })).status).toBe(403);
    expect(await stored(other.brand.id)).toEqual([]);
    const bad = await browser.post(`/brands/${other.brand.username}/embed`, {
      allow_any_origin: 'false',
      allowed_origins: 'https://fine.example\nftp://nope.example',
    });
    expect(bad.status).toBe(422);
    expect(await browser.html(bad)).toContain('ftp://nope.example');
    expect(await stored(other.brand.id)).toEqual([]);
    const saved = await browser.post(`/brands/${other.brand.username}/embed`, form);
    expect(saved.status).toBe(303);
    expect((await stored(other.brand.id))[0]).toEqual({
      allow_any_origin: false,
      allowed_origins: ['https://fromagerie.example', 'https://shop.example:8443'],
    });
    const widget = await anonymous(t, `/embed/brands/${other.brand.id}/reviews`);
    expect(widget.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://fromagerie.example https://shop.example:8443",
    );
  });

  it('is a 404 page to people outside the team, and read-only to roles without the brand settings', async () => {
    const stranger = new BrowserSession(t);
    await stranger.actAs((await person(t)).id);
    expect((await stranger.page(`/brands/${other.brand.username}/embed`)).status).toBe(404);
    const staff = new BrowserSession(t);
    await staff.actAs((await other.member('staff')).id);
    const page = await staff.page(`/brands/${other.brand.username}/embed`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="allowed_origins"');
    expect((await staff.post(`/brands/${other.brand.username}/embed`, { allow_any_origin: 'true' })).status).toBe(403);
  });
});
