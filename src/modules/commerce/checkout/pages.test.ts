import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../../test/support/browser-session';
import { appToken, ordersFrom, person, shop, stockOf, type Shop } from '../../../links/testing';
import { setMember } from '../../accounts';
import { signUpUser } from '../../social/api-test-support';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

async function ownerSession(s: Shop) {
  const b = new BrowserSession(t);
  await b.actAs(s.owner.id);
  return b;
}

async function buyNow(buyer: Awaited<ReturnType<typeof person>>, s: Shop, quantity = 1) {
  const res = await buyer.browser.post('/checkout/now', {
    idempotency_key: crypto.randomUUID(),
    variant_id: s.variantId,
    quantity,
    address_id: buyer.addressId!,
    payment_method_id: buyer.methodId!,
  });
  expect(res.status).toBe(303);
  return (await ordersFrom(t, buyer.id)).at(-1)!.id;
}

describe('order pages', () => {
  it('the brand prepares and ships, the buyer sees where the order is, then asks for a return', async () => {
    const s = await shop(t, app, { price: 4200 });
    const buyer = await person(t, app, { details: true });
    const orderId = await buyNow(buyer, s);
    const owner = await ownerSession(s);

    const list = await owner.page(`/brands/${s.brand.username}/orders`);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/brands/${s.brand.username}/orders/${orderId}`);
    expect((await owner.page(`/brands/${s.brand.username}/orders?status=shipped`)).html).not.toContain(orderId);
    const csv = await owner.get(`/brands/${s.brand.username}/orders.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain(orderId);

    expect((await owner.post(`/brands/${s.brand.username}/orders/${orderId}/prepare`, {})).status).toBe(303);
    const badShip = await owner.post(`/brands/${s.brand.username}/orders/${orderId}/ship`, {
      carrier: '',
      tracking_number: '',
    });
    expect(badShip.status).toBe(422);
    expect(
      (
        await owner.post(`/brands/${s.brand.username}/orders/${orderId}/ship`, {
          carrier: 'Colissimo',
          tracking_number: '6A12345678901',
        })
      ).status,
    ).toBe(303);

    const status = unescapeHtml((await buyer.browser.page(`/orders/${orderId}`)).html);
    expect(status).toContain('Colissimo');
    expect(status).toContain('6A12345678901');
    expect(status).toContain('is-current');
    // Too late to cancel once shipped.
    expect(status).not.toContain(`action="/orders/${orderId}/cancel"`);

    expect((await owner.post(`/brands/${s.brand.username}/orders/${orderId}/deliver`, {})).status).toBe(303);
    const delivered = await buyer.browser.page(`/orders/${orderId}`);
    expect(delivered.html).toContain(`action="/orders/${orderId}/returns"`);
    const noReason = await buyer.browser.post(`/orders/${orderId}/returns`, { kind: 'return', reason: '' });
    expect(noReason.status).toBe(422);
    expect(
      (await buyer.browser.post(`/orders/${orderId}/returns`, { kind: 'repair', reason: 'La fermeture est cassée' }))
        .status,
    ).toBe(303);
    const console = await owner.page(`/brands/${s.brand.username}/orders/${orderId}`);
    expect(console.html).toContain('La fermeture est cassée');
    expect((await buyer.browser.page('/orders')).html).toContain(`/orders/${orderId}`);
  });

  it("shows an order line's quantity once, in words, apart from its variant", async () => {
    const s = await shop(t, app, { price: 1000 });
    const buyer = await person(t, app, { details: true });
    const orderId = await buyNow(buyer, s, 3);
    const html = unescapeHtml((await buyer.browser.page(`/orders/${orderId}`)).html);
    expect(html).toContain('<span class="line-qty">Quantité : 3</span>');
    expect(html).not.toMatch(/× 3/);
  });

  it('lets the buyer cancel before shipping (stock back), hides orders from others, and keeps refunds to owners and admins', async () => {
    const s = await shop(t, app, { stock: 4 });
    const buyer = await person(t, app, { details: true });
    const orderId = await buyNow(buyer, s, 2);
    expect(await stockOf(t, s.variantId)).toBe(2);
    const stranger = await person(t, app);
    expect((await stranger.browser.get(`/orders/${orderId}`)).status).toBe(404);
    expect((await stranger.browser.get(`/brands/${s.brand.username}/orders`)).status).toBe(404);
    const page = await buyer.browser.page(`/orders/${orderId}`);
    expect(page.html).toContain(`action="/orders/${orderId}/cancel"`);
    expect((await buyer.browser.post(`/orders/${orderId}/cancel`, { reason: 'Erreur de taille' })).status).toBe(303);
    expect((await ordersFrom(t, buyer.id))[0].status).toBe('cancelled');
    expect(await stockOf(t, s.variantId)).toBe(4);

    // Staff sees orders but cannot refund.
    const other = await buyNow(buyer, s);
    const staffUser = await signUpUser(t, app, `staff_${Date.now() % 100000}`);
    await setMember({ db: t.ctx.db }, s.owner.id, s.brand.id, staffUser.id, 'staff');
    const staff = new BrowserSession(t);
    await staff.actAs(staffUser.id);
    const view = await staff.page(`/brands/${s.brand.username}/orders/${other}`);
    expect(view.status).toBe(200);
    expect(view.html).not.toContain('/refund"');
    expect((await staff.post(`/brands/${s.brand.username}/orders/${other}/refund`, {})).status).toBe(403);
    const owner = await ownerSession(s);
    expect((await owner.page(`/brands/${s.brand.username}/orders/${other}`)).html).toContain('/refund"');
    expect((await owner.post(`/brands/${s.brand.username}/orders/${other}/refund`, { amount: '5,00' })).status).toBe(
      303,
    );
  });
});
