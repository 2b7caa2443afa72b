/**
 * The catalog: products, their variants (SKU, options, price, stock), images, attributes and
 * collections. Every rule lives here, pure of HTTP: only a brand's owners and admins change its
 * catalog; drafts are seen by the brand's team only; money is integer minor units; stock never
 * goes below zero (atomic `stock = stock + delta` guarded in the UPDATE itself).
 */
import { rm } from 'node:fs/promises';
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { queryRows } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { AppError, conflict, notFound, unprocessable } from '../../../http/errors';
import { accounts, assertCan, getBrand, roleIn } from '../../accounts';
import { mediaFilePath, storeImage, type MediaStore } from '../../media/images';
import { CURRENCIES } from '../money';
import { collectionProducts, collections, productImages, products, productKinds, productStatuses, variants, type ProductKind, type ProductStatus } from '../schema';

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
/** At or below this many units a product page says "only N left". */
export const LOW_STOCK_UNITS = 5;

export type Product = typeof products.$inferSelect;
export type Variant = typeof variants.$inferSelect;
export type ProductImage = typeof productImages.$inferSelect;
export type Collection = typeof collections.$inferSelect;
export type CatalogBrand = { id: string; username: string; displayName: string };
export type ProductView = Product & { brand: CatalogBrand; variants: Variant[]; images: ProductImage[] };

export type CatalogContext = { db: Db };
export type CatalogMediaContext = { db: Db; media: MediaStore; config?: { mediaMaxBytes?: number } };

/**
 * Who changes the catalog: a person's account id (their role in the brand is checked), or the
 * operator (the command line), who is trusted. Pages and API routes always pass a person's id.
 */
export const OPERATOR = Object.freeze({ operator: true as const });
export type CatalogActor = string | typeof OPERATOR;
export const isOperator = (actor: CatalogActor | null | undefined): actor is typeof OPERATOR => typeof actor === 'object' && actor !== null && actor.operator === true;

// Errors ---------------------------------------------------------------------------------------

export type Problem = { field: string; code: string; message: string };

/** Collects every problem of an input, then throws one 422 naming the first and listing all. */
export class Problems {
  readonly list: Problem[] = [];
  add(field: string, code: string, message: string) {
    this.list.push({ field, code, message });
  }
  get empty() {
    return this.list.length === 0;
  }
  throwIfAny() {
    if (this.list.length === 0) return;
    const [first] = this.list;
    throw unprocessable(first.code, first.message, { field: first.field, errors: this.list });
  }
}

/** True for a unique-constraint violation, whichever driver (pg, PGlite) and wrapper (Drizzle) raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return !constraint || e.constraint === constraint || String(e.message ?? '').includes(constraint);
  }
  return false;
}

const skuTaken = (sku: string) => new AppError(409, 'sku_taken', `The SKU "${sku}" is already used by another variant of this brand`, { field: 'sku', sku });

// Money as text ---------------------------------------------------------------------------------

/**
 * "12.50", "12,5", "12" → 1250, 1250, 1200 minor units, exactly (no floating point on the way):
 * the digits are read as text. Null when the text is not such an amount (or has more than two
 * decimals, or is negative).
 */
