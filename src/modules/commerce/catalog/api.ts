/**
 * The catalog's JSON API (our own shapes, errors `{"error": {"code", "message"}}`), described in
 * the OpenAPI document from the same zod schemas that check the requests. The schemas check
 * types (400); the catalog service checks the rules and who may do what (403/404/409/422).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError, badRequest, notFound, unprocessable } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { requireViewer, viewerOf } from '../../../http/middleware';
import { errors, parseParams, registerOperations, registerSchema } from '../../../http/openapi';
import { queryParams, readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { getBrand } from '../../accounts';
import { addProductImage, deleteProductImage, updateProductImage } from './images';
import { addToCollection, createCollection, deleteCollection, getCollection, listCollections, removeFromCollection, updateCollection } from './collections';
import { addVariant, adjustStock, createProduct, deleteProduct, deleteVariant, setStock, updateProduct, updateVariant } from './products';
import { getProduct, listProducts } from './read';
import { presentCollection, presentImage, presentProduct, presentVariant } from './present';
import { type VariantInput } from './input';
import { decodeCsv } from '../csv';
import { exportCatalog } from './csv-export';
import { importCatalog } from './csv-import';
import { productStatuses } from '../schema';

type Ctx = Context<AppEnv>;

// Schemas -------------------------------------------------------------------------------------

const MoneyInput = z.object({
  amount: z.number().meta({ description: 'Integer minor units (cents): 1250 is 12.50. Never a decimal.' }),
  currency: z.string().meta({ description: 'ISO 4217: EUR (default), CHF, GBP, USD, CAD' }).optional(),
});
const compareAt = z
  .union([z.number(), MoneyInput, z.null()])
  .meta({ description: 'The "before" price shown struck through, in minor units (or a Money object); higher than the price, or null' });
const options = z.record(z.string(), z.string()).meta({ description: 'Option values, e.g. {"Taille": "M", "Couleur": "Bleu"}; at most 3' });

export const VariantCreate = z.object({
  sku: z.string().meta({ maxLength: 64, description: 'Unique within the brand: letters, digits and . _ - / + #' }),
  options: options.optional(),
  price: MoneyInput,
  compare_at: compareAt.optional(),
  stock: z.number().meta({ description: 'Units in stock, a whole number ≥ 0 (default 0)' }).optional(),
  weight_grams: z.number().nullable().meta({ description: 'Shipping weight in grams' }).optional(),
});
export const VariantUpdate = z.object({
  sku: VariantCreate.shape.sku.optional(),
  options: options.optional(),
  price: z.object({ amount: MoneyInput.shape.amount.optional(), currency: MoneyInput.shape.currency }).optional(),
  compare_at: compareAt.optional(),
  stock: z.number().meta({ description: 'Absolute stock; prefer POST /variants/{id}/stock with adjust while selling' }).optional(),
  weight_grams: z.number().nullable().optional(),
});

const productFields = {
  title: z.string().meta({ maxLength: 200, description: 'Product name' }),
  description: z.string().meta({ maxLength: 20000, description: 'Markdown subset: paragraphs, **bold**, *italic*, lists, [links](https://…); anything else is shown as text' }),
  status: z.string().meta({ enum: [...productStatuses], description: 'draft (team only, the default) or published' }),
  kind: z.string().meta({ enum: ['physical', 'virtual'], description: 'physical (shipped, the default) or virtual (gift cards: no shipping)' }),
  attributes: z.record(z.string(), z.string()).meta({ description: 'Up to 30 name → value pairs shown in the product page’s table' }),
};
export const ProductCreate = z.object({
  title: productFields.title,
  description: productFields.description.optional(),
  status: productFields.status.optional(),
  kind: productFields.kind.optional(),
  attributes: productFields.attributes.optional(),
  variants: z.array(VariantCreate).meta({ description: 'Up to 100 variants' }).optional(),
});
export const ProductUpdate = z.object({
  title: productFields.title.optional(),
  description: productFields.description.optional(),
  status: productFields.status.optional(),
  kind: productFields.kind.optional(),
  attributes: productFields.attributes.optional(),
});
export const StockChange = z.object({
  set: z.number().meta({ description: 'New absolute stock (≥ 0)' }).optional(),
  adjust: z.number().meta({ description: 'Units to add, or to take when negative; atomic, never below zero (409 insufficient_stock)' }).optional(),
});
export const ImageUpload = z.object({
  file: z.file().meta({ description: 'JPEG, PNG, WebP, GIF or AVIF; stored as WebP without metadata' }),
  alt: z.string().meta({ maxLength: 1500, description: 'Alternative text for people who cannot see the image' }).optional(),
});
export const ImageUpdate = z.object({
  alt: z.string().meta({ maxLength: 1500 }).optional(),
  position: z.number().meta({ description: 'New place in the gallery, 0 = first' }).optional(),
});
export const CollectionCreate = z.object({
  title: z.string().meta({ maxLength: 100 }),
  description: z.string().meta({ maxLength: 1000 }).optional(),
  product_ids: z.array(z.string()).meta({ description: 'Products of the brand to put in it' }).optional(),
});
export const CollectionUpdate = z.object({ title: z.string().meta({ maxLength: 100 }).optional(), description: z.string().meta({ maxLength: 1000 }).optional() });
export const CollectionAdd = z.object({ product_id: z.string().meta({ format: 'uuid' }) });
export const ProductListQuery = z.object({
  max_id: z.string().meta({ format: 'uuid', description: 'Products older than this id (keyset paging; see the Link header)' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
  collection_id: z.string().meta({ format: 'uuid', description: 'Only the products of this collection' }).optional(),
  status: z.string().meta({ enum: [...productStatuses], description: 'Team only: draft or published' }).optional(),
});

const money = { type: 'object', properties: { amount: { type: 'integer', description: 'Minor units' }, currency: { type: 'string' } }, required: ['amount', 'currency'] };
const variantSchema = registerSchema('Variant', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    sku: { type: 'string' },
    options: { type: 'object', additionalProperties: { type: 'string' } },
    price: money,
    compare_at: { anyOf: [money, { type: 'null' }] },
    stock: { type: 'integer' },
    weight_grams: { type: ['integer', 'null'] },
  },
  required: ['id', 'sku', 'options', 'price', 'compare_at', 'stock', 'weight_grams'],
});
const imageSchema = registerSchema('ProductImage', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string', format: 'uri' },
    preview_url: { type: 'string', format: 'uri' },
    alt: { type: 'string' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    position: { type: 'integer' },
  },
  required: ['id', 'url', 'alt'],
});
const productSchema = registerSchema('Product', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    description: { type: 'string', description: 'As written (Markdown subset)' },
    description_html: { type: 'string', description: 'Rendered and sanitized HTML' },
    status: { type: 'string', enum: [...productStatuses] },
    kind: { type: 'string', enum: ['physical', 'virtual'] },
    attributes: { type: 'object', additionalProperties: { type: 'string' } },
    url: { type: 'string', format: 'uri', description: 'The product page' },
    images: { type: 'array', items: imageSchema },
    variants: { type: 'array', items: variantSchema },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'brand_id', 'title', 'status', 'kind', 'variants', 'images'],
});
const collectionSchema = registerSchema('Collection', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    description: { type: 'string' },
    product_ids: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'Outsiders see published products only' },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'title', 'product_ids'],
});
const importResultSchema = registerSchema('CatalogImportResult', {
  type: 'object',
  properties: {
    created: { type: 'integer', description: 'Variants (rows) created' },
    updated: { type: 'integer', description: 'Variants (rows) updated' },
    errors: {
      type: 'array',
      description: 'Skipped rows; row 1 is the header, as in a spreadsheet',
      items: { type: 'object', properties: { row: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } }, required: ['row', 'field', 'message'] },
    },
  },
  required: ['created', 'updated', 'errors'],
});

const tags = ['Catalog'];
const brandParam = { name: 'id', in: 'path' as const, description: 'The brand’s account id', schema: { type: 'string', format: 'uuid' } };
const productParam = { name: 'id', in: 'path' as const, description: 'The product id', schema: { type: 'string', format: 'uuid' } };
const variantParam = { name: 'id', in: 'path' as const, description: 'The variant id', schema: { type: 'string', format: 'uuid' } };
const collectionParam = { name: 'collection_id', in: 'path' as const, schema: { type: 'string', format: 'uuid' } };
const manage = 'Needs the owner or admin role of the brand.';

registerOperations([
  {
    method: 'post',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'Create a product with its variants',
    description: `${manage} Accepts an Idempotency-Key header. A SKU the brand already uses is a 409 sku_taken. Prices are integer minor units.`,
    auth: 'user',
    scopes: ['write'],
    parameters: [brandParam, { name: 'Idempotency-Key', in: 'header', description: 'Retries with the same key return the same product' }],
    body: { schema: ProductCreate, contentTypes: ['application/json'] },
    responses: { 201: { description: 'The product, with its variants’ ids', schema: productSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'A brand’s products, newest first',
    description: 'Published products for everyone; drafts too for the brand’s team. Keyset paging: follow the Link header (rel="next").',
    auth: 'optional',
    parameters: [brandParam],
    query: ProductListQuery,
    responses: { 200: { description: 'Products', schema: { type: 'array', items: productSchema } }, ...errors(400, 404) },
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
    responses: { 200: { description: 'Deleted; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404) },
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
    responses: { 200: { description: 'Deleted; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404) },
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
    responses: { 200: { description: 'The variant with its new stock', schema: variantSchema }, ...errors(400, 401, 403, 404, 409, 422) },
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
    responses: { 200: { description: 'Deleted; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/collections',
    tags,
    summary: 'A brand’s collections',
    auth: 'optional',
    parameters: [brandParam],
    responses: { 200: { description: 'Collections, oldest first', schema: { type: 'array', items: collectionSchema } }, ...errors(404) },
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
    responses: { 200: { description: 'Deleted; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404) },
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
    responses: { 200: { description: 'CSV, UTF-8 with a byte order mark', contentType: 'text/csv', schema: { type: 'string' } }, ...errors(401, 403, 404) },
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
    body: { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } }, contentTypes: ['text/csv', 'multipart/form-data'] },
    responses: { 200: { description: 'What was imported, and the skipped rows', schema: importResultSchema }, ...errors(400, 401, 403, 404, 413, 415, 422) },
  },
]);

// Helpers ----------------------------------------------------------------------------------------

const idOf = (c: Ctx, name: string, what: string) => {
  const id = c.req.param(name);
  if (!isUuid(id)) throw notFound(what);
  return id.toLowerCase();
};

type MoneyIn = z.infer<typeof MoneyInput>;
type CompareAtIn = number | MoneyIn | null | undefined;

function variantInput(v: { sku?: string; options?: Record<string, string>; price?: { amount?: number; currency?: string }; compare_at?: CompareAtIn; stock?: number; weight_grams?: number | null }): VariantInput {
  const compare = v.compare_at;
  if (compare && typeof compare === 'object' && compare.currency && v.price?.currency && compare.currency.toUpperCase() !== v.price.currency.toUpperCase()) {
    throw unprocessable('currency_mismatch', 'compare_at is in the price’s currency', { field: 'compare_at.currency' });
  }
  return {
    sku: v.sku,
    options: v.options,
    priceAmount: v.price?.amount,
    currency: v.price?.currency,
    compareAtAmount: compare === undefined ? undefined : compare === null ? null : typeof compare === 'number' ? compare : compare.amount,
    stock: v.stock,
    weightGrams: v.weight_grams,
  };
}

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
    const result = await idempotent(ctx.db, { scope: `product.create:${brand.id}`, principal: viewer.accountId, key: c.req.header('idempotency-key'), body }, async () => {
      const view = await createProduct(ctx, viewer.accountId, brand.id, { ...input, variants: input.variants?.map(variantInput) });
      return { status: 201, body: presentProduct(urls, view) };
    });
    return c.json(result.body, result.status as 201);
  });

  app.get('/api/v1/brands/:id/products', async (c) => {
    const brand = await brandOf(c);
    const q = parseParams(ProductListQuery, queryParams(c));
    if (q.max_id !== undefined && !isUuid(q.max_id)) throw badRequest('invalid_param', 'max_id must be an id from a previous page');
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    if (!Number.isInteger(limit)) throw badRequest('invalid_param', 'limit must be an integer');
    if (q.status !== undefined && !productStatuses.includes(q.status as never)) throw unprocessable('invalid_param', 'status is draft or published', { field: 'status' });
    const bounded = Math.min(Math.max(limit, 1), 100);
    const views = await listProducts(ctx, viewerOf(c)?.accountId, brand.id, { maxId: q.max_id, limit: bounded, collectionId: q.collection_id, status: q.status as never });
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
    if ((input.set === undefined) === (input.adjust === undefined)) throw unprocessable('invalid_param', 'Send either {"set": n} or {"adjust": ±n}', { field: 'set' });
    const id = idOf(c, 'id', 'Variant');
    const variant = input.set !== undefined ? await setStock(ctx, viewer.accountId, id, input.set) : await adjustStock(ctx, viewer.accountId, id, input.adjust!);
    return c.json(presentVariant(variant));
  });

  app.post('/api/v1/products/:id/images', async (c) => {
    const viewer = requireViewer(c, 'write');
    const params = await readParams(c);
    if (!(params.file instanceof Blob)) throw unprocessable('file_missing', 'Send the image as the multipart field "file"', { field: 'file' });
    const input = parseParams(ImageUpload, params);
    const image = await addProductImage(media, viewer.accountId, idOf(c, 'id', 'Product'), new Uint8Array(await input.file.arrayBuffer()), input.alt);
    return c.json(presentImage(urls, image), 201);
  });

  app.patch('/api/v1/products/:id/images/:image_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(ImageUpdate, await readParams(c));
    const image = await updateProductImage(ctx, viewer.accountId, idOf(c, 'id', 'Product'), idOf(c, 'image_id', 'Image'), input);
    return c.json(presentImage(urls, image));
  });

  app.delete('/api/v1/products/:id/images/:image_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteProductImage(media, viewer.accountId, idOf(c, 'id', 'Product'), idOf(c, 'image_id', 'Image'));
    return c.json({});
  });

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
    const view = await createCollection(ctx, viewer.accountId, brand.id, { title: input.title, description: input.description, productIds: input.product_ids });
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
    const view = await addToCollection(ctx, viewer.accountId, brand.id, idOf(c, 'collection_id', 'Collection'), input.product_id);
    return c.json(presentCollection(view));
  });

  app.delete('/api/v1/brands/:id/collections/:collection_id/products/:product_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const view = await removeFromCollection(ctx, viewer.accountId, brand.id, idOf(c, 'collection_id', 'Collection'), idOf(c, 'product_id', 'Product'));
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
    return c.json({ created: result.created, updated: result.updated, errors: result.errors.map((e) => ({ row: e.row, field: e.field, message: e.message })) });
  });
};

/** The CSV of an import request: the body itself (text/csv) or the multipart field "file". */
export async function csvBody(c: Ctx): Promise<string> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.includes('multipart/form-data')) {
    const params = await readParams(c);
    const file = params.file;
    if (!(file instanceof Blob)) throw unprocessable('file_missing', 'Send the CSV as the multipart field "file"', { field: 'file' });
    return decodeCsv(new Uint8Array(await file.arrayBuffer()));
  }
  if (type.includes('text/csv') || type.includes('application/csv') || type.includes('text/plain')) {
    return decodeCsv(new Uint8Array(await c.req.arrayBuffer()));
  }
  throw new AppError(415, 'unsupported_media_type', 'Send the CSV as text/csv, or as the multipart field "file"');
}

export const routes: RouteModule[] = [catalogApiRoutes];
