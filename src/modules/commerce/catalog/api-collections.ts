// Collections and the catalog as CSV: our own JSON API.
import type { RouteModule } from '../../../http/app';
import { AppError, unprocessable } from '../../../http/errors';
import { requireViewer, viewerOf } from '../../../http/middleware';
import { errors, parseParams, registerOperations } from '../../../http/openapi';
import { readParams } from '../../../http/params';
import { getBrand } from '../../accounts';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  removeFromCollection,
  updateCollection,
} from './collections';
import { presentCollection } from './present';
import { decodeCsv } from '../csv';
import { exportCatalog } from './csv-export';
import { importCatalog } from './csv-import';
import {
  brandParam,
  CollectionAdd,
  CollectionCreate,
  collectionParam,
  collectionSchema,
  CollectionUpdate,
  importResultSchema,
  manage,
  tags,
} from './api-schemas';
import { type Ctx, idOf } from './api';

registerOperations([
  {
    method: 'get',
    path: '/api/v1/brands/{id}/collections',
    tags,
    summary: 'A brand’s collections',
    auth: 'optional',
    parameters: [brandParam],
    responses: {
      200: { description: 'Collections, oldest first', schema: { type: 'array', items: collectionSchema } },
      ...errors(404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/collections',
    tags,
    summary: 'Create a collection',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam],
    body: { schema: CollectionCreate, contentTypes: ['application/json'] },
    responses: { 201: { description: 'The collection', schema: collectionSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'A collection',
    auth: 'optional',
    parameters: [brandParam, collectionParam],
    responses: { 200: { description: 'The collection', schema: collectionSchema }, ...errors(404) },
  },
  {
    method: 'patch',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'Rename or describe a collection',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam, collectionParam],
    body: { schema: CollectionUpdate, contentTypes: ['application/json'] },
    responses: { 200: { description: 'The collection', schema: collectionSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'Delete a collection (its products stay)',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam, collectionParam],
    responses: {
      200: { description: 'Deleted; an empty object', schema: { type: 'object' } },
      ...errors(401, 403, 404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/collections/{collection_id}/products',
    tags,
    summary: 'Add a product to a collection',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam, collectionParam],
    body: { schema: CollectionAdd, contentTypes: ['application/json'] },
    responses: { 200: { description: 'The collection', schema: collectionSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/brands/{id}/collections/{collection_id}/products/{product_id}',
    tags,
    summary: 'Take a product out of a collection',
    description: manage,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam, collectionParam],
    responses: { 200: { description: 'The collection', schema: collectionSchema }, ...errors(401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/catalog.csv',
    tags,
    summary: 'Export the catalog as CSV (one row per variant)',
    description:
      'For the brand’s team. Columns: product_title, product_description, status, kind, sku, option1_name, option1_value, option2_name, option2_value, price (decimal, e.g. 12.50), currency, compare_at, stock, weight_grams.',
    auth: 'user',
    scopes: ['read'],
    parameters: [brandParam],
    responses: {
      200: { description: 'CSV, UTF-8 with a byte order mark', contentType: 'text/csv', schema: { type: 'string' } },
      ...errors(401, 403, 404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/catalog.csv',
    tags,
    summary: 'Import a catalog CSV (upsert by SKU)',
    description: `${manage} Send the CSV as the body (text/csv) or as the multipart field "file". Rows sharing a product_title make one product; a SKU the brand has is updated, a new one created. A row with a problem is skipped (never half-written) and listed in errors with its row number and column; the other rows are imported.`,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam],
    body: {
      schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      contentTypes: ['text/csv', 'multipart/form-data'],
    },
    responses: {
      200: { description: 'What was imported, and the skipped rows', schema: importResultSchema },
      ...errors(400, 401, 403, 404, 413, 415, 422),
    },
  },
]);

/** Collections, and the catalog as CSV (export, import). */
export const collectionApiRoutes: RouteModule = (app, ctx) => {
  const brandOf = async (c: Ctx) => getBrand(ctx, idOf(c, 'id', 'Brand'));
  // Collections
  app.get('/api/v1/brands/:id/collections', async (c) => {
    const brand = await brandOf(c);
    const list = await listCollections(ctx, viewerOf(c)?.accountId, brand.id);
    return c.json(list.map(presentCollection));
  });

  app.post('/api/v1/brands/:id/collections', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(CollectionCreate, await readParams(c));
    const view = await createCollection(ctx, viewer.accountId, brand.id, {
      title: input.title,
      description: input.description,
      productIds: input.product_ids,
    });
    return c.json(presentCollection(view), 201);
  });

  app.get('/api/v1/brands/:id/collections/:collection_id', async (c) => {
    const brand = await brandOf(c);
    const view = await getCollection(ctx, viewerOf(c)?.accountId, brand.id, idOf(c, 'collection_id', 'Collection'));
    return c.json(presentCollection(view));
  });

  app.patch('/api/v1/brands/:id/collections/:collection_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(CollectionUpdate, await readParams(c));
    const view = await updateCollection(ctx, viewer.accountId, brand.id, idOf(c, 'collection_id', 'Collection'), input);
    return c.json(presentCollection(view));
  });

  app.delete('/api/v1/brands/:id/collections/:collection_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    await deleteCollection(ctx, viewer.accountId, brand.id, idOf(c, 'collection_id', 'Collection'));
    return c.json({});
  });

  app.post('/api/v1/brands/:id/collections/:collection_id/products', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(CollectionAdd, await readParams(c));
    const view = await addToCollection(
      ctx,
      viewer.accountId,
      brand.id,
      idOf(c, 'collection_id', 'Collection'),
      input.product_id,
    );
    return c.json(presentCollection(view));
  });

  app.delete('/api/v1/brands/:id/collections/:collection_id/products/:product_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const view = await removeFromCollection(
      ctx,
      viewer.accountId,
      brand.id,
      idOf(c, 'collection_id', 'Collection'),
      idOf(c, 'product_id', 'Product'),
    );
    return c.json(presentCollection(view));
  });

  // CSV
  app.get('/api/v1/brands/:id/catalog.csv', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    const csv = await exportCatalog(ctx, viewer.accountId, brand.id);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${brand.username}-catalog.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(csv);
  });

  app.post('/api/v1/brands/:id/catalog.csv', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const text = await csvBody(c);
    const result = await importCatalog(ctx, viewer.accountId, brand.id, text);
    return c.json({
      created: result.created,
      updated: result.updated,
      errors: result.errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
    });
  });
};

/** The CSV of an import request: the body itself (text/csv) or the multipart field "file". */
export async function csvBody(c: Ctx): Promise<string> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.includes('multipart/form-data')) {
    const params = await readParams(c);
    const file = params.file;
    if (!(file instanceof Blob))
      throw unprocessable('file_missing', 'Send the CSV as the multipart field "file"', { field: 'file' });
    return decodeCsv(new Uint8Array(await file.arrayBuffer()));
  }
  if (type.includes('text/csv') || type.includes('application/csv') || type.includes('text/plain')) {
    return decodeCsv(new Uint8Array(await c.req.arrayBuffer()));
  }
  throw new AppError(415, 'unsupported_media_type', 'Send the CSV as text/csv, or as the multipart field "file"');
}
