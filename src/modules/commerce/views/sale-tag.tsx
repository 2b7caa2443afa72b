/**
 * A price rule's label beside a sale price: "Soldes d'hiver −30 %, jusqu'au 4 février". The
 * percentage is counted from the reference price (the one shown struck through), as the law asks.
 */
import type { FC } from 'hono/jsx';
import { PAGE_TIME_ZONE } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { formatDecimalAmount } from '../catalog';
import type { SalePrice } from '../extensions';

// Made once per language: a shop grid formats one end date per tile.
const untilFormats = new Map<Locale, Intl.DateTimeFormat>();
export function saleUntil(locale: Locale, endsAt: Date): string {
  let f = untilFormats.get(locale);
  if (!f) {
    const options = {
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: PAGE_TIME_ZONE,
    } as const;
    untilFormats.set(locale, (f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', options)));
  }
  return f.format(endsAt);
}

/** "−30 %" from the reference price, or '' when the reference is not above the sale price. */
export const salePercent = (sale: Pick<SalePrice, 'amount' | 'referenceAmount'>) =>
  sale.referenceAmount > sale.amount
    ? `−${Math.round(((sale.referenceAmount - sale.amount) * 100) / sale.referenceAmount)} %`
    : '';

export const SaleTag: FC<{ v: { t: T; locale: Locale }; sale: SalePrice | null | undefined }> = ({ v, sale }) =>
  sale ? (
    <span class="sale-tag">
      <span class="sale-label">{`${sale.label} ${salePercent(sale)}`.trim()}</span>{' '}
      <span class="sale-until">{v.t('sale.until', { date: saleUntil(v.locale, sale.endsAt) })}</span>
    </span>
  ) : null;

/** An Offer's sale fields (schema.org): valid until the rule's end, the reference price as the strikethrough price. */
export const saleOffer = (variant: { currency: string; sale?: SalePrice }) =>
  variant.sale
    ? {
        priceValidUntil: variant.sale.endsAt.toISOString(),
        priceSpecification: {
          '@type': 'UnitPriceSpecification',
          priceType: 'https://schema.org/StrikethroughPrice',
          price: formatDecimalAmount(variant.sale.referenceAmount),
          priceCurrency: variant.currency,
        },
      }
    : {};
