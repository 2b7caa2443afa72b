// The edit form: a product and all its variants in one transaction.
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../../db/ids';
import { notFound, unprocessable } from '../../../lib/errors';
import { getBrand } from '../../accounts';
import { products, variants } from '../schema';
import { type CatalogActor, type CatalogContext, MAX_STOCK, MAX_VARIANTS, type ProductView } from './model';
import { Problems } from './problems';
import {
  checkProductFields,
  checkVariantFields,
  isInt,
  type ProductFields,
  type VariantFields,
  type VariantInput,
} from './input';
import { assertCatalogManager, productForManager } from './access';
import { loadView } from './read';
import { assertOneCurrency, assertSkusFree, guardSku, recordProductPrices, variantRow } from './products';
import { setProductCollections } from './collections';
import { checkVariantWrites } from '../extensions';

export type VariantChange = VariantInput & {
  /** An existing variant of this product; absent for a new one. */
  id?: string;
  delete?: boolean;
  /** For an existing variant: units to add (negative: take), applied atomically as in adjustStock. */
  stockDelta?: number;
};

/**
 * Saves a product from the team's edit form (or creates it when `productId` is null): its fields,
 * every variant (update, add, delete, stock changes as deltas so sales made meanwhile are kept)
 * and, when given, the collections it belongs to. All or nothing; every problem is named by its
 * field (`variants.1.price.amount`) in the 422's `details.errors`.
 */
export async function saveProduct(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  productId: string | null,
  input: Partial<Record<keyof ProductFields, unknown>> & { variants: VariantChange[]; collectionIds?: string[] },
): Promise<ProductView> {
  await getBrand(ctx, brandId);
  const product = productId ? await productForManager(ctx, actor, productId) : null;
  if (product && product.brandId !== brandId) throw notFound('Product');
  if (!product) await assertCatalogManager(ctx, actor, brandId);
  const existing = product ? await ctx.db.select().from(variants).where(eq(variants.productId, product.id)) : [];
  const byId = new Map(existing.map((v) => [v.id, v]));
  const p = new Problems();
  const fields = checkProductFields(input, p, !product);
  const changes = input.variants.map((change, i) => {
    const current = change.id ? byId.get(change.id) : undefined;
    if (change.id && !current)
      p.add(`variants.${i}.id`, 'unknown_variant', 'This variant no longer exists; reload the page');
    if (change.delete) return { change, current, fields: {} as Partial<VariantFields> };
    const { stockDelta, id: _id, delete: _delete, ...rest } = change;
    const checkedFields = checkVariantFields(
      current ? { ...rest, stock: undefined } : rest,
      p,
      `variants.${i}.`,
      !current,
      current,
    );
    if (
      current &&
      stockDelta !== undefined &&
      (!isInt(stockDelta) || current.stock + stockDelta < 0 || current.stock + stockDelta > MAX_STOCK)
    ) {
      p.add(`variants.${i}.stock`, 'invalid_stock', `The stock is a whole number from 0 to ${MAX_STOCK}`);
    }
    return { change, current, fields: checkedFields };
  });
  const kept = changes.filter((c) => !c.change.delete);
  if (kept.length + existing.filter((v) => !input.variants.some((c) => c.id === v.id)).length > MAX_VARIANTS)
    p.add('variants', 'too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
  p.throwIfAny();
  const skus = kept.map((c) => c.fields.sku ?? c.current?.sku ?? '');
  const touched = changes.filter((c) => c.current).map((c) => c.current!.id);
  await assertSkusFree(ctx.db, brandId, skus, touched);
  const id = product?.id ?? uuidv7();
  await guardSku(() =>
    ctx.db.transaction(async (tx) => {
      if (!product) await tx.insert(products).values({ id, brandId, ...(fields as ProductFields) });
      else
        await tx
          .update(products)
          .set({ ...fields, updatedAt: new Date() })
          .where(eq(products.id, id));
      // Deletions and SKU changes first, so a SKU moved from one row to another does not clash.
      for (const c of changes)
        if (c.change.delete && c.current) await tx.delete(variants).where(eq(variants.id, c.current.id));
      let position = existing.reduce((max, v) => Math.max(max, v.position + 1), 0);
      const written: string[] = [];
      for (const [i, c] of changes.entries()) {
        if (c.change.delete) continue;
        if (c.current) {
          written.push(c.current.id);
          if (Object.keys(c.fields).length)
            await tx.update(variants).set(c.fields).where(eq(variants.id, c.current.id));
          const delta = c.change.stockDelta ?? 0;
          if (delta !== 0) {
            const moved = await tx
              .update(variants)
              .set({ stock: sql`${variants.stock} + ${delta}` })
              .where(and(eq(variants.id, c.current.id), sql`${variants.stock} + ${delta} >= 0`))
              .returning({ id: variants.id });
            if (moved.length === 0)
              throw unprocessable(
                'invalid_stock',
                'Units were sold meanwhile: the stock cannot go below zero; reload the page',
                { field: `variants.${i}.stock` },
              );
          }
        } else {
          const row = variantRow(brandId, id, c.fields, position++);
          written.push(row.id);
          await tx.insert(variants).values(row);
        }
      }
      // Numbered editions: the stock and the size must fit the numbers left (campaigns/editions).
      await checkVariantWrites(tx, written);
      await assertOneCurrency(tx, id);
      await recordProductPrices(tx, id);
      if (input.collectionIds) await setProductCollections(tx, brandId, id, input.collectionIds);
    }),
  );
  return loadView(ctx.db, id);
}
