// The payment methods, addresses, shipping methods and webhooks API, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { address, buyerWithCard, orderBody, person, shop, type Person } from '../../../test/support/orders';
import type { TestPaymentProvider } from './payments';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const _provider = () => t.ctx.payments.get('test') as TestPaymentProvider;

async function call(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await t.call(method, url, options);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and other text bodies stay text
  }
  return { status: res.status, body, headers: res.headers };
}

const post = (url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  call('POST', url, { token, body: body ?? {}, headers });
const get = (url: string, token?: string) => call('GET', url, { token });
const order = (token: string, body: unknown, key?: string) =>
  post('/api/v1/orders', token, body, key ? { 'Idempotency-Key': key } : undefined);

describe('payment methods API', () => {
  it('saves a test token as {id, brand, last4}, never showing the provider token', async () => {
    const p = await person(t);
    const res = await post('/api/v1/payment_methods', p.token, { provider: 'test', token: 'tok_visa' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), brand: 'visa', last4: '4242', default: true });
    expect(JSON.stringify(res.body)).not.toMatch(/pm_test|tok_/);
    const declined = await post('/api/v1/payment_methods', p.token, { provider: 'test', token: 'tok_declined' });
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ brand: 'visa', last4: '0002', default: false });
    expect(
      (await post('/api/v1/payment_methods', p.token, { provider: 'test', token: '4242 4242 4242 4242' })).body.error
        .code,
    ).toBe('card_number_refused');
    expect((await post('/api/v1/payment_methods', p.token, { provider: 'test' })).status).toBe(400);
    expect((await post('/api/v1/payment_methods', p.token, { provider: 'test', token: 42 })).status).toBe(400);
    expect((await post('/api/v1/payment_methods', p.token, { provider: 'paypal', token: 'x' })).body.error.code).toBe(
      'unknown_provider',
    );
    const list = await get('/api/v1/payment_methods', p.token);
    expect(list.body.map((m: { last4: string }) => m.last4)).toEqual(['4242', '0002']);
    const made = await post(`/api/v1/payment_methods/${declined.body.id}/default`, p.token);
    expect(made.body.default).toBe(true);
    const other = await person(t);
    expect((await call('DELETE', `/api/v1/payment_methods/${declined.body.id}`, { token: other.token })).status).toBe(
      404,
    );
    expect((await get('/api/v1/payment_methods', other.token)).body).toEqual([]);
    expect((await call('DELETE', `/api/v1/payment_methods/${declined.body.id}`, { token: p.token })).status).toBe(200);
    expect((await call('DELETE', '/api/v1/payment_methods/nope', { token: p.token })).status).toBe(404);
    expect((await get('/api/v1/payment_methods')).status).toBe(401);
  });
});

