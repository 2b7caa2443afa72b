/**
 * The catalog's JSON API (our own shapes, errors `{"error": {"code", "message"}}`), described in
 * the OpenAPI document from the same zod schemas that check the requests. The schemas check
 * types (400); the catalog service checks the rules and who may do what (403/404/409/422).
 */
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { badRequest, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer, viewerOf } from '../../../http/middleware';
import { errors, parseParams, registerOperations } from '../../../http/openapi';
import { queryParams, readParams } from '../../../http/params';
import { getBrand } from '../../accounts';
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
import { getProduct, listProducts } from './read';
import { presentImage, presentProduct, presentVariant } from './present';
import { productStatuses } from '../schema';
import {
  brandParam,
  imageSchema,
  ImageUpdate,
  ImageUpload,
  manage,
  ProductCreate,
  ProductListQuery,
  productParam,
  productSchema,
  ProductUpdate,
  StockChange,
  tags,
  VariantCreate,
  variantParam,
  variantSchema,
  VariantUpdate,
} from './api-schemas';

import { type Ctx, idOf, variantInput } from './api-helpers';

export { type Ctx, idOf } from './api-helpers';

registerOperations([
  {
    method: 'post',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'Create a product with its variants',
    description: `${manage} Accepts an Idempotency-Key header. A SKU the brand already uses is a 409 sku_taken. Prices are integer minor units.`,
    auth: 'user',
    scopes: ['write'],
    parameters: [
      brandParam,
      { name: 'Idempotency-Key', in: 'header', description: 'Retries with the same key return the same product' },
    ],
    body: { schema: ProductCreate, contentTypes: ['application/json'] },
    responses: {
      201: { description: 'The product, with its variants’ ids', schema: productSchema },
      ...errors(400, 401, 403, 404, 409, 422),
    },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'A brand’s products, newest first',
    description:
      'Published products for everyone; drafts too for the brand’s team. Keyset paging: follow the Link header (rel="next").',
    auth: 'optional',
    parameters: [brandParam],
    query: ProductListQuery,
    responses: {
      200: { description: 'Products', schema: { type: 'array', items: productSchema } },
      ...errors(400, 404),
    },
  },
  {
    method: 'get',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'A product, with each variant’s stock',
    description: 'A draft is a 404 for anyone outside the brand’s team.',
    auth: 'optional',
    parameters: [productParam],
    responses: { 200: { description: 'The product', schema: productSchema }, ...errors(404) },
  },
  {
    method: 'patch',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'Change a product’s title, description, status, kind or attributes',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    body: { schema: ProductUpdate, contentTypes: ['application/json'] },
    responses: { 200: { description: 'The product', schema: productSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'Delete a product, its variants and images',
    description: `${manage} Orders keep their own copy of what was sold.`,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    responses: {
      200: { description: 'Deleted; an empty object', schema: { type: 'object' } },
      ...errors(401, 403, 404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/products/{id}/variants',
    tags,
    summary: 'Add a variant',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    body: { schema: VariantCreate, contentTypes: ['application/json'] },
    responses: { 201: { description: 'The variant', schema: variantSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'patch',
    path: '/api/v1/variants/{id}',
    tags,
    summary: 'Change a variant (SKU, options, price, compare-at price, stock, weight)',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [variantParam],
    body: { schema: VariantUpdate, contentTypes: ['application/json'] },
    responses: { 200: { description: 'The variant', schema: variantSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/variants/{id}',
    tags,
    summary: 'Delete a variant',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [variantParam],
    responses: {
      200: { description: 'Deleted; an empty object', schema: { type: 'object' } },
      ...errors(401, 403, 404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/variants/{id}/stock',
    tags,
    summary: 'Set or adjust a variant’s stock',
    description: `${manage} Send {"set": n} or {"adjust": ±n}. Adjustments are atomic and never take the stock below zero (409 insufficient_stock).`,
    auth: 'user',
    scopes: ['write'],
    parameters: [variantParam],
    body: { schema: StockChange, contentTypes: ['application/json'] },
    responses: {
      200: { description: 'The variant with its new stock', schema: variantSchema },
      ...errors(400, 401, 403, 404, 409, 422),
    },
  },
  {
    method: 'post',
    path: '/api/v1/products/{id}/images',
    tags,
    summary: 'Add an image to the product’s gallery (at most 10)',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    body: { schema: ImageUpload, contentTypes: ['multipart/form-data'] },
    responses: { 201: { description: 'The image', schema: imageSchema }, ...errors(400, 401, 403, 404, 413, 422) },
  },
  {
    method: 'patch',
    path: '/api/v1/products/{id}/images/{image_id}',
    tags,
    summary: 'Change an image’s alt text or place in the gallery',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    body: { schema: ImageUpdate, contentTypes: ['application/json'] },
    responses: { 200: { description: 'The image', schema: imageSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/products/{id}/images/{image_id}',
    tags,
    summary: 'Remove an image',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [productParam],
    responses: {
      200: { description: 'Deleted; an empty object', schema: { type: 'object' } },
      ...errors(401, 403, 404),
    },
  },
]);

// Routes ------------------------------------------------------------------------------------------

export const catalogApiRoutes: RouteModule = (app, ctx) => {
  const urls = { publicUrl: ctx.config.publicUrl };
  const media = { db: ctx.db, media: ctx.media, config: ctx.config };
  const brandOf = async (c: Ctx) => getBrand(ctx, idOf(c, 'id', 'Brand'));

  app.post('/api/v1/brands/:id/products', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const body = await readParams(c);
    const input = parseParams(ProductCreate, body);
    const result = await idempotent(
      ctx.db,
      { scope: `product.create:${brand.id}`, principal: viewer.accountId, key: c.req.header('idempotency-key'), body },
      async () => {
        const view = await createProduct(ctx, viewer.accountId, brand.id, {
          ...input,
          variants: input.variants?.map(variantInput),
        });
        return { status: 201, body: presentProduct(urls, view) };
      },
    );
    return c.json(result.body, result.status as 201);
  });

  app.get('/api/v1/brands/:id/products', async (c) => {
    const brand = await brandOf(c);
    const q = parseParams(ProductListQuery, queryParams(c));
    if (q.max_id !== undefined && !isUuid(q.max_id))
      throw badRequest('invalid_param', 'max_id must be an id from a previous page');
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    if (!Number.isInteger(limit)) throw badRequest('invalid_param', 'limit must be an integer');
    if (q.status !== undefined && !productStatuses.includes(q.status as never))
      throw unprocessable('invalid_param', 'status is draft or published', { field: 'status' });
    const bounded = Math.min(Math.max(limit, 1), 100);
    const views = await listProducts(ctx, viewerOf(c)?.accountId, brand.id, {
      maxId: q.max_id,
      limit: bounded,
      collectionId: q.collection_id,
      status: q.status as never,
    });
    if (views.length === bounded) {
      const next = new URL(`${ctx.config.publicUrl}/api/v1/brands/${brand.id}/products`);
      next.searchParams.set('max_id', views[views.length - 1].id);
      next.searchParams.set('limit', String(bounded));
      if (q.collection_id) next.searchParams.set('collection_id', q.collection_id);
      if (q.status) next.searchParams.set('status', q.status);
      c.header('Link', `<${next}>; rel="next"`);
    }
    return c.json(views.map((view) => presentProduct(urls, view)));
  });

  app.get('/api/v1/products/:id', async (c) => {
    const view = await getProduct(ctx, viewerOf(c)?.accountId, idOf(c, 'id', 'Product'));
    return c.json(presentProduct(urls, view));
  });

  app.patch('/api/v1/products/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(ProductUpdate, await readParams(c));
    const view = await updateProduct(ctx, viewer.accountId, idOf(c, 'id', 'Product'), input);
    return c.json(presentProduct(urls, view));
  });

  app.delete('/api/v1/products/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteProduct(media, viewer.accountId, idOf(c, 'id', 'Product'));
    return c.json({});
  });

  app.post('/api/v1/products/:id/variants', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(VariantCreate, await readParams(c));
    const variant = await addVariant(ctx, viewer.accountId, idOf(c, 'id', 'Product'), variantInput(input));
    return c.json(presentVariant(variant), 201);
  });

  app.patch('/api/v1/variants/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(VariantUpdate, await readParams(c));
    const variant = await updateVariant(ctx, viewer.accountId, idOf(c, 'id', 'Variant'), variantInput(input));
    return c.json(presentVariant(variant));
  });

  app.delete('/api/v1/variants/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteVariant(ctx, viewer.accountId, idOf(c, 'id', 'Variant'));
    return c.json({});
  });

  app.post('/api/v1/variants/:id/stock', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(StockChange, await readParams(c));
    if ((input.set === undefined) === (input.adjust === undefined))
      throw unprocessable('invalid_param', 'Send either {"set": n} or {"adjust": ±n}', { field: 'set' });
    const id = idOf(c, 'id', 'Variant');
    const variant =
      input.set !== undefined
        ? await setStock(ctx, viewer.accountId, id, input.set)
        : await adjustStock(ctx, viewer.accountId, id, input.adjust!);
    return c.json(presentVariant(variant));
  });

  app.post('/api/v1/products/:id/images', async (c) => {
    const viewer = requireViewer(c, 'write');
    const params = await readParams(c);
    if (!(params.file instanceof Blob))
      throw unprocessable('file_missing', 'Send the image as the multipart field "file"', { field: 'file' });
    const input = parseParams(ImageUpload, params);
    const image = await addProductImage(
      media,
      viewer.accountId,
      idOf(c, 'id', 'Product'),
      new Uint8Array(await input.file.arrayBuffer()),
      input.alt,
    );
    return c.json(presentImage(urls, image), 201);
  });

  app.patch('/api/v1/products/:id/images/:image_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(ImageUpdate, await readParams(c));
    const image = await updateProductImage(
      ctx,
      viewer.accountId,
      idOf(c, 'id', 'Product'),
      idOf(c, 'image_id', 'Image'),
      input,
    );
    return c.json(presentImage(urls, image));
  });

  app.delete('/api/v1/products/:id/images/:image_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteProductImage(media, viewer.accountId, idOf(c, 'id', 'Product'), idOf(c, 'image_id', 'Image'));
    return c.json({});
  });
};

export const routes: RouteModule[] = [catalogApiRoutes];
