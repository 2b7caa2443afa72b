// Who may see drafts and change the catalog.
import { eq } from 'drizzle-orm';
import { isUuid } from '../../../db/ids';
import { DomainError, notFound } from '../../../lib/errors';
import { assertCan, roleIn } from '../../accounts';
import { products, variants } from '../schema';
import { type CatalogActor, type CatalogContext, isOperator, type Product, type Variant } from './model';

/** True when the viewer is on the brand's team (any role), or is the brand itself: they see drafts. */
export async function seesDrafts(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  brandId: string,
): Promise<boolean> {
  if (!viewerId) return false;
  if (viewerId === brandId) return true;
  return (await roleIn(ctx, brandId, viewerId)) !== null;
}

export async function canManageCatalog(
  ctx: CatalogContext,
  actor: CatalogActor | null | undefined,
  brandId: string,
): Promise<boolean> {
  if (isOperator(actor)) return true;
  if (!actor) return false;
  const role = await roleIn(ctx, brandId, actor);
  return role === 'owner' || role === 'admin';
}

/** Throws 403 unless the actor may change the brand's catalog (owner, admin, or the operator). */
export async function assertCatalogManager(ctx: CatalogContext, actor: CatalogActor, brandId: string) {
  if (isOperator(actor)) return;
  await assertCan(ctx, actor, brandId, 'manageCatalog');
}

/** A product the actor may change: 404 when it does not exist or is a draft they cannot see, 403 without the role. */
export async function productForManager(ctx: CatalogContext, actor: CatalogActor, productId: string): Promise<Product> {
  const product = isUuid(productId)
    ? (await ctx.db.select().from(products).where(eq(products.id, productId)))[0]
    : undefined;
  if (!product) throw notFound('Product');
  if (!isOperator(actor) && product.status !== 'published' && !(await seesDrafts(ctx, actor, product.brandId)))
    throw notFound('Product');
  await assertCatalogManager(ctx, actor, product.brandId);
  return product;
}

export async function variantForManager(
  ctx: CatalogContext,
  actor: CatalogActor,
  variantId: string,
): Promise<{ variant: Variant; product: Product }> {
  const variant = isUuid(variantId)
    ? (await ctx.db.select().from(variants).where(eq(variants.id, variantId)))[0]
    : undefined;
  if (!variant) throw notFound('Variant');
  const product = await productForManager(ctx, actor, variant.productId).catch((error) => {
    throw error instanceof DomainError && error.kind === 'not_found' ? notFound('Variant') : error;
  });
  return { variant, product };
}
