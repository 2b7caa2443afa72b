import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { brandTeam, json, person, type Team } from '../../../../test/support/catalog';
import { address } from '../../../../test/support/commerce';
import { queryRows } from '../../../db/client';
import { savePaymentMethod } from '../../commerce';
import { priceHistory } from './history';

let t: TestApp;
let team: Team;
beforeAll(async () => {
  t = await createTestApp();
  team = await brandTeam(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const iso = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
const errorOf = async (res: Response) => (await json(res)).error as { code: string; details?: { field?: string } };
let sku = 0;

/** A published product of the team's brand, its variants at these prices (cents). */
async function product(prices: number[], brandTeamOf: Team = team) {
  const res = await t.call('POST', `/api/v1/brands/${brandTeamOf.brand.id}/products`, {
    token: brandTeamOf.owner.token,
    body: {
      title: `Tomme ${++sku}`,
      status: 'published',
      variants: prices.map((amount, i) => ({ sku: `TM-${sku}-${i}`, price: { amount, currency: 'EUR' }, stock: 50 })),
    },
  });
  expect(res.status).toBe(201);
  const body = await json(res);
  return { id: body.id as string, variants: (body.variants as { id: string }[]).map((v) => v.id) };
}
const setPrice = async (variantId: string, amount: number) =>
  expect(
    (await t.call('PATCH', `/api/v1/variants/${variantId}`, { token: team.owner.token, body: { price: { amount } } }))
      .status,
  ).toBe(200);
const rule = (body: Record<string, unknown>, token = team.owner.token, brandId = team.brand.id) =>
  t.call('POST', `/api/v1/brands/${brandId}/price_rules`, { token, body });
const shown = async (productId: string) => (await json(await t.call('GET', `/api/v1/products/${productId}`))).variants;

describe('price history', () => {
  it('records the first price, every change, and nothing when the price stays', async () => {
    const p = await product([3000]);
    t.clock.advance(DAY);
    await setPrice(p.variants[0], 2500);
    await setPrice(p.variants[0], 2500);
    const res = await t.call('PATCH', `/api/v1/variants/${p.variants[0]}`, {
      token: team.owner.token,
      body: { stock: 3 },
    });
    expect(res.status).toBe(200);
    const history = (await priceHistory(t.ctx.db, p.variants)).get(p.variants[0])!;
    expect(history.map((h) => h.amount)).toEqual([3000, 2500]);
    expect(history[0].validTo).toEqual(history[1].validFrom);
    expect(history[1].validTo).toBeNull();
  });
});

describe('the reference price (lowest of the 30 days before the sale)', () => {
  it('30 € for 40 days, 25 € from 10 days before, 20 % off: reference 25 €, sale 20 €', async () => {
    const p = await product([3000]);
    t.clock.advance(40 * DAY);
    await setPrice(p.variants[0], 2500);
    const created = await rule({
      label: 'Soldes d’hiver',
      kind: 'percent',
      value: 20,
      product_ids: [p.id],
      starts_at: iso(10 * DAY),
      ends_at: iso(20 * DAY),
    });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ status: 'scheduled', scope: 'products', product_ids: [p.id] });
    // Before the start: the regular price, no sale.
    const before = (await shown(p.id))[0];
    expect(before.price).toEqual({ amount: 2500, currency: 'EUR' });
    expect(before.sale).toBeUndefined();
    expect(before.reference_price).toBeUndefined();
    t.clock.advance(10 * DAY + 1000);
    const during = (await shown(p.id))[0];
    expect(during.price).toEqual({ amount: 2000, currency: 'EUR' });
    expect(during.reference_price).toEqual({ amount: 2500, currency: 'EUR' });
    expect(during.compare_at).toEqual({ amount: 2500, currency: 'EUR' });
    expect(during.sale).toMatchObject({ label: 'Soldes d’hiver', regular_price: { amount: 2500 } });
    t.clock.advance(10 * DAY);
    const after = (await shown(p.id))[0];
    expect(after.price).toEqual({ amount: 2500, currency: 'EUR' });
    expect(after.sale).toBeUndefined();
  });

  it('a price raised just before the sale does not raise the reference', async () => {
    const p = await product([2500]);
    t.clock.advance(40 * DAY);
    await setPrice(p.variants[0], 3000);
    t.clock.advance(2 * DAY);
    expect(
      (
        await rule({
          label: 'Promo',
          kind: 'percent',
          value: 10,
          product_ids: [p.id],
          starts_at: iso(-1000),
          ends_at: iso(DAY),
        })
      ).status,
    ).toBe(201);
    const v = (await shown(p.id))[0];
    expect(v.price.amount).toBe(2700);
    expect(v.reference_price.amount).toBe(2500);
  });

  it('a price older than 30 days does not count; a variant younger than 30 days: its lowest since creation', async () => {
    const old = await product([2000]);
    const other = await product([4000]);
    t.clock.advance(DAY);
    await setPrice(other.variants[0], 3500);
    t.clock.advance(DAY);
    await setPrice(old.variants[0], 2600);
    await setPrice(other.variants[0], 3800);
    t.clock.advance(31 * DAY);
    await setPrice(other.variants[0], 4000);
    const young = await product([5000]);
    t.clock.advance(DAY);
    await setPrice(young.variants[0], 4500);
    t.clock.advance(DAY);
    await setPrice(young.variants[0], 4800);
    const ids = [old.id, other.id, young.id];
    const created = await rule({
      label: 'Déstockage',
      kind: 'amount',
      value: 500,
      product_ids: ids,
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    expect(created.status).toBe(201);
    // 20 € until 32 days before the sale, 26 € since: 26 €.
    expect((await shown(old.id))[0]).toMatchObject({ price: { amount: 2100 }, reference_price: { amount: 2600 } });
    // 35 € before the window, then 38 € and 40 €: 38 €.
    expect((await shown(other.id))[0]).toMatchObject({ price: { amount: 3500 }, reference_price: { amount: 3800 } });
    // Two days old: 50 €, 45 €, 48 €: 45 €.
    expect((await shown(young.id))[0]).toMatchObject({ price: { amount: 4300 }, reference_price: { amount: 4500 } });
  });
});

describe('rules', () => {
  it('overlapping rules: the best price for the buyer applies', async () => {
    const p = await product([1000, 5000]);
    await rule({
      label: 'Moins 15 %',
      kind: 'percent',
      value: 15,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    await rule({
      label: 'Moins 3 €',
      kind: 'amount',
      value: 300,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    const [cheap, dear] = await shown(p.id);
    expect(cheap).toMatchObject({ price: { amount: 700 }, sale: { label: 'Moins 3 €' } });
    expect(dear).toMatchObject({ price: { amount: 4250 }, sale: { label: 'Moins 15 %' } });
  });

  it('a collection rule and a whole-shop rule', async () => {
    const other = await brandTeam(t);
    const a = await product([1000], other);
    const b = await product([2000], other);
    const col = await t.call('POST', `/api/v1/brands/${other.brand.id}/collections`, {
      token: other.owner.token,
      body: { title: 'Hiver', product_ids: [a.id] },
    });
    expect(col.status).toBe(201);
    const collectionId = (await json(col)).id;
    expect(
      (
        await rule(
          {
            label: 'Hiver',
            kind: 'percent',
            value: 30,
            collection_id: collectionId,
            starts_at: iso(-1000),
            ends_at: iso(DAY),
          },
          other.owner.token,
          other.brand.id,
        )
      ).status,
    ).toBe(201);
    expect((await shown(a.id))[0].price.amount).toBe(700);
    expect((await shown(b.id))[0].sale).toBeUndefined();
    expect(
      (
        await rule(
          { label: 'Tout à −10 %', kind: 'percent', value: 10, starts_at: iso(-1000), ends_at: iso(DAY) },
          other.owner.token,
          other.brand.id,
        )
      ).status,
    ).toBe(201);
    expect((await shown(a.id))[0].price.amount).toBe(700);
    expect((await shown(b.id))[0]).toMatchObject({ price: { amount: 1800 }, sale: { label: 'Tout à −10 %' } });
  });

  it('lists, changes, ends early and deletes', async () => {
    const p = await product([1000]);
    const created = await json(
      await rule({
        label: 'Essai',
        kind: 'percent',
        value: 10,
        product_ids: [p.id],
        starts_at: iso(-1000),
        ends_at: iso(DAY),
      }),
    );
    const list = await json(
      await t.call('GET', `/api/v1/brands/${team.brand.id}/price_rules`, { token: team.admin.token }),
    );
    expect(list.map((r: { id: string }) => r.id)).toContain(created.id);
    const changed = await t.call('PATCH', `/api/v1/price_rules/${created.id}`, {
      token: team.admin.token,
      body: { value: 50 },
    });
    expect(await json(changed)).toMatchObject({ value: 50, status: 'running' });
    expect((await shown(p.id))[0].price.amount).toBe(500);
    const ended = await t.call('POST', `/api/v1/price_rules/${created.id}/end`, { token: team.owner.token });
    expect(await json(ended)).toMatchObject({ status: 'ended' });
    expect((await shown(p.id))[0].price.amount).toBe(1000);
    expect((await t.call('POST', `/api/v1/price_rules/${created.id}/end`, { token: team.owner.token })).status).toBe(
      409,
    );
    expect((await t.call('DELETE', `/api/v1/price_rules/${created.id}`, { token: team.owner.token })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/price_rules/${created.id}`, { token: team.owner.token })).status).toBe(404);
  });

  it('refuses bad rules with 422 naming the field, and writes nothing', async () => {
    const p = await product([1000]);
    const other = await brandTeam(t);
    const foreign = await product([1000], other);
    const ok = { label: 'Soldes', kind: 'percent', value: 20, starts_at: iso(DAY), ends_at: iso(2 * DAY) };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ends_at: iso(DAY / 2) }, 'ends_at', 'ends_before_start'],
      [{ value: 100 }, 'value', 'reduction_too_large'],
      [{ value: 0 }, 'value', 'invalid_value'],
      [{ value: -5 }, 'value', 'invalid_value'],
      [{ kind: 'amount', value: 0 }, 'value', 'invalid_value'],
      [{ kind: 'amount', value: 1000, product_ids: [p.id] }, 'value', 'reduction_too_large'],
      [{ product_ids: [p.id], collection_id: p.id }, 'product_ids', 'conflicting_targets'],
      [{ product_ids: [foreign.id] }, 'product_ids', 'unknown_product'],
      [{ collection_id: p.id }, 'collection_id', 'unknown_collection'],
      [{ label: '' }, 'label', 'invalid_label'],
      [{ kind: 'free' }, 'kind', 'invalid_kind'],
      [{ starts_at: 'tomorrow' }, 'starts_at', 'invalid_date'],
    ];
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.ctx.db,
          sql`select count(*)::int as n from price_rules where brand_id = ${team.brand.id}`,
        )
      )[0].n;
    const before = await count();
    for (const [change, field, code] of cases) {
      const res = await rule({ ...ok, ...change });
      expect(res.status, JSON.stringify(change)).toBe(422);
      expect(await errorOf(res)).toMatchObject({ code, details: { field } });
    }
    expect(await count()).toBe(before);
  });

  it('only owners and admins manage rules; another brand’s rules are not found', async () => {
    const ok = { label: 'Soldes', kind: 'percent', value: 20, starts_at: iso(DAY), ends_at: iso(2 * DAY) };
    expect((await rule(ok, team.communityManager.token)).status).toBe(403);
    expect((await rule(ok, team.staff.token)).status).toBe(403);
    expect((await rule(ok, team.outsider.token)).status).toBe(403);
    const created = await json(await rule(ok, team.admin.token));
    const other = await brandTeam(t);
    expect(
      (await t.call('GET', `/api/v1/brands/${team.brand.id}/price_rules`, { token: other.owner.token })).status,
    ).toBe(403);
    expect(
      (await t.call('PATCH', `/api/v1/price_rules/${created.id}`, { token: other.owner.token, body: { value: 90 } }))
        .status,
    ).toBe(404);
    expect((await t.call('DELETE', `/api/v1/price_rules/${created.id}`, { token: other.owner.token })).status).toBe(
      404,
    );
    expect(
      (await t.call('DELETE', `/api/v1/price_rules/${created.id}`, { token: team.communityManager.token })).status,
    ).toBe(403);
  });
});

describe('checkout', () => {
  it('charges the sale price; the order line keeps the label and the reference price', async () => {
    const p = await product([3000]);
    t.clock.advance(40 * DAY);
    await setPrice(p.variants[0], 2500);
    t.clock.advance(10 * DAY);
    await rule({
      label: 'Soldes d’hiver',
      kind: 'percent',
      value: 20,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    const b = await person(t, 'buy');
    const method = await savePaymentMethod(t.ctx, b.id, { provider: 'test', token: 'tok_visa' });
    const res = await t.call('POST', '/api/v1/orders', {
      token: b.token,
      body: {
        lines: [{ variant_id: p.variants[0], quantity: 2 }],
        payment_method_id: method.id,
        shipping_address: address,
      },
      headers: { 'idempotency-key': `sale-${p.id}` },
    });
    expect(res.status).toBe(201);
    const order = await json(res);
    expect(order.subtotal).toEqual({ amount: 4000, currency: 'EUR' });
    expect(order.lines[0]).toMatchObject({
      unit_price: { amount: 2000 },
      sale: { label: 'Soldes d’hiver', reference_price: { amount: 2500 }, regular_price: { amount: 2500 } },
    });
    // After the sale: the order still says what it was sold under.
    t.clock.advance(2 * DAY);
    const read = await json(await t.call('GET', `/api/v1/orders/${order.id}`, { token: b.token }));
    expect(read.lines[0]).toMatchObject({
      unit_price: { amount: 2000 },
      sale: { label: 'Soldes d’hiver', reference_price: { amount: 2500 } },
    });
    const [payment] = await queryRows<{ amount: number }>(
      t.ctx.db,
      sql`select amount from payments where order_id = ${order.id}`,
    );
    expect(Number(payment.amount)).toBe(order.total.amount);
  });

  it('a price the buyer saw before the sale is a price change (409), the sale price is not', async () => {
    const p = await product([1000]);
    await rule({
      label: 'Flash',
      kind: 'percent',
      value: 50,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    const b = await person(t, 'buy');
    const method = await savePaymentMethod(t.ctx, b.id, { provider: 'test', token: 'tok_visa' });
    const order = (expected: number) =>
      t.call('POST', '/api/v1/orders', {
        token: b.token,
        body: {
          lines: [{ variant_id: p.variants[0], quantity: 1 }],
          payment_method_id: method.id,
          shipping_address: address,
          expected_prices: { [p.variants[0]]: expected },
        },
      });
    expect((await order(1000)).status).toBe(409);
    expect((await order(500)).status).toBe(201);
  });
  it('a cart filled during the sale pays the sale price; after the sale the cart says the price changed', async () => {
    const p = await product([4000]);
    await rule({
      label: 'Fin de série',
      kind: 'amount',
      value: 1000,
      product_ids: [p.id],
      starts_at: iso(-1000),
      ends_at: iso(DAY),
    });
    const b = await person(t, 'buy');
    const method = await savePaymentMethod(t.ctx, b.id, { provider: 'test', token: 'tok_visa' });
    expect(
      (await t.call('POST', '/api/v1/cart/items', { token: b.token, body: { variant_id: p.variants[0], quantity: 1 } }))
        .status,
    ).toBeLessThan(300);
    const cart = await json(await t.call('GET', '/api/v1/cart', { token: b.token }));
    expect(JSON.stringify(cart)).toContain('3000');
    const pay = () =>
      t.call('POST', '/api/v1/cart/checkout', {
        token: b.token,
        body: { brand_id: team.brand.id, payment_method_id: method.id, shipping_address: address },
        headers: { 'idempotency-key': `cart-${p.id}-${Math.random()}` },
      });
    const paid = await pay();
    expect(paid.status).toBe(201);
    const order = await json(await t.call('GET', `/api/v1/orders/${(await json(paid)).id}`, { token: b.token }));
    expect(order.lines[0]).toMatchObject({
      unit_price: { amount: 3000 },
      sale: { label: 'Fin de série' },
    });
    expect(
      (await t.call('POST', '/api/v1/cart/items', { token: b.token, body: { variant_id: p.variants[0], quantity: 1 } }))
        .status,
    ).toBeLessThan(300);
    t.clock.advance(2 * DAY);
    expect((await pay()).status).toBe(409);
  });
});
