// Product images: stored, described (alt) and ordered.
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { notFound, unprocessable } from '../../../lib/errors';
import { discardImages, storeImage, type MediaStore } from '../../media';
import { productImages, products } from '../schema';
import {
  type CatalogActor,
  type CatalogContext,
  type CatalogMediaContext,
  MAX_IMAGE_ALT,
  MAX_PRODUCT_IMAGES,
  type ProductImage,
} from './model';
import { stripControls } from './description';
import { charCount, isInt } from './input';
import { productForManager } from './access';

export async function removeFiles(media: MediaStore, images: Pick<ProductImage, 'path' | 'previewPath'>[]) {
  await discardImages(media, images).catch(() => {});
}

function checkAlt(alt: unknown): string {
  if (alt === undefined || alt === null) return '';
  if (typeof alt !== 'string') throw unprocessable('invalid_alt', 'The alt text is text', { field: 'alt' });
  const text = stripControls(alt).replace(/\s+/g, ' ').trim();
  if (charCount(text) > MAX_IMAGE_ALT)
    throw unprocessable('invalid_alt', `The alt text has at most ${MAX_IMAGE_ALT} characters`, { field: 'alt' });
  return text;
}

/**
 * Adds an image (stored, resized, stripped of metadata by the media module) at the end of the
 * product's gallery, with its alt text. At most MAX_PRODUCT_IMAGES per product.
 */
export async function addProductImage(
  ctx: CatalogMediaContext,
  actor: CatalogActor,
  productId: string,
  bytes: Uint8Array,
  altInput?: unknown,
): Promise<ProductImage> {
  const product = await productForManager(ctx, actor, productId);
  const alt = checkAlt(altInput);
  const tooMany = () =>
    unprocessable('too_many_images', `A product has at most ${MAX_PRODUCT_IMAGES} images`, { field: 'file' });
  const [{ n }] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from product_images where product_id = ${product.id}`,
  );
  if (n >= MAX_PRODUCT_IMAGES) throw tooMany();
  const stored = await storeImage(ctx.media, bytes, 'attachment', { maxBytes: ctx.config?.mediaMaxBytes });
  try {
    return await ctx.db.transaction(async (tx) => {
      // Lock the product so two uploads at once cannot both take the tenth place.
      await queryRows(tx, sql`select id from products where id = ${product.id} for update`);
      const [{ count, next }] = await queryRows<{ count: number; next: number }>(
        tx,
        sql`select count(*)::int as count, coalesce(max(position) + 1, 0)::int as next from product_images where product_id = ${product.id}`,
      );
      if (count >= MAX_PRODUCT_IMAGES) throw tooMany();
      const [row] = await tx
        .insert(productImages)
        .values({
          id: uuidv7(),
          productId: product.id,
          position: next,
          path: stored.path,
          previewPath: stored.previewPath,
          width: stored.width,
          height: stored.height,
          alt,
        })
        .returning();
      await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
      return row;
    });
  } catch (error) {
    await removeFiles(ctx.media, [stored]);
    throw error;
  }
}

/** Changes an image's alt text and/or its place in the gallery (0 = first). */
export async function updateProductImage(
  ctx: CatalogContext,
  actor: CatalogActor,
  productId: string,
  imageId: string,
  input: { alt?: unknown; position?: unknown },
): Promise<ProductImage> {
  const product = await productForManager(ctx, actor, productId);
  if (!isUuid(imageId)) throw notFound('Image');
  return ctx.db.transaction(async (tx) => {
    const images = await tx
      .select()
      .from(productImages)
      .where(eq(productImages.productId, product.id))
      .orderBy(asc(productImages.position), asc(productImages.id));
    const image = images.find((i) => i.id === imageId.toLowerCase());
    if (!image) throw notFound('Image');
    if (input.alt !== undefined)
      await tx
        .update(productImages)
        .set({ alt: checkAlt(input.alt) })
        .where(eq(productImages.id, image.id));
    if (input.position !== undefined) {
      if (!isInt(input.position) || input.position < 0)
        throw unprocessable('invalid_position', 'position is a whole number from 0', { field: 'position' });
      const order = images.filter((i) => i.id !== image.id);
      order.splice(Math.min(input.position, order.length), 0, image);
      for (const [position, item] of order.entries())
        if (item.position !== position)
          await tx.update(productImages).set({ position }).where(eq(productImages.id, item.id));
    }
    const [row] = await tx.select().from(productImages).where(eq(productImages.id, image.id));
    return row;
  });
}

export async function deleteProductImage(
  ctx: CatalogMediaContext,
  actor: CatalogActor,
  productId: string,
  imageId: string,
): Promise<void> {
  const product = await productForManager(ctx, actor, productId);
  if (!isUuid(imageId)) throw notFound('Image');
  const removed = await ctx.db
    .delete(productImages)
    .where(and(eq(productImages.id, imageId.toLowerCase()), eq(productImages.productId, product.id)))
    .returning();
  if (removed.length === 0) throw notFound('Image');
  await removeFiles(ctx.media, removed);
}
