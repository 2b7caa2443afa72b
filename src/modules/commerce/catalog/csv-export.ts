/**
 * CSV import and export of a brand's catalog. One row per variant; rows sharing a product_title
 * make one product; variants are matched by SKU (update when the brand has it, create otherwise).
 * A row with a problem is skipped and reported with its row number (the header is row 1, as in a
 * spreadsheet) and the column at fault; every other row is still imported, each in its own
 * transaction, so nothing is ever half-written.
 */
import { asc, eq } from 'drizzle-orm';
import { forbidden } from '../../../lib/errors';
import { getBrand } from '../../accounts';
import { seesDrafts } from './access';
import { formatDecimalAmount } from './amounts';
import { isOperator, type CatalogActor, type CatalogContext } from './model';
import { products, variants } from '../schema';
import { toCsv } from '../csv';

export const CATALOG_COLUMNS = [
  'product_title',
  'product_description',
  'status',
  'kind',
  'sku',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'price',
  'currency',
  'compare_at',
  'stock',
  'weight_grams',
] as const;
/** Accepted on import besides CATALOG_COLUMNS: a price in minor units, and a third option. */
export const EXTRA_COLUMNS = ['price_amount', 'option3_name', 'option3_value'] as const;
export type Column = (typeof CATALOG_COLUMNS)[number] | (typeof EXTRA_COLUMNS)[number];

/** The whole catalog of a brand as CSV, drafts included: for its team (or the operator). */
export async function exportCatalog(ctx: CatalogContext, actor: CatalogActor, brandId: string): Promise<string> {
  await getBrand(ctx, brandId);
  if (!isOperator(actor) && !(await seesDrafts(ctx, actor, brandId)))
    throw forbidden('not_a_member', 'Only the brand’s team can export its catalog');
  const rows = await ctx.db
    .select({ product: products, variant: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(products.brandId, brandId))
    .orderBy(asc(products.id), asc(variants.position), asc(variants.id));
  const threeOptions = rows.some((r) => Object.keys(r.variant.options).length > 2);
  const header: string[] = [...CATALOG_COLUMNS, ...(threeOptions ? ['option3_name', 'option3_value'] : [])];
  const out: (string | number | null)[][] = [header];
  let previous = '';
  for (const { product, variant } of rows) {
    const first = product.id !== previous;
    previous = product.id;
    const options = Object.entries(variant.options);
    const line: (string | number | null)[] = [
      product.title,
      first ? product.description : '',
      first ? product.status : '',
      first ? product.kind : '',
      variant.sku,
      options[0]?.[0] ?? '',
      options[0]?.[1] ?? '',
      options[1]?.[0] ?? '',
      options[1]?.[1] ?? '',
      formatDecimalAmount(variant.priceAmount),
      variant.currency,
      variant.compareAtAmount === null ? '' : formatDecimalAmount(variant.compareAtAmount),
      variant.stock,
      variant.weightGrams,
    ];
    if (threeOptions) line.push(options[2]?.[0] ?? '', options[2]?.[1] ?? '');
    out.push(line);
  }
  return toCsv(out);
}
