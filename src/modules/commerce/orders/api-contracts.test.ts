import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, buyerWithCard, orderBody, shop } from '../../../../test/support/orders';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import type { OpenApiDocument } from '../../../http/openapi';
import { operationsOf, responseChecker } from '../../../http/openapi.testkit';

/**
 * The commerce writes answer what their contracts say: a whole order's life (cart, checkout, order,
 * shipping, return, refund), the address book and shipping methods, each answer checked against the
 * schema the OpenAPI document declares for its status. GET answers are checked by
 * src/http/openapi-responses.test.ts.
 */

let t: TestApp;
let doc: OpenApiDocument;
let check: ReturnType<typeof responseChecker>;
const problems: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  doc = (await (await t.call('GET', '/api/openapi.json')).json()) as OpenApiDocument;
  check = responseChecker(doc);
});
afterAll(() => t.close());

function operation(method: string, path: string) {
  const bare = path.split('?')[0];
  return operationsOf(doc).find(
    (o) => o.method === method.toLowerCase() && new RegExp(`^${o.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare),
  );
}

/** A call whose answer must be declared, and match its schema. */
async function call(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) {
  const res = await t.call(method, path, { token, body, headers });
  const text = await res.text();
  const data = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
  const op = operation(method, path);
  if (!op) problems.push(`${method} ${path} is not in the document`);
  else {
    const problem = check(op.op, res.status, data);
    if (problem) problems.push(`${method} ${path} → ${res.status}: ${problem}`);
  }
  return { status: res.status, data };
}

describe('commerce write answers', () => {
  it('match their declared schemas through a whole order’s life', async () => {
    const s = await shop(t, { stock: 20, price: 1500 });
    const b = await buyerWithCard(t);
    const ok = (res: { status: number; data: unknown }, status: number) => {
      if (res.status !== status) problems.push(`expected ${status}, got ${res.status}: ${JSON.stringify(res.data)}`);
      return res.data as Record<string, any>;
    };

    // Cart, then checkout with an Idempotency-Key.
    ok(await call('POST', '/api/v1/cart/items', b.token, { variant_id: s.variantId, quantity: 2 }), 201);
    ok(await call('PATCH', `/api/v1/cart/items/${s.variantId}`, b.token, { quantity: 3 }), 200);
    ok(await call('POST', '/api/v1/cart/items', b.token, { variant_id: s.variantId, quantity: 0 }), 422);
    const checkout = { brand_id: s.brand.id, payment_method_id: b.methodId, shipping_address: address };
    const key = { 'Idempotency-Key': `cart-${Date.now()}` };
    const placed = ok(await call('POST', '/api/v1/cart/checkout', b.token, checkout, key), 201);
    expect(ok(await call('POST', '/api/v1/cart/checkout', b.token, checkout, key), 201).id).toBe(placed.id);
    ok(await call('DELETE', `/api/v1/cart/items/${s.variantId}`, b.token), 200);

    // An order through its steps, then a return and a refund.
    const order = ok(await call('POST', '/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 2)), 201);
    ok(await call('POST', `/api/v1/orders/${order.id}/prepare`, s.ownerToken, {}), 200);
    const shipped = { carrier: 'Colissimo', tracking_number: 'CP1' };
    ok(await call('POST', `/api/v1/orders/${order.id}/ship`, s.ownerToken, shipped), 200);
    ok(await call('POST', `/api/v1/orders/${order.id}/deliver`, s.ownerToken, {}), 200);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('reason', 'Arrivé écrasé');
    form.append('photos[]', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
    const ret = ok(await call('POST', `/api/v1/orders/${order.id}/returns`, b.token, form), 201);
    expect(ret.photos).toHaveLength(1);
    ok(await call('POST', `/api/v1/returns/${ret.id}/accept`, s.ownerToken, {}), 200);
    ok(await call('POST', `/api/v1/returns/${ret.id}/receive`, s.ownerToken, {}), 200);
    const refund = { amount: 500, reason: 'Geste' };
    ok(await call('POST', `/api/v1/orders/${order.id}/refund`, s.ownerToken, refund, { 'Idempotency-Key': 'r1' }), 200);
    const resolved = ok(await call('POST', `/api/v1/returns/${ret.id}/resolve`, s.ownerToken, {}), 200);
    expect(resolved.status).toBe('refunded');
    const other = ok(await call('POST', '/api/v1/orders', b.token, orderBody(s.variantId, b.methodId)), 201);
    expect(ok(await call('POST', `/api/v1/orders/${other.id}/cancel`, b.token, {}), 200).status).toBe('cancelled');
    ok(await call('POST', `/api/v1/orders/${other.id}/cancel`, b.token, {}), 409);
    ok(await call('GET', '/api/v1/orders/not-an-id', b.token), 404);

    // The address book and the brand's shipping methods.
    const saved = ok(await call('POST', '/api/v1/addresses', b.token, { ...address, default: true }), 201);
    ok(await call('DELETE', `/api/v1/addresses/${saved.id}`, b.token), 200);
    const methods = `/api/v1/brands/${s.brand.id}/shipping_methods`;
    const pickup = ok(await call('POST', methods, s.ownerToken, { kind: 'pickup', name: 'Retrait' }), 201);
    ok(await call('PATCH', `${methods}/${pickup.id}`, s.ownerToken, { name: 'Retrait à Lyon', default: true }), 200);
    ok(await call('GET', `${methods}?all=true`, s.ownerToken), 200);
    ok(await call('DELETE', `${methods}/${pickup.id}`, s.ownerToken), 200);

    expect(problems).toEqual([]);
  });

  it('documents the Idempotency-Key header where a retry must not charge twice', () => {
    for (const [method, path] of [
      ['post', '/api/v1/cart/checkout'],
      ['post', '/api/v1/orders'],
      ['post', '/api/v1/orders/{id}/refund'],
    ]) {
      const parameters = (doc.paths[path]?.[method as 'post']?.parameters ?? []) as { name: string; in: string }[];
      expect(parameters, `${method} ${path}`).toContainEqual(
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      );
    }
  });
});