export function parseDecimalAmount(input: string): number | null {
  const text = input.trim().replace(/[\s\u00a0\u202f]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const units = Number(match[1]);
  const cents = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
  return units * 100 + cents;
}

/** 1250 → "12.50": for CSV, forms and structured data (never a float). */
export function formatDecimalAmount(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// Descriptions: a small, safe Markdown ---------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
// Control characters go (NUL included: it marks link placeholders below); tabs and newlines stay.
const stripControls = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

const LINK = /\[([^\]\n]{1,500})\]\((https?:\/\/[^\s()<>"'\u0000]{1,2000})\)/gi;
// Emphasis never spans a tag ("<" only appears in tags we wrote: the text is escaped first).
const STRONG = /\*\*([^\s*<](?:[^*<]*[^\s*<])?)\*\*/g;
const EM = /\*([^\s*<](?:[^*<]*[^\s*<])?)\*/g;

function emphasis(escaped: string): string {
  return escaped.replace(STRONG, '<strong>$1</strong>').replace(EM, '<em>$1</em>');
}

function inline(raw: string): string {
  const links: string[] = [];
  const marked = raw.replace(LINK, (_, label: string, url: string) => {
    links.push(`<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer ugc">${emphasis(escapeHtml(label))}</a>`);
    return `\u0000${links.length - 1}\u0000`;
  });
  return emphasis(escapeHtml(marked)).replace(/\u0000(\d+)\u0000/g, (_, i: string) => links[Number(i)]);
}

const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;

/**
 * Renders a product description written in a small Markdown subset: paragraphs (blank lines),
 * line breaks, **bold**, *italic*, bulleted and numbered lists, and [links](https://…) with
 * http(s) addresses only. Everything else is escaped text: no HTML of the author's survives.
 */
export function renderDescription(markdown: string): string {
  const text = stripControls(String(markdown ?? '')).replace(/\r\n?/g, '\n').trim();
  if (!text) return '';
  return text
    .split(/\n[ \t]*\n+/)
    .map((block) => {
      const lines = block.split('\n').filter((line) => line.trim() !== '');
      if (lines.length === 0) return '';
      if (lines.every((line) => BULLET.test(line))) return `<ul>${lines.map((line) => `<li>${inline(line.replace(BULLET, ''))}</li>`).join('')}</ul>`;
      if (lines.every((line) => NUMBERED.test(line))) return `<ol>${lines.map((line) => `<li>${inline(line.replace(NUMBERED, ''))}</li>`).join('')}</ol>`;
      return `<p>${lines.map((line) => inline(line.trim())).join('<br>')}</p>`;
    })
    .join('');
}

/** The description as plain text (for meta descriptions, link previews, JSON-LD), at most `max` characters. */
export function descriptionText(markdown: string, max = 200): string {
  const flat = stripControls(String(markdown ?? ''))
    .replace(LINK, '$1')
    .split('\n')
    .map((line) => line.replace(BULLET, '').replace(NUMBERED, ''))
    .join(' ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : flat;
}

// Checking input -------------------------------------------------------------------------------

export type ProductFields = { title: string; description: string; status: ProductStatus; kind: ProductKind; attributes: Record<string, string> };
/** Loosely typed on purpose: values come from JSON, forms and CSV, and are checked here. */
export type ProductInput = Partial<Record<keyof ProductFields, unknown>> & { variants?: VariantInput[] };
export type VariantInput = {
  sku?: string;
  options?: Record<string, string>;
  priceAmount?: number;
  currency?: string;
  compareAtAmount?: number | null;
  stock?: number;
  weightGrams?: number | null;
};
export type VariantFields = { sku: string; options: Record<string, string>; priceAmount: number; currency: string; compareAtAmount: number | null; stock: number; weightGrams: number | null };

const charCount = (text: string) => [...text].length;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function textMap(value: unknown, p: Problems, field: string, limits: { entries: number; key: number; value: number }, what: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    p.add(field, `invalid_${field.split('.').pop()}`, `${what} must be an object of names to texts`);
    return undefined;
  }
  const out: Record<string, string> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.entries) p.add(field, `invalid_${field.split('.').pop()}`, `At most ${limits.entries} ${what.toLowerCase()}`);
  for (const [rawKey, rawValue] of entries) {
    const key = stripControls(rawKey).trim();
    const val = typeof rawValue === 'string' || typeof rawValue === 'number' ? stripControls(String(rawValue)).trim() : null;
    const code = `invalid_${field.split('.').pop()}`;
    if (!key || charCount(key) > limits.key) p.add(field, code, `${what}: each name has 1 to ${limits.key} characters`);
    else if (val === null || !val || charCount(val) > limits.value) p.add(field, code, `${what}: "${key}" needs a value of 1 to ${limits.value} characters`);
    else out[key] = val;
  }
  return out;
}

/** Checks the product's own fields; with `creating`, the title is required and defaults apply. */
export function checkProductFields(input: Partial<Record<keyof ProductFields, unknown>>, p: Problems, creating: boolean): Partial<ProductFields> {
  const out: Partial<ProductFields> = {};
  if (input.title !== undefined || creating) {
    const title = typeof input.title === 'string' ? stripControls(input.title).replace(/\s+/g, ' ').trim() : '';
    if (!title) p.add('title', 'invalid_title', 'A product needs a title');
    else if (charCount(title) > MAX_PRODUCT_TITLE) p.add('title', 'invalid_title', `The title has at most ${MAX_PRODUCT_TITLE} characters`);
    else out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string') p.add('description', 'invalid_description', 'The description is text');
    else if (charCount(input.description) > MAX_PRODUCT_DESCRIPTION) p.add('description', 'invalid_description', `The description has at most ${MAX_PRODUCT_DESCRIPTION} characters`);
    else out.description = stripControls(input.description).replace(/\r\n?/g, '\n').trim();
  } else if (creating) out.description = '';
  if (input.status !== undefined) {
    if (!productStatuses.includes(input.status as ProductStatus)) p.add('status', 'invalid_status', `The status is one of ${productStatuses.join(', ')}`);
    else out.status = input.status as ProductStatus;
  } else if (creating) out.status = 'draft';
  if (input.kind !== undefined) {
    if (!productKinds.includes(input.kind as ProductKind)) p.add('kind', 'invalid_kind', `The kind is one of ${productKinds.join(', ')} (virtual: gift cards and other goods that are not shipped)`);
    else out.kind = input.kind as ProductKind;
  } else if (creating) out.kind = 'physical';
  const attributes = textMap(input.attributes, p, 'attributes', { entries: MAX_ATTRIBUTES, key: MAX_ATTRIBUTE_KEY, value: MAX_ATTRIBUTE_VALUE }, 'Attributes');
  if (attributes) out.attributes = attributes;
  else if (creating) out.attributes = {};
  return out;
}

const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/+#]*$/;

/**
 * Checks one variant. `prefix` names its place in the request (`variants.2.`) so every problem
 * names the field the client sent. With `creating`, sku and price are required.
 */
export function checkVariantFields(input: VariantInput, p: Problems, prefix = '', creating = true, current?: { priceAmount: number; compareAtAmount: number | null }): Partial<VariantFields> {
  const out: Partial<VariantFields> = {};
  if (input.sku !== undefined || creating) {
    const sku = typeof input.sku === 'string' ? input.sku.trim() : '';
    if (!sku) p.add(`${prefix}sku`, 'invalid_sku', 'Each variant needs a SKU');
    else if (charCount(sku) > MAX_SKU || !SKU.test(sku)) p.add(`${prefix}sku`, 'invalid_sku', `A SKU has 1 to ${MAX_SKU} letters, digits and . _ - / + # (no spaces), starting with a letter or digit: "${sku.slice(0, 80)}"`);
    else out.sku = sku;
  }
  const options = textMap(input.options, p, `${prefix}options`, { entries: MAX_OPTIONS, key: 30, value: 60 }, 'Options');
  if (options) out.options = options;
  else if (creating) out.options = {};
  if (input.priceAmount !== undefined || creating) {
    if (!isInt(input.priceAmount) || input.priceAmount < 0 || input.priceAmount > MAX_PRICE_AMOUNT) {
      p.add(`${prefix}price.amount`, 'invalid_price', `The price is a whole number of minor units (cents) from 0 to ${MAX_PRICE_AMOUNT}`);
    } else out.priceAmount = input.priceAmount;
  }
  if (input.currency !== undefined || creating) {
    const currency = typeof input.currency === 'string' && input.currency ? input.currency.trim().toUpperCase() : creating ? 'EUR' : '';
    if (!CURRENCIES.has(currency)) p.add(`${prefix}price.currency`, 'invalid_currency', `The currency is one of ${[...CURRENCIES].join(', ')}`);
    else out.currency = currency;
  }
  if (input.compareAtAmount !== undefined) {
    if (input.compareAtAmount === null) out.compareAtAmount = null;
    else if (!isInt(input.compareAtAmount) || input.compareAtAmount < 0 || input.compareAtAmount > MAX_PRICE_AMOUNT) {
      p.add(`${prefix}compare_at`, 'invalid_compare_at', 'The compare-at price is a whole number of minor units, or null');
    } else out.compareAtAmount = input.compareAtAmount;
  } else if (creating) out.compareAtAmount = null;
  // The compare-at price (the "before" price, struck through) only means something above the price.
  const price = out.priceAmount ?? current?.priceAmount;
  const compareAt = out.compareAtAmount !== undefined ? out.compareAtAmount : current?.compareAtAmount;
  if (price !== undefined && compareAt !== undefined && compareAt !== null && compareAt <= price && (out.priceAmount !== undefined || out.compareAtAmount !== undefined)) {
    p.add(`${prefix}compare_at`, 'invalid_compare_at', 'The compare-at price must be higher than the price (or empty)');
  }
  if (input.stock !== undefined || creating) {
    const stock = input.stock ?? 0;
    if (!isInt(stock) || stock < 0 || stock > MAX_STOCK) p.add(`${prefix}stock`, 'invalid_stock', `The stock is a whole number from 0 to ${MAX_STOCK}`);
    else out.stock = stock;
  }
  if (input.weightGrams !== undefined) {
    if (input.weightGrams === null) out.weightGrams = null;
    else if (!isInt(input.weightGrams) || input.weightGrams < 0 || input.weightGrams > MAX_WEIGHT_GRAMS) p.add(`${prefix}weight_grams`, 'invalid_weight', `The weight is a whole number of grams from 0 to ${MAX_WEIGHT_GRAMS}`);
    else out.weightGrams = input.weightGrams;
  } else if (creating) out.weightGrams = null;
  return out;
}

// Who may see and change what ----------------------------------------------------------------------

/** True when the viewer is on the brand's team (any role), or is the brand itself: they see drafts. */
export async function seesDrafts(ctx: CatalogContext, viewerId: string | null | undefined, brandId: string): Promise<boolean> {
  if (!viewerId) return false;
  if (viewerId === brandId) return true;
  return (await roleIn(ctx, brandId, viewerId)) !== null;
}

export async function canManageCatalog(ctx: CatalogContext, actor: CatalogActor | null | undefined, brandId: string): Promise<boolean> {
  if (isOperator(actor)) return true;
  if (!actor) return false;
  const role = await roleIn(ctx, brandId, actor);
  return role === 'owner' || role === 'admin';
}

/** Throws 403 unless the actor may change the brand's catalog (owner, admin, or the operator). */
export async function assertCatalogManager(ctx: CatalogContext, actor: CatalogActor, brandId: string) {
  if (isOperator(actor)) return;
  await assertCan(ctx, actor, brandId, 'manageCatalog');
}

/** A product the actor may change: 404 when it does not exist or is a draft they cannot see, 403 without the role. */
async function productForManager(ctx: CatalogContext, actor: CatalogActor, productId: string): Promise<Product> {
  const product = isUuid(productId) ? (await ctx.db.select().from(products).where(eq(products.id, productId)))[0] : undefined;
  if (!product) throw notFound('Product');
  if (!isOperator(actor) && product.status !== 'published' && !(await seesDrafts(ctx, actor, product.brandId))) throw notFound('Product');
  await assertCatalogManager(ctx, actor, product.brandId);
  return product;
}

async function variantForManager(ctx: CatalogContext, actor: CatalogActor, variantId: string): Promise<{ variant: Variant; product: Product }> {
  const variant = isUuid(variantId) ? (await ctx.db.select().from(variants).where(eq(variants.id, variantId)))[0] : undefined;
  if (!variant) throw notFound('Variant');
  const product = await productForManager(ctx, actor, variant.productId).catch((error) => {
    throw error instanceof AppError && error.status === 404 ? notFound('Variant') : error;
  });
  return { variant, product };
}

// Reading -----------------------------------------------------------------------------------------

async function hydrate(db: DbOrTx, rows: Product[]): Promise<ProductView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const brandIds = [...new Set(rows.map((r) => r.brandId))];
  const [variantRows, imageRows, brandRows] = await Promise.all([
    db.select().from(variants).where(inArray(variants.productId, ids)).orderBy(asc(variants.position), asc(variants.id)),
    db.select().from(productImages).where(inArray(productImages.productId, ids)).orderBy(asc(productImages.position), asc(productImages.id)),
    db.select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName }).from(accounts).where(inArray(accounts.id, brandIds)),
  ]);
  const brands = new Map(brandRows.map((b) => [b.id, b]));
  return rows.map((row) => ({
    ...row,
    brand: brands.get(row.brandId) ?? { id: row.brandId, username: '', displayName: '' },
    variants: variantRows.filter((v) => v.productId === row.id),
    images: imageRows.filter((i) => i.productId === row.id),
  }));
}

