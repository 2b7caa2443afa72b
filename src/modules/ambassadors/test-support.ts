/**
 * Fixtures for the ambassadors' tests: a brand selling one product with a programme, an accepted
 * ambassador with a product link, buyers with a saved card (and address, for the web's forms).
 * Only imported by *.test.ts files.
 */
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { address, buyerWithCard, orderBody, person, shop, type Person, type Shop } from '../../../test/support/orders';
import { queryRows } from '../../db/client';
import { saveAddress, savePaymentMethod } from '../commerce';
import { CONSENT_COOKIE, consentCookieValue } from '../privacy';

export { address, buyerWithCard, orderBody, person, shop, type Person, type Shop };

export const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">';

export async function json<T = any>(res: Response | Promise<Response>, status?: number): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (status !== undefined && r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A brand with a programme (10 %, 30 days unless told) and one accepted ambassador with a product link. */
export async function programme(
  t: TestApp,
  options: { percent?: number; windowDays?: number; stock?: number; price?: number } = {},
) {
  const s = await shop(t, { stock: options.stock ?? 50, price: options.price ?? 2000 });
  await json(
    t.call('POST', `/api/v1/brands/${s.brand.id}/ambassador_program`, {
      token: s.ownerToken,
      body: { commission_percent: options.percent ?? 10, window_days: options.windowDays ?? 30 },
    }),
    201,
  );
  const amb = await person(t, { prefix: 'amb' });
  const { id } = await json<{ id: string }>(
    t.call('POST', `/api/v1/brands/${s.brand.id}/ambassadors`, { token: s.ownerToken, body: { account_id: amb.id } }),
    201,
  );
  const link = await json<{ url: string; code: string }>(
    t.call('POST', `/api/v1/ambassadors/${id}/links`, { token: amb.token, body: { product_id: s.productId } }),
    201,
  );
  return { s, amb, ambassadorId: id, link };
}

/** The consent cookie of a visitor who accepted the referral cookie (privacy/consent), as `name=value`. */
export const consented = (t: Pick<TestApp, 'clock'>) => `${CONSENT_COOKIE}=${consentCookieValue(true, t.clock.now())}`;

/** A browser whose visitor accepted the referral cookie: what /r/<code> needs before it attributes. */
export function consenting(t: Pick<TestApp, 'clock'>, browser: BrowserSession): BrowserSession {
  browser.cookies.set(CONSENT_COOKIE, consentCookieValue(true, t.clock.now()));
  return browser;
}

/** A signed-in browser for a person, with a saved address and card (the web's buy-now form); they accepted the referral cookie. */
export async function shopper(t: TestApp, p: Person, token = 'tok_mastercard') {
  const browser = consenting(t, new BrowserSession(t));
  await browser.actAs(p.id);
  const addressId = (await saveAddress(t.ctx.db, p.id, address)).id;
  const methodId = (await savePaymentMethod(t.ctx, p.id, { provider: 'test', token })).id;
  return { browser, addressId, methodId };
}

/** Buys one of the variant through /checkout/now, as the form does (the cookie jar carries comptoir_ref). */
export async function buyNow(
  browser: BrowserSession,
  variantId: string,
  details: { addressId: string; methodId: string },
): Promise<Response> {
  const form = await browser.page(`/checkout/now?variant_id=${variantId}`);
  const key = /name="idempotency_key" value="([^"]+)"/.exec(form.html)?.[1];
  if (!key) throw new Error(`no buy form (${form.status})`);
  return browser.post('/checkout/now', {
    idempotency_key: key,
    variant_id: variantId,
    quantity: 1,
    address_id: details.addressId,
    payment_method_id: details.methodId,
  });
}

export async function attributionOf(t: TestApp, orderId: string) {
  const [row] = await queryRows<{
    ambassador_id: string;
    link_id: string | null;
    from_status_id: string | null;
    excluded: string | null;
  }>(
    t.ctx.db,
    sql`select ambassador_id, link_id, from_status_id, excluded from order_attributions where order_id = ${orderId}`,
  );
  return row ?? null;
}

export async function lastOrderOf(t: TestApp, buyerId: string) {
  const [row] = await queryRows<{ id: string; status: string }>(
    t.ctx.db,
    sql`select id, status from orders where buyer_id = ${buyerId} order by created_at desc, id desc limit 1`,
  );
  return row;
}

/** The /r/ link's path (the url is absolute on the public URL). */
export const pathOf = (url: string) => new URL(url).pathname;