describe('addresses, shipping methods and webhooks API', () => {
  it('keeps an address book and orders to a saved address', async () => {
    const s = await shop(t, { stock: 3 });
    const b = await buyerWithCard(t);
    const saved = await post('/api/v1/addresses', b.token, { ...address, name: 'Léa Martin' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Léa Martin', postal_code: '69002', country: 'FR', default: true });
    expect((await post('/api/v1/addresses', b.token, { ...address, country: 'France' })).status).toBe(422);
    expect((await post('/api/v1/addresses', b.token, { ...address, city: 7 })).status).toBe(400);
    const placed = await order(b.token, {
      lines: [{ variant_id: s.variantId, quantity: 1 }],
      payment_method_id: b.methodId,
      address_id: saved.body.id,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.shipping_address).toMatchObject({ name: 'Léa Martin' });
    const other = await person(t);
    expect((await call('DELETE', `/api/v1/addresses/${saved.body.id}`, { token: other.token })).status).toBe(404);
    expect((await get('/api/v1/addresses', b.token)).body).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/addresses/${saved.body.id}`, { token: b.token })).status).toBe(200);
    expect((await get('/api/v1/addresses', b.token)).body).toHaveLength(0);
  });

  it('manages shipping methods: flat default from creation, free above, pickup, one default', async () => {
    const s = await shop(t, { stock: 10, price: 3000 });
    const initial = await get(`/api/v1/brands/${s.brand.id}/shipping_methods`);
    expect(initial.body).toEqual([
      expect.objectContaining({
        kind: 'flat',
        name: 'Colissimo',
        price: { amount: 590, currency: 'EUR' },
        default: true,
      }),
    ]);
    const free = await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, s.ownerToken, {
      kind: 'free_above',
      name: 'Offerte dès 50 €',
      price: { amount: 490 },
      free_above: { amount: 5000 },
      default: true,
    });
    expect(free.status).toBe(201);
    expect(free.body).toMatchObject({
      kind: 'free_above',
      free_above: { amount: 5000, currency: 'EUR' },
      default: true,
    });
    const pickup = await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, s.ownerToken, {
      kind: 'pickup',
      name: 'Retrait en boutique',
      price: { amount: 300 },
    });
    expect(pickup.body).toMatchObject({ price: { amount: 0 }, default: false });
    expect(
      (await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, s.ownerToken, { kind: 'drone', name: 'x' })).body
        .error.code,
    ).toBe('invalid_kind');
    expect(
      (await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, s.ownerToken, { kind: 'free_above', name: 'x' }))
        .body.error.code,
    ).toBe('invalid_amount');
    expect(
      (
        await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, s.ownerToken, {
          kind: 'flat',
          name: 'x',
          price: { amount: -1 },
        })
      ).status,
    ).toBe(422);
    const staff = await s.member('staff');
    expect(
      (await post(`/api/v1/brands/${s.brand.id}/shipping_methods`, staff.token, { kind: 'pickup', name: 'x' })).status,
    ).toBe(403);
    const list = await get(`/api/v1/brands/${s.brand.id}/shipping_methods`);
    expect(list.body.filter((m: { default: boolean }) => m.default)).toHaveLength(1);
    expect(list.body[0].id).toBe(free.body.id);
    // Orders use the default: 2 × 30 € ≥ 50 € ships free.
    const b = await buyerWithCard(t);
    const placed = await order(b.token, orderBody(s.variantId, b.methodId, 2));
    expect(placed.body).toMatchObject({
      shipping: { name: 'Offerte dès 50 €', amount: { amount: 0 } },
      total: { amount: 6000 },
    });
    const chosen = await order(b.token, {
      ...orderBody(s.variantId, b.methodId, 1),
      shipping_method_id: pickup.body.id,
    });
    expect(chosen.body.total.amount).toBe(3000);
    const patched = await call('PATCH', `/api/v1/brands/${s.brand.id}/shipping_methods/${pickup.body.id}`, {
      token: s.ownerToken,
      body: { default: true, name: 'Retrait à Lyon' },
    });
    expect(patched.body).toMatchObject({ default: true, name: 'Retrait à Lyon' });
    expect(
      (await get(`/api/v1/brands/${s.brand.id}/shipping_methods`)).body
        .filter((m: { default: boolean }) => m.default)
        .map((m: { id: string }) => m.id),
    ).toEqual([pickup.body.id]);
    for (const m of [free.body, initial.body[0]])
      expect(
        (await call('DELETE', `/api/v1/brands/${s.brand.id}/shipping_methods/${m.id}`, { token: s.ownerToken })).status,
      ).toBe(200);
    const last = await call('DELETE', `/api/v1/brands/${s.brand.id}/shipping_methods/${pickup.body.id}`, {
      token: s.ownerToken,
    });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_shipping_method');
    const other = await shop(t);
    expect(
      (
        await call('PATCH', `/api/v1/brands/${other.brand.id}/shipping_methods/${pickup.body.id}`, {
          token: other.ownerToken,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('registers webhooks (secret shown once) and lists their deliveries', async () => {
    const s = await shop(t);
    const insecure = await post(`/api/v1/brands/${s.brand.id}/webhooks`, s.ownerToken, {
      url: 'http://erp.example.com/hook',
    });
    expect(insecure.status).toBe(422);
    expect(insecure.body.error.code).toBe('insecure_url');
    const created = await post(`/api/v1/brands/${s.brand.id}/webhooks`, s.ownerToken, {
      url: 'https://erp.example.com/hook',
      events: ['order.paid'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://erp.example.com/hook',
      events: ['order.paid'],
      secret: expect.stringMatching(/^whsec_/),
    });
    const list = await get(`/api/v1/brands/${s.brand.id}/webhooks`, s.ownerToken);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].secret).toBeUndefined();
    const staff: Person = await s.member('staff');
    expect((await get(`/api/v1/brands/${s.brand.id}/webhooks`, staff.token)).status).toBe(403);
    const deliveries = await get(`/api/v1/brands/${s.brand.id}/webhooks/${created.body.id}/deliveries`, s.ownerToken);
    expect(deliveries).toMatchObject({ status: 200, body: [] });
    expect(
      (await call('DELETE', `/api/v1/brands/${s.brand.id}/webhooks/${created.body.id}`, { token: s.ownerToken }))
        .status,
    ).toBe(200);
    expect(
      (await get(`/api/v1/brands/${s.brand.id}/webhooks/${created.body.id}/deliveries`, s.ownerToken)).status,
    ).toBe(404);
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).body;
    for (const [path, method] of [
      ['/api/v1/orders', 'post'],
      ['/api/v1/orders', 'get'],
      ['/api/v1/orders/{id}', 'get'],
      ['/api/v1/orders/{id}/ship', 'post'],
      ['/api/v1/orders/{id}/deliver', 'post'],
      ['/api/v1/orders/{id}/refund', 'post'],
      ['/api/v1/orders/{id}/cancel', 'post'],
      ['/api/v1/orders/{id}/returns', 'post'],
      ['/api/v1/returns/{id}/resolve', 'post'],
      ['/api/v1/payment_methods', 'post'],
      ['/api/v1/addresses', 'post'],
      ['/api/v1/brands/{id}/orders', 'get'],
      ['/api/v1/brands/{id}/orders.csv', 'get'],
      ['/api/v1/brands/{id}/shipping_methods', 'post'],
      ['/api/v1/brands/{id}/webhooks', 'post'],
      ['/api/v1/brands/{id}/webhooks/{webhook_id}/deliveries', 'get'],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
    }
    expect(doc.paths['/api/v1/orders'].post.parameters.map((p: { name: string }) => p.name)).toContain(
      'Idempotency-Key',
    );
  });
});