async function loadView(db: DbOrTx, productId: string): Promise<ProductView> {
  const rows = await db.select().from(products).where(eq(products.id, productId));
  const [view] = await hydrate(db, rows);
  if (!view) throw notFound('Product');
  return view;
}

/** A product as the viewer may see it: a draft is a 404 for anyone outside the brand's team. */
export async function getProduct(ctx: CatalogContext, viewerId: string | null | undefined, productId: string): Promise<ProductView> {
  if (!isUuid(productId)) throw notFound('Product');
  const view = await loadView(ctx.db, productId.toLowerCase());
  if (view.status !== 'published' && !(await seesDrafts(ctx, viewerId, view.brandId))) throw notFound('Product');
  return view;
}

export type ProductListOptions = { maxId?: string; limit?: number; collectionId?: string; status?: ProductStatus };

/**
 * A brand's products, newest first, by keyset (`maxId`): published ones for everyone, drafts too
 * for the brand's team. `collectionId` keeps those of one collection.
 */
export async function listProducts(ctx: CatalogContext, viewerId: string | null | undefined, brandId: string, options: ProductListOptions = {}): Promise<ProductView[]> {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const team = await seesDrafts(ctx, viewerId, brandId);
  const conditions = [eq(products.brandId, brandId)];
  if (!team) conditions.push(eq(products.status, 'published'));
  else if (options.status) conditions.push(eq(products.status, options.status));
  if (options.maxId && isUuid(options.maxId)) conditions.push(lt(products.id, options.maxId));
  if (options.collectionId) {
    if (!isUuid(options.collectionId)) return [];
    conditions.push(inArray(products.id, ctx.db.select({ id: collectionProducts.productId }).from(collectionProducts).where(eq(collectionProducts.collectionId, options.collectionId))));
  }
  const rows = await ctx.db.select().from(products).where(and(...conditions)).orderBy(desc(products.id)).limit(limit);
  return hydrate(ctx.db, rows);
}

