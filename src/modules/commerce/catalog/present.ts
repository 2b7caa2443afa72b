import type { CatalogBrand, Product, ProductImage, ProductSummary, ProductView, ShownVariant } from './model';
import { renderDescription } from './description';
import type { CollectionView } from './collections';

export type UrlConfig = { publicUrl: string };

export const productPagePath = (brand: Pick<CatalogBrand, 'username'>, product: Pick<Product, 'id'>) =>
  `/@${brand.username}/products/${product.id}`;

/**
 * A variant as the API shows it: {id, sku, options, price, compare_at, stock, weight_grams}; while a
 * price rule runs, `price` is the sale price, the "before" price (compare_at) is the computed
 * reference price, and `reference_price` and `sale` are added.
 */
export function presentVariant(v: ShownVariant) {
  const money = (amount: number) => ({ amount, currency: v.currency });
  const base = {
    id: v.id,
    sku: v.sku,
    options: v.options,
    price: money(v.sale?.amount ?? v.priceAmount),
    compare_at: v.sale ? money(v.sale.referenceAmount) : v.compareAtAmount === null ? null : money(v.compareAtAmount),
    stock: v.stock,
    weight_grams: v.weightGrams,
    edition_size: v.editionSize,
  };
  if (!v.sale) return base;
  const sale = { label: v.sale.label, ends_at: v.sale.endsAt.toISOString(), regular_price: money(v.priceAmount) };
  return { ...base, reference_price: money(v.sale.referenceAmount), sale };
}

export function presentImage(config: UrlConfig, image: ProductImage) {
  return {
    id: image.id,
    url: `${config.publicUrl}/media/${image.path}`,
    preview_url: `${config.publicUrl}/media/${image.previewPath}`,
    alt: image.alt,
    width: image.width,
    height: image.height,
    position: image.position,
  };
}

export function presentProduct(config: UrlConfig, view: ProductView) {
  return {
    id: view.id,
    brand_id: view.brandId,
    title: view.title,
    description: view.description,
    description_html: renderDescription(view.description),
    status: view.status,
    kind: view.kind,
    attributes: view.attributes,
    launches_at: view.launchesAt?.toISOString() ?? null,
    early_access_hours: view.earlyAccessHours,
    tax_class: view.taxClass,
    withdrawal_exclusion: view.withdrawalExclusion,
    url: `${config.publicUrl}${productPagePath(view.brand, view)}`,
    images: view.images.map((image) => presentImage(config, image)),
    variants: view.variants.map(presentVariant),
    created_at: view.createdAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
  };
}

export function presentCollection(c: CollectionView) {
  return {
    id: c.id,
    brand_id: c.brandId,
    title: c.title,
    description: c.description,
    product_ids: c.productIds,
    created_at: c.createdAt.toISOString(),
  };
}

/** The card projection of a product: its brand's handle, its first image and its variants in order. */
export function productSummary(view: ProductView): ProductSummary {
  const image = view.images[0];
  return {
    id: view.id,
    brandId: view.brandId,
    brandUsername: view.brand.username,
    title: view.title,
    kind: view.kind,
    taxClass: view.taxClass,
    image: image ? { path: image.path, previewPath: image.previewPath, alt: image.alt } : null,
    variants: view.variants.map((v) => ({
      id: v.id,
      options: v.options ?? {},
      priceAmount: v.priceAmount,
      currency: v.currency,
      compareAtAmount: v.compareAtAmount,
      stock: v.stock,
      ...(v.sale ? { sale: v.sale } : {}),
    })),
  };
}
