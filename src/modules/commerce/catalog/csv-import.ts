// Import: each row checked, then written in its own transaction; bad rows are reported, not written.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { DomainError, unprocessable } from '../../../lib/errors';
import { getBrand } from '../../accounts';
import { assertCatalogManager } from './access';
import {
  checkProductFields,
  checkVariantFields,
  type ProductFields,
  type VariantFields,
  type VariantInput,
} from './input';
import { parseDecimalAmount } from './amounts';
import type { CatalogActor, CatalogContext } from './model';
import { isUniqueViolation, Problems } from './problems';
import { products, variants } from '../schema';
import { CATALOG_COLUMNS, type Column, EXTRA_COLUMNS } from './csv-export';
import { parseCsv, unformula } from '../csv';
import { recordProductPrices } from './products';

/** A skipped row's problem. `code` and `value` let pages say it in the reader's language; the API shows row, field, message. */
export type ImportError = { row: number; field: string; message: string; code?: string; value?: string };
export type ImportResult = { created: number; updated: number; errors: ImportError[] };
export type ImportOptions = { onProgress?: (done: number, total: number) => void };

type ParsedRow = {
  row: number;
  title: string;
  product: Partial<ProductFields>;
  variant: Partial<VariantFields>;
  /** Stock left empty: keep the current stock of an existing variant (0 for a new one). */
  keepStock: boolean;
};

/** Where the service's field names land in the CSV. */
function columnOf(field: string, priceColumn: string): string {
  if (field === 'title') return 'product_title';
  if (field === 'description') return 'product_description';
  if (field === 'price.amount') return priceColumn;
  if (field === 'price.currency') return 'currency';
  if (field === 'options') return 'option1_name';
  return field;
}

function parseRow(get: (column: Column) => string, row: number, errors: ImportError[]): ParsedRow | null {
  const before = errors.length;
  const fail = (field: string, message: string, code?: string, value?: string) =>
    errors.push({ row, field, message, code, value });
  const p = new Problems();
  const title = get('product_title');
  const product = checkProductFields(
    {
      title,
      description: get('product_description') || undefined,
      status: get('status').toLowerCase() || undefined,
      kind: get('kind').toLowerCase() || undefined,
    },
    p,
    false,
  );
  if (!title) p.add('title', 'invalid_title', 'A product title is required');

  const input: VariantInput = { sku: get('sku') };
  const options: Record<string, string> = {};
  for (const n of [1, 2, 3] as const) {
    const name = get(`option${n}_name`);
    const value = get(`option${n}_value`);
    if (name && !value) fail(`option${n}_value`, `Option "${name}" needs a value`, 'option_value_missing', name);
    else if (value && !name)
      fail(`option${n}_name`, `The value "${value}" needs an option name`, 'option_name_missing', value);
    else if (name && name in options)
      fail(`option${n}_name`, `The option "${name}" appears twice`, 'option_twice', name);
    else if (name) options[name] = value;
  }
  input.options = options;

  let priceColumn = 'price';
  const price = get('price');
  const priceAmount = get('price_amount');
  if (price) {
    const amount = parseDecimalAmount(price);
    if (amount === null)
      fail(
        'price',
        `"${price}" is not a price such as 12.50 (at most two decimals, no currency sign)`,
        'price_text',
        price,
      );
    else input.priceAmount = amount;
  } else if (priceAmount) {
    priceColumn = 'price_amount';
    if (!/^\d{1,9}$/.test(priceAmount))
      fail('price_amount', `"${priceAmount}" is not a whole number of cents`, 'price_amount_text', priceAmount);
    else input.priceAmount = Number(priceAmount);
  } else fail('price', 'A price is required (price such as 12.50, or price_amount in cents)', 'price_missing');

  input.currency = get('currency') || 'EUR';
  const compareAt = get('compare_at');
  if (compareAt) {
    const amount = parseDecimalAmount(compareAt);
    if (amount === null) fail('compare_at', `"${compareAt}" is not a price such as 15.00`, 'price_text', compareAt);
    else input.compareAtAmount = amount;
  } else input.compareAtAmount = null;

  const stock = get('stock');
  if (stock) {
    if (/^-\d+$/.test(stock)) fail('stock', `The stock cannot be negative (${stock})`, 'negative_stock', stock);
    else if (!/^\d{1,10}$/.test(stock)) fail('stock', `"${stock}" is not a whole number of units`, 'stock_text', stock);
    else input.stock = Number(stock);
  }
  const weight = get('weight_grams');
  if (weight) {
    if (!/^\d{1,7}$/.test(weight))
      fail('weight_grams', `"${weight}" is not a whole number of grams`, 'weight_text', weight);
    else input.weightGrams = Number(weight);
  } else input.weightGrams = null;

  // The service's rules (lengths, SKU characters, currency, compare-at above price…), for what parsed.
  const variant = checkVariantFields(input, p, '', true);
  for (const problem of p.list) {
    const column = columnOf(problem.field, priceColumn);
    if (!errors.some((e, i) => i >= before && e.field === column)) fail(column, problem.message, problem.code);
  }
  if (errors.length > before) return null;
  if (!stock) delete variant.stock;
  return { row, title: product.title ?? title, product, variant, keepStock: !stock };
}

