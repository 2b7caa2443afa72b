// Stock and price summaries of a product: one stock vocabulary for pages, the API and feeds.
import type { ProductView } from './model';

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

/** The lowest price, and whether prices vary ("from …"); null when the product has no variant. */
export function priceRange(
  view: Pick<ProductView, 'variants'>,
): { min: number; max: number; currency: string; compareAt: number | null } | null {
  if (view.variants.length === 0) return null;
  const sorted = [...view.variants].sort((a, b) => a.priceAmount - b.priceAmount);
  return {
    min: sorted[0].priceAmount,
    max: sorted[sorted.length - 1].priceAmount,
    currency: sorted[0].currency,
    compareAt: sorted[0].compareAtAmount,
  };
}
