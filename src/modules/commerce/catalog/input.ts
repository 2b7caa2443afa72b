import { CURRENCIES } from '../money';
import { productKinds, productStatuses, type ProductKind, type ProductStatus } from '../schema';
import { isTaxClass, type TaxClass, taxClasses } from '../tax';
import { type WithdrawalExclusion, withdrawalExclusions } from '../withdrawal/schema';
import {
  MAX_ATTRIBUTE_KEY,
  MAX_ATTRIBUTE_VALUE,
  MAX_ATTRIBUTES,
  MAX_EARLY_ACCESS_HOURS,
  MAX_OPTIONS,
  MAX_PRICE_AMOUNT,
  MAX_PRODUCT_DESCRIPTION,
  MAX_PRODUCT_TITLE,
  MAX_SKU,
  MAX_STOCK,
  MAX_WEIGHT_GRAMS,
} from './model';
import type { Problems } from './problems';
import { stripControls } from './description';

export type ProductFields = {
  title: string;
  description: string;
  status: ProductStatus;
  kind: ProductKind;
  attributes: Record<string, string>;
  /** Early access (campaigns): everyone may buy from launchesAt, earlier followers earlyAccessHours before. */
  launchesAt: Date | null;
  earlyAccessHours: number;
  taxClass: TaxClass;
  /** Excluded from withdrawal (L221-28), or null: see commerce/withdrawal. */
  withdrawalExclusion: WithdrawalExclusion | null;
};
/** Loosely typed on purpose: values come from JSON, forms and CSV, and are checked here. */
export type ProductInput = Partial<Record<keyof ProductFields, unknown>> & { variants?: VariantInput[] };
export type VariantInput = {
  sku?: string;
  options?: Record<string, string>;
  priceAmount?: number;
  currency?: string;
  compareAtAmount?: number | null;
  stock?: number;
  weightGrams?: number | null;
  editionSize?: number | null;
};
export type VariantFields = {
  sku: string;
  options: Record<string, string>;
  priceAmount: number;
  currency: string;
  compareAtAmount: number | null;
  stock: number;
  weightGrams: number | null;
  /** A numbered limited edition of this many units (campaigns/editions), or null. */
  editionSize: number | null;
};

export const charCount = (text: string) => [...text].length;
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function textMap(
  value: unknown,
  p: Problems,
  field: string,
  limits: { entries: number; key: number; value: number },
  what: string,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    p.add(field, `invalid_${field.split('.').pop()}`, `${what} must be an object of names to texts`);
    return undefined;
  }
  const out: Record<string, string> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.entries)
    p.add(field, `invalid_${field.split('.').pop()}`, `At most ${limits.entries} ${what.toLowerCase()}`);
  for (const [rawKey, rawValue] of entries) {
    const key = stripControls(rawKey).trim();
    const val =
      typeof rawValue === 'string' || typeof rawValue === 'number' ? stripControls(String(rawValue)).trim() : null;
    const code = `invalid_${field.split('.').pop()}`;
    if (!key || charCount(key) > limits.key) p.add(field, code, `${what}: each name has 1 to ${limits.key} characters`);
    else if (val === null || !val || charCount(val) > limits.value)
      p.add(field, code, `${what}: "${key}" needs a value of 1 to ${limits.value} characters`);
    else out[key] = val;
  }
  return out;
}