/**
 * Imports CSV text into a brand's catalog. Needs the owner or admin role (or the operator).
 * Answers how many variants were created and updated, and every skipped row's problems.
 * A file that cannot be read at all (no header, a required column missing) is a 422.
 */
export async function importCatalog(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  text: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  await getBrand(ctx, brandId);
  await assertCatalogManager(ctx, actor, brandId);
  const table = parseCsv(text);
  if (table.length === 0)
    throw unprocessable(
      'invalid_csv',
      'The file is empty: the first line must name the columns (product_title, sku, price…)',
    );
  const [head, ...body] = table;
  const errors: ImportError[] = [];
  const index = new Map<string, number>();
  for (const [i, raw] of head.cells.entries()) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if ((CATALOG_COLUMNS as readonly string[]).includes(name) || (EXTRA_COLUMNS as readonly string[]).includes(name))
      index.set(name, i);
    else
      errors.push({
        row: head.row,
        field: raw.trim(),
        message: 'Unknown column, ignored',
        code: 'unknown_column',
        value: raw.trim(),
      });
  }
  const missing = ['product_title', 'sku'].filter((c) => !index.has(c));
  if (!index.has('price') && !index.has('price_amount')) missing.push('price');
  if (missing.length)
    throw unprocessable(
      'invalid_csv',
      `The header lacks the column(s) ${missing.join(', ')}; expected ${CATALOG_COLUMNS.join(', ')}`,
      { field: missing[0] },
    );

  // 1. Read and check every row.
  const parsed: ParsedRow[] = [];
  for (const { cells, row } of body) {
    const get = (column: Column) => {
      const i = index.get(column);
      return i === undefined ? '' : unformula((cells[i] ?? '').trim());
    };
    const result = parseRow(get, row, errors);
    if (result) parsed.push(result);
  }
  const firstRowOfSku = new Map<string, number>();
  const rows = parsed.filter((r) => {
    const seen = firstRowOfSku.get(r.variant.sku!);
    if (seen !== undefined) {
      errors.push({
        row: r.row,
        field: 'sku',
        message: `The SKU "${r.variant.sku}" is already on row ${seen}`,
        code: 'duplicate_sku',
        value: String(seen),
      });
      return false;
    }
    firstRowOfSku.set(r.variant.sku!, r.row);
    return true;
  });

  // 2. Which of these SKUs the brand already has, and on which product.
  const skus = rows.map((r) => r.variant.sku!);
  const known = new Map<string, { id: string; productId: string }>();
  for (let i = 0; i < skus.length; i += 500) {
    const chunk = skus.slice(i, i + 500);
    const found = await ctx.db
      .select({ id: variants.id, sku: variants.sku, productId: variants.productId })
      .from(variants)
      .where(and(eq(variants.brandId, brandId), inArray(variants.sku, chunk)));
    for (const f of found) known.set(f.sku, { id: f.id, productId: f.productId });
  }

  // 3. Group by product title; find each group's product (by a known SKU, else by title).
  const groups = new Map<string, ParsedRow[]>();
  for (const r of rows) groups.set(r.title, [...(groups.get(r.title) ?? []), r]);
  const result: ImportResult = { created: 0, updated: 0, errors };
  let done = 0;
  const total = rows.length;
  options.onProgress?.(0, total);
  for (const [title, group] of groups) {
    // The product of one of the group's known SKUs (one with this very title first), else one with this title.
    const candidates = [
      ...new Set(group.map((r) => known.get(r.variant.sku!)?.productId).filter((id): id is string => Boolean(id))),
    ];
    let productId: string | null = candidates[0] ?? null;
    if (candidates.length > 1) {
      const [titled] = await ctx.db
        .select({ id: products.id })
        .from(products)
        .where(and(inArray(products.id, candidates), eq(products.title, title)))
        .limit(1);
      if (titled) productId = titled.id;
    }
    if (!productId) {
      const [same] = await ctx.db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.brandId, brandId), eq(products.title, title)))
        .orderBy(asc(products.id))
        .limit(1);
      productId = same?.id ?? null;
    }
    const fields: Partial<ProductFields> = { title };
    for (const key of ['description', 'status', 'kind'] as const) {
      const value = group.map((r) => r.product[key]).find((v) => v !== undefined && v !== '');
      if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
    }
    let productWritten = false;
    for (const r of group) {
      const existing = known.get(r.variant.sku!);
      try {
        if (existing && productId && existing.productId !== productId) {
          const [other] = await ctx.db
            .select({ title: products.title })
            .from(products)
            .where(eq(products.id, existing.productId));
          throw unprocessable(
            'sku_other_product',
            `The SKU "${r.variant.sku}" belongs to another product ("${other?.title ?? '?'}")`,
            { field: 'sku', value: other?.title ?? '?' },
          );
        }
        const outcome = await ctx.db.transaction(async (tx) => {
          let target = productId;
          if (!target) {
            target = uuidv7();
            await tx.insert(products).values({
              id: target,
              brandId,
              title,
              description: fields.description ?? '',
              status: fields.status ?? 'draft',
              kind: fields.kind ?? 'physical',
            });
          } else if (!productWritten) {
            await tx
              .update(products)
              .set({ ...fields, updatedAt: new Date() })
              .where(eq(products.id, target));
          }
          const { stock, ...rest } = r.variant;
          if (existing) {
            await tx
              .update(variants)
              .set(r.keepStock ? rest : { ...rest, stock })
              .where(eq(variants.id, existing.id));
          } else {
            const [{ next }] = await queryRows<{ next: number }>(
              tx,
              sql`select coalesce(max(position) + 1, 0)::int as next from variants where product_id = ${target}`,
            );
            await tx.insert(variants).values({
              id: uuidv7(),
              productId: target,
              brandId,
              ...(rest as VariantFields),
              stock: stock ?? 0,
              position: next,
            });
          }
          await assertOneCurrencyInImport(tx, target);
          await recordProductPrices(tx, target);
          return { target, created: !existing };
        });
        productId = outcome.target;
        productWritten = true;
        if (outcome.created) result.created++;
        else result.updated++;
      } catch (error) {
        if (isUniqueViolation(error, 'variants_brand_sku_key'))
          errors.push({
            row: r.row,
            field: 'sku',
            message: `The SKU "${r.variant.sku}" is already used by another variant`,
            code: 'sku_taken',
            value: r.variant.sku,
          });
        else if (error instanceof DomainError) {
          const value = typeof error.details?.value === 'string' ? error.details.value : undefined;
          errors.push({
            row: r.row,
            field: columnOf(String(error.details?.field ?? 'product_title'), 'price'),
            message: error.message,
            code: error.code,
            value,
          });
        } else throw error;
      }
      options.onProgress?.(++done, total);
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return result;
}

async function assertOneCurrencyInImport(tx: DbOrTx, productId: string) {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(distinct currency)::int as n from variants where product_id = ${productId}`,
  );
  if (row && row.n > 1)
    throw unprocessable('currency_mismatch', 'All variants of a product are priced in the same currency', {
      field: 'currency',
    });
}
