/**
 * A price rule's label beside a sale price: "Soldes d'hiver −30 %, jusqu'au 4 février". The
 * percentage is counted from the reference price (the one shown struck through), as the law asks.
 */
import type { FC } from 'hono/jsx';
import type { Locale, T } from '../../../web/i18n';
import { formatDecimalAmount } from '../catalog';
import type { SalePrice } from '../extensions';

export const saleUntil = (locale: Locale, endsAt: Date) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(endsAt);

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