/** Checks the product's own fields; with `creating`, the title is required and defaults apply. */
export function checkProductFields(
  input: Partial<Record<keyof ProductFields, unknown>>,
  p: Problems,
  creating: boolean,
): Partial<ProductFields> {
  const out: Partial<ProductFields> = {};
  if (input.title !== undefined || creating) {
    const title = typeof input.title === 'string' ? stripControls(input.title).replace(/\s+/g, ' ').trim() : '';
    if (!title) p.add('title', 'invalid_title', 'A product needs a title');
    else if (charCount(title) > MAX_PRODUCT_TITLE)
      p.add('title', 'invalid_title', `The title has at most ${MAX_PRODUCT_TITLE} characters`);
    else out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string') p.add('description', 'invalid_description', 'The description is text');
    else if (charCount(input.description) > MAX_PRODUCT_DESCRIPTION)
      p.add('description', 'invalid_description', `The description has at most ${MAX_PRODUCT_DESCRIPTION} characters`);
    else out.description = stripControls(input.description).replace(/\r\n?/g, '\n').trim();
  } else if (creating) out.description = '';
  if (input.status !== undefined) {
    if (!productStatuses.includes(input.status as ProductStatus))
      p.add('status', 'invalid_status', `The status is one of ${productStatuses.join(', ')}`);
    else out.status = input.status as ProductStatus;
  } else if (creating) out.status = 'draft';
  if (input.kind !== undefined) {
    if (!productKinds.includes(input.kind as ProductKind))
      p.add(
        'kind',
        'invalid_kind',
        `The kind is one of ${productKinds.join(', ')} (virtual: gift cards and other goods that are not shipped)`,
      );
    else out.kind = input.kind as ProductKind;
  } else if (creating) out.kind = 'physical';
  const attributes = textMap(
    input.attributes,
    p,
    'attributes',
    { entries: MAX_ATTRIBUTES, key: MAX_ATTRIBUTE_KEY, value: MAX_ATTRIBUTE_VALUE },
    'Attributes',
  );
  if (attributes) out.attributes = attributes;
  else if (creating) out.attributes = {};
  checkLaunchFields(input, p, out);
  if (input.taxClass !== undefined) {
    if (!isTaxClass(input.taxClass))
      p.add('tax_class', 'invalid_tax_class', `The tax class is one of ${taxClasses.join(', ')}`);
    else out.taxClass = input.taxClass;
  }
  if (input.withdrawalExclusion !== undefined) {
    const e = input.withdrawalExclusion === '' ? null : input.withdrawalExclusion;
    if (e !== null && !(withdrawalExclusions as readonly unknown[]).includes(e))
      p.add(
        'withdrawal_exclusion',
        'invalid_withdrawal_exclusion',
        `One of ${withdrawalExclusions.join(', ')}, or null`,
      );
    else out.withdrawalExclusion = e as WithdrawalExclusion | null;
  }
  return out;
}

/** launches_at (ISO time or null) and early_access_hours (0 to 720; needs a launch time, checked by the caller). */
function checkLaunchFields(
  input: Partial<Record<keyof ProductFields, unknown>>,
  p: Problems,
  out: Partial<ProductFields>,
) {
  if (input.launchesAt !== undefined) {
    const raw = input.launchesAt;
    const at = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : null;
    if (raw === null || raw === '') out.launchesAt = null;
    else if (!at || Number.isNaN(at.getTime()))
      p.add('launches_at', 'invalid_launches_at', 'launches_at is an ISO 8601 date and time, or null');
    else out.launchesAt = at;
  }
  if (input.earlyAccessHours !== undefined && input.earlyAccessHours !== null) {
    const h = input.earlyAccessHours;
    if (!isInt(h) || h < 0 || h > MAX_EARLY_ACCESS_HOURS)
      p.add(
        'early_access_hours',
        'invalid_early_access_hours',
        `early_access_hours is a whole number from 0 to ${MAX_EARLY_ACCESS_HOURS}`,
      );
    else out.earlyAccessHours = h;
  }
}

export const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/+#]*$/;

/**
 * Checks one variant. `prefix` names its place in the request (`variants.2.`) so every problem
 * names the field the client sent. With `creating`, sku and price are required.
 */
