import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { address, buyerWithCard, outbox, person, runJobs, shop, type Shop } from '../../../../test/support/orders';
import { vatIncluded } from '../money';

let t: TestApp;
let s: Shop;
let bikePart: { productId: string; variantId: string };
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t, { price: 1200, stock: 50 });
  const cheese = await t.call('PATCH', `/api/v1/products/${s.productId}`, {
    token: s.ownerToken,
    body: { tax_class: 'reduced' },
  });
  expect(cheese.status).toBe(200);
  expect(((await cheese.json()) as any).tax_class).toBe('reduced');
  const res = await t.call('POST', `/api/v1/brands/${s.brand.id}/products`, {
    token: s.ownerToken,
    body: {
      title: 'Chaîne de vélo',
      status: 'published',
      tax_class: 'standard',
      variants: [{ sku: `CHAIN-${Date.now()}`, price: { amount: 4990 }, stock: 10 }],
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  bikePart = { productId: body.id, variantId: body.variants[0].id };
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as any;

describe('VAT by product kind', () => {
  it('refuses an unknown tax class with a 422 naming the field', async () => {
    const res = await t.call('PATCH', `/api/v1/products/${s.productId}`, {
      token: s.ownerToken,
      body: { tax_class: 'luxury' },
    });
    expect(res.status).toBe(422);
    const error = (await json(res)).error;
    expect(error.code).toBe('invalid_tax_class');
    expect(error.details.field).toBe('tax_class');
    const product = await json(await t.call('GET', `/api/v1/products/${bikePart.productId}`));
    expect(product.tax_class).toBe('standard');
  });

  it('taxes a cheese at 5.5 % and a bike part at 20 % in one order, shipping at the highest rate', async () => {
    const b = await buyerWithCard(t);
    const res = await t.call('POST', '/api/v1/orders', {
      token: b.token,
      body: {
        lines: [
          { variant_id: s.variantId, quantity: 2 },
          { variant_id: bikePart.variantId, quantity: 1 },
        ],
        payment_method_id: b.methodId,
        shipping_address: address,
      },
    });
    expect(res.status).toBe(201);
    const order = await json(res);
    const cheese = order.lines.find((l: any) => l.variant_id === s.variantId);
    const chain = order.lines.find((l: any) => l.variant_id === bikePart.variantId);
    expect(cheese.vat_rate).toBe(5.5);
    expect(cheese.vat.amount).toBe(vatIncluded(2400, 550));
    expect(chain.vat_rate).toBe(20);
    expect(chain.vat.amount).toBe(vatIncluded(4990, 2000));
    const shipping = order.shipping.amount.amount;
    expect(order.vat.amount).toBe(vatIncluded(2400, 550) + vatIncluded(4990, 2000) + vatIncluded(shipping, 2000));
    expect(order.total.amount).toBe(2400 + 4990 + shipping);

    // The order page and the e-mail give the VAT of each rate.
    const page = await (await t.call('GET', `/orders/${order.id}`, { token: b.token })).text();
    expect(page).toContain('dont TVA 5,5\u202f%');
    expect(page).toContain(`/orders/${order.id}/invoice`);
    await runJobs(t);
    const mail = outbox(t).find((m) => m.text.includes(b.email));
    expect(mail?.text).toContain('dont TVA 5,5\u202f%');

    // The invoice: buyer and team only, lines excluding VAT, totals per rate.
    const invoice = await t.call('GET', `/orders/${order.id}/invoice`, { token: b.token });
    expect(invoice.status).toBe(200);
    const html = await invoice.text();
    expect(html).toMatch(/Facture FA-\d{4}-00001/);
    expect(html).toContain('Prix unitaire HT');
    expect(html).toContain('5,5\u202f%');
    expect(html).toContain('Récapitulatif de la TVA');
    expect(html).toContain('Brand ');
    expect((await t.call('GET', `/orders/${order.id}/invoice`, { token: s.ownerToken })).status).toBe(200);
    const stranger = await person(t);
    expect((await t.call('GET', `/orders/${order.id}/invoice`, { token: stranger.token })).status).toBe(404);

    // The CSV export: two columns per rate.
    const csv = await (await t.call('GET', `/brands/${s.brand.username}/orders.csv`, { token: s.ownerToken })).text();
    const [header, row] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const columns = header.split(',');
    expect(columns.slice(-4)).toEqual(['excl_vat_20', 'vat_20', 'excl_vat_5.5', 'vat_5.5']);
    const cells = row.split(',');
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(cents(cells[columns.indexOf('vat_5.5')])).toBe(vatIncluded(2400, 550));
    expect(cents(cells[columns.indexOf('vat_20')])).toBe(vatIncluded(4990, 2000) + vatIncluded(shipping, 2000));
  });

  it('charges no VAT on exempt goods, in Belgium as in France', async () => {
    await t.call('PATCH', `/api/v1/products/${bikePart.productId}`, {
      token: s.ownerToken,
      body: { tax_class: 'exempt' },
    });
    const b = await buyerWithCard(t);
    const res = await t.call('POST', '/api/v1/orders', {
      token: b.token,
      body: {
        lines: [{ variant_id: bikePart.variantId, quantity: 1 }],
        payment_method_id: b.methodId,
        shipping_address: { ...address, country: 'BE', postal_code: '1000', city: 'Bruxelles' },
      },
    });
    const order = await json(res);
    expect(order.lines[0].vat_rate).toBe(0);
    expect(order.vat.amount).toBe(0);
  });
});
