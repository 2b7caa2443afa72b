// Stock and price summaries of a product.
import { variants } from '../schema';

import { LOW_STOCK_UNITS, type ProductView } from './model';

export type CatalogStockState = { state: 'in_stock' | 'low' | 'out'; units: number };

export function stockStateOf(units: number): CatalogStockState {
  if (units <= 0) return { state: 'out', units: 0 };
  if (units <= LOW_STOCK_UNITS) return { state: 'low', units };
  return { state: 'in_stock', units };
}

export const productStock = (view: Pick<ProductView, 'variants'>) => view.variants.reduce((sum, v) => sum + v.stock, 0);

/** The lowest price, and whether prices vary ("from …"); null when the product has no variant. */
export function priceRange(view: Pick<ProductView, 'variants'>): { min: number; max: number; currency: string; compareAt: number | null } | null {
  if (view.variants.length === 0) return null;
  const sorted = [...view.variants].sort((a, b) => a.priceAmount - b.priceAmount);
  return { min: sorted[0].priceAmount, max: sorted[sorted.length - 1].priceAmount, currency: sorted[0].currency, compareAt: sorted[0].compareAtAmount };
}