/** Several products by id, in the order asked, leaving out what the viewer may not see (for product cards). */
export async function productsByIds(ctx: CatalogContext, viewerId: string | null | undefined, ids: string[]): Promise<ProductView[]> {
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  const views = await hydrate(ctx.db, await ctx.db.select().from(products).where(inArray(products.id, wanted)));
  const visible: ProductView[] = [];
  for (const view of views) if (view.status === 'published' || (await seesDrafts(ctx, viewerId, view.brandId))) visible.push(view);
  const byId = new Map(visible.map((v) => [v.id, v]));
  return wanted.map((id) => byId.get(id)).filter((v): v is ProductView => Boolean(v));
}

// Stock and price summaries -----------------------------------------------------------------------

export type CatalogStockState = { state: 'in_stock' | 'low' | 'out'; units: number };

export function stockStateOf(units: number): CatalogStockState {
  if (units <= 0) return { state: 'out', units: 0 };
  if (units <= LOW_STOCK_UNITS) return { state: 'low', units };
  return { state: 'in_stock', units };
}

export const productStock = (view: Pick<ProductView, 'variants'>) => view.variants.reduce((sum, v) => sum + v.stock, 0);

/** The lowest price, and whether prices vary ("from …"); null when the product has no variant. */
export function priceRange(view: Pick<ProductView, 'variants'>): { min: number; max: number; currency: string; compareAt: number | null } | null {
  if (view.variants.length === 0) return null;
  const sorted = [...view.variants].sort((a, b) => a.priceAmount - b.priceAmount);
  return { min: sorted[0].priceAmount, max: sorted[sorted.length - 1].priceAmount, currency: sorted[0].currency, compareAt: sorted[0].compareAtAmount };
}

// Writing products ----------------------------------------------------------------------------------

async function assertSkusFree(db: DbOrTx, brandId: string, skus: string[], exceptVariantIds: string[] = []) {
  const seen = new Set<string>();
  for (const sku of skus) {
    if (seen.has(sku)) throw skuTaken(sku);
    seen.add(sku);
  }
  if (skus.length === 0) return;
  const rows = await db.select({ id: variants.id, sku: variants.sku }).from(variants).where(and(eq(variants.brandId, brandId), inArray(variants.sku, skus)));
  const clash = rows.find((r) => !exceptVariantIds.includes(r.id));
  if (clash) throw skuTaken(clash.sku);
}

