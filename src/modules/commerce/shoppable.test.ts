import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { unescapeHtml } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { appToken, follow, ordersFrom, person, product, shop, shoppablePost, stockOf } from '../../links/testing';
import { json } from '../social/api-test-support';
import type { TestPaymentProvider } from './payments';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

const htmx = { 'hx-request': 'true' };

describe('shoppable posts', () => {
  it('carry their products in the Status entity and as a product card in /home', async () => {
    const s = await shop(t, app, { stock: 3, price: 1890 });
    const fan = await person(t, app);
    await follow(t, fan, s.brand.id);
    const post = await shoppablePost(t, s);
    expect(post.products).toHaveLength(1);
    expect(post.products[0]).toMatchObject({
      id: s.productId,
      title: s.title,
      url: `http://localhost:3000/@${s.brand.username}/products/${s.productId}`,
      price: { amount: 1890, currency: 'EUR' },
      in_stock: true,
      stock_state: 'low_stock',
      variants: [{ id: s.variantId, price: { amount: 1890, currency: 'EUR' }, in_stock: true }],
    });
    // Every way of reading a post carries them: the post, the home timeline, a repost.
    const read = await json(t.call('GET', `/api/v1/statuses/${post.id}`, { token: fan.token }));
    expect(read.products[0].id).toBe(s.productId);
    const home = await json<any[]>(t.call('GET', '/api/v1/timelines/home', { token: fan.token }));
    expect(home.find((x) => x.id === post.id)?.products[0].id).toBe(s.productId);
    const repost = await json(t.call('POST', `/api/v1/statuses/${post.id}/reblog`, { token: fan.token }));
    expect(repost.products).toEqual([]);
    expect(repost.reblog.products[0].id).toBe(s.productId);
    // A post without products says so.
    const plain = await json(t.call('POST', '/api/v1/statuses', { token: fan.token, body: { status: 'Bonjour' } }));
    expect(plain.products).toEqual([]);

    const page = await fan.browser.page('/home');
    expect(page.status).toBe(200);
    const html = unescapeHtml(page.html);
    expect(html).toContain('class="product-card"');
    expect(html).toContain(s.title);
    expect(html).toMatch(/18,90\s€/);
    expect(html).toContain(`/checkout/now?variant_id=${s.variantId}&source_status_id=${post.id}`);
    // The post page and the brand's profile show it too.
    expect(unescapeHtml((await fan.browser.page(`/@${s.brand.username}/${post.id}`)).html)).toContain(
      'class="product-card"',
    );
    expect(unescapeHtml((await fan.browser.page(`/@${s.brand.username}`)).html)).toContain('class="product-card"');
  });

  it('refuses more than 4 products, drafts, unknown ids and another brand’s products; people may share any published product', async () => {
    const s = await shop(t, app);
    const other = await shop(t, app);
    const post = (productIds: string[], token = s.owner.token, as: string | null = s.brand.id) =>
      t.call('POST', '/api/v1/statuses', {
        token,
        body: { status: 'À découvrir', product_ids: productIds, ...(as ? { as_account_id: as } : {}) },
      });
    const five = [s.productId];
    for (let i = 0; i < 4; i++) five.push(await product(t, s.brand.id));
    const tooMany = await post(five);
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error_code).toBe('too_many_products');
    expect((await json(post(five.slice(0, 4)))).products).toHaveLength(4);
    const draft = await product(t, s.brand.id, { status: 'draft' });
    expect((await (await post([draft])).json()).error_code).toBe('invalid_product');
    expect((await (await post(['0190a000-0000-7000-8000-000000000000'])).json()).error_code).toBe('invalid_product');
    expect((await (await post(['not-a-uuid'])).json()).error_code).toBe('invalid_product');
    expect((await (await post([other.productId])).json()).error_code).toBe('not_your_product');
    // A refused post leaves nothing behind.
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from statuses where account_id = ${s.brand.id}`,
    );
    expect(Number(n)).toBe(1);
    const fan = await person(t, app);
    const shared = await json(post([other.productId], fan.token, null));
    expect(shared.products[0].id).toBe(other.productId);
    // Form-style product_ids[] works too.
    const form = new FormData();
    form.append('status', 'Formulaire');
    form.append('product_ids[]', s.productId);
    form.append('as_account_id', s.brand.id);
    expect((await json(t.call('POST', '/api/v1/statuses', { token: s.owner.token, body: form }))).products[0].id).toBe(
      s.productId,
    );
  });

  it('offers the brand’s products in the composer and attaches the chosen ones', async () => {
    const s = await shop(t, app);
    const { BrowserSession } = await import('../../../test/support/browser-session');
    const owner = new BrowserSession(t);
    await owner.actAs(s.owner.id);
    expect((await owner.post('/acting-as', { account: s.brand.username, next: '/home' })).status).toBe(303);
    const home = await owner.page('/home');
    expect(home.html).toContain('product-picker');
    expect(home.html).toContain(`value="${s.productId}"`);
    const res = await owner.post('/statuses', {
      text: 'Arrivage du jour',
      post_as: s.brand.username,
      'product_ids[]': s.productId,
      visibility: 'public',
      language: 'fr',
      next: '/home',
    });
    expect(res.status).toBe(303);
    const [row] = await queryRows<{ product_id: string }>(
      t.ctx.db,
      sql`select sp.product_id from status_products sp join statuses s on s.id = sp.status_id where s.account_id = ${s.brand.id}`,
    );
    expect(row.product_id).toBe(s.productId);
  });
});

describe('the buy dialog', () => {
  it('opens on the page (htmx fragment), buys without leaving the feed and remembers the post', async () => {
    const s = await shop(t, app, { stock: 5, price: 1200 });
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    const dialog = await buyer.browser.get(`/checkout/now?variant_id=${s.variantId}&source_status_id=${post.id}`, htmx);
    const fragment = await dialog.text();
    expect(dialog.status).toBe(200);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('class="buy-form form"');
    expect(fragment).toContain(`name="source_status_id" value="${post.id}"`);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(fragment)![1];

    const res = await buyer.browser.post(
      '/checkout/now',
      {
        idempotency_key: key,
        mode: 'dialog',
        variant_id: s.variantId,
        quantity: 2,
        address_id: buyer.addressId!,
        payment_method_id: buyer.methodId!,
        source_status_id: post.id,
      },
      { headers: htmx },
    );
    expect(res.status).toBe(200);
    const done = await res.text();
    expect(done).toContain('buy-confirmation');
    const [order] = await ordersFrom(t, buyer.id);
    expect(order).toMatchObject({ status: 'paid', source_status_id: post.id, total_amount: 2400 + 590 });
    expect(done).toContain(`/orders/${order.id}`);
    expect(await stockOf(t, s.variantId)).toBe(3);

    // The same form sent again (a retry) is the same order.
    const again = await buyer.browser.post(
      '/checkout/now',
      {
        idempotency_key: key,
        mode: 'dialog',
        variant_id: s.variantId,
        quantity: 2,
        address_id: buyer.addressId!,
        payment_method_id: buyer.methodId!,
        source_status_id: post.id,
      },
      { headers: htmx },
    );
    expect(await again.text()).toContain(`/orders/${order.id}`);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(1);
  });

  it('works without JavaScript: a full page, then the order status page', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app);
    const page = await buyer.browser.page(`/checkout/now?variant_id=${s.variantId}&source_status_id=${post.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html');
    // No saved details yet: a new address and a test card, saved on the way.
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.html)![1];
    const res = await buyer.browser.post('/checkout/now', {
      idempotency_key: key,
      variant_id: s.variantId,
      quantity: 1,
      source_status_id: post.id,
      address_id: 'new',
      addr_name: 'Léa Martin',
      addr_line1: '3 place Bellecour',
      addr_postal_code: '69002',
      addr_city: 'Lyon',
      addr_country: 'FR',
      payment_method_id: 'new',
      test_token: 'tok_visa',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/orders\/[0-9a-f-]+\?placed=1$/);
    const status = await buyer.browser.page(location);
    expect(status.status).toBe(200);
    expect(status.html).toContain('order-timeline');
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from addresses where account_id = ${buyer.id} and is_default`,
    );
    expect(Number(n)).toBe(1);
  });

  it('"Buy now" from a product page (variant and quantity only) shows the checkout form, and places nothing', async () => {
    const s = await shop(t, app);
    const buyer = await person(t, app, { details: true });
    const res = await buyer.browser.post('/checkout/now', { variant_id: s.variantId, quantity: 3, next: '/x' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="buy-form form"');
    expect(html).toContain('value="3"');
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
  });

  it('says why when the card is declined, and leaves no order', async () => {
    const s = await shop(t, app);
    const buyer = await person(t, app, { details: true, token: 'tok_declined' });
    const res = await buyer.browser.post(
      '/checkout/now',
      {
        idempotency_key: crypto.randomUUID(),
        mode: 'dialog',
        variant_id: s.variantId,
        quantity: 1,
        address_id: buyer.addressId!,
        payment_method_id: buyer.methodId!,
      },
      { headers: htmx },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('buy-form');
    expect(html).toContain('flash-error');
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    expect(await stockOf(t, s.variantId)).toBe(10);
  });

  it('one-click buy: a double click with the same key makes one order and one charge', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    await follow(t, buyer, s.brand.id);
    const home = await buyer.browser.page('/home');
    expect(home.html).toContain('one-click-form');
    const form = /<form[^>]*class="one-click-form"[\s\S]*?<\/form>/.exec(home.html)![0];
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      fields[m[1]] = unescapeHtml(m[2]);
    expect(fields.one_click).toBe('1');
    expect(fields.source_status_id).toBe(post.id);
    const provider = t.ctx.payments.get('test') as TestPaymentProvider;
    const before = provider.authorizations;
    const [a, b] = await Promise.all([
      buyer.browser.post('/checkout/now', fields, { headers: htmx }),
      buyer.browser.post('/checkout/now', fields, { headers: htmx }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const [ta, tb] = [await a.text(), await b.text()];
    expect(ta).toContain('one-click-done');
    expect(tb).toContain('one-click-done');
    const orders = await ordersFrom(t, buyer.id);
    expect(orders).toHaveLength(1);
    expect(orders[0].source_status_id).toBe(post.id);
    expect(provider.authorizations - before).toBe(1);
  });

  it('a card needing 3-D Secure leads to the order page, where approving pays', async () => {
    const s = await shop(t, app);
    const buyer = await person(t, app, { details: true, token: 'tok_requires_action' });
    const res = await buyer.browser.post('/checkout/now', {
      idempotency_key: crypto.randomUUID(),
      variant_id: s.variantId,
      quantity: 1,
      address_id: buyer.addressId!,
      payment_method_id: buyer.methodId!,
    });
    expect(res.status).toBe(303);
    const [order] = await ordersFrom(t, buyer.id);
    expect(order.status).toBe('awaiting_payment');
    expect(res.headers.get('location')).toBe(`/orders/${order.id}`);
    expect((await buyer.browser.page(`/orders/${order.id}`)).html).toContain(`action="/orders/${order.id}/confirm"`);
    expect((await buyer.browser.post(`/orders/${order.id}/confirm`, {})).status).toBe(303);
    expect((await ordersFrom(t, buyer.id))[0].status).toBe('paid');
  });

  it('hides Buy from the brand itself and shows sold out', async () => {
    const s = await shop(t, app, { stock: 0 });
    const post = await shoppablePost(t, s);
    const fan = await person(t, app);
    const html = (await fan.browser.page(`/@${s.brand.username}/${post.id}`)).html;
    expect(html).toContain('is-out-of-stock');
    expect(html).not.toContain('data-buy-dialog');
  });
});
