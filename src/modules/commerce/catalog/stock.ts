// Stock and price summaries of a product: one stock vocabulary for pages, the API and feeds.
import type { SalePrice } from '../extensions';

/** How much is left of a product or a variant, in the words of pages, the JSON API and feeds alike. */
export type StockState = 'in_stock' | 'low_stock' | 'out_of_stock';

/** At or below this many units a page says "only N left". */
export const LOW_STOCK_UNITS = 5;

export function stockState(units: number): StockState {
  if (units <= 0) return 'out_of_stock';
  return units <= LOW_STOCK_UNITS ? 'low_stock' : 'in_stock';
}

/** Units left over all the variants (a variant never counts below zero). */
export const unitsLeft = (product: { variants: { stock: number }[] }) =>
  product.variants.reduce((sum, v) => sum + Math.max(0, v.stock), 0);

/** The schema.org availability of a stock state, for structured data and feeds. */
export const schemaOrgAvailability = (state: StockState) =>
  state === 'out_of_stock' ? 'https://schema.org/OutOfStock' : 'https://schema.org/InStock';

type Priced = { priceAmount: number; compareAtAmount: number | null; sale?: SalePrice };

/**
 * What pages show of a variant's price: its sale price while a price rule runs, with the computed
 * reference price as the struck-through "before" price (never the brand's own compare-at price,
 * which could be higher), and the sale for its label; otherwise the price and compare-at price.
 */
export function shownPrice(v: Priced): { amount: number; was: number | null; sale: SalePrice | null } {
  if (v.sale)
    return {
      amount: v.sale.amount,
      was: v.sale.referenceAmount > v.sale.amount ? v.sale.referenceAmount : null,
      sale: v.sale,
    };
  return {
    amount: v.priceAmount,
    was: v.compareAtAmount !== null && v.compareAtAmount > v.priceAmount ? v.compareAtAmount : null,
    sale: null,
  };
}

/** The lowest price shown (sale prices included), and whether prices vary ("from …"); null without variants. */
export function priceRange(view: {
  variants: (Priced & { currency: string })[];
}): { min: number; max: number; currency: string; compareAt: number | null; sale: SalePrice | null } | null {
  if (view.variants.length === 0) return null;
  const sorted = view.variants
    .map((v) => ({ ...shownPrice(v), currency: v.currency }))
    .sort((a, b) => a.amount - b.amount);
  return {
    min: sorted[0].amount,
    max: sorted[sorted.length - 1].amount,
    currency: sorted[0].currency,
    compareAt: sorted[0].was,
    sale: sorted[0].sale,
  };
}
