import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { unescapeHtml } from '../../../../test/support/browser-session';
import { queryRows } from '../../../db/client';
import { appToken, ordersFrom, person, shop, shoppablePost, stockOf } from '../../../links/testing';
import { json } from '../../social/api-test-support';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

const setPrice = (variantId: string, amount: number) =>
  queryRows(t.ctx.db, sql`update variants set price_amount = ${amount} where id = ${variantId}`);
const keyOf = (html: string) => /name="idempotency_key" value="([^"]+)"/.exec(html)![1];

describe('cart and checkout pages', () => {
  it('adds from a product page form, groups by brand, changes and removes lines', async () => {
    const a = await shop(t, app, { price: 1000 });
    const b = await shop(t, app, { price: 700 });
    const buyer = await person(t, app, { details: true });
    expect((await buyer.browser.post('/cart/items', { variant_id: a.variantId, quantity: 2 })).status).toBe(303);
    expect((await buyer.browser.post('/cart/items', { variant_id: a.variantId, quantity: 1 })).status).toBe(303);
    expect((await buyer.browser.post('/cart/items', { variant_id: b.variantId })).status).toBe(303);
    const page = await buyer.browser.page('/cart');
    expect(page.html.match(/class="card cart-group"/g)).toHaveLength(2);
    expect(page.html).toContain(
      `id="qty-${a.variantId}" name="quantity" min="0" max="1000" step="1" inputmode="numeric" value="3"`,
    );
    expect(page.html).toContain(`/checkout?brand=${b.brand.username}`);
    // Bad quantities are refused with a message; 0 removes.
    expect((await buyer.browser.post('/cart/items', { variant_id: a.variantId, quantity: -1 })).status).toBe(422);
    expect((await buyer.browser.post('/cart/items', { variant_id: a.variantId, quantity: 1.5 })).status).toBe(422);
    expect(
      (await buyer.browser.post('/cart/items', { variant_id: '0190a000-0000-7000-8000-000000000000' })).status,
    ).toBe(422);
    expect((await buyer.browser.post(`/cart/items/${a.variantId}`, { quantity: 0 })).status).toBe(303);
    expect((await buyer.browser.post(`/cart/items/${b.variantId}/remove`, {})).status).toBe(303);
    expect((await buyer.browser.page('/cart')).html).toContain('empty-state');
  });

  it('warns when a price changed, refuses to charge the new price unseen, then pays and empties that brand', async () => {
    const s = await shop(t, app, { price: 1500, stock: 5 });
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    await buyer.browser.post('/cart/items', { variant_id: s.variantId, quantity: 2, source_status_id: post.id });
    await setPrice(s.variantId, 1800);
    const cart = unescapeHtml((await buyer.browser.page('/cart')).html);
    expect(cart).toContain('price-warning');
    expect(cart).toMatch(/15,00\s€/);
    const checkout = await buyer.browser.page(`/checkout?brand=${s.brand.username}`);
    expect(checkout.status).toBe(200);
    const fields = {
      idempotency_key: keyOf(checkout.html),
      brand: s.brand.username,
      address_id: buyer.addressId!,
      payment_method_id: buyer.methodId!,
    };
    const refused = await buyer.browser.post('/checkout', fields);
    expect(refused.status).toBe(409);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    expect(await stockOf(t, s.variantId)).toBe(5);
    expect((await buyer.browser.post('/cart/accept-prices', { brand_id: s.brand.id })).status).toBe(303);
    const paid = await buyer.browser.post('/checkout', fields);
    expect(paid.status).toBe(303);
    const [order] = await ordersFrom(t, buyer.id);
    expect(order).toMatchObject({ status: 'paid', total_amount: 3600 + 590, source_status_id: post.id });
    expect(paid.headers.get('location')).toBe(`/orders/${order.id}?placed=1`);
    expect((await buyer.browser.page('/cart')).html).toContain('empty-state');
    // The same form again is the same order (idempotency key from the page).
    await buyer.browser.post('/cart/items', { variant_id: s.variantId });
    expect((await buyer.browser.post('/checkout', fields)).headers.get('location')).toBe(
      `/orders/${order.id}?placed=1`,
    );
    expect(await ordersFrom(t, buyer.id)).toHaveLength(1);
  });

  it('shows the VAT in the summary and recomputes it for another country', async () => {
    const s = await shop(t, app, { price: 1200 });
    const buyer = await person(t, app, { details: true });
    await buyer.browser.post('/cart/items', { variant_id: s.variantId });
    const page = unescapeHtml((await buyer.browser.page(`/checkout?brand=${s.brand.username}`)).html);
    // 12,00 € + 5,90 € shipping, VAT 20 % included: 2,00 € + 0,98 €.
    expect(page).toMatch(/17,90\s€/);
    expect(page).toMatch(/2,98\s€/);
    const res = await buyer.browser.post(
      '/checkout/summary',
      { brand: s.brand.username, address_id: 'new', addr_country: 'CH', payment_method_id: buyer.methodId! },
      { headers: { 'hx-request': 'true' } },
    );
    const summary = unescapeHtml(await res.text());
    expect(summary).toContain('order-summary');
    expect(summary).toMatch(/8,1/);
  });

  it('keeps addresses and payment methods: add, make default, remove', async () => {
    const buyer = await person(t, app);
    const add = await buyer.browser.post('/settings/addresses', {
      addr_name: 'Léa',
      addr_line1: '1 rue Neuve',
      addr_postal_code: '75001',
      addr_city: 'Paris',
      addr_country: 'FR',
    });
    expect(add.status).toBe(303);
    const bad = await buyer.browser.post('/settings/addresses', {
      addr_name: 'Léa',
      addr_line1: '1 rue',
      addr_postal_code: '7500',
      addr_city: 'Paris',
      addr_country: 'FR',
    });
    expect(bad.status).toBe(422);
    expect((await buyer.browser.post('/settings/payment-methods', { test_token: 'tok_visa' })).status).toBe(303);
    expect(
      (await buyer.browser.post('/settings/payment-methods', { test_token: 'tok_mastercard', make_default: '1' }))
        .status,
    ).toBe(303);
    const methods = await queryRows<{ id: string; last4: string; is_default: boolean }>(
      t.ctx.db,
      sql`select id, last4, is_default from payment_methods where account_id = ${buyer.id} order by id`,
    );
    expect(methods.map((m) => [m.last4, m.is_default])).toEqual([
      ['4242', false],
      ['4444', true],
    ]);
    expect((await buyer.browser.post(`/settings/payment-methods/${methods[0].id}/default`, {})).status).toBe(303);
    expect((await buyer.browser.post(`/settings/payment-methods/${methods[1].id}/delete`, {})).status).toBe(303);
    const page = await buyer.browser.page('/settings/payment-methods');
    expect(page.html).toContain('4242');
    expect(page.html).not.toContain('4444');
    expect(page.html).not.toContain('pm_test_');
  });
});

