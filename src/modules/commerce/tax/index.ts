/**
 * VAT by product kind. A product has a tax class (standard, intermediate, reduced, super-reduced,
 * exempt: France's categories, 20 / 10 / 5.5 / 2.1 / 0 %); table tax_rates gives each country's
 * rate per class, and a class it does not list falls back to the country's rate in vat_rates (the
 * one rate per country used before classes existed). Prices include VAT, so the VAT of a line is
 * the part its rate contains. Shipping is taxed at the highest rate of the order's lines: French
 * practice for an accessory cost of goods taxed at several rates when it is not split pro rata.
 * Orders store each line's rate (order_lines.vat_rate_bp): an order keeps the rates it was sold at.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral } from '../../../db/client';
import { vatIncluded } from '../money';
import { type TaxClass, taxClasses } from './schema';

export { taxClasses, type TaxClass };

export const isTaxClass = (value: unknown): value is TaxClass =>
  typeof value === 'string' && (taxClasses as readonly string[]).includes(value);

/** Rates read for a quote: "FR:reduced" → 550. */
export type ClassRates = Record<string, number>;

/** The statement's part that reads the class rates of some countries (quote's one read). */
export const classRatesSql = (countries: Iterable<string>, alsoCountriesOf = sql`(select null::text)`) =>
  sql`(select json_object_agg(country || ':' || tax_class, rate_bp) from tax_rates
        where country = any(${arrayLiteral(countries)}::text[]) or country in ${alsoCountriesOf})`;

/** A line's rate: the class's rate in that country, else the country's standard rate. */
export function lineRate(
  classRates: ClassRates | null | undefined,
  country: string,
  taxClass: string | null | undefined,
  countryRateBp: number,
): number {
  const rate = classRates?.[`${country}:${taxClass ?? 'standard'}`];
  if (rate !== undefined && rate !== null) return Number(rate);
  return taxClass === 'exempt' ? 0 : countryRateBp;
}

/** The rate shipping is taxed at: the highest of the order's lines (the country's rate with no line). */
export const shippingRate = (lineRates: number[], countryRateBp: number) =>
  lineRates.length ? Math.max(...lineRates) : countryRateBp;

/** One rate's totals: the base excluding VAT, the VAT, and the amount including it. */
export type RateTotal = { rateBp: number; base: number; vat: number; gross: number };

/**
 * An order's VAT per rate, from its stored lines and shipping (invoices, e-mails, CSV): the lines'
 * own VAT as stored, shipping's at the highest line rate, computed as quote computed it.
 */
export function vatByRate(
  lines: { vatRateBp: number; vatAmount: number; totalAmount: number }[],
  shippingAmount: number,
): RateTotal[] {
  const byRate = new Map<number, RateTotal>();
  const add = (rateBp: number, gross: number, vat: number) => {
    const r = byRate.get(rateBp) ?? { rateBp, base: 0, vat: 0, gross: 0 };
    r.gross += gross;
    r.vat += vat;
    r.base = r.gross - r.vat;
    byRate.set(rateBp, r);
  };
  for (const l of lines) add(l.vatRateBp, l.totalAmount, l.vatAmount);
  if (shippingAmount > 0) {
    const rate = shippingRate(
      lines.map((l) => l.vatRateBp),
      0,
    );
    add(rate, shippingAmount, vatIncluded(shippingAmount, rate));
  }
  return [...byRate.values()].sort((a, b) => b.rateBp - a.rateBp);
}

/** "5,5 %" / "5.5%": a rate in basis points for people. */
export const rateText = (rateBp: number, locale: 'fr' | 'en') =>
  locale === 'fr' ? `${(rateBp / 100).toLocaleString('fr-FR')}\u202f%` : `${(rateBp / 100).toLocaleString('en-GB')}%`;
