/**
 * The contracts of the catalog's routes (products, collections, CSV) (src/http/contract.ts), from which api.ts's
 * handlers are typed and the OpenAPI document is written. The schemas check types (400); the
 * catalog service checks the rules and who may do what (403/404/409/422).
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import {
  CollectionAdd,
  CollectionCreate,
  CollectionEntity,
  CollectionUpdate,
  Empty,
  ImportResult,
  ImageUpdate,
  ImageUpload,
  manage,
  ProductCreate,
  ProductEntity,
  ProductImageEntity,
  ProductListQuery,
  ProductUpdate,
  StockChange,
  tags,
  VariantCreate,
  VariantEntity,
  VariantUpdate,
} from './api-schemas';

const writer = { auth: 'user' as const, scope: 'write' as const };
const jsonOnly = { types: ['application/json'] };
export const brandPath = z.object({ id: id('The brand’s account id', 'Brand') });
const productPath = z.object({ id: id('The product id', 'Product') });
const variantPath = z.object({ id: id('The variant id', 'Variant') });
const imagePath = productPath.extend({ image_id: id('The image id', 'Image') });
const deleted = json(Empty, 'Deleted; an empty object');
const collectionPath = brandPath.extend({ collection_id: id('The collection id', 'Collection') });
const collectionProductPath = collectionPath.extend({ product_id: id('The product id', 'Product') });
const reader = { auth: 'user' as const, scope: 'read' as const };

export const contracts = {
  create: route({
    method: 'post',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'Create a product with its variants',
    description:
      `${manage} A SKU the brand already uses is a 409 sku_taken. Prices are integer minor units. ` +
      'Send an Idempotency-Key header (any unique string ≤ 255) to retry safely: the same key and body answer ' +
      'the same product; the same key with another body is a 422.',
    ...writer,
    request: { params: brandPath, body: body(ProductCreate, jsonOnly) },
    responses: {
      201: json(ProductEntity, 'The product, with its variants’ ids'),
      ...failures(400, 401, 403, 404, 409, 422),
    },
  }),
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/products',
    tags,
    summary: 'A brand’s products, newest first',
    description:
      'Published products for everyone; drafts too for the brand’s team. Keyset paging: follow the Link header ' +
      '(rel="next").',
    auth: 'optional',
    request: { params: brandPath, query: ProductListQuery },
    responses: { 200: json(z.array(ProductEntity), 'Products'), ...failures(400, 404, 422) },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'A product, with each variant’s stock',
    description: 'A draft is a 404 for anyone outside the brand’s team.',
    auth: 'optional',
    request: { params: productPath },
    responses: { 200: json(ProductEntity, 'The product'), ...failures(404) },
  }),
  update: route({
    method: 'patch',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'Change a product’s title, description, status, kind or attributes',
    description: manage,
    ...writer,
    request: { params: productPath, body: body(ProductUpdate, jsonOnly) },
    responses: { 200: json(ProductEntity, 'The product'), ...failures(400, 401, 403, 404, 422) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/v1/products/{id}',
    tags,
    summary: 'Delete a product, its variants and images',
    description: `${manage} Orders keep their own copy of what was sold.`,
    ...writer,
    request: { params: productPath },
    responses: { 200: deleted, ...failures(401, 403, 404) },
  }),
  addVariant: route({
    method: 'post',
    path: '/api/v1/products/{id}/variants',
    tags,
    summary: 'Add a variant',
    description: manage,
    ...writer,
    request: { params: productPath, body: body(VariantCreate, jsonOnly) },
    responses: { 201: json(VariantEntity, 'The variant'), ...failures(400, 401, 403, 404, 409, 422) },
  }),
  updateVariant: route({
    method: 'patch',
    path: '/api/v1/variants/{id}',
    tags,
    summary: 'Change a variant (SKU, options, price, compare-at price, stock, weight)',
    description: manage,
    ...writer,
    request: { params: variantPath, body: body(VariantUpdate, jsonOnly) },
    responses: { 200: json(VariantEntity, 'The variant'), ...failures(400, 401, 403, 404, 409, 422) },
  }),
  removeVariant: route({
    method: 'delete',
    path: '/api/v1/variants/{id}',
    tags,
    summary: 'Delete a variant',
    description: manage,
    ...writer,
    request: { params: variantPath },
    responses: { 200: deleted, ...failures(401, 403, 404) },
  }),
  stock: route({
    method: 'post',
    path: '/api/v1/variants/{id}/stock',
    tags,
    summary: 'Set or adjust a variant’s stock',
    description:
      `${manage} Send {"set": n} or {"adjust": ±n}, not both. Adjustments are atomic and never take the stock ` +
      'below zero (409 insufficient_stock).',
    ...writer,
    request: { params: variantPath, body: body(StockChange, jsonOnly) },
    responses: {
      200: json(VariantEntity, 'The variant with its new stock'),
      ...failures(400, 401, 403, 404, 409, 422),
    },
  }),
  addImage: route({
    method: 'post',
    path: '/api/v1/products/{id}/images',
    tags,
    summary: 'Add an image to the product’s gallery (at most 10)',
    description: `${manage} The multipart field "file" is required (422 file_missing without it).`,
    ...writer,
    request: { params: productPath, body: body(ImageUpload, { types: ['multipart/form-data'] }) },
    responses: { 201: json(ProductImageEntity, 'The image'), ...failures(400, 401, 403, 404, 413, 422) },
  }),
  updateImage: route({
    method: 'patch',
    path: '/api/v1/products/{id}/images/{image_id}',
    tags,
    summary: 'Change an image’s alt text or place in the gallery',
    description: manage,
    ...writer,
    request: { params: imagePath, body: body(ImageUpdate, jsonOnly) },
    responses: { 200: json(ProductImageEntity, 'The image'), ...failures(400, 401, 403, 404, 422) },
  }),
  removeImage: route({
    method: 'delete',
    path: '/api/v1/products/{id}/images/{image_id}',
    tags,
    summary: 'Remove an image',
    description: manage,
    ...writer,
    request: { params: imagePath },
    responses: { 200: deleted, ...failures(401, 403, 404) },
  }),
};

/** A CSV import's body, the same for both media types (the document writes one schema per body). */
const csvUpload = {
  anyOf: [
    { type: 'string' as const, description: 'text/csv: the CSV itself' },
    {
      type: 'object' as const,
      description: 'multipart/form-data: the CSV as the field "file"',
      properties: { file: { type: 'string' as const, format: 'binary' } },
      required: ['file'],
    },
  ],
};

