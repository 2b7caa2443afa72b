// Reading products with their brand, variants and images.
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound } from '../../../lib/errors';
import { accounts } from '../../../db/schema';
import { collectionProducts, productImages, products, variants, type ProductStatus } from '../schema';
import type { CatalogContext, Product, ProductView } from './model';
import { seesDrafts } from './access';
import { loadSalePrices } from '../extensions';

async function hydrate(db: DbOrTx, rows: Product[]): Promise<ProductView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const brandIds = [...new Set(rows.map((r) => r.brandId))];
  const [variantRows, imageRows, brandRows] = await Promise.all([
    db
      .select()
      .from(variants)
      .where(inArray(variants.productId, ids))
      .orderBy(asc(variants.position), asc(variants.id)),
    db
      .select()
      .from(productImages)
      .where(inArray(productImages.productId, ids))
      .orderBy(asc(productImages.position), asc(productImages.id)),
    db
      .select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName })
      .from(accounts)
      .where(inArray(accounts.id, brandIds)),
  ]);
  const brands = new Map(brandRows.map((b) => [b.id, b]));
  // Sale prices of the whole page's variants in one read (campaigns' price rules).
  const sales = await loadSalePrices(
    db,
    variantRows.map((v) => v.id),
  );
  return rows.map((row) => ({
    ...row,
    brand: brands.get(row.brandId) ?? { id: row.brandId, username: '', displayName: '' },
    variants: variantRows
      .filter((v) => v.productId === row.id)
      .map((v) => (sales.has(v.id) ? { ...v, sale: sales.get(v.id) } : v)),
    images: imageRows.filter((i) => i.productId === row.id),
  }));
}

export async function loadView(db: DbOrTx, productId: string): Promise<ProductView> {
  const rows = await db.select().from(products).where(eq(products.id, productId));
  const [view] = await hydrate(db, rows);
  if (!view) throw notFound('Product');
  return view;
}

/** A product as the viewer may see it: a draft is a 404 for anyone outside the brand's team. */
export async function getProduct(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  productId: string,
): Promise<ProductView> {
  if (!isUuid(productId)) throw notFound('Product');
  const view = await loadView(ctx.db, productId.toLowerCase());
  if (view.status !== 'published' && !(await seesDrafts(ctx, viewerId, view.brandId))) throw notFound('Product');
  return view;
}

export type ProductListOptions = { maxId?: string; limit?: number; collectionId?: string; status?: ProductStatus };

/**
 * A brand's products, newest first, by keyset (`maxId`): published ones for everyone, drafts too
 * for the brand's team. `collectionId` keeps those of one collection.
 */
export async function listProducts(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  brandId: string,
  options: ProductListOptions = {},
): Promise<ProductView[]> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const team = await seesDrafts(ctx, viewerId, brandId);
  const conditions = [eq(products.brandId, brandId)];
  if (!team) conditions.push(eq(products.status, 'published'));
  else if (options.status) conditions.push(eq(products.status, options.status));
  if (options.maxId && isUuid(options.maxId)) conditions.push(lt(products.id, options.maxId));
  if (options.collectionId) {
    if (!isUuid(options.collectionId)) return [];
    conditions.push(
      inArray(
        products.id,
        ctx.db
          .select({ id: collectionProducts.productId })
          .from(collectionProducts)
          .where(eq(collectionProducts.collectionId, options.collectionId)),
      ),
    );
  }
  const rows = await ctx.db
    .select()
    .from(products)
    .where(and(...conditions))
    .orderBy(desc(products.id))
    .limit(limit);
  return hydrate(ctx.db, rows);
}

/** Several products by id, in the order asked, leaving out what the viewer may not see (for product cards). */
export async function productsByIds(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  ids: string[],
): Promise<ProductView[]> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  const views = await hydrate(ctx.db, await ctx.db.select().from(products).where(inArray(products.id, wanted)));
  const visible: ProductView[] = [];
  for (const view of views)
    if (view.status === 'published' || (await seesDrafts(ctx, viewerId, view.brandId))) visible.push(view);
  const byId = new Map(visible.map((v) => [v.id, v]));
  return wanted.map((id) => byId.get(id)).filter((v): v is ProductView => Boolean(v));
}
