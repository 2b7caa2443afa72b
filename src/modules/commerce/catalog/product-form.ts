// The product form's values <-> the catalog service's input, and service errors filed by field.
import { isUuid } from '../../../db/ids';
import { AppError } from '../../../http/errors';
import type { Params } from '../../../http/params';
import type { T } from '../../../web/i18n';
import { formatDecimalAmount, parseDecimalAmount } from './amounts';
import type { saveProduct, VariantChange } from './edit-form';
import type { ProductView } from './model';
import { OPTION_COLUMNS, type FieldErrors, type ProductFormValues, type VariantRow } from '../views/product-admin';
import { catalogErrorText } from './pages';

const emptyRow = (): VariantRow => ({
  sku: '',
  values: Array(OPTION_COLUMNS).fill(''),
  price: '',
  compareAt: '',
  stock: '0',
  weight: '',
});
const decimalText = (amount: number, locale: string) =>
  locale === 'fr' ? formatDecimalAmount(amount).replace('.', ',') : formatDecimalAmount(amount);

export function valuesFromProduct(
  product: ProductView | null,
  collectionIds: string[],
  locale: string,
): ProductFormValues {
  if (!product) {
    return {
      title: '',
      description: '',
      status: 'draft',
      kind: 'physical',
      taxClass: 'standard',
      withdrawalExclusion: '',
      attributes: '',
      currency: 'EUR',
      optionNames: Array(OPTION_COLUMNS).fill(''),
      variants: [emptyRow()],
      collectionIds,
    };
  }
  const names: string[] = [];
  for (const variant of product.variants)
    for (const name of Object.keys(variant.options)) if (!names.includes(name)) names.push(name);
  while (names.length < OPTION_COLUMNS) names.push('');
  return {
    title: product.title,
    description: product.description,
    status: product.status,
    kind: product.kind,
    taxClass: product.taxClass,
    withdrawalExclusion: product.withdrawalExclusion ?? '',
    attributes: Object.entries(product.attributes)
      .map(([k, v]) => `${k} : ${v}`)
      .join('\n'),
    currency: product.variants[0]?.currency ?? 'EUR',
    optionNames: names,
    variants: [
      ...product.variants.map((variant) => ({
        id: variant.id,
        sku: variant.sku,
        values: names.map((n) => (n ? (variant.options[n] ?? '') : '')),
        price: decimalText(variant.priceAmount, locale),
        compareAt: variant.compareAtAmount === null ? '' : decimalText(variant.compareAtAmount, locale),
        stock: String(variant.stock),
        stockSeen: String(variant.stock),
        weight: variant.weightGrams === null ? '' : String(variant.weightGrams),
        edition: variant.editionSize === null ? '' : String(variant.editionSize),
      })),
      emptyRow(),
    ],
    collectionIds,
  };
}

export const textOf = (params: Params, key: string) => {
  const v = params[key];
  return typeof v === 'string' ? v : '';
};

export function valuesFromParams(params: Params): ProductFormValues {
  const names =
    params.option_names && typeof params.option_names === 'object'
      ? (params.option_names as Record<string, unknown>)
      : {};
  const rows =
    params.variants && typeof params.variants === 'object'
      ? (params.variants as Record<string, Record<string, unknown>>)
      : {};
  const variants = Object.keys(rows)
    .filter((k) => /^\d{1,3}$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => {
      const r = (rows[k] && typeof rows[k] === 'object' ? rows[k] : {}) as Params;
      return {
        id: isUuid(r.id) ? String(r.id).toLowerCase() : undefined,
        sku: textOf(r, 'sku'),
        values: Array.from({ length: OPTION_COLUMNS }, (_, i) => textOf(r, `option${i}`)),
        price: textOf(r, 'price'),
        compareAt: textOf(r, 'compare_at'),
        stock: textOf(r, 'stock'),
        stockSeen: textOf(r, 'stock_seen') || undefined,
        weight: textOf(r, 'weight_grams'),
        edition: textOf(r, 'edition_size'),
        remove: textOf(r, 'remove') === '1',
      };
    });
  const collections = params.collections;
  return {
    title: textOf(params, 'title'),
    description: textOf(params, 'description'),
    status: textOf(params, 'status') || 'draft',
    kind: textOf(params, 'kind') || 'physical',
    taxClass: textOf(params, 'tax_class') || 'standard',
    withdrawalExclusion: textOf(params, 'withdrawal_exclusion'),
    attributes: textOf(params, 'attributes'),
    currency: textOf(params, 'currency') || 'EUR',
    optionNames: Array.from({ length: OPTION_COLUMNS }, (_, i) =>
      typeof names[String(i)] === 'string' ? (names[String(i)] as string) : '',
    ),
    variants: variants.length ? variants : [emptyRow()],
    collectionIds: (Array.isArray(collections) ? collections : collections ? [collections] : []).filter(
      (id): id is string => typeof id === 'string',
    ),
  };
}

type SaveInput = Parameters<typeof saveProduct>[4];

/**
 * Turns the form into the service's input, checking what only the form knows (decimal prices,
 * whole numbers, option names). `rowOf[j]` is the form row of the service's variant j.
 */
