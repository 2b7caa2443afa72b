import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { BrowserSession } from '../../test/support/browser-session';
import { buyerWithCard, orderBody, person, shop, type Shop } from '../../test/support/orders';
import { uuidv7 } from '../db/ids';
import { submitForModeration } from '../modules/moderation';
import { backofficeHere } from './backoffice';

let t: TestApp;
let s: Shop;
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
});
afterAll(() => t.close());

const browserOf = async (accountId: string, lang = 'fr') => {
  const b = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  await b.actAs(accountId);
  return b;
};

/** The overview's count for one card (data-key), or null when the card is not shown. */
const countOf = (html: string, key: string): number | null => {
  const m = new RegExp(`data-key="${key}"[^>]*>\\s*<a[^>]*>\\s*<span class="bo-count">(\\d+)</span>`).exec(html);
  return m ? Number(m[1]) : null;
};
/** The links of the back-office side bar. */
const sideLinks = (html: string): string[] => {
  const nav = /<nav class="bo-side"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/data-section="([a-z]+)"/g)].map((m) => m[1]);
};

describe('brand back-office', () => {
  it('the overview counts orders to prepare and items waiting in moderation, per role', async () => {
    const buyer = await buyerWithCard(t);
    const placed = await t.call('POST', '/api/v1/orders', {
      token: buyer.token,
      body: orderBody(s.variantId, buyer.methodId),
    });
    expect(placed.status).toBe(201);
    await t.ctx.db.transaction((tx) =>
      submitForModeration(tx, {
        brandId: s.brand.id,
        type: 'review',
        subjectId: uuidv7(),
        authorId: buyer.id,
        flags: [],
      }),
    );

    const owner = await browserOf(s.owner.id);
    const page = await owner.page(`/brands/${s.brand.username}/manage`);
    expect(page.status).toBe(200);
    expect(countOf(page.html, 'orders')).toBe(1);
    expect(countOf(page.html, 'pending')).toBe(1);
    expect(countOf(page.html, 'late')).toBe(0);
    expect(countOf(page.html, 'reviews')).toBe(0);
    expect(countOf(page.html, 'alerts')).toBe(0);
    expect(page.html).toContain(`href="/brands/${s.brand.username}/orders?status=paid"`);
    expect(sideLinks(page.html)).toEqual([
      'overview',
      'catalog',
      'orders',
      'inbox',
      'customers',
      'reviews',
      'questions',
      'ambassadors',
      'places',
      'campaigns',
      'moderation',
      'spaces',
      'listening',
      'analytics',
      'team',
      'charter',
      'embed',
      'legal',
      'privacy',
      'settings',
    ]);

    // A moderator sees the queue but not the orders; staff the orders but not the queue.
    const mod = await browserOf((await s.member('moderator')).id);
    const modPage = await mod.page(`/brands/${s.brand.username}/manage`);
    expect(countOf(modPage.html, 'pending')).toBe(1);
    expect(countOf(modPage.html, 'orders')).toBeNull();
    expect(sideLinks(modPage.html)).toEqual([
      'overview',
      'reviews',
      'moderation',
      'listening',
      'team',
      'charter',
      'embed',
    ]);
    const staff = await browserOf((await s.member('staff')).id);
    const staffPage = await staff.page(`/brands/${s.brand.username}/manage`);
    expect(countOf(staffPage.html, 'orders')).toBe(1);
    expect(countOf(staffPage.html, 'pending')).toBeNull();
    expect(sideLinks(staffPage.html)).toEqual([
      'overview',
      'orders',
      'inbox',
      'customers',
      'reviews',
      'listening',
      'team',
      'charter',
      'embed',
    ]);
  });

  it('the admin pages share the side navigation, marking the current section', async () => {
    const owner = await browserOf(s.owner.id, 'en');
    for (const [path, section] of [
      ['team', 'team'],
      ['settings', 'settings'],
      ['legal', 'legal'],
      ['products', 'catalog'],
      ['products/new', 'catalog'],
      ['orders', 'orders'],
      ['reviews', 'reviews'],
      ['questions', 'questions'],
      ['watches', 'listening'],
      ['analytics', 'analytics'],
      ['moderation', 'moderation'],
      ['moderation/policy', 'charter'],
      ['moderation/audit', 'moderation'],
    ] as const) {
      const page = await owner.page(`/brands/${s.brand.username}/${path}`);
      expect(page.status, path).toBe(200);
      expect(sideLinks(page.html), path).toContain('overview');
      const current = new RegExp(`aria-current="(page|true)" data-section="${section}"`);
      expect(page.html, path).toMatch(current);
      // No second tab bar of sections inside the page.
      expect(page.html, path).not.toMatch(/<nav class="(tabs|mod-tabs)" aria-label="(Brand sections|Moderation)"/);
    }
  });

  it('a person outside the team gets a 404 and sees no "Manage"; members see it on the brand page', async () => {
    const stranger = await browserOf((await person(t)).id);
    expect((await stranger.page(`/brands/${s.brand.username}/manage`)).status).toBe(404);
    const profile = await stranger.page(`/@${s.brand.username}`);
    expect(profile.status).toBe(200);
    expect(profile.html).not.toContain(`/brands/${s.brand.username}/manage`);
    expect(profile.html).not.toContain('Gérer');

    const owner = await browserOf(s.owner.id);
    const own = await owner.page(`/@${s.brand.username}`);
    expect(own.html).toContain(`class="button primary small profile-manage" href="/brands/${s.brand.username}/manage"`);
    // The account menu lists the brand's back-office.
    expect(own.html).toContain(`href="/brands/${s.brand.username}/manage" class="menu-manage"`);

    const visitor = new BrowserSession(t);
    const anonymous = await visitor.get(`/brands/${s.brand.username}/manage`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});

describe('header', () => {
  it('the account menu leads to orders, cart, reviews, cards and addresses; the cart shows its count', async () => {
    const buyer = await person(t);
    const b = await browserOf(buyer.id);
    const home = await b.page('/settings');
    for (const href of ['/orders', '/cart', '/me/reviews', '/settings/payment-methods', '/settings/addresses']) {
      expect(home.html).toContain(`href="${href}"`);
    }
    expect(home.html).toContain('Panier (vide)');
    expect(home.html).not.toContain('class="menu-manage"');

    // Adding with htmx answers with an event the header's cart link listens to.
    const added = await b.post(
      '/cart/items',
      { variant_id: s.variantId, quantity: 2 },
      { headers: { 'hx-request': 'true' } },
    );
    expect(added.status).toBe(200);
    expect(added.headers.get('hx-trigger')).toBe('cart-changed');
    const badge = await b.html(await b.get('/cart/badge'));
    expect(badge).toContain('id="cart-link"');
    expect(badge).toContain('Panier, 2 articles');
    // Without JavaScript the next page has the right count.
    expect((await b.page('/local')).html).toContain('<span class="badge badge-count" id="cart-count" data-count="2"');
  });
});

describe('backofficeHere', () => {
  const teams = [{ username: 'fromagerie', displayName: 'Fromagerie', role: 'staff' as const }];
  it('finds the brand and the section of an admin path, longest path first', () => {
    expect(backofficeHere('/brands/fromagerie/moderation/policy', teams)?.section).toBe('charter');
    expect(backofficeHere('/brands/fromagerie/moderation?type=review', teams)?.section).toBe('moderation');
    expect(backofficeHere('/brands/fromagerie/products/0190/edit', teams)).toMatchObject({
      section: 'catalog',
      link: null,
    });
    expect(backofficeHere('/brands/Fromagerie/catalog/import', teams)).toMatchObject({ link: 'catalog/import' });
  });
  it('is null off the back-office or off the team', () => {
    expect(backofficeHere('/brands/other/team', teams)).toBeNull();
    expect(backofficeHere('/brands/new', teams)).toBeNull();
    expect(backofficeHere('/@fromagerie', teams)).toBeNull();
  });
});