/** One currency per product: an order is priced in one currency, and "from 12 €" must mean something. */
async function assertOneCurrency(db: DbOrTx, productId: string) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(distinct currency)::int as n from variants where product_id = ${productId}`);
  if (row && row.n > 1) throw unprocessable('currency_mismatch', 'All variants of a product are priced in the same currency', { field: 'price.currency' });
}

/** Runs a write, turning a unique-SKU violation (two writers racing for one SKU) into 409 sku_taken. */
async function guardSku<R>(run: () => Promise<R>, sku = ''): Promise<R> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, 'variants_brand_sku_key')) throw skuTaken(sku || '(one of them)');
    throw error;
  }
}

function variantRow(brandId: string, productId: string, v: Partial<VariantFields>, position: number) {
  return {
    id: uuidv7(),
    productId,
    brandId,
    sku: v.sku!,
    options: v.options ?? {},
    priceAmount: v.priceAmount!,
    currency: v.currency ?? 'EUR',
    compareAtAmount: v.compareAtAmount ?? null,
    stock: v.stock ?? 0,
    weightGrams: v.weightGrams ?? null,
    position,
  };
}

/** Creates a product with its variants (possibly none yet), all or nothing. */
export async function createProduct(ctx: CatalogContext, actor: CatalogActor, brandId: string, input: ProductInput): Promise<ProductView> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId);
  await assertCatalogManager(ctx, actor, brandId);
  const p = new Problems();
  const fields = checkProductFields(input, p, true) as ProductFields;
  const list = input.variants ?? [];
  if (!Array.isArray(list)) p.add('variants', 'invalid_variants', 'variants is a list');
  else if (list.length > MAX_VARIANTS) p.add('variants', 'too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
  const checked = Array.isArray(list) ? list.slice(0, MAX_VARIANTS).map((v, i) => checkVariantFields(v ?? {}, p, `variants.${i}.`)) : [];
  p.throwIfAny();
  if (new Set(checked.map((v) => v.currency)).size > 1) throw unprocessable('currency_mismatch', 'All variants of a product are priced in the same currency', { field: 'variants' });
  await assertSkusFree(ctx.db, brandId, checked.map((v) => v.sku!));
  const id = uuidv7();
  await guardSku(() =>
    ctx.db.transaction(async (tx) => {
      await tx.insert(products).values({ id, brandId, ...fields });
      if (checked.length) await tx.insert(variants).values(checked.map((v, i) => variantRow(brandId, id, v, i)));
    }),
  );
  return loadView(ctx.db, id);
}

/** Changes a product's own fields (title, description, status, kind, attributes). */
export async function updateProduct(ctx: CatalogContext, actor: CatalogActor, productId: string, input: Partial<Record<keyof ProductFields, unknown>>): Promise<ProductView> {
  const product = await productForManager(ctx, actor, productId);
  const p = new Problems();
  const fields = checkProductFields(input, p, false);
  p.throwIfAny();
  if (Object.keys(fields).length) await ctx.db.update(products).set({ ...fields, updatedAt: new Date() }).where(eq(products.id, product.id));
  return loadView(ctx.db, product.id);
}

/** Deletes a product, its variants and images. Orders keep their own copy of what was sold. */
export async function deleteProduct(ctx: CatalogMediaContext, actor: CatalogActor, productId: string): Promise<void> {
  const product = await productForManager(ctx, actor, productId);
  const images = await ctx.db.delete(productImages).where(eq(productImages.productId, product.id)).returning();
  await ctx.db.delete(products).where(eq(products.id, product.id));
  await removeFiles(ctx.media, images);
}

// Variants -----------------------------------------------------------------------------------------

export async function addVariant(ctx: CatalogContext, actor: CatalogActor, productId: string, input: VariantInput): Promise<Variant> {
  const product = await productForManager(ctx, actor, productId);
  const p = new Problems();
  const v = checkVariantFields(input, p, '', true);
  p.throwIfAny();
  await assertSkusFree(ctx.db, product.brandId, [v.sku!]);
  return guardSku(
    () =>
      ctx.db.transaction(async (tx) => {
        const [{ n, next }] = await queryRows<{ n: number; next: number }>(tx, sql`select count(*)::int as n, coalesce(max(position) + 1, 0)::int as next from variants where product_id = ${product.id}`);
        if (n >= MAX_VARIANTS) throw unprocessable('too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
        const [row] = await tx.insert(variants).values(variantRow(product.brandId, product.id, v, next)).returning();
        await assertOneCurrency(tx, product.id);
        await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
        return row;
      }),
    v.sku,
  );
}

/**
 * Changes a variant's SKU, options, price, compare-at price, weight, and stock when given (an
 * absolute value: prefer adjustStock when sales may be running).
 */
export async function updateVariant(ctx: CatalogContext, actor: CatalogActor, variantId: string, input: VariantInput): Promise<Variant> {
  const { variant, product } = await variantForManager(ctx, actor, variantId);
  const p = new Problems();
  const v = checkVariantFields(input, p, '', false, variant);
  p.throwIfAny();
  if (v.sku && v.sku !== variant.sku) await assertSkusFree(ctx.db, product.brandId, [v.sku], [variant.id]);
  if (Object.keys(v).length === 0) return variant;
  return guardSku(
    () =>
      ctx.db.transaction(async (tx) => {
        const [row] = await tx.update(variants).set(v).where(eq(variants.id, variant.id)).returning();
        if (v.currency) await assertOneCurrency(tx, product.id);
        await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
        return row;
      }),
    v.sku,
  );
}

export async function deleteVariant(ctx: CatalogContext, actor: CatalogActor, variantId: string): Promise<void> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  await ctx.db.delete(variants).where(eq(variants.id, variant.id));
}

function checkStockNumber(value: unknown, field: string, allowNegative: boolean): number {
  if (!isInt(value) || Math.abs(value) > MAX_STOCK || (!allowNegative && value < 0)) {
    throw unprocessable('invalid_stock', allowNegative ? `${field} is a whole number of units (negative to take some away)` : `${field} is a whole number from 0 to ${MAX_STOCK}`, { field });
  }
  return value;
}

/** Sets a variant's stock to an absolute number of units. */
export async function setStock(ctx: CatalogContext, actor: CatalogActor, variantId: string, units: number): Promise<Variant> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  const value = checkStockNumber(units, 'set', false);
  const [row] = await ctx.db.update(variants).set({ stock: value }).where(eq(variants.id, variant.id)).returning();
  if (!row) throw notFound('Variant');
  return row;
}

/**
 * Adds (or, negative, takes) units atomically: one `UPDATE … SET stock = stock + delta` whose
 * WHERE keeps the result between 0 and MAX_STOCK, so parallel adjustments and sales never push
 * the stock below zero. 409 insufficient_stock when taking more than there is.
 */
export async function adjustStock(ctx: CatalogContext, actor: CatalogActor, variantId: string, delta: number): Promise<Variant> {
  const { variant } = await variantForManager(ctx, actor, variantId);
  const value = checkStockNumber(delta, 'adjust', true);
  const [row] = await ctx.db
    .update(variants)
    .set({ stock: sql`${variants.stock} + ${value}` })
    .where(and(eq(variants.id, variant.id), sql`${variants.stock} + ${value} >= 0`, sql`${variants.stock} + ${value} <= ${MAX_STOCK}`))
    .returning();
  if (!row) {
    if (value < 0) throw conflict('insufficient_stock', `Cannot take ${-value} unit(s): not that many in stock`);
    throw unprocessable('invalid_stock', `The stock cannot exceed ${MAX_STOCK}`, { field: 'adjust' });
  }
  return row;
}

// The edit form: a product and all its variants in one transaction ---------------------------------

export type VariantChange = VariantInput & {
  /** An existing variant of this product; absent for a new one. */
  id?: string;
  delete?: boolean;
  /** For an existing variant: units to add (negative: take), applied atomically as in adjustStock. */
  stockDelta?: number;
};

/**
 * Saves a product from the team's edit form (or creates it when `productId` is null): its fields,
 * every variant (update, add, delete, stock changes as deltas so sales made meanwhile are kept)
 * and, when given, the collections it belongs to. All or nothing; every problem is named by its
 * field (`variants.1.price.amount`) in the 422's `details.errors`.
 */
export async function saveProduct(
  ctx: CatalogContext,
  actor: CatalogActor,
  brandId: string,
  productId: string | null,
  input: Partial<Record<keyof ProductFields, unknown>> & { variants: VariantChange[]; collectionIds?: string[] },
): Promise<ProductView> {
  await getBrand(ctx, brandId);
  const product = productId ? await productForManager(ctx, actor, productId) : null;
  if (product && product.brandId !== brandId) throw notFound('Product');
  if (!product) await assertCatalogManager(ctx, actor, brandId);
  const existing = product ? await ctx.db.select().from(variants).where(eq(variants.productId, product.id)) : [];
  const byId = new Map(existing.map((v) => [v.id, v]));
  const p = new Problems();
  const fields = checkProductFields(input, p, !product);
  const changes = input.variants.map((change, i) => {
    const current = change.id ? byId.get(change.id) : undefined;
    if (change.id && !current) p.add(`variants.${i}.id`, 'unknown_variant', 'This variant no longer exists; reload the page');
    if (change.delete) return { change, current, fields: {} as Partial<VariantFields> };
    const { stockDelta, id: _id, delete: _delete, ...rest } = change;
    const checkedFields = checkVariantFields(current ? { ...rest, stock: undefined } : rest, p, `variants.${i}.`, !current, current);
    if (current && stockDelta !== undefined && (!isInt(stockDelta) || current.stock + stockDelta < 0 || current.stock + stockDelta > MAX_STOCK)) {
      p.add(`variants.${i}.stock`, 'invalid_stock', `The stock is a whole number from 0 to ${MAX_STOCK}`);
    }
    return { change, current, fields: checkedFields };
  });
  const kept = changes.filter((c) => !c.change.delete);
  if (kept.length + existing.filter((v) => !input.variants.some((c) => c.id === v.id)).length > MAX_VARIANTS) p.add('variants', 'too_many_variants', `A product has at most ${MAX_VARIANTS} variants`);
  p.throwIfAny();
  const skus = kept.map((c) => c.fields.sku ?? c.current?.sku ?? '');
  const touched = changes.filter((c) => c.current).map((c) => c.current!.id);
  await assertSkusFree(ctx.db, brandId, skus, touched);
  const id = product?.id ?? uuidv7();
  await guardSku(() =>
    ctx.db.transaction(async (tx) => {
      if (!product) await tx.insert(products).values({ id, brandId, ...(fields as ProductFields) });
      else await tx.update(products).set({ ...fields, updatedAt: new Date() }).where(eq(products.id, id));
      // Deletions and SKU changes first, so a SKU moved from one row to another does not clash.
      for (const c of changes) if (c.change.delete && c.current) await tx.delete(variants).where(eq(variants.id, c.current.id));
      let position = existing.reduce((max, v) => Math.max(max, v.position + 1), 0);
      for (const [i, c] of changes.entries()) {
        if (c.change.delete) continue;
        if (c.current) {
          if (Object.keys(c.fields).length) await tx.update(variants).set(c.fields).where(eq(variants.id, c.current.id));
          const delta = c.change.stockDelta ?? 0;
          if (delta !== 0) {
            const moved = await tx
              .update(variants)
              .set({ stock: sql`${variants.stock} + ${delta}` })
              .where(and(eq(variants.id, c.current.id), sql`${variants.stock} + ${delta} >= 0`))
              .returning({ id: variants.id });
            if (moved.length === 0) throw unprocessable('invalid_stock', 'Units were sold meanwhile: the stock cannot go below zero; reload the page', { field: `variants.${i}.stock` });
          }
        } else {
          await tx.insert(variants).values(variantRow(brandId, id, c.fields, position++));
        }
      }
      await assertOneCurrency(tx, id);
      if (input.collectionIds) await setProductCollections(tx, brandId, id, input.collectionIds);
    }),
  );
  return loadView(ctx.db, id);
}

// Images ----------------------------------------------------------------------------------------

async function removeFiles(media: MediaStore, images: Pick<ProductImage, 'path' | 'previewPath'>[]) {
  for (const image of images) {
    for (const file of [image.path, image.previewPath]) {
      const full = mediaFilePath(media, file);
      if (full) await rm(full, { force: true }).catch(() => {});
    }
  }
}

function checkAlt(alt: unknown): string {
  if (alt === undefined || alt === null) return '';
  if (typeof alt !== 'string') throw unprocessable('invalid_alt', 'The alt text is text', { field: 'alt' });
  const text = stripControls(alt).replace(/\s+/g, ' ').trim();
  if (charCount(text) > MAX_IMAGE_ALT) throw unprocessable('invalid_alt', `The alt text has at most ${MAX_IMAGE_ALT} characters`, { field: 'alt' });
  return text;
}

/**
 * Adds an image (stored, resized, stripped of metadata by the media module) at the end of the
 * product's gallery, with its alt text. At most MAX_PRODUCT_IMAGES per product.
 */
export async function addProductImage(ctx: CatalogMediaContext, actor: CatalogActor, productId: string, bytes: Uint8Array, altInput?: unknown): Promise<ProductImage> {
  const product = await productForManager(ctx, actor, productId);
  const alt = checkAlt(altInput);
  const tooMany = () => unprocessable('too_many_images', `A product has at most ${MAX_PRODUCT_IMAGES} images`, { field: 'file' });
  const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from product_images where product_id = ${product.id}`);
  if (n >= MAX_PRODUCT_IMAGES) throw tooMany();
  const stored = await storeImage(ctx.media, bytes, 'attachment', { maxBytes: ctx.config?.mediaMaxBytes });
  try {
    return await ctx.db.transaction(async (tx) => {
      // Lock the product so two uploads at once cannot both take the tenth place.
      await queryRows(tx, sql`select id from products where id = ${product.id} for update`);
      const [{ count, next }] = await queryRows<{ count: number; next: number }>(tx, sql`select count(*)::int as count, coalesce(max(position) + 1, 0)::int as next from product_images where product_id = ${product.id}`);
      if (count >= MAX_PRODUCT_IMAGES) throw tooMany();
      const [row] = await tx
        .insert(productImages)
        .values({ id: uuidv7(), productId: product.id, position: next, path: stored.path, previewPath: stored.previewPath, width: stored.width, height: stored.height, alt })
        .returning();
      await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, product.id));
      return row;
    });
  } catch (error) {
    await removeFiles(ctx.media, [stored]);
    throw error;
  }
}

