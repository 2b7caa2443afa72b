import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import {
  attributionOf,
  buyerWithCard,
  buyNow,
  consenting,
  json,
  lastOrderOf,
  orderBody,
  pathOf,
  person,
  programme,
  shop,
  shopper,
} from './test-support';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const order = (token: string, variantId: string, methodId: string, ref?: string) =>
  json<{ id: string; status: string; ambassador_id?: string | null }>(
    t.call('POST', '/api/v1/orders', { token, body: { ...orderBody(variantId, methodId), ...(ref ? { ref } : {}) } }),
    201,
  );

describe('attribution through the web (the referral cookie)', () => {
  it('a signed-out visitor follows the link, signs in, buys now: the order is the ambassador’s, with the link', async () => {
    const { s, ambassadorId, link } = await programme(t);
    const buyer = await person(t);
    const details = await shopper(t, buyer);
    // The visit is made signed out: a fresh jar, then the session joins the same jar.
    const browser = consenting(t, new BrowserSession(t));
    expect((await browser.get(pathOf(link.url))).status).toBe(302);
    expect(browser.cookies.get('comptoir_ref')).toBeTruthy();
    await browser.actAs(buyer.id);
    const res = await buyNow(browser, s.variantId, details);
    expect(res.status).toBeLessThan(400);
    const placed = await lastOrderOf(t, buyer.id);
    expect(placed.status).toBe('paid');
    const a = await attributionOf(t, placed.id);
    expect(a).toMatchObject({ ambassador_id: ambassadorId, excluded: null });
    expect(a.link_id).toBeTruthy();
    expect(details.browser).toBeTruthy();
  });

  it('last click wins between two ambassadors; after the window nothing is attributed', async () => {
    const { s, ambassadorId: first, link } = await programme(t, { windowDays: 3 });
    const second = await person(t, { prefix: 'amb2' });
    const { id: secondId } = await json(
      t.call('POST', `/api/v1/brands/${s.brand.id}/ambassadors`, {
        token: s.ownerToken,
        body: { account_id: second.id },
      }),
      201,
    );
    const secondLink = await json(
      t.call('POST', `/api/v1/ambassadors/${secondId}/links`, {
        token: second.token,
        body: { product_id: s.productId },
      }),
      201,
    );
    const buyer = await person(t);
    const details = await shopper(t, buyer);
    await details.browser.get(pathOf(link.url));
    t.clock.advance(60_000);
    await details.browser.get(pathOf(secondLink.url));
    await buyNow(details.browser, s.variantId, details);
    expect((await attributionOf(t, (await lastOrderOf(t, buyer.id)).id)).ambassador_id).toBe(secondId);

    // The first one's link followed again, then 2 days later: still within 3 days, the first wins.
    await details.browser.get(pathOf(link.url));
    t.clock.advance(2 * DAY);
    await buyNow(details.browser, s.variantId, details);
    expect((await attributionOf(t, (await lastOrderOf(t, buyer.id)).id)).ambassador_id).toBe(first);

    // Past the window (3 days after the last click): no attribution at all.
    t.clock.advance(1.5 * DAY);
    await buyNow(details.browser, s.variantId, details);
    const late = await lastOrderOf(t, buyer.id);
    expect(late.status).toBe('paid');
    expect(await attributionOf(t, late.id)).toBeNull();
  });

  it('an order of another brand, or without any visit, writes nothing', async () => {
    const { link } = await programme(t);
    const other = await shop(t);
    const buyer = await person(t);
    const details = await shopper(t, buyer);
    await details.browser.get(pathOf(link.url));
    await buyNow(details.browser, other.variantId, details);
    expect(await attributionOf(t, (await lastOrderOf(t, buyer.id)).id)).toBeNull();
  });
});

