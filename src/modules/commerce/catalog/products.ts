// Writing products, their variants and their stock.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import { nowOf, type Clock } from '../../../lib/clock';
import { getBrand } from '../../accounts';
import { productImages, products, variants } from '../schema';
import {
  type CatalogActor,
  type CatalogContext,
  type CatalogMediaContext,
  MAX_STOCK,
  MAX_VARIANTS,
  type ProductView,
  type Variant,
} from './model';
import { isUniqueViolation, Problems, skuTaken } from './problems';
import {
  checkProductFields,
  checkVariantFields,
  isInt,
  type ProductFields,
  type ProductInput,
  type VariantFields,
  type VariantInput,
} from './input';
import { assertCatalogManager, productForManager, variantForManager } from './access';
import { loadView } from './read';
import { removeFiles } from './images';
import { checkVariantWrites, pricingHooks, recordVariantPrices } from '../extensions';

export async function assertSkusFree(db: DbOrTx, brandId: string, skus: string[], exceptVariantIds: string[] = []) {
  const seen = new Set<string>();
  for (const sku of skus) {
    if (seen.has(sku)) throw skuTaken(sku);
    seen.add(sku);
  }
  if (skus.length === 0) return;
  const rows = await db
    .select({ id: variants.id, sku: variants.sku })
    .from(variants)
    .where(and(eq(variants.brandId, brandId), inArray(variants.sku, skus)));
  const clash = rows.find((r) => !exceptVariantIds.includes(r.id));
  if (clash) throw skuTaken(clash.sku);
}

