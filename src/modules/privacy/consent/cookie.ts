/**
 * The consent cookie: the visitor's choice and its date, kept six months as the CNIL advises. It
 * is strictly necessary (it only remembers the answer, so the banner is not shown again) and holds
 * nothing about the person: `<version>.<referral 0|1>.<unix seconds of the choice>`.
 */

export const CONSENT_COOKIE = 'comptoir_consent';
/** The version of the banner's text: a new text (a new purpose) asks everybody again. */
export const CONSENT_VERSION = '1';
/** How long a choice is remembered (CNIL: six months), in days. */
export const CONSENT_DAYS = 182;

/** What a visitor agreed to; `referral`: the ambassadors' attribution cookie. */
export type ConsentChoice = { referral: boolean; version: string; decidedAt: Date };

export function consentCookieValue(referral: boolean, at: Date): string {
  return `${CONSENT_VERSION}.${referral ? 1 : 0}.${Math.floor(at.getTime() / 1000)}`;
}

/**
 * The choice the cookie holds, or null when there is none to honour: no cookie, a malformed or
 * older version, a date in the future or more than six months old (the question comes back).
 */
export function parseConsentCookie(value: string | undefined, now: Date): ConsentChoice | null {
  const match = value ? /^(\d{1,4})\.([01])\.(\d{1,12})$/.exec(value) : null;
  if (!match || match[1] !== CONSENT_VERSION) return null;
  const decidedAt = new Date(Number(match[3]) * 1000);
  const age = now.getTime() - decidedAt.getTime();
  if (age < -5 * 60_000 || age > CONSENT_DAYS * 86_400_000) return null;
  return { referral: match[2] === '1', version: match[1], decidedAt };
}