describe('attribution through the API (`ref`) and the signed-in account', () => {
  it('`ref` counts as a visit at order time; GET shows ambassador_id to the team only', async () => {
    const { s, ambassadorId, link } = await programme(t);
    const buyer = await buyerWithCard(t, 'tok_mastercard');
    const placed = await order(buyer.token, s.variantId, buyer.methodId, link.code);
    expect(await attributionOf(t, placed.id)).toMatchObject({ ambassador_id: ambassadorId, excluded: null });
    const asTeam = await json(t.call('GET', `/api/v1/orders/${placed.id}`, { token: s.ownerToken }), 200);
    expect(asTeam.ambassador_id).toBe(ambassadorId);
    const asBuyer = await json(t.call('GET', `/api/v1/orders/${placed.id}`, { token: buyer.token }), 200);
    expect(asBuyer.ambassador_id ?? null).toBeNull();
    const other = await shop(t);
    expect((await t.call('GET', `/api/v1/orders/${placed.id}`, { token: other.ownerToken })).status).toBe(404);

    // The same buyer's next order, without ref: their account's visit (the ref) is remembered.
    const next = await order(buyer.token, s.variantId, buyer.methodId);
    expect((await attributionOf(t, next.id))?.ambassador_id).toBe(ambassadorId);
    // A bad ref is 422; an unknown one simply attributes nothing new.
    const bad = await t.call('POST', '/api/v1/orders', {
      token: buyer.token,
      body: { ...orderBody(s.variantId, buyer.methodId), ref: 'no/such' },
    });
    expect([bad.status, (await bad.json()).error.code]).toEqual([422, 'invalid_ref']);
  });

  it('a visit signed in on one device counts for an order from another (the account)', async () => {
    const { s, ambassadorId, link } = await programme(t);
    const buyer = await buyerWithCard(t, 'tok_mastercard');
    const phone = consenting(t, new BrowserSession(t));
    await phone.actAs(buyer.id);
    await phone.get(pathOf(link.url));
    const placed = await order(buyer.token, s.variantId, buyer.methodId);
    expect((await attributionOf(t, placed.id))?.ambassador_id).toBe(ambassadorId);
  });

  it('a ref of another brand’s link attributes nothing', async () => {
    const { link } = await programme(t);
    const other = await shop(t);
    const buyer = await buyerWithCard(t, 'tok_mastercard');
    const placed = await order(buyer.token, other.variantId, buyer.methodId, link.code);
    expect(await attributionOf(t, placed.id)).toBeNull();
  });
});

describe('exclusions (recorded, earning nothing)', () => {
  it('self-referral: the ambassador buys through their own link', async () => {
    const { s, amb, link } = await programme(t);
    const { savePaymentMethod } = await import('../commerce');
    const card = await savePaymentMethod(t.ctx, amb.id, { provider: 'test', token: 'tok_mastercard' });
    const placed = await order(amb.token, s.variantId, card.id, link.code);
    expect((await attributionOf(t, placed.id))?.excluded).toBe('self');
  });

  it('the brand’s own team', async () => {
    const { s, link } = await programme(t);
    const staff = await s.member('staff');
    const { savePaymentMethod } = await import('../commerce');
    const card = await savePaymentMethod(t.ctx, staff.id, { provider: 'test', token: 'tok_mastercard' });
    const placed = await order(staff.token, s.variantId, card.id, link.code);
    expect((await attributionOf(t, placed.id))?.excluded).toBe('team');
  });

  it('a card the ambassador also saved (same brand, last four digits and expiry)', async () => {
    const { s, amb, link } = await programme(t);
    const { savePaymentMethod } = await import('../commerce');
    await savePaymentMethod(t.ctx, amb.id, { provider: 'test', token: 'tok_visa' });
    const sameCard = await buyerWithCard(t, 'tok_visa');
    const placed = await order(sameCard.token, s.variantId, sameCard.methodId, link.code);
    expect((await attributionOf(t, placed.id))?.excluded).toBe('same_payment');
    const otherCard = await buyerWithCard(t, 'tok_mastercard');
    const fine = await order(otherCard.token, s.variantId, otherCard.methodId, link.code);
    expect((await attributionOf(t, fine.id))?.excluded).toBeNull();
  });
});

describe('the brand’s order page', () => {
  it('shows "Brought by @ambassador" to the team, with the post it came from; never to the buyer', async () => {
    const { s, amb, link } = await programme(t);
    const fan = await person(t);
    const status = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', { token: fan.token, body: { status: `À goûter : ${link.url}` } }),
      200,
    );
    const buyer = await person(t);
    const details = await shopper(t, buyer);
    await details.browser.get(`${pathOf(link.url)}?via=${status.id}`);
    await buyNow(details.browser, s.variantId, details);
    const placed = await lastOrderOf(t, buyer.id);
    const owner = new BrowserSession(t);
    await owner.actAs(s.owner.id);
    const page = await owner.page(`/brands/${s.brand.username}/orders/${placed.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('ambassador-attribution');
    expect(page.html).toContain(`@${amb.username}`);
    expect(page.html).toContain(`/@${fan.username}/${status.id}`);
    const mine = await details.browser.page(`/orders/${placed.id}`);
    expect(mine.status).toBe(200);
    expect(mine.html).not.toContain('ambassador-attribution');
  });
});