/** Changes an image's alt text and/or its place in the gallery (0 = first). */
export async function updateProductImage(ctx: CatalogContext, actor: CatalogActor, productId: string, imageId: string, input: { alt?: unknown; position?: unknown }): Promise<ProductImage> {
  const product = await productForManager(ctx, actor, productId);
  if (!isUuid(imageId)) throw notFound('Image');
  return ctx.db.transaction(async (tx) => {
    const images = await tx.select().from(productImages).where(eq(productImages.productId, product.id)).orderBy(asc(productImages.position), asc(productImages.id));
    const image = images.find((i) => i.id === imageId.toLowerCase());
    if (!image) throw notFound('Image');
    if (input.alt !== undefined) await tx.update(productImages).set({ alt: checkAlt(input.alt) }).where(eq(productImages.id, image.id));
    if (input.position !== undefined) {
      if (!isInt(input.position) || input.position < 0) throw unprocessable('invalid_position', 'position is a whole number from 0', { field: 'position' });
      const order = images.filter((i) => i.id !== image.id);
      order.splice(Math.min(input.position, order.length), 0, image);
      for (const [position, item] of order.entries()) if (item.position !== position) await tx.update(productImages).set({ position }).where(eq(productImages.id, item.id));
    }
    const [row] = await tx.select().from(productImages).where(eq(productImages.id, image.id));
    return row;
  });
}

