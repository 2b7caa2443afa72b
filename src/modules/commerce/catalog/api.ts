/**
 * The catalog's JSON API (our own shapes, errors `{"error": {"code", "message"}}`). Each route is a
 * contract (api-contracts.ts): its zod schemas check the requests (types: 400), type the handlers
 * and describe it in the OpenAPI document; the catalog service checks the rules and who may do
 * what (403/404/409/422).
 */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer, viewerOf } from '../../../http/middleware';
import { getBrand } from '../../accounts';
import { type ProductStatus, productStatuses } from '../schema';
import { contracts } from './api-contracts';
import { launchInput, variantInput } from './api-helpers';
import { addProductImage, deleteProductImage, updateProductImage } from './images';
import {
  addVariant,
  adjustStock,
  createProduct,
  deleteProduct,
  deleteVariant,
  setStock,
  updateProduct,
  updateVariant,
} from './products';
import { presentImage, presentProduct, presentVariant } from './present';
import { getProduct, listProducts } from './read';

// Routes ------------------------------------------------------------------------------------------

export const catalogApiRoutes: RouteModule = (app, ctx) => {
  const urls = { publicUrl: ctx.config.publicUrl };
  const media = { db: ctx.db, media: ctx.media, config: ctx.config };
  const brandOf = async (brandId: string) => getBrand(ctx, brandId.toLowerCase());
  const lower = (id: string) => id.toLowerCase();

  mount(app, contracts.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c.req.valid('param').id);
    const input = c.req.valid('json');
    const result = await idempotent(
      ctx.db,
      {
        scope: `product.create:${brand.id}`,
        principal: viewer.accountId,
        key: c.req.header('idempotency-key'),
        body: input,
      },
      async () => {
        const view = await createProduct(ctx, viewer.accountId, brand.id, {
          ...input,
          ...launchInput(input),
          taxClass: input.tax_class,
          withdrawalExclusion: input.withdrawal_exclusion,
          variants: input.variants?.map(variantInput),
        });
        return { status: 201, body: presentProduct(urls, view) };
      },
    );
    return c.json(result.body, 201);
  });

  mount(app, contracts.list, async (c) => {
    const brand = await brandOf(c.req.valid('param').id);
    const q = c.req.valid('query');
    if (q.status !== undefined && !productStatuses.includes(q.status as never))
      throw unprocessable('invalid_param', 'status is draft or published', { field: 'status' });
    const limit = Math.min(Math.max(q.limit ?? 20, 1), 100);
    const views = await listProducts(ctx, viewerOf(c)?.accountId, brand.id, {
      maxId: q.max_id,
      limit,
      collectionId: q.collection_id,
      status: q.status as ProductStatus | undefined,
    });
    if (views.length === limit) {
      const next = new URL(`${ctx.config.publicUrl}/api/v1/brands/${brand.id}/products`);
      next.searchParams.set('max_id', views[views.length - 1].id);
      next.searchParams.set('limit', String(limit));
      if (q.collection_id) next.searchParams.set('collection_id', q.collection_id);
      if (q.status) next.searchParams.set('status', q.status);
      c.header('Link', `<${next}>; rel="next"`);
    }
    return c.json(
      views.map((view) => presentProduct(urls, view)),
      200,
    );
  });

  mount(app, contracts.show, async (c) => {
    const view = await getProduct(ctx, viewerOf(c)?.accountId, lower(c.req.valid('param').id));
    return c.json(presentProduct(urls, view), 200);
  });

  mount(app, contracts.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const view = await updateProduct(ctx, viewer.accountId, lower(c.req.valid('param').id), {
      ...input,
      ...launchInput(input),
      taxClass: input.tax_class,
      withdrawalExclusion: input.withdrawal_exclusion,
    });
    return c.json(presentProduct(urls, view), 200);
  });

  mount(app, contracts.remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteProduct(media, viewer.accountId, lower(c.req.valid('param').id));
    return c.json({}, 200);
  });

  mount(app, contracts.addVariant, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = variantInput(c.req.valid('json'));
    const variant = await addVariant(ctx, viewer.accountId, lower(c.req.valid('param').id), input);
    return c.json(presentVariant(variant), 201);
  });

  mount(app, contracts.updateVariant, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = variantInput(c.req.valid('json'));
    const variant = await updateVariant(ctx, viewer.accountId, lower(c.req.valid('param').id), input);
    return c.json(presentVariant(variant), 200);
  });

  mount(app, contracts.removeVariant, async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteVariant(ctx, viewer.accountId, lower(c.req.valid('param').id));
    return c.json({}, 200);
  });

  mount(app, contracts.stock, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const id = lower(c.req.valid('param').id);
    const variant =
      input.set !== undefined
        ? await setStock(ctx, viewer.accountId, id, input.set)
        : await adjustStock(ctx, viewer.accountId, id, input.adjust ?? 0);
    return c.json(presentVariant(variant), 200);
  });

  mount(app, contracts.addImage, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    if (!(input.file instanceof Blob))
      throw unprocessable('file_missing', 'Send the image as the multipart field "file"', { field: 'file' });
    const image = await addProductImage(
      media,
      viewer.accountId,
      lower(c.req.valid('param').id),
      new Uint8Array(await input.file.arrayBuffer()),
      input.alt,
    );
    return c.json(presentImage(urls, image), 201);
  });

  mount(app, contracts.updateImage, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, image_id } = c.req.valid('param');
    const image = await updateProductImage(ctx, viewer.accountId, lower(id), lower(image_id), c.req.valid('json'));
    return c.json(presentImage(urls, image), 200);
  });

  mount(app, contracts.removeImage, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, image_id } = c.req.valid('param');
    await deleteProductImage(media, viewer.accountId, lower(id), lower(image_id));
    return c.json({}, 200);
  });
};

export const routes: RouteModule[] = [catalogApiRoutes];
