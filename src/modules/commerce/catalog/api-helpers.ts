/** The catalog API's helpers: path ids and the variant input the service takes. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { isUuid } from '../../../db/ids';
import { notFound, unprocessable } from '../../../http/errors';
import type { AppEnv } from '../../../http/types';
import type { MoneyInput } from './api-schemas';
import type { VariantInput } from './input';

export type Ctx = Context<AppEnv>;

export const idOf = (c: Ctx, name: string, what: string) => {
  const id = c.req.param(name);
  if (!isUuid(id)) throw notFound(what);
  return id.toLowerCase();
};

type MoneyIn = z.infer<typeof MoneyInput>;
type CompareAtIn = number | MoneyIn | null | undefined;

export function variantInput(v: {
  sku?: string;
  options?: Record<string, string>;
  price?: { amount?: number; currency?: string };
  compare_at?: CompareAtIn;
  stock?: number;
  weight_grams?: number | null;
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
  };
}
