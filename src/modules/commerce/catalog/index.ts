// What the rest of commerce uses of catalog/.
export { formatDecimalAmount, parseDecimalAmount } from './amounts';
export { createCollection } from './collections';
export type { CollectionView } from './collections';
export { exportCatalog } from './csv-export';
export { importCatalog } from './csv-import';
export type { ImportResult } from './csv-import';
export { descriptionText, renderDescription } from './description';
export { MAX_PRODUCT_IMAGES, OPERATOR } from './model';
export type { ProductSummary, ProductView, ShownVariant, Variant, VariantSummary } from './model';
export { productPagePath, productSummary } from './present';
export { isUniqueViolation } from './problems';
export { addProductImage } from './images';
export { createProduct } from './products';
export { productsByIds } from './read';
export { priceRange, schemaOrgAvailability, shownPrice, stockState, unitsLeft } from './stock';
export type { StockState } from './stock';
