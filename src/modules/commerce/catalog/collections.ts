// Collections: a brand's named groups of products.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { notFound, unprocessable } from '../../../lib/errors';
import { getBrand } from '../../accounts';
import { collectionProducts, collections, products } from '../schema';
import {
  type CatalogActor,
  type CatalogContext,
  type Collection,
  isOperator,
  MAX_COLLECTION_TITLE,
  MAX_COLLECTIONS,
} from './model';
import { Problems } from './problems';
import { stripControls } from './description';
import { charCount } from './input';
import { assertCatalogManager, seesDrafts } from './access';

export type CollectionView = Collection & { productIds: string[] };

function checkCollectionFields(
  input: { title?: unknown; description?: unknown },
  creating: boolean,
): { title?: string; description?: string } {
  const p = new Problems();
  const out: { title?: string; description?: string } = {};
  if (input.title !== undefined || creating) {
    const title = typeof input.title === 'string' ? stripControls(input.title).replace(/\s+/g, ' ').trim() : '';
    if (!title || charCount(title) > MAX_COLLECTION_TITLE)
      p.add('title', 'invalid_title', `A collection has a title of 1 to ${MAX_COLLECTION_TITLE} characters`);
    else out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string' || charCount(input.description) > 1000)
      p.add('description', 'invalid_description', 'The description has at most 1000 characters');
    else out.description = stripControls(input.description).trim();
  }
  p.throwIfAny();
  return out;
}

async function collectionViews(db: DbOrTx, rows: Collection[], publishedOnly: boolean): Promise<CollectionView[]> {
  if (rows.length === 0) return [];
  const members = await db
    .select({ collectionId: collectionProducts.collectionId, productId: collectionProducts.productId })
    .from(collectionProducts)
    .innerJoin(products, eq(products.id, collectionProducts.productId))
    .where(
      and(
        inArray(
          collectionProducts.collectionId,
          rows.map((r) => r.id),
        ),
        publishedOnly ? eq(products.status, 'published') : undefined,
      ),
    )
    .orderBy(asc(collectionProducts.position), desc(collectionProducts.productId));
  return rows.map((r) => ({
    ...r,
    productIds: members.filter((m) => m.collectionId === r.id).map((m) => m.productId),
  }));
}

/** A brand's collections, in creation order; outsiders see only published products in them. */
export async function listCollections(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  brandId: string,
): Promise<CollectionView[]> {
  const rows = await ctx.db
    .select()
    .from(collections)
    .where(eq(collections.brandId, brandId))
    .orderBy(asc(collections.id));
  return collectionViews(ctx.db, rows, !(await seesDrafts(ctx, viewerId, brandId)));
}

export async function getCollection(
  ctx: CatalogContext,
  viewerId: string | null | undefined,
  brandId: string,
  collectionId: string,
): Promise<CollectionView> {
  if (!isUuid(collectionId)) throw notFound('Collection');
  const rows = await ctx.db
    .select()
    .from(collections)
    .where(and(eq(collections.id, collectionId.toLowerCase()), eq(collections.brandId, brandId)));
  if (rows.length === 0) throw notFound('Collection');
  const [view] = await collectionViews(ctx.db, rows, !(await seesDrafts(ctx, viewerId, brandId)));
  return view;
}

async function collectionForManager(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  collectionId: string,
): Promise<Collection> {
  await assertCatalogManager(ctx, actor, brandId);
  if (!isUuid(collectionId)) throw notFound('Collection');
  const [row] = await ctx.db
    .select()
    .from(collections)
    .where(and(eq(collections.id, collectionId.toLowerCase()), eq(collections.brandId, brandId)));
  if (!row) throw notFound('Collection');
  return row;
}

async function brandProductIds(db: DbOrTx, brandId: string, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids.map((id) => String(id).toLowerCase()))];
  if (wanted.some((id) => !isUuid(id)))
    throw unprocessable('unknown_product', 'A product id is not one of this brand’s products', {
      field: 'product_ids',
    });
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.brandId, brandId), inArray(products.id, wanted)));
  if (rows.length !== wanted.length)
    throw unprocessable('unknown_product', 'A product id is not one of this brand’s products', {
      field: 'product_ids',
    });
  return wanted;
}

export async function createCollection(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  input: { title?: unknown; description?: unknown; productIds?: string[] },
): Promise<CollectionView> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId);
  await assertCatalogManager(ctx, actor, brandId);
  const fields = checkCollectionFields(input, true);
  const productIds = await brandProductIds(ctx.db, brandId, input.productIds ?? []);
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from collections where brand_id = ${brandId}`,
    );
    if (n >= MAX_COLLECTIONS)
      throw unprocessable('too_many_collections', `A brand has at most ${MAX_COLLECTIONS} collections`);
    await tx.insert(collections).values({ id, brandId, title: fields.title!, description: fields.description ?? '' });
    if (productIds.length)
      await tx
        .insert(collectionProducts)
        .values(productIds.map((productId, position) => ({ collectionId: id, productId, position })));
  });
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, id);
}

export async function updateCollection(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  collectionId: string,
  input: { title?: unknown; description?: unknown },
): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  const fields = checkCollectionFields(input, false);
  if (Object.keys(fields).length) await ctx.db.update(collections).set(fields).where(eq(collections.id, row.id));
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

export async function deleteCollection(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  collectionId: string,
): Promise<void> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  await ctx.db.delete(collections).where(eq(collections.id, row.id));
}

/** Adds a product to a collection (at the end); adding it twice changes nothing. */
export async function addToCollection(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  collectionId: string,
  productId: string,
): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  const [id] = await brandProductIds(ctx.db, brandId, [productId]);
  await queryRows(
    ctx.db,
    sql`insert into collection_products (collection_id, product_id, position)
        select ${row.id}, ${id}, coalesce(max(position) + 1, 0) from collection_products where collection_id = ${row.id}
        on conflict do nothing`,
  );
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

export async function removeFromCollection(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  collectionId: string,
  productId: string,
): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  if (isUuid(productId))
    await ctx.db
      .delete(collectionProducts)
      .where(
        and(eq(collectionProducts.collectionId, row.id), eq(collectionProducts.productId, productId.toLowerCase())),
      );
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

/** The collections (of its brand) a product belongs to. */
export async function collectionIdsOf(ctx: CatalogContext, productId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: collectionProducts.collectionId })
    .from(collectionProducts)
    .where(eq(collectionProducts.productId, productId));
  return rows.map((r) => r.id);
}

export async function setProductCollections(tx: DbOrTx, brandId: string, productId: string, collectionIds: string[]) {
  const wanted = [...new Set(collectionIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const owned = wanted.length
    ? await tx
        .select({ id: collections.id })
        .from(collections)
        .where(and(eq(collections.brandId, brandId), inArray(collections.id, wanted)))
    : [];
  const keep = owned.map((o) => o.id);
  await tx
    .delete(collectionProducts)
    .where(
      and(
        eq(collectionProducts.productId, productId),
        keep.length ? sql`${collectionProducts.collectionId} not in ${keep}` : undefined,
      ),
    );
  for (const collectionId of keep) {
    await queryRows(
      tx,
      sql`insert into collection_products (collection_id, product_id, position)
          select ${collectionId}, ${productId}, coalesce(max(position) + 1, 0) from collection_products where collection_id = ${collectionId}
          on conflict do nothing`,
    );
  }
}