export function inputFromValues(
  t: T,
  values: ProductFormValues,
  errors: FieldErrors,
): { input: SaveInput; rowOf: number[] } {
  const attributes: Record<string, string> = {};
  for (const line of values.attributes.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const at = line.indexOf(':');
    if (at <= 0) {
      errors.attributes ??= t('catalog.error.attribute_line', { line: line.trim().slice(0, 60) });
      continue;
    }
    attributes[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const names = values.optionNames.map((n) => n.trim());
  const rowOf: number[] = [];
  const variants: VariantChange[] = [];
  values.variants.forEach((row, i) => {
    const blank =
      !row.id &&
      !row.sku.trim() &&
      !row.price.trim() &&
      row.values.every((v) => !v.trim()) &&
      !row.compareAt.trim() &&
      !row.weight.trim() &&
      !row.edition?.trim();
    if (blank) return;
    if (row.id && row.remove) {
      rowOf.push(i);
      variants.push({ id: row.id, delete: true });
      return;
    }
    const options: Record<string, string> = {};
    row.values.forEach((value, k) => {
      if (!value.trim()) return;
      if (!names[k]) errors[`option_names.${k}`] ??= t('catalog.error.option_name_missing', { n: k + 1 });
      else options[names[k]] = value.trim();
    });
    const price = parseDecimalAmount(row.price);
    if (price === null) errors[`variants.${i}.price`] = t('catalog.error.price_text', { value: row.price });
    let compareAt: number | null = null;
    if (row.compareAt.trim()) {
      compareAt = parseDecimalAmount(row.compareAt);
      if (compareAt === null)
        errors[`variants.${i}.compare_at`] = t('catalog.error.price_text', { value: row.compareAt });
    }
    const stockText = row.stock.trim() || '0';
    const stock = /^\d{1,10}$/.test(stockText) ? Number(stockText) : null;
    if (stock === null) errors[`variants.${i}.stock`] = t('catalog.error.invalid_stock');
    let weight: number | null = null;
    if (row.weight.trim()) {
      weight = /^\d{1,7}$/.test(row.weight.trim()) ? Number(row.weight.trim()) : null;
      if (weight === null) errors[`variants.${i}.weight_grams`] = t('catalog.error.invalid_weight');
    }
    const editionText = row.edition?.trim() ?? '';
    const edition = editionText ? (/^\d{1,10}$/.test(editionText) ? Number(editionText) : -1) : null;
    if (edition === -1) errors[`variants.${i}.edition_size`] = t('catalog.error.invalid_edition_size');
    const seen = row.stockSeen !== undefined && /^\d+$/.test(row.stockSeen) ? Number(row.stockSeen) : null;
    rowOf.push(i);
    variants.push({
      id: row.id,
      sku: row.sku,
      options,
      priceAmount: price ?? 0,
      currency: values.currency,
      compareAtAmount: compareAt,
      weightGrams: weight,
      editionSize: edition === -1 ? null : edition,
      // An existing variant's stock moves by what the form changed, so sales made meanwhile are kept.
      ...(row.id ? { stockDelta: stock !== null && seen !== null ? stock - seen : 0 } : { stock: stock ?? 0 }),
    });
  });
  return {
    input: {
      title: values.title,
      description: values.description,
      status: values.status,
      kind: values.kind,
      taxClass: values.taxClass ?? 'standard',
      withdrawalExclusion: values.withdrawalExclusion ?? '',
      attributes,
      variants,
      collectionIds: values.collectionIds,
    },
    rowOf,
  };
}

/** Files a service error under the form field it names. */
export function fileServiceError(
  t: T,
  error: AppError,
  errors: FieldErrors,
  rowOf: number[],
  values: ProductFormValues,
) {
  const problems = Array.isArray(error.details?.errors)
    ? (error.details.errors as { field: string; code: string; message: string }[])
    : [{ field: String(error.details?.field ?? ''), code: error.code, message: error.message }];
  for (const problem of problems) {
    const text = catalogErrorText(t, new AppError(error.status, problem.code, problem.message, error.details));
    const m = /^variants\.(\d+)\.(.+)$/.exec(problem.field);
    let key = '_form';
    if (m) {
      const row = rowOf[Number(m[1])] ?? 0;
      const rest = m[2];
      key =
        rest === 'price.amount'
          ? `variants.${row}.price`
          : rest === 'price.currency'
            ? 'currency'
            : rest === 'options'
              ? `variants.${row}.option0`
              : rest === 'id'
                ? '_form'
                : `variants.${row}.${rest}`;
    } else if (
      [
        'title',
        'description',
        'status',
        'kind',
        'tax_class',
        'withdrawal_exclusion',
        'attributes',
        'variants',
      ].includes(problem.field)
    )
      key = problem.field;
    else if (problem.field === 'price.currency') key = 'currency';
    else if (error.code === 'sku_taken' && typeof error.details?.sku === 'string') {
      const row = values.variants.findIndex((r) => r.sku.trim() === error.details!.sku && !r.remove);
      key = row >= 0 ? `variants.${row}.sku` : '_form';
    }
    errors[key] ??= text;
  }
}
