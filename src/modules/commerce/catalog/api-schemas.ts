/** The request and response schemas of the catalog API (its contracts put them together). */
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import { productKinds, productStatuses } from '../schema';
import { taxClasses } from '../tax';
import { withdrawalExclusions } from '../withdrawal/schema';

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
  edition_size: z
    .number()
    .nullable()
    .meta({
      description:
        'A numbered limited edition of this many units: each paid unit gets the next number, 1 to N; the stock ' +
        'may not exceed the numbers left (422 edition_too_small, stock_exceeds_edition)',
    })
    .optional(),
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
  edition_size: z
    .number()
    .nullable()
    .meta({ description: 'Edition size; not below the units already numbered (422 edition_too_small)' })
    .optional(),
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
  launches_at: z
    .string()
    .nullable()
    .meta({ format: 'date-time', description: 'Early access: on sale to everyone from then (null: now)' }),
  early_access_hours: z.number().meta({
    description:
      'Early access: the brand’s followers from before this setting was saved may order this many hours ' +
      'before launches_at (0 to 720; others get 403 early_access_only)',
  }),
  // A string, not an enum: another value is a 422 naming the field (checked by the service).
  tax_class: z.string().meta({
    enum: [...taxClasses],
    description:
      'VAT class: standard (default, 20 % in France), intermediate (10 %), reduced (5.5 %: food, books), super_reduced (2.1 %), exempt',
  }),
  withdrawal_exclusion: z
    .string()
    .nullable()
    .meta({
      enum: [...withdrawalExclusions],
      description: 'Excluded from withdrawal (L221-28), for orders placed from then on; null: not excluded',
    }),
};
export const ProductCreate = z.object({
  title: productFields.title,
  description: productFields.description.optional(),
  status: productFields.status.optional(),
  kind: productFields.kind.optional(),
  attributes: productFields.attributes.optional(),
  launches_at: productFields.launches_at.optional(),
  early_access_hours: productFields.early_access_hours.optional(),
  tax_class: productFields.tax_class.optional(),
  withdrawal_exclusion: productFields.withdrawal_exclusion.optional(),
  variants: z.array(VariantCreate).meta({ description: 'Up to 100 variants' }).optional(),
});
export const ProductUpdate = z.object({
  title: productFields.title.optional(),
  description: productFields.description.optional(),
  status: productFields.status.optional(),
  kind: productFields.kind.optional(),
  attributes: productFields.attributes.optional(),
  launches_at: productFields.launches_at.optional(),
  early_access_hours: productFields.early_access_hours.optional(),
  tax_class: productFields.tax_class.optional(),
  withdrawal_exclusion: productFields.withdrawal_exclusion.optional(),
});
export const StockChange = z
  .object({
    set: z.number().meta({ description: 'New absolute stock (≥ 0)' }).optional(),
    adjust: z
      .number()
      .meta({
        description: 'Units to add, or to take when negative; atomic, never below zero (409 insufficient_stock)',
      })
      .optional(),
  })
  .refine((v) => (v.set === undefined) !== (v.adjust === undefined), {
    path: ['set'],
    message: 'send either {"set": n} or {"adjust": ±n}',
  });
// `file` is required (the document says so), but checked by the route: its absence is 422 file_missing.
export const ImageUpload = z
  .object({
    file: z.file().optional().meta({ description: 'JPEG, PNG, WebP, GIF or AVIF; stored as WebP without metadata' }),
    alt: z
      .string()
      .meta({ maxLength: 1500, description: 'Alternative text for people who cannot see the image' })
      .optional(),
  })
  .meta({ required: ['file'] });
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
    .refine(isUuid, 'must be an id from a previous page')
    .meta({ format: 'uuid', description: 'Products older than this id (keyset paging; see the Link header)' })
    .optional(),
  // Out of range is brought within 1–100 rather than refused, as this route always did.
  limit: z
    .preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().optional())
    .meta({ type: 'integer', description: '1 to 100 (a number outside is brought within), default 20' }),
  collection_id: z.string().meta({ format: 'uuid', description: 'Only the products of this collection' }).optional(),
  // A string, not an enum: a status outside the list is a 422 naming the field (checked by the route).
  status: z
    .string()
    .meta({ enum: [...productStatuses], description: 'Team only: draft or published' })
    .optional(),
});