/** Collections, and the catalog as CSV. */
export const collectionContracts = {
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/collections',
    tags,
    summary: 'A brand’s collections',
    auth: 'optional',
    request: { params: brandPath },
    responses: { 200: json(z.array(CollectionEntity), 'Collections, oldest first'), ...failures(404) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/brands/{id}/collections',
    tags,
    summary: 'Create a collection',
    description: manage,
    ...writer,
    request: { params: brandPath, body: body(CollectionCreate, jsonOnly) },
    responses: { 201: json(CollectionEntity, 'The collection'), ...failures(400, 401, 403, 404, 422) },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'A collection',
    auth: 'optional',
    request: { params: collectionPath },
    responses: { 200: json(CollectionEntity, 'The collection'), ...failures(404) },
  }),
  update: route({
    method: 'patch',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'Rename or describe a collection',
    description: manage,
    ...writer,
    request: { params: collectionPath, body: body(CollectionUpdate, jsonOnly) },
    responses: { 200: json(CollectionEntity, 'The collection'), ...failures(400, 401, 403, 404, 422) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/v1/brands/{id}/collections/{collection_id}',
    tags,
    summary: 'Delete a collection (its products stay)',
    description: manage,
    ...writer,
    request: { params: collectionPath },
    responses: { 200: deleted, ...failures(401, 403, 404) },
  }),
  add: route({
    method: 'post',
    path: '/api/v1/brands/{id}/collections/{collection_id}/products',
    tags,
    summary: 'Add a product to a collection',
    description: manage,
    ...writer,
    request: { params: collectionPath, body: body(CollectionAdd, jsonOnly) },
    responses: { 200: json(CollectionEntity, 'The collection'), ...failures(400, 401, 403, 404, 422) },
  }),
  take: route({
    method: 'delete',
    path: '/api/v1/brands/{id}/collections/{collection_id}/products/{product_id}',
    tags,
    summary: 'Take a product out of a collection',
    description: manage,
    ...writer,
    request: { params: collectionProductPath },
    responses: { 200: json(CollectionEntity, 'The collection'), ...failures(401, 403, 404) },
  }),
  exportCsv: route({
    method: 'get',
    path: '/api/v1/brands/{id}/catalog.csv',
    tags,
    summary: 'Export the catalog as CSV (one row per variant)',
    description:
      'For the brand’s team. Columns: product_title, product_description, status, kind, sku, option1_name, ' +
      'option1_value, option2_name, option2_value, price (decimal, e.g. 12.50), currency, compare_at, stock, ' +
      'weight_grams.',
    ...reader,
    request: { params: brandPath },
    responses: {
      200: { description: 'CSV, UTF-8 with a byte order mark', content: { 'text/csv': { schema: z.string() } } },
      ...failures(401, 403, 404),
    },
  }),
  importCsv: route({
    method: 'post',
    path: '/api/v1/brands/{id}/catalog.csv',
    tags,
    summary: 'Import a catalog CSV (upsert by SKU)',
    description:
      `${manage} Send the CSV as the body (text/csv) or as the multipart field "file". Rows sharing a ` +
      'product_title make one product; a SKU the brand has is updated, a new one created. A row with a problem ' +
      'is skipped (never half-written) and listed in errors with its row number and column; the other rows ' +
      'are imported.',
    ...writer,
    request: {
      params: brandPath,
      // Plain JSON Schema, not zod: the route reads the body itself (raw CSV), so the validator leaves it alone.
      body: {
        required: true,
        content: { 'text/csv': { schema: csvUpload }, 'multipart/form-data': { schema: csvUpload } },
      },
    },
    responses: {
      200: json(ImportResult, 'What was imported, and the skipped rows'),
      ...failures(400, 401, 403, 404, 413, 415, 422),
    },
  }),
};