export async function deleteProductImage(ctx: CatalogMediaContext, actor: CatalogActor, productId: string, imageId: string): Promise<void> {
  const product = await productForManager(ctx, actor, productId);
  if (!isUuid(imageId)) throw notFound('Image');
  const removed = await ctx.db.delete(productImages).where(and(eq(productImages.id, imageId.toLowerCase()), eq(productImages.productId, product.id))).returning();
  if (removed.length === 0) throw notFound('Image');
  await removeFiles(ctx.media, removed);
}

// Collections ---------------------------------------------------------------------------------------

export type CollectionView = Collection & { productIds: string[] };

function checkCollectionFields(input: { title?: unknown; description?: unknown }, creating: boolean): { title?: string; description?: string } {
  const p = new Problems();
  const out: { title?: string; description?: string } = {};
  if (input.title !== undefined || creating) {
    const title = typeof input.title === 'string' ? stripControls(input.title).replace(/\s+/g, ' ').trim() : '';
    if (!title || charCount(title) > MAX_COLLECTION_TITLE) p.add('title', 'invalid_title', `A collection has a title of 1 to ${MAX_COLLECTION_TITLE} characters`);
    else out.title = title;
  }
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string' || charCount(input.description) > 1000) p.add('description', 'invalid_description', 'The description has at most 1000 characters');
    else out.description = stripControls(input.description).trim();
  }
  p.throwIfAny();
  return out;
}

async function collectionViews(db: DbOrTx, rows: Collection[], publishedOnly: boolean): Promise<CollectionView[]> {
  if (rows.length === 0) return [];
  const members = await db
    .select({ collectionId: collectionProducts.collectionId, productId: collectionProducts.productId })
    .from(collectionProducts)
    .innerJoin(products, eq(products.id, collectionProducts.productId))
    .where(and(inArray(collectionProducts.collectionId, rows.map((r) => r.id)), publishedOnly ? eq(products.status, 'published') : undefined))
    .orderBy(asc(collectionProducts.position), desc(collectionProducts.productId));
  return rows.map((r) => ({ ...r, productIds: members.filter((m) => m.collectionId === r.id).map((m) => m.productId) }));
}

/** A brand's collections, in creation order; outsiders see only published products in them. */
export async function listCollections(ctx: CatalogContext, viewerId: string | null | undefined, brandId: string): Promise<CollectionView[]> {
  const rows = await ctx.db.select().from(collections).where(eq(collections.brandId, brandId)).orderBy(asc(collections.id));
  return collectionViews(ctx.db, rows, !(await seesDrafts(ctx, viewerId, brandId)));
}

export async function getCollection(ctx: CatalogContext, viewerId: string | null | undefined, brandId: string, collectionId: string): Promise<CollectionView> {
  if (!isUuid(collectionId)) throw notFound('Collection');
  const rows = await ctx.db.select().from(collections).where(and(eq(collections.id, collectionId.toLowerCase()), eq(collections.brandId, brandId)));
  if (rows.length === 0) throw notFound('Collection');
  const [view] = await collectionViews(ctx.db, rows, !(await seesDrafts(ctx, viewerId, brandId)));
  return view;
}

