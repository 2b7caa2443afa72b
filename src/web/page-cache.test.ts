// The render cache of logged-out pages (page-cache.ts), as a reader sees it: a second visit
// gives the same page, and any change of the data shows at once (a price, a new post, a published
// review, a brand's profile), in the reader's language, with the reader's own CSRF token, and
// never a signed-in person's page to a visitor or the other way round.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { shopWithProduct } from '../../test/support/commerce';
import { person } from '../../test/support/orders';
import { queryRows } from '../db/client';
import { actingAccountId, createSession, updateProfile } from '../modules/accounts';
import { applyDecision, createReview } from '../modules/reputation';
import { createStatus } from '../modules/social';
import { pageCache, TIME_SLICE_MS } from './page-cache';

let t: TestApp;
let shop: Awaited<ReturnType<typeof shopWithProduct>>;
let productPath: string;
let brandPath: string;

const visit = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers: { 'accept-language': 'fr', ...headers } });
  expect(res.status).toBe(200);
  return { html: await res.text(), cookies: res.headers.getSetCookie() };
};
const post = (text: string) =>
  createStatus(
    { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events },
    shop.brand.id,
    { text, language: 'fr', extensions: { products: [shop.productId] } },
    shop.owner.id,
  );

beforeAll(async () => {
  t = await createTestApp();
  shop = await shopWithProduct(t, { price: 1200 });
  await actingAccountId({ db: t.ctx.db }, shop.owner.id, shop.brand.id);
  productPath = `/@${shop.brand.username}/products/${shop.productId}`;
  brandPath = `/@${shop.brand.username}`;
  await pageCache(t.ctx).sync();
});
// A write reaches the cache as a notification after its commit: on another connection (PostgreSQL),
// a moment later. The next request of a browser is later still; a test's next line may not be.
const written = () => pageCache(t.ctx).sync();
afterAll(() => t?.close());

describe('pages of logged-out readers, rendered once per version of the data', () => {
  it('serves a second visit from memory, the same page', async () => {
    const before = pageCache(t.ctx).stats();
    // One browser (its CSRF cookie) twice.
    const first = await visit(productPath, { cookie: 'comptoir_csrf=one-browser' });
    const second = await visit(productPath, { cookie: 'comptoir_csrf=one-browser' });
    expect(second.html).toBe(first.html);
    const after = pageCache(t.ctx).stats();
    expect(after.hits).toBeGreaterThan(before.hits);
  });

  it("shows a product's new price at once", async () => {
    expect((await visit(productPath)).html).toContain('12,00');
    await queryRows(t.ctx.db, sql`update variants set price_amount = 1590 where id = ${shop.variantId}`);
    await written();
    const html = (await visit(productPath)).html;
    expect(html).toContain('15,90');
    expect(html).not.toContain('12,00');
  });

  it('shows a new post at once on the brand page and the home page', async () => {
    await visit(brandPath);
    await visit('/');
    await post('Nouvelle meule ouverte ce matin');
    await written();
    expect((await visit(brandPath)).html).toContain('Nouvelle meule ouverte ce matin');
    expect((await visit('/')).html).toContain('Nouvelle meule ouverte ce matin');
  });

  it("shows a brand's profile edit at once", async () => {
    await visit(brandPath);
    await updateProfile({ db: t.ctx.db }, shop.brand.id, { displayName: 'Fromagerie du Jura' });
    await written();
    expect((await visit(brandPath)).html).toContain('Fromagerie du Jura');
  });

  it('shows a review as soon as it is published', async () => {
    const reviewer = await person(t, { prefix: 'critic' });
    const { review } = await createReview(t.ctx, reviewer.id, shop.productId, {
      rating: 5,
      body: 'Un comté fruité, long en bouche, parfait.',
    });
    await written();
    expect((await visit(productPath)).html).not.toContain('Un comté fruité, long en bouche');
    await applyDecision(t.ctx.db, review.id, { action: 'approve', reason: null, moderatorId: shop.owner.id } as never);
    await written();
    expect((await visit(productPath)).html).toContain('Un comté fruité, long en bouche');
  });

  it('renders a page anew once it has aged, without any write (a sale starts, "5 min ago")', async () => {
    await visit(brandPath);
    await visit(brandPath);
    const before = pageCache(t.ctx).stats();
    t.clock.advance(TIME_SLICE_MS + 1);
    await visit(brandPath);
    expect(pageCache(t.ctx).stats().misses).toBe(before.misses + 1);
  });

  it("answers in each reader's language", async () => {
    const fr = (await visit('/', { 'accept-language': 'fr' })).html;
    const en = (await visit('/', { 'accept-language': 'en' })).html;
    expect(fr).toContain('lang="fr"');
    expect(en).toContain('lang="en"');
    expect((await visit('/?lang=en', { 'accept-language': 'fr' })).html).toContain('lang="en"');
    expect((await visit('/', { cookie: 'comptoir_lang=en' })).html).toContain('lang="en"');
    expect((await visit('/', { 'accept-language': 'fr' })).html).toContain('lang="fr"');
  });

  it("puts each visitor's own CSRF token in the page, never another's", async () => {
    const a = await visit(productPath, { cookie: 'comptoir_csrf=visitor-a-seed' });
    const b = await visit(productPath, { cookie: 'comptoir_csrf=visitor-b-seed' });
    const tokens = (html: string) => [...new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]))];
    expect(tokens(a.html)).toHaveLength(1);
    expect(tokens(b.html)).toHaveLength(1);
    expect(tokens(a.html)[0]).not.toBe(tokens(b.html)[0]);
    expect(a.html.replaceAll(tokens(a.html)[0]!, 'TOKEN')).toBe(b.html.replaceAll(tokens(b.html)[0]!, 'TOKEN'));
    // A new visitor still gets the cookie the token is made from.
    const fresh = await visit(productPath);
    expect(fresh.cookies.some((c) => c.startsWith('comptoir_csrf='))).toBe(true);
    expect(fresh.cookies.some((c) => !c.startsWith('comptoir_csrf='))).toBe(false);
  });

  it("never serves a signed-in person's page to a visitor, nor a visitor's to them", async () => {
    const reader = await person(t, { prefix: 'reader' });
    const session = `comptoir_session=${await createSession({ db: t.ctx.db }, reader.id)}`;
    await visit(brandPath);
    const signedIn = (await visit(brandPath, { cookie: session })).html;
    expect(signedIn).toContain(`/@${reader.username}`);
    const visitor = (await visit(brandPath)).html;
    expect(visitor).not.toContain(`/@${reader.username}`);
    expect(visitor).toContain('/login');
  });
});
