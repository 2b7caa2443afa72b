// The request and response schemas of the catalog API.
import { z } from 'zod';
import { registerSchema } from '../../../http/openapi';
import { productStatuses } from '../schema';

export const MoneyInput = z.object({
  amount: z.number().meta({ description: 'Integer minor units (cents): 1250 is 12.50. Never a decimal.' }),
  currency: z.string().meta({ description: 'ISO 4217: EUR (default), CHF, GBP, USD, CAD' }).optional(),
});
const compareAt = z.union([z.number(), MoneyInput, z.null()]).meta({
  description:
    'The "before" price shown struck through, in minor units (or a Money object); higher than the price, or null',
});
export const options = z
  .record(z.string(), z.string())
  .meta({ description: 'Option values, e.g. {"Taille": "M", "Couleur": "Bleu"}; at most 3' });

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
  stock: z
    .number()
    .meta({ description: 'Absolute stock; prefer POST /variants/{id}/stock with adjust while selling' })
    .optional(),
  weight_grams: z.number().nullable().optional(),
});

const productFields = {
  title: z.string().meta({ maxLength: 200, description: 'Product name' }),
  description: z.string().meta({
    maxLength: 20000,
    description:
      'Markdown subset: paragraphs, **bold**, *italic*, lists, [links](https://…); anything else is shown as text',
  }),
  status: z.string().meta({ enum: [...productStatuses], description: 'draft (team only, the default) or published' }),
  kind: z.string().meta({
    enum: ['physical', 'virtual'],
    description: 'physical (shipped, the default) or virtual (gift cards: no shipping)',
  }),
  attributes: z
    .record(z.string(), z.string())
    .meta({ description: 'Up to 30 name → value pairs shown in the product page’s table' }),
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
  adjust: z
    .number()
    .meta({ description: 'Units to add, or to take when negative; atomic, never below zero (409 insufficient_stock)' })
    .optional(),
});
export const ImageUpload = z.object({
  file: z.file().meta({ description: 'JPEG, PNG, WebP, GIF or AVIF; stored as WebP without metadata' }),
  alt: z
    .string()
    .meta({ maxLength: 1500, description: 'Alternative text for people who cannot see the image' })
    .optional(),
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
export const CollectionUpdate = z.object({
  title: z.string().meta({ maxLength: 100 }).optional(),
  description: z.string().meta({ maxLength: 1000 }).optional(),
});
export const CollectionAdd = z.object({ product_id: z.string().meta({ format: 'uuid' }) });
export const ProductListQuery = z.object({
  max_id: z
    .string()
    .meta({ format: 'uuid', description: 'Products older than this id (keyset paging; see the Link header)' })
    .optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
  collection_id: z.string().meta({ format: 'uuid', description: 'Only the products of this collection' }).optional(),
  status: z
    .string()
    .meta({ enum: [...productStatuses], description: 'Team only: draft or published' })
    .optional(),
});

const money = {
  type: 'object',
  properties: { amount: { type: 'integer', description: 'Minor units' }, currency: { type: 'string' } },
  required: ['amount', 'currency'],
};
export const variantSchema = registerSchema('Variant', {
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
export const imageSchema = registerSchema('ProductImage', {
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
export const productSchema = registerSchema('Product', {
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
export const collectionSchema = registerSchema('Collection', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    description: { type: 'string' },
    product_ids: {
      type: 'array',
      items: { type: 'string', format: 'uuid' },
      description: 'Outsiders see published products only',
    },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'title', 'product_ids'],
});
export const importResultSchema = registerSchema('CatalogImportResult', {
  type: 'object',
  properties: {
    created: { type: 'integer', description: 'Variants (rows) created' },
    updated: { type: 'integer', description: 'Variants (rows) updated' },
    errors: {
      type: 'array',
      description: 'Skipped rows; row 1 is the header, as in a spreadsheet',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } },
        required: ['row', 'field', 'message'],
      },
    },
  },
  required: ['created', 'updated', 'errors'],
});

export const tags = ['Catalog'];
export const brandParam = {
  name: 'id',
  in: 'path' as const,
  description: 'The brand’s account id',
  schema: { type: 'string', format: 'uuid' },
};
export const productParam = {
  name: 'id',
  in: 'path' as const,
  description: 'The product id',
  schema: { type: 'string', format: 'uuid' },
};
export const variantParam = {
  name: 'id',
  in: 'path' as const,
  description: 'The variant id',
  schema: { type: 'string', format: 'uuid' },
};
export const collectionParam = {
  name: 'collection_id',
  in: 'path' as const,
  schema: { type: 'string', format: 'uuid' },
};
export const manage = 'Needs the owner or admin role of the brand.';