async function collectionForManager(ctx: CatalogContext, actor: CatalogActor, brandId: string, collectionId: string): Promise<Collection> {
  await assertCatalogManager(ctx, actor, brandId);
  if (!isUuid(collectionId)) throw notFound('Collection');
  const [row] = await ctx.db.select().from(collections).where(and(eq(collections.id, collectionId.toLowerCase()), eq(collections.brandId, brandId)));
  if (!row) throw notFound('Collection');
  return row;
}

async function brandProductIds(db: DbOrTx, brandId: string, ids: string[]): Promise<string[]> {
  const wanted = [...new Set(ids.map((id) => String(id).toLowerCase()))];
  if (wanted.some((id) => !isUuid(id))) throw unprocessable('unknown_product', 'A product id is not one of this brand’s products', { field: 'product_ids' });
  if (wanted.length === 0) return [];
  const rows = await db.select({ id: products.id }).from(products).where(and(eq(products.brandId, brandId), inArray(products.id, wanted)));
  if (rows.length !== wanted.length) throw unprocessable('unknown_product', 'A product id is not one of this brand’s products', { field: 'product_ids' });
  return wanted;
}

export async function createCollection(ctx: CatalogContext, actor: CatalogActor, brandId: string, input: { title?: unknown; description?: unknown; productIds?: string[] }): Promise<CollectionView> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId);
  await assertCatalogManager(ctx, actor, brandId);
  const fields = checkCollectionFields(input, true);
  const productIds = await brandProductIds(ctx.db, brandId, input.productIds ?? []);
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from collections where brand_id = ${brandId}`);
    if (n >= MAX_COLLECTIONS) throw unprocessable('too_many_collections', `A brand has at most ${MAX_COLLECTIONS} collections`);
    await tx.insert(collections).values({ id, brandId, title: fields.title!, description: fields.description ?? '' });
    if (productIds.length) await tx.insert(collectionProducts).values(productIds.map((productId, position) => ({ collectionId: id, productId, position })));
  });
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, id);
}

export async function updateCollection(ctx: CatalogContext, actor: CatalogActor, brandId: string, collectionId: string, input: { title?: unknown; description?: unknown }): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  const fields = checkCollectionFields(input, false);
  if (Object.keys(fields).length) await ctx.db.update(collections).set(fields).where(eq(collections.id, row.id));
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

export async function deleteCollection(ctx: CatalogContext, actor: CatalogActor, brandId: string, collectionId: string): Promise<void> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  await ctx.db.delete(collections).where(eq(collections.id, row.id));
}

/** Adds a product to a collection (at the end); adding it twice changes nothing. */
export async function addToCollection(ctx: CatalogContext, actor: CatalogActor, brandId: string, collectionId: string, productId: string): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  const [id] = await brandProductIds(ctx.db, brandId, [productId]);
  await queryRows(
    ctx.db,
    sql`insert into collection_products (collection_id, product_id, position)
        select ${row.id}, ${id}, coalesce(max(position) + 1, 0) from collection_products where collection_id = ${row.id}
        on conflict do nothing`,
  );
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

export async function removeFromCollection(ctx: CatalogContext, actor: CatalogActor, brandId: string, collectionId: string, productId: string): Promise<CollectionView> {
  const row = await collectionForManager(ctx, actor, brandId, collectionId);
  if (isUuid(productId)) await ctx.db.delete(collectionProducts).where(and(eq(collectionProducts.collectionId, row.id), eq(collectionProducts.productId, productId.toLowerCase())));
  return getCollection(ctx, isOperator(actor) ? brandId : actor, brandId, row.id);
}

/** The collections (of its brand) a product belongs to. */
export async function collectionIdsOf(ctx: CatalogContext, productId: string): Promise<string[]> {
  const rows = await ctx.db.select({ id: collectionProducts.collectionId }).from(collectionProducts).where(eq(collectionProducts.productId, productId));
  return rows.map((r) => r.id);
}

async function setProductCollections(tx: DbOrTx, brandId: string, productId: string, collectionIds: string[]) {
  const wanted = [...new Set(collectionIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const owned = wanted.length ? await tx.select({ id: collections.id }).from(collections).where(and(eq(collections.brandId, brandId), inArray(collections.id, wanted))) : [];
  const keep = owned.map((o) => o.id);
  await tx.delete(collectionProducts).where(and(eq(collectionProducts.productId, productId), keep.length ? sql`${collectionProducts.collectionId} not in ${keep}` : undefined));
  for (const collectionId of keep) {
    await queryRows(
      tx,
      sql`insert into collection_products (collection_id, product_id, position)
          select ${collectionId}, ${productId}, coalesce(max(position) + 1, 0) from collection_products where collection_id = ${collectionId}
          on conflict do nothing`,
    );
  }
}

// Presenting (our JSON API) ----------------------------------------------------------------------

export type UrlConfig = { publicUrl: string };

export const productPagePath = (brand: Pick<CatalogBrand, 'username'>, product: Pick<Product, 'id'>) => `/@${brand.username}/products/${product.id}`;

/** A variant as the API shows it: exactly {id, sku, options, price, compare_at, stock, weight_grams}. */
export function presentVariant(v: Variant) {
  return {
    id: v.id,
    sku: v.sku,
    options: v.options,
    price: { amount: v.priceAmount, currency: v.currency },
    compare_at: v.compareAtAmount === null ? null : { amount: v.compareAtAmount, currency: v.currency },
    stock: v.stock,
    weight_grams: v.weightGrams,
  };
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
    url: `${config.publicUrl}${productPagePath(view.brand, view)}`,
    images: view.images.map((image) => presentImage(config, image)),
    variants: view.variants.map(presentVariant),
    created_at: view.createdAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
  };
}

export function presentCollection(c: CollectionView) {
  return { id: c.id, brand_id: c.brandId, title: c.title, description: c.description, product_ids: c.productIds, created_at: c.createdAt.toISOString() };
}
