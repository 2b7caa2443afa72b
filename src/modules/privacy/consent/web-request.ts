/**
 * Consent for one web request: the choice in force (this browser's cookie, else the signed-in
 * person's stored choice) and remembering a choice in the browser. The cookie is necessary: it
 * only keeps the answer, so the banner is not shown again.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../../../context';
import type { AppEnv } from '../../../http/types';
import { REFERRAL_COOKIE } from '../../commerce';
import { CONSENT_COOKIE, CONSENT_DAYS, consentCookieValue, parseConsentCookie, type ConsentChoice } from './cookie';
import { storedConsent } from './service';

type Ctx = Context<AppEnv>;
type RequestContext = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Remembers the browser's choice; a refusal also takes back the attribution cookie if one was set. */
export function rememberChoice(c: Ctx, ctx: Pick<AppContext, 'config'>, referral: boolean, at: Date) {
  const secure = ctx.config.secureCookies;
  setCookie(c, CONSENT_COOKIE, consentCookieValue(referral, at), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: CONSENT_DAYS * 86400,
  });
  if (!referral && getCookie(c, REFERRAL_COOKIE) !== undefined) deleteCookie(c, REFERRAL_COOKIE, { path: '/', secure });
}

/**
 * The choice in force for this request, or null. A signed-in person's stored choice, found on a
 * browser without the cookie, is written into that browser's cookie with its own date, so the
 * next pages read the cookie instead of the database.
 */
export async function requestConsent(c: Ctx, ctx: RequestContext): Promise<ConsentChoice | null> {
  const now = ctx.clock.now();
  const fromCookie = parseConsentCookie(getCookie(c, CONSENT_COOKIE), now);
  if (fromCookie) return fromCookie;
  const accountId = c.get('viewer')?.accountId;
  const stored = accountId ? await storedConsent(ctx.db, accountId, now) : null;
  if (stored) rememberChoice(c, ctx, stored.referral, stored.decidedAt);
  return stored;
}