export function checkVariantFields(
  input: VariantInput,
  p: Problems,
  prefix = '',
  creating = true,
  current?: { priceAmount: number; compareAtAmount: number | null },
): Partial<VariantFields> {
  const out: Partial<VariantFields> = {};
  if (input.sku !== undefined || creating) {
    const sku = typeof input.sku === 'string' ? input.sku.trim() : '';
    if (!sku) p.add(`${prefix}sku`, 'invalid_sku', 'Each variant needs a SKU');
    else if (charCount(sku) > MAX_SKU || !SKU.test(sku))
      p.add(
        `${prefix}sku`,
        'invalid_sku',
        `A SKU has 1 to ${MAX_SKU} letters, digits and . _ - / + # (no spaces), starting with a letter or digit: "${sku.slice(0, 80)}"`,
      );
    else out.sku = sku;
  }
  const options = textMap(
    input.options,
    p,
    `${prefix}options`,
    { entries: MAX_OPTIONS, key: 30, value: 60 },
    'Options',
  );
  if (options) out.options = options;
  else if (creating) out.options = {};
  if (input.priceAmount !== undefined || creating) {
    if (!isInt(input.priceAmount) || input.priceAmount < 0 || input.priceAmount > MAX_PRICE_AMOUNT) {
      p.add(
        `${prefix}price.amount`,
        'invalid_price',
        `The price is a whole number of minor units (cents) from 0 to ${MAX_PRICE_AMOUNT}`,
      );
    } else out.priceAmount = input.priceAmount;
  }
  if (input.currency !== undefined || creating) {
    const currency =
      typeof input.currency === 'string' && input.currency
        ? input.currency.trim().toUpperCase()
        : creating
          ? 'EUR'
          : '';
    if (!CURRENCIES.has(currency))
      p.add(`${prefix}price.currency`, 'invalid_currency', `The currency is one of ${[...CURRENCIES].join(', ')}`);
    else out.currency = currency;
  }
  if (input.compareAtAmount !== undefined) {
    if (input.compareAtAmount === null) out.compareAtAmount = null;
    else if (!isInt(input.compareAtAmount) || input.compareAtAmount < 0 || input.compareAtAmount > MAX_PRICE_AMOUNT) {
      p.add(
        `${prefix}compare_at`,
        'invalid_compare_at',
        'The compare-at price is a whole number of minor units, or null',
      );
    } else out.compareAtAmount = input.compareAtAmount;
  } else if (creating) out.compareAtAmount = null;
  // The compare-at price (the "before" price, struck through) only means something above the price.
  const price = out.priceAmount ?? current?.priceAmount;
  const compareAt = out.compareAtAmount !== undefined ? out.compareAtAmount : current?.compareAtAmount;
  if (
    price !== undefined &&
    compareAt !== undefined &&
    compareAt !== null &&
    compareAt <= price &&
    (out.priceAmount !== undefined || out.compareAtAmount !== undefined)
  ) {
    p.add(`${prefix}compare_at`, 'invalid_compare_at', 'The compare-at price must be higher than the price (or empty)');
  }
  if (input.stock !== undefined || creating) {
    const stock = input.stock ?? 0;
    if (!isInt(stock) || stock < 0 || stock > MAX_STOCK)
      p.add(`${prefix}stock`, 'invalid_stock', `The stock is a whole number from 0 to ${MAX_STOCK}`);
    else out.stock = stock;
  }
  if (input.weightGrams !== undefined) {
    if (input.weightGrams === null) out.weightGrams = null;
    else if (!isInt(input.weightGrams) || input.weightGrams < 0 || input.weightGrams > MAX_WEIGHT_GRAMS)
      p.add(
        `${prefix}weight_grams`,
        'invalid_weight',
        `The weight is a whole number of grams from 0 to ${MAX_WEIGHT_GRAMS}`,
      );
    else out.weightGrams = input.weightGrams;
  } else if (creating) out.weightGrams = null;
  if (input.editionSize !== undefined) {
    if (input.editionSize === null) out.editionSize = null;
    else if (!isInt(input.editionSize) || input.editionSize < 1 || input.editionSize > MAX_STOCK)
      p.add(
        `${prefix}edition_size`,
        'invalid_edition_size',
        `The edition size is a whole number of units from 1 to ${MAX_STOCK}, or null`,
      );
    else out.editionSize = input.editionSize;
  }
  return out;
}
