import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, outbox, person, runJobs, shop, type Shop } from '../../../../test/support/orders';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as any;

async function edition(size: number, stock = size): Promise<Shop> {
  const s = await shop(t, { stock: 0, price: 4500 });
  const res = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
    token: s.ownerToken,
    body: { edition_size: size, stock },
  });
  expect(res.status).toBe(200);
  expect((await json(res)).edition_size).toBe(size);
  return s;
}

async function buy(s: Shop, quantity = 1) {
  const b = await buyerWithCard(t);
  const res = await t.call('POST', '/api/v1/orders', {
    token: b.token,
    body: orderBody(s.variantId, b.methodId, quantity),
  });
  return { b, res, body: await json(res) };
}

describe('numbered limited editions', () => {
  it('30 concurrent buyers of a 20-unit edition: 20 paid, numbered 1..20 exactly once, 10 out of stock', async () => {
    const s = await edition(20);
    const buyers = await Promise.all(Array.from({ length: 30 }, () => buyerWithCard(t)));
    const replies = await Promise.all(
      buyers.map((b) => t.call('POST', '/api/v1/orders', { token: b.token, body: orderBody(s.variantId, b.methodId) })),
    );
    const bodies = await Promise.all(replies.map(json));
    const paid = bodies.filter((_, i) => replies[i].status === 201);
    const refused = bodies.filter((_, i) => replies[i].status === 409);
    expect(paid).toHaveLength(20);
    expect(refused).toHaveLength(10);
    expect(refused.every((b) => b.error.code === 'out_of_stock')).toBe(true);
    const numbers = paid.flatMap((b) => b.lines[0].edition_numbers as number[]).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await queryRows<{ n: number; max: number }>(
      t.ctx.db,
      sql`select count(*)::int as n, max(number)::int as max from edition_units where variant_id = ${s.variantId}`,
    );
    expect(rows[0]).toEqual({ n: 20, max: 20 });
    // The order API shows them too.
    const i = replies.findIndex((r) => r.status === 201);
    const shown = await json(await t.call('GET', `/api/v1/orders/${bodies[i].id}`, { token: buyers[i].token }));
    expect(shown.lines[0].edition_numbers).toEqual(bodies[i].lines[0].edition_numbers);
  });

  it('a cancelled unit’s number is withdrawn, never given again: the edition then sells N - 1', async () => {
    const s = await edition(3);
    const first = await buy(s);
    const second = await buy(s, 2);
    expect(first.body.lines[0].edition_numbers).toEqual([1]);
    expect(second.body.lines[0].edition_numbers).toEqual([2, 3]);
    const cancel = await t.call('POST', `/api/v1/orders/${first.body.id}/cancel`, { token: first.b.token, body: {} });
    expect(cancel.status).toBe(200);
    const [unit] = await queryRows<{ status: string }>(
      t.ctx.db,
      sql`select status from edition_units where variant_id = ${s.variantId} and number = 1`,
    );
    expect(unit.status).toBe('withdrawn');
    // The cancelled unit does not go back to stock: its number is gone for good.
    const product = await json(await t.call('GET', `/api/v1/products/${s.productId}`));
    expect(product.variants[0].stock).toBe(0);
    const late = await buy(s);
    expect(late.res.status).toBe(409);
    // Nor can the brand put it back: 3 numbers given, none left to sell.
    const more = await t.call('POST', `/api/v1/variants/${s.variantId}/stock`, {
      token: s.ownerToken,
      body: { adjust: 1 },
    });
    expect(more.status).toBe(422);
    expect((await json(more)).error.code).toBe('stock_exceeds_edition');
    // The product page says so.
    const page = await t.call('GET', `/@${s.brand.username}/products/${s.productId}`);
    const html = await page.text();
    expect(html).toContain('Édition limitée de 3 exemplaires numérotés · 2 vendus · 1 retiré');
  });

  it('a refunded order withdraws its numbers too', async () => {
    const s = await edition(5);
    const bought = await buy(s);
    const refund = await t.call('POST', `/api/v1/orders/${bought.body.id}/refund`, { token: s.ownerToken, body: {} });
    expect(refund.status).toBe(200);
    const rows = await queryRows<{ status: string }>(
      t.ctx.db,
      sql`select status from edition_units where order_id = ${bought.body.id}`,
    );
    expect(rows.map((r) => r.status)).toEqual(['withdrawn']);
    const next = await buy(s);
    expect(next.body.lines[0].edition_numbers).toEqual([2]);
  });

  it('refuses an edition smaller than its numbered units, a stock above the numbers left, and a bad size', async () => {
    const s = await edition(10, 4);
    await buy(s);
    await buy(s);
    const shrink = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
      token: s.ownerToken,
      body: { edition_size: 1 },
    });
    expect(shrink.status).toBe(422);
    const error = (await json(shrink)).error;
    expect(error.code).toBe('edition_too_small');
    expect(error.details.field).toBe('edition_size');
    const unset = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
      token: s.ownerToken,
      body: { edition_size: null },
    });
    expect((await json(unset)).error.code).toBe('edition_too_small');
    const tooMuch = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
      token: s.ownerToken,
      body: { stock: 9 },
    });
    expect(tooMuch.status).toBe(422);
    expect((await json(tooMuch)).error.details.field).toBe('stock');
    const bad = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
      token: s.ownerToken,
      body: { edition_size: 0 },
    });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.details.field).toBe('edition_size');
    // Down to exactly what is numbered and held is allowed.
    const fits = await t.call('PATCH', `/api/v1/variants/${s.variantId}`, {
      token: s.ownerToken,
      body: { edition_size: 4 },
    });
    expect(fits.status).toBe(200);
    // A new variant may be created as an edition.
    const created = await t.call('POST', `/api/v1/products/${s.productId}/variants`, {
      token: s.ownerToken,
      body: { sku: `ED-${Date.now()}`, price: { amount: 9900 }, stock: 3, edition_size: 2 },
    });
    expect(created.status).toBe(422);
    expect((await json(created)).error.code).toBe('stock_exceeds_edition');
  });

  it('shows the numbers on the order page, the e-mail and a certificate only the buyer and the team see', async () => {
    const s = await edition(500, 50);
    const bought = await buy(s);
    const orderId = bought.body.id;
    const lineId = bought.body.lines[0].id;
    const page = await (await t.call('GET', `/orders/${orderId}`, { token: bought.b.token })).text();
    expect(page).toContain('n° 1');
    expect(page).toContain(`/orders/${orderId}/certificates/${lineId}`);
    const cert = await t.call('GET', `/orders/${orderId}/certificates/${lineId}`, { token: bought.b.token });
    expect(cert.status).toBe(200);
    const certHtml = await cert.text();
    expect(certHtml).toContain('n° 1 / 500');
    expect(certHtml).toContain('Brand ');
    const team = await t.call('GET', `/orders/${orderId}/certificates/${lineId}`, { token: s.ownerToken });
    expect(team.status).toBe(200);
    const stranger = await person(t);
    const hidden = await t.call('GET', `/orders/${orderId}/certificates/${lineId}`, { token: stranger.token });
    expect(hidden.status).toBe(404);
    await runJobs(t);
    const mail = outbox(t).find((m) => m.text.includes(bought.b.email) && m.text.includes('confirm'));
    expect(mail?.text).toContain('édition limitée, n° 1');
  });
});
