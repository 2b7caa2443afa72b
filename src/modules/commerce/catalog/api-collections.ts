/**
 * Collections and the catalog as CSV: our own JSON API. Each route is a contract
 * (api-contracts.ts); the catalog service checks the rules and who may do what.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { AppError, unprocessable } from '../../../http/errors';
import { requireViewer, viewerOf } from '../../../http/middleware';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { getBrand } from '../../accounts';
import { decodeCsv } from '../csv';
import { collectionContracts as contracts } from './api-contracts';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  removeFromCollection,
  updateCollection,
} from './collections';
import { exportCatalog } from './csv-export';
import { importCatalog } from './csv-import';
import { presentCollection } from './present';

/** Collections, and the catalog as CSV (export, import). */
export const collectionApiRoutes: RouteModule = (app, ctx) => {
  const brandOf = async (brandId: string) => getBrand(ctx, brandId.toLowerCase());
  const lower = (id: string) => id.toLowerCase();

  mount(app, contracts.list, async (c) => {
    const brand = await brandOf(c.req.valid('param').id);
    const list = await listCollections(ctx, viewerOf(c)?.accountId, brand.id);
    return c.json(list.map(presentCollection), 200);
  });

  mount(app, contracts.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c.req.valid('param').id);
    const input = c.req.valid('json');
    const view = await createCollection(ctx, viewer.accountId, brand.id, {
      title: input.title,
      description: input.description,
      productIds: input.product_ids,
    });
    return c.json(presentCollection(view), 201);
  });

  mount(app, contracts.show, async (c) => {
    const { id, collection_id } = c.req.valid('param');
    const brand = await brandOf(id);
    const view = await getCollection(ctx, viewerOf(c)?.accountId, brand.id, lower(collection_id));
    return c.json(presentCollection(view), 200);
  });

  mount(app, contracts.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, collection_id } = c.req.valid('param');
    const brand = await brandOf(id);
    const view = await updateCollection(ctx, viewer.accountId, brand.id, lower(collection_id), c.req.valid('json'));
    return c.json(presentCollection(view), 200);
  });

  mount(app, contracts.remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, collection_id } = c.req.valid('param');
    const brand = await brandOf(id);
    await deleteCollection(ctx, viewer.accountId, brand.id, lower(collection_id));
    return c.json({}, 200);
  });

  mount(app, contracts.add, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, collection_id } = c.req.valid('param');
    const brand = await brandOf(id);
    const productId = c.req.valid('json').product_id;
    const view = await addToCollection(ctx, viewer.accountId, brand.id, lower(collection_id), productId);
    return c.json(presentCollection(view), 200);
  });

  mount(app, contracts.take, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id, collection_id, product_id } = c.req.valid('param');
    const brand = await brandOf(id);
    const view = await removeFromCollection(ctx, viewer.accountId, brand.id, lower(collection_id), lower(product_id));
    return c.json(presentCollection(view), 200);
  });

  mount(app, contracts.exportCsv, async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c.req.valid('param').id);
    const csv = await exportCatalog(ctx, viewer.accountId, brand.id);
    c.header('Content-Disposition', `attachment; filename="${brand.username}-catalog.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  mount(app, contracts.importCsv, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c.req.valid('param').id);
    const text = await csvBody(c);
    const result = await importCatalog(ctx, viewer.accountId, brand.id, text);
    return c.json(
      {
        created: result.created,
        updated: result.updated,
        errors: result.errors.map((e) => ({ row: e.row, field: e.field, message: e.message })),
      },
      200,
    );
  });
};

/** The CSV of an import request: the body itself (text/csv) or the multipart field "file". */
async function csvBody(c: Context<AppEnv>): Promise<string> {
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
