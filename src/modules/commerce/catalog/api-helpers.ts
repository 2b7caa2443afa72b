/** The catalog API's helper: the variant input the service takes, from a request's variant. */
import type { z } from 'zod';
import { unprocessable } from '../../../http/errors';
import type { MoneyInput } from './api-schemas';
import type { VariantInput } from './input';

type MoneyIn = z.infer<typeof MoneyInput>;
type CompareAtIn = number | MoneyIn | null | undefined;

export function variantInput(v: {
  sku?: string;
  options?: Record<string, string>;
  price?: { amount?: number; currency?: string };
  compare_at?: CompareAtIn;
  stock?: number;
  weight_grams?: number | null;
  edition_size?: number | null;
}): VariantInput {
  const compare = v.compare_at;
  if (
    compare &&
    typeof compare === 'object' &&
    compare.currency &&
    v.price?.currency &&
    compare.currency.toUpperCase() !== v.price.currency.toUpperCase()
  ) {
    throw unprocessable('currency_mismatch', 'compare_at is in the price’s currency', { field: 'compare_at.currency' });
  }
  return {
    sku: v.sku,
    options: v.options,
    priceAmount: v.price?.amount,
    currency: v.price?.currency,
    compareAtAmount:
      compare === undefined
        ? undefined
        : compare === null
          ? null
          : typeof compare === 'number'
            ? compare
            : compare.amount,
    stock: v.stock,
    weightGrams: v.weight_grams,
    editionSize: v.edition_size,
  };
}

/** The API's early access fields, as the catalog's input names them (campaigns read them at checkout). */
export const launchInput = (input: { launches_at?: string | null; early_access_hours?: number }) => ({
  launchesAt: input.launches_at,
  earlyAccessHours: input.early_access_hours,
});
