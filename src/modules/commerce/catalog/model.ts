/**
 * The catalog: products, their variants (SKU, options, price, stock), images, attributes and
 * collections. Every rule lives here, pure of HTTP: only a brand's owners and admins change its
 * catalog; drafts are seen by the brand's team only; money is integer minor units; stock never
 * goes below zero (atomic `stock = stock + delta` guarded in the UPDATE itself).
 */
import type { Db } from '../../../db/client';
import type { MediaStore } from '../../media';
import type { collections, productImages, products, variants } from '../schema';
import type { SalePrice } from '../extensions';

export const MAX_PRODUCT_TITLE = 200;
export const MAX_PRODUCT_DESCRIPTION = 20_000;
export const MAX_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_KEY = 60;
export const MAX_ATTRIBUTE_VALUE = 500;
export const MAX_VARIANTS = 100;
export const MAX_OPTIONS = 3;
export const MAX_PRODUCT_IMAGES = 10;
export const MAX_IMAGE_ALT = 1500;
export const MAX_SKU = 64;
/** 999 999,99 in a two-decimal currency; keeps every sum far inside a 32-bit integer column. */
export const MAX_PRICE_AMOUNT = 99_999_999;
export const MAX_STOCK = 1_000_000_000;
export const MAX_WEIGHT_GRAMS = 1_000_000;
export const MAX_COLLECTION_TITLE = 100;
export const MAX_COLLECTIONS = 200;
/** A month: early access for followers before a product's launch (campaigns). */
export const MAX_EARLY_ACCESS_HOURS = 720;

export type Product = typeof products.$inferSelect;
export type Variant = typeof variants.$inferSelect;
export type ProductImage = typeof productImages.$inferSelect;
export type Collection = typeof collections.$inferSelect;
export type CatalogBrand = { id: string; username: string; displayName: string };
/** A variant as read: `sale` while a price rule reduces it now (priceAmount stays its regular price). */
export type ShownVariant = Variant & { sale?: SalePrice };
/** The product model: a product with its brand, variants and images, as every catalog service returns it. */
export type ProductView = Product & { brand: CatalogBrand; variants: ShownVariant[]; images: ProductImage[] };

/** What cards, the buy form and posts show of a product: a projection of ProductView (see productSummary). */
export type VariantSummary = Pick<
  Variant,
  'id' | 'options' | 'priceAmount' | 'currency' | 'compareAtAmount' | 'stock'
> & {
  sale?: SalePrice;
};
export type ProductSummary = Pick<Product, 'id' | 'brandId' | 'title'> & {
  kind: string;
  /** VAT class (commerce/tax.ts); absent means standard. */
  taxClass?: string;
  brandUsername: string;
  image: Pick<ProductImage, 'path' | 'previewPath' | 'alt'> | null;
  variants: VariantSummary[];
};

export type CatalogContext = { db: Db };
export type CatalogMediaContext = { db: Db; media: MediaStore; config?: { mediaMaxBytes?: number } };

/**
 * Who changes the catalog: a person's account id (their role in the brand is checked), or the
 * operator (the command line), who is trusted. Pages and API routes always pass a person's id.
 */
export const OPERATOR = Object.freeze({ operator: true as const });
export type CatalogActor = string | typeof OPERATOR;
export const isOperator = (actor: CatalogActor | null | undefined): actor is typeof OPERATOR =>
  typeof actor === 'object' && actor !== null && actor.operator === true;