describe('cart API', () => {
  it('adds, reads, changes and pays a brand’s lines once per Idempotency-Key', async () => {
    const s = await shop(t, app, { price: 990 });
    const buyer = await person(t, app, { details: true });
    const added = await json(
      t.call('POST', '/api/v1/cart/items', { token: buyer.token, body: { variant_id: s.variantId, quantity: 2 } }),
      201,
    );
    expect(added.groups[0].lines[0]).toMatchObject({
      variant_id: s.variantId,
      quantity: 2,
      price: { amount: 990, currency: 'EUR' },
      price_changed: false,
    });
    const bad = await t.call('POST', '/api/v1/cart/items', {
      token: buyer.token,
      body: { variant_id: s.variantId, quantity: 0 },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.code).toBe('invalid_quantity');
    await json(t.call('PATCH', `/api/v1/cart/items/${s.variantId}`, { token: buyer.token, body: { quantity: 3 } }));
    const body = { brand_id: s.brand.id, payment_method_id: buyer.methodId, address_id: buyer.addressId };
    const headers = { 'idempotency-key': 'cart-1' };
    const first = await json(t.call('POST', '/api/v1/cart/checkout', { token: buyer.token, body, headers }), 201);
    const second = await json(t.call('POST', '/api/v1/cart/checkout', { token: buyer.token, body, headers }), 201);
    expect(first).toMatchObject({ status: 'paid' });
    expect(second.id).toBe(first.id);
    expect((await json(t.call('GET', '/api/v1/cart', { token: buyer.token }))).groups).toEqual([]);
    const empty = await t.call('POST', '/api/v1/cart/checkout', { token: buyer.token, body });
    expect((await empty.json()).error.code).toBe('empty_cart');
  });
});