// Responses: what present.ts answers ------------------------------------------------------------

const uuid = z.string().meta({ format: 'uuid' });
const time = z.string().meta({ format: 'date-time' });
const uri = z.string().meta({ format: 'uri' });
const count = z.number().int();

/**
 * An amount of money as every commerce answer shows it. Not named in the document (no id): the
 * orders and cart schemas write their own, and two schemas may not share an id.
 */
export const Money = z.object({
  amount: count.meta({ description: 'Integer minor units (cents): 1250 is 12.50' }),
  currency: z.string().meta({ description: 'ISO 4217, e.g. EUR' }),
});
export const VariantEntity = z
  .strictObject({
    id: uuid,
    sku: z.string(),
    options: z.record(z.string(), z.string()).meta({ description: 'Option values, e.g. {"Taille": "M"}' }),
    price: Money,
    compare_at: Money.nullable().meta({ description: 'The "before" price shown struck through, or null' }),
    stock: count,
    weight_grams: count.nullable(),
    reference_price: Money.optional().meta({
      description:
        'While a price rule runs: the lowest price of the 30 days before it started (computed; `price` is the sale price)',
    }),
    sale: z
      .object({ label: z.string(), ends_at: z.string().meta({ format: 'date-time' }), regular_price: Money })
      .optional()
      .meta({ description: 'While a price rule runs: its label, its end, and the price without it' }),
    edition_size: count.nullable().meta({ description: 'Numbered limited edition of this many units, or null' }),
  })
  .meta({ id: 'Variant', description: 'A sellable unit: these fields (reference_price and sale during a sale)' });
export const ProductImageEntity = z
  .object({
    id: uuid,
    url: uri.meta({ description: 'WebP, without metadata' }),
    preview_url: uri,
    alt: z.string(),
    width: count,
    height: count,
    position: count.meta({ description: 'Place in the gallery, 0 = first' }),
  })
  .meta({ id: 'ProductImage' });
export const ProductEntity = z
  .object({
    id: uuid,
    brand_id: uuid,
    title: z.string(),
    description: z.string().meta({ description: 'As written (Markdown subset)' }),
    description_html: z.string().meta({ description: 'Rendered and sanitized HTML' }),
    status: z.enum(productStatuses),
    kind: z.enum(productKinds),
    attributes: z.record(z.string(), z.string()),
    launches_at: time.nullable().meta({ description: 'On sale to everyone from then (null: no launch date)' }),
    early_access_hours: count.meta({ description: 'Hours of early access for earlier followers before launches_at' }),
    tax_class: z.enum(taxClasses).meta({ description: 'VAT class: the rate follows from it and the destination' }),
    withdrawal_exclusion: z.enum(withdrawalExclusions).nullable().optional(),
    url: uri.meta({ description: 'The product page' }),
    images: z.array(ProductImageEntity),
    variants: z.array(VariantEntity),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: 'Product' });
export const CollectionEntity = z
  .object({
    id: uuid,
    brand_id: uuid,
    title: z.string(),
    description: z.string(),
    product_ids: z.array(uuid).meta({ description: 'Outsiders see published products only' }),
    created_at: time,
  })
  .meta({ id: 'Collection' });
export const ImportResult = z
  .object({
    created: count.meta({ description: 'Variants (rows) created' }),
    updated: count.meta({ description: 'Variants (rows) updated' }),
    errors: z
      .array(z.strictObject({ row: count, field: z.string(), message: z.string() }))
      .meta({ description: 'Skipped rows; row 1 is the header, as in a spreadsheet' }),
  })
  .meta({ id: 'CatalogImportResult' });
/** What a DELETE answers. */
export const Empty = z.object({}).meta({ description: 'An empty object' });

export const tags = ['Catalog'];
export const manage = 'Needs the owner or admin role of the brand.';
