/** Money is integer minor units with an ISO 4217 currency; never floating point. */
export type Money = { amount: number; currency: string };

export const CURRENCIES = new Set(['EUR', 'CHF', 'GBP', 'USD', 'CAD']);

/** The VAT contained in a VAT-inclusive amount, rounded half up to the minor unit. */
export function vatIncluded(grossAmount: number, rateBp: number): number {
  if (rateBp <= 0) return 0;
  return Math.floor((grossAmount * rateBp * 2 + (10000 + rateBp)) / (2 * (10000 + rateBp)));
}

export function presentMoney(amount: number, currency: string) {
  return { amount, currency };
}

/** "12,50 €" / "€12.50": for pages and e-mails. */
export function formatMoney(amount: number, currency: string, locale: 'fr' | 'en' = 'fr'): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(
    amount / 100,
  );
}

export type ShippingRule = { kind: 'flat' | 'free_above' | 'pickup'; amount: number; freeAboveAmount: number | null };

export function shippingCost(rule: ShippingRule, subtotal: number, physical: boolean): number {
  if (!physical || rule.kind === 'pickup') return 0;
  if (rule.kind === 'free_above' && rule.freeAboveAmount !== null && subtotal >= rule.freeAboveAmount) return 0;
  return rule.amount;
}