/** One currency per product: an order is priced in one currency, and "from 12 €" must mean something. */
export async function assertOneCurrency(db: DbOrTx, productId: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct currency)::int as n from variants where product_id = ${productId}`,
  );
  if (row && row.n > 1)
    throw unprocessable('currency_mismatch', 'All variants of a product are priced in the same currency', {
      field: 'price.currency',
    });
}

/** Records a product's variant prices in the price history, in the writer's transaction (unchanged ones stay). */
export async function recordProductPrices(tx: DbOrTx, productId: string) {
  if (pricingHooks.list().length === 0) return;
  const rows = await tx
    .select({ variantId: variants.id, amount: variants.priceAmount })
    .from(variants)
    .where(eq(variants.productId, productId));
  await recordVariantPrices(tx, rows);
}

/** Runs a write, turning a unique-SKU violation (two writers racing for one SKU) into 409 sku_taken. */
export async function guardSku<R>(run: () => Promise<R>, sku = ''): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, 'variants_brand_sku_key')) throw skuTaken(sku || '(one of them)');
    throw error;
  }
}

export function variantRow(brandId: string, productId: string, v: Partial<VariantFields>, position: number) {
  return {
    id: uuidv7(),
    productId,
    brandId,
    sku: v.sku!,
    options: v.options ?? {},
    priceAmount: v.priceAmount!,
    currency: v.currency ?? 'EUR',
    compareAtAmount: v.compareAtAmount ?? null,
    stock: v.stock ?? 0,
    weightGrams: v.weightGrams ?? null,
    editionSize: v.editionSize ?? null,
    position,
  };
}

/**
 * Early access needs a launch time; a new setting (hours or launch time) is announced now, so
 * only accounts already following the brand qualify (campaigns' early access gate reads it).
 */
function launchAnnouncement(
  ctx: CatalogContext,
  fields: Partial<ProductFields>,
  current: { launchesAt: Date | null; earlyAccessHours: number } | null,
): { earlyAccessAnnouncedAt?: Date } {
  const hours = fields.earlyAccessHours ?? current?.earlyAccessHours ?? 0;
  const launchesAt = fields.launchesAt !== undefined ? fields.launchesAt : (current?.launchesAt ?? null);
  if (hours > 0 && !launchesAt)
    throw unprocessable('launch_required', 'Early access needs launches_at', { field: 'early_access_hours' });
  const changed =
    (fields.earlyAccessHours !== undefined && fields.earlyAccessHours !== current?.earlyAccessHours) ||
    (fields.launchesAt !== undefined && fields.launchesAt?.getTime() !== current?.launchesAt?.getTime());
  return hours > 0 && changed ? { earlyAccessAnnouncedAt: nowOf(ctx as { clock?: Clock }) } : {};
}

/** Creates a product with its variants (possibly none yet), all or nothing. */
export async function createProduct(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  input: ProductInput,
): Promise<ProductView> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId);
  await assertCatalogManager(ctx, actor, brandId);
  const p = new Problems();
  const fields = checkProductFields(input, p, true) as ProductFields;
  const list = input.variants ?? [];
  if (!Array.isArray(list)) p.add('variants', 'invalid_variants', 'variants is a list');
  else if (list.length > MAX_VARIANTS)
    p.add('variants', 'too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
  const checked = Array.isArray(list)
    ? list.slice(0, MAX_VARIANTS).map((v, i) => checkVariantFields(v ?? {}, p, `variants.${i}.`))
    : [];
  p.throwIfAny();
  if (new Set(checked.map((v) => v.currency)).size > 1)
    throw unprocessable('currency_mismatch', 'All variants of a product are priced in the same currency', {
      field: 'variants',
    });
  await assertSkusFree(
    ctx.db,
    brandId,
    checked.map((v) => v.sku!),
  );
  const id = uuidv7();
  const launch = launchAnnouncement(ctx, fields, null);
  await guardSku(() =>
    ctx.db.transaction(async (tx) => {
      await tx.insert(products).values({ id, brandId, ...fields, ...launch });
      if (checked.length) {
        const rows = checked.map((v, i) => variantRow(brandId, id, v, i));
        await tx.insert(variants).values(rows);
        await checkVariantWrites(
          tx,
          rows.filter((r) => r.editionSize !== null).map((r) => r.id),
        );
      }
      await recordProductPrices(tx, id);
    }),
  );
  return loadView(ctx.db, id);
}

/** Changes a product's own fields (title, description, status, kind, attributes). */
export async function updateProduct(
  ctx: CatalogContext,
  actor: CatalogActor,
  productId: string,
  input: Partial<Record<keyof ProductFields, unknown>>,
): Promise<ProductView> {
  const product = await productForManager(ctx, actor, productId);
  const p = new Problems();
  const fields = checkProductFields(input, p, false);
  p.throwIfAny();
  const launch = launchAnnouncement(ctx, fields, product);
  if (Object.keys(fields).length)
    await ctx.db
      .update(products)
      .set({ ...fields, ...launch, updatedAt: new Date() })
      .where(eq(products.id, product.id));
  return loadView(ctx.db, product.id);
}

/** Deletes a product, its variants and images. Orders keep their own copy of what was sold. */
export async function deleteProduct(ctx: CatalogMediaContext, actor: CatalogActor, productId: string): Promise<void> {
  const product = await productForManager(ctx, actor, productId);
  const images = await ctx.db.delete(productImages).where(eq(productImages.productId, product.id)).returning();
  await ctx.db.delete(products).where(eq(products.id, product.id));
  await removeFiles(ctx.media, images);
}

// Variants -----------------------------------------------------------------------------------------

export async function addVariant(
  ctx: CatalogContext,
  actor: CatalogActor,
  productId: string,
  input: VariantInput,
): Promise<Variant> {
  const product = await productForManager(ctx, actor, productId);
  const p = new Problems();
  const v = checkVariantFields(input, p, '', true);
  p.throwIfAny();
  await assertSkusFree(ctx.db, product.brandId, [v.sku!]);
  return guardSku(
    () =>
      ctx.db.transaction(async (tx) => {
        const [{ n, next }] = await queryRows<{ n: number; next: number }>(
          tx,
          sql`select count(*)::int as n, coalesce(max(position) + 1, 0)::int as next from variants where product_id = ${product.id}`,
        );
        if (n >= MAX_VARIANTS)
          throw unprocessable('too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
        const [row] = await tx
          .insert(variants)
          .values(variantRow(product.brandId, product.id, v, next))
          .returning();
        await assertOneCurrency(tx, product.id);
        await recordProductPrices(tx, product.id);
        await checkVariantWrites(tx, [row.id]);
        await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
        return row;
      }),
    v.sku,
  );
}

/**
 * Changes a variant's SKU, options, price, compare-at price, weight, and stock when given (an
 * absolute value: prefer adjustStock when sales may be running).
 */
export async function updateVariant(
  ctx: CatalogContext,
  actor: CatalogActor,
  variantId: string,
  input: VariantInput,
): Promise<Variant> {
  const { variant, product } = await variantForManager(ctx, actor, variantId);
  const p = new Problems();
  const v = checkVariantFields(input, p, '', false, variant);
  p.throwIfAny();
  if (v.sku && v.sku !== variant.sku) await assertSkusFree(ctx.db, product.brandId, [v.sku], [variant.id]);
  if (Object.keys(v).length === 0) return variant;
  return guardSku(
    () =>
      ctx.db.transaction(async (tx) => {
        const [row] = await tx.update(variants).set(v).where(eq(variants.id, variant.id)).returning();
        if (v.currency) await assertOneCurrency(tx, product.id);
        if (v.priceAmount !== undefined) await recordProductPrices(tx, product.id);
        if (v.stock !== undefined || v.editionSize !== undefined) await checkVariantWrites(tx, [variant.id]);
        await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
        return row;
      }),
    v.sku,
  );
}

export async function deleteVariant(ctx: CatalogContext, actor: CatalogActor, variantId: string): Promise<void> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  await ctx.db.delete(variants).where(eq(variants.id, variant.id));
}

function checkStockNumber(value: unknown, field: string, allowNegative: boolean): number {
  if (!isInt(value) || Math.abs(value) > MAX_STOCK || (!allowNegative && value < 0)) {
    throw unprocessable(
      'invalid_stock',
      allowNegative
        ? `${field} is a whole number of units (negative to take some away)`
        : `${field} is a whole number from 0 to ${MAX_STOCK}`,
      { field },
    );
  }
  return value;
}

/** Sets a variant's stock to an absolute number of units. */
export async function setStock(
  ctx: CatalogContext,
  actor: CatalogActor,
  variantId: string,
  units: number,
): Promise<Variant> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  const value = checkStockNumber(units, 'set', false);
  const [row] = await ctx.db.transaction(async (tx) => {
    const rows = await tx.update(variants).set({ stock: value }).where(eq(variants.id, variant.id)).returning();
    await checkVariantWrites(tx, [variant.id]);
    return rows;
  });
  if (!row) throw notFound('Variant');
  return row;
}

/**
 * Adds (or, negative, takes) units atomically: one `UPDATE … SET stock = stock + delta` whose
 * WHERE keeps the result between 0 and MAX_STOCK, so parallel adjustments and sales never push
 * the stock below zero. 409 insufficient_stock when taking more than there is.
 */
export async function adjustStock(
  ctx: CatalogContext,
  actor: CatalogActor,
  variantId: string,
  delta: number,
): Promise<Variant> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  const value = checkStockNumber(delta, 'adjust', true);
  const [row] = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(variants)
      .set({ stock: sql`${variants.stock} + ${value}` })
      .where(
        and(
          eq(variants.id, variant.id),
          sql`${variants.stock} + ${value} >= 0`,
          sql`${variants.stock} + ${value} <= ${MAX_STOCK}`,
        ),
      )
      .returning();
    if (rows.length && value > 0) await checkVariantWrites(tx, [variant.id]);
    return rows;
  });
  if (!row) {
    if (value < 0) throw conflict('insufficient_stock', `Cannot take ${-value} unit(s): not that many in stock`);
    throw unprocessable('invalid_stock', `The stock cannot exceed ${MAX_STOCK}`, { field: 'adjust' });
  }
  return row;
}
