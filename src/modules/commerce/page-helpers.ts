// Shared by the shopping pages: the buyer, the view context, the login redirect and error texts.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppError } from '../../http/errors';
import type { AppEnv } from '../../http/types';
import type { MessageKey, T } from '../../web/i18n';
import { fr } from '../../web/i18n/fr';
import { tOf } from '../../web/page';
import type { FieldErrors } from './views/checkout';
import type { ShopView } from './views/product-card';
import { REFERRAL_COOKIE, type Referral } from './checkout/quote';

export type Ctx = Context<AppEnv>;

// Shared by the shopping pages -----------------------------------------------------------------

/** The signed-in person (buyers are people, even while acting for a brand in the topbar). */
export const buyerOf = (c: Ctx): string | null => c.get('viewer')?.accountId ?? null;

export function shopView(c: Ctx, viewerId: string | null): ShopView {
  const url = new URL(c.req.url);
  return { t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken'), viewerId, back: url.pathname + url.search };
}

export const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';

export function loginRedirect(c: Ctx, next?: string) {
  const url = new URL(c.req.url);
  const target = next ?? (c.req.method === 'GET' ? url.pathname + url.search : '/cart');
  if (isHtmx(c)) {
    c.header('HX-Redirect', `/login?next=${encodeURIComponent(target)}`);
    return c.body(null, 204);
  }
  return c.redirect(`/login?next=${encodeURIComponent(target)}`, 303);
}

/** A service error in the reader's language when we have words for it (shop.error.<code>). */
export function errorText(t: T, error: AppError): string {
  const key = `shop.error.${error.code}`;
  if (key in fr) return t(key as MessageKey);
  const shared = `error.${error.code}`;
  if (shared in fr) return t(shared as MessageKey);
  return error.message;
}

const FIELD_OF: Record<string, keyof FieldErrors> = {
  invalid_address: 'address',
  missing_address: 'address',
  unsupported_country: 'address',
  invalid_payment_method: 'payment',
  invalid_token: 'payment',
  card_number_refused: 'payment',
  payment_declined: 'payment',
  payment_unavailable: 'payment',
  unknown_provider: 'payment',
  invalid_shipping_method: 'shipping',
  no_shipping_method: 'shipping',
  invalid_quantity: 'quantity',
};
export function fieldErrors(t: T, error: AppError): FieldErrors {
  const field = FIELD_OF[error.code] ?? '_form';
  const message = errorText(t, error);
  return field === '_form' ? { _form: message } : { [field]: message, _form: t('shop.error.check_form') };
}

/** The browser's referral cookie (a fan's link followed earlier), passed on to the checkout gates. */
export const referralOf = (c: Ctx): Referral | null => {
  const visitor = getCookie(c, REFERRAL_COOKIE);
  return visitor ? { visitor } : null;
};
