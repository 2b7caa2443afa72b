/**
 * Extension points for other modules to add to commerce's pages and react to its orders without
 * commerce knowing them (Medusa-style links, like social/extensions.ts): reviews plug in here
 * through src/links/product-reviews.ts, registered by the composition root.
 *
 * - productPageExtensions: a section on the product page (loaded in the route with the database,
 *   rendered by the view) and fields merged into the page's schema.org Product JSON-LD;
 * - productBadges: a line on the shop grid's product tiles (one query for the whole page);
 * - orderPageExtensions: a section on the buyer's order page;
 * - orderStepListeners: called inside an order step's transaction (e.g. 'delivered'), so what
 *   they write or enqueue exists exactly when the step commits.
 * Everything is optional; with nothing registered, commerce's pages and orders are unchanged.
 */
import type { Child } from 'hono/jsx';
import type { DbOrTx } from '../../db/client';
import type { Locale, T } from '../../web/i18n';
import type { Order, OrderDetail } from './orders';
import type { DomainError } from '../../lib/errors';
import type { OrderRequest, PricedOrder } from './checkout/quote';

/** What an extension's markup needs of the page (commerce's views all have these). */
export type ExtensionView = { t: T; locale: Locale; csrf: string };

export type ProductPageInput = {
  productId: string;
  brandId: string;
  productTitle: string;
  viewerId: string | null;
  query: Record<string, string | undefined>;
  publicUrl: string;
};

export type ProductPageExtension = {
  name: string;
  load(db: DbOrTx, input: ProductPageInput): Promise<unknown>;
  render?(v: ExtensionView, data: unknown): Child;
  /** Fields merged into the Product JSON-LD (e.g. aggregateRating, review). */
  jsonLd?(data: unknown): Record<string, unknown>;
};

export type ProductBadgeSource = {
  name: string;
  load(db: DbOrTx, productIds: string[]): Promise<Map<string, unknown>>;
  render(v: Pick<ExtensionView, 't' | 'locale'>, productId: string, data: unknown): Child;
};

export type OrderPageExtension = {
  name: string;
  load(db: DbOrTx, input: { detail: OrderDetail; viewerId: string }): Promise<unknown>;
  render(v: ExtensionView, data: unknown): Child;
};

export type OrderStepListener = {
  name: string;
  /** `data`: the timeline event's data (a refund's `amount`, a return's `return_id`...). */
  onStep(
    tx: DbOrTx,
    order: Pick<Order, 'id' | 'buyerId' | 'brandId'>,
    step: string,
    data: Record<string, unknown>,
  ): Promise<void>;
};

function registry<E extends { name: string }>() {
  const items = new Map<string, E>();
  return {
    /** Adds (or replaces, by name). Idempotent: every app context built registers again. */
    register(e: E) {
      items.set(e.name, e);
    },
    unregister(name: string) {
      items.delete(name);
    },
    list(): E[] {
      return [...items.values()];
    },
  };
}

export const productPageExtensions = registry<ProductPageExtension>();
export const productBadges = registry<ProductBadgeSource>();
export const orderPageExtensions = registry<OrderPageExtension>();
export const orderStepListeners = registry<OrderStepListener>();

/** Loaded product-page extensions: [extension, data] in registration order. */
export type LoadedExtensions<E> = { extension: E; data: unknown }[];

export async function loadProductPageExtensions(
  db: DbOrTx,
  input: ProductPageInput,
): Promise<LoadedExtensions<ProductPageExtension>> {
  const list = productPageExtensions.list();
  const data = await Promise.all(list.map((e) => e.load(db, input)));
  return list.map((extension, i) => ({ extension, data: data[i] }));
}

export function renderLoaded(
  v: ExtensionView,
  loaded: LoadedExtensions<ProductPageExtension | OrderPageExtension> | undefined,
): Child[] {
  return (loaded ?? []).filter((l) => l.extension.render).map((l) => l.extension.render!(v, l.data));
}

export function productJsonLdExtras(
  loaded: LoadedExtensions<ProductPageExtension> | undefined,
): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const l of loaded ?? []) if (l.extension.jsonLd) out = { ...out, ...l.extension.jsonLd(l.data) };
  return out;
}

export async function loadOrderPageExtensions(
  db: DbOrTx,
  input: { detail: OrderDetail; viewerId: string },
): Promise<LoadedExtensions<OrderPageExtension>> {
  const list = orderPageExtensions.list();
  const data = await Promise.all(list.map((e) => e.load(db, input)));
  return list.map((extension, i) => ({ extension, data: data[i] }));
}

/** Badge data for a page of products: source name -> product id -> data. */
export type LoadedBadges = { source: ProductBadgeSource; data: Map<string, unknown> }[];

export async function loadProductBadges(db: DbOrTx, productIds: string[]): Promise<LoadedBadges> {
  const list = productBadges.list();
  if (productIds.length === 0 || list.length === 0) return [];
  const data = await Promise.all(list.map((s) => s.load(db, productIds)));
  return list.map((source, i) => ({ source, data: data[i] }));
}

export function renderBadges(
  v: Pick<ExtensionView, 't' | 'locale'>,
  badges: LoadedBadges | undefined,
  productId: string,
): Child[] {
  const out: Child[] = [];
  for (const b of badges ?? [])
    if (b.data.has(productId)) out.push(b.source.render(v, productId, b.data.get(productId)));
  return out;
}

/** Runs in the order step's transaction (commerce's orders.ts `step`). */
export async function runOrderStepListeners(
  tx: DbOrTx,
  order: Pick<Order, 'id' | 'buyerId' | 'brandId'>,
  step: string,
  data: Record<string, unknown> = {},
) {
  for (const l of orderStepListeners.list()) await l.onStep(tx, order, step, data);
}

/**
 * A rule a checkout must pass beyond commerce's own (campaigns: a pop-up must be open, early
 * access is for the brand's earlier followers). `check` runs in the reservation's transaction
 * after pricing, once per batch, and answers each checkout's refusal (a DomainError) or null;
 * `recorded` runs in the same transaction once the orders are written (e.g. a link table).
 */
export type CheckoutGateItem = { buyerId: string; request: OrderRequest; quote: PricedOrder };
export type CheckoutGate = {
  name: string;
  check(tx: DbOrTx, items: CheckoutGateItem[], now: Date): Promise<(DomainError | null)[]>;
  recorded?(tx: DbOrTx, orders: { orderId: string; buyerId: string; request: OrderRequest }[]): Promise<void>;
};
export const checkoutGates = registry<CheckoutGate>();

/**
 * Called in the transaction that marks a batch of orders paid (checkout's group commit, so once
 * per batch, not per buyer): e.g. an ambassador's commission becomes pending exactly when the
 * order is paid. Keep it to a statement or two: a flash sale runs it for every batch.
 */
export type OrderPaidListener = { name: string; onPaid(tx: DbOrTx, orderIds: string[]): Promise<void> };
export const orderPaidListeners = registry<OrderPaidListener>();

export async function runOrderPaidListeners(tx: DbOrTx, orderIds: string[]) {
  if (orderIds.length) for (const l of orderPaidListeners.list()) await l.onPaid(tx, orderIds);
}
// Pricing hooks ------------------------------------------------------------------------------------
// Campaigns' price rules plug in here (src/links/sale-prices.ts): commerce records every price it
// writes, asks for sale prices where it shows or charges a price, and keeps an order line's sale.

/** A variant's price under a running price rule, and the reference price the law requires. */
export type SalePrice = { amount: number; referenceAmount: number; label: string; endsAt: Date; ruleId: string };
/** What an order line sold at a sale price keeps of it. */
export type LineSale = { label: string; referenceAmount: number; regularAmount: number; endsAt: Date };

export type PricingHooks = {
  name: string;
  /** Every price commerce writes (a new variant, a changed price), in the writer's transaction. */
  recordPrices(tx: DbOrTx, rows: { variantId: string; amount: number }[]): Promise<void>;
  /** The variants on sale now (one read for all of them); a variant not in the map has its regular price. */
  salePrices(db: DbOrTx, variantIds: string[]): Promise<Map<string, SalePrice>>;
  /** Keeps the sale of lines sold at a sale price, in the order's transaction. */
  recordLineSales(tx: DbOrTx, lines: { orderLineId: string; sale: LineSale }[]): Promise<void>;
  lineSales(db: DbOrTx, orderLineIds: string[]): Promise<Map<string, LineSale>>;
};

export const pricingHooks = registry<PricingHooks>();

export async function recordVariantPrices(tx: DbOrTx, rows: { variantId: string; amount: number }[]) {
  if (rows.length) for (const h of pricingHooks.list()) await h.recordPrices(tx, rows);
}

/** The best sale price of each variant on sale (several sources: the lowest for the buyer). */
export async function loadSalePrices(db: DbOrTx, variantIds: string[]): Promise<Map<string, SalePrice>> {
  const out = new Map<string, SalePrice>();
  if (variantIds.length === 0) return out;
  for (const h of pricingHooks.list())
    for (const [id, sale] of await h.salePrices(db, variantIds))
      if (!out.has(id) || sale.amount < out.get(id)!.amount) out.set(id, sale);
  return out;
}

export async function recordLineSales(tx: DbOrTx, lines: { orderLineId: string; sale: LineSale | undefined }[]) {
  const sold = lines.flatMap((l) => (l.sale ? [{ orderLineId: l.orderLineId, sale: l.sale }] : []));
  if (sold.length) for (const h of pricingHooks.list()) await h.recordLineSales(tx, sold);
}

export async function loadLineSales(db: DbOrTx, orderLineIds: string[]): Promise<Map<string, LineSale>> {
  const out = new Map<string, LineSale>();
  if (orderLineIds.length === 0) return out;
  for (const h of pricingHooks.list()) for (const [id, s] of await h.lineSales(db, orderLineIds)) out.set(id, s);
  return out;
}

// campaigns/editions: numbered limited editions, hooked into paying, stock and order reads -------

export type EditionHooks = {
  name: string;
  /** In the transaction that marks orders paid: numbers their edition lines (line id → numbers). */
  numberPaid(tx: DbOrTx, orderIds: string[]): Promise<Map<string, number[]>>;
  /** Units of an order that never go back to stock (numbered ones), by variant id. */
  keptUnits(tx: DbOrTx, orderId: string): Promise<Map<string, number>>;
  /** In a catalog write's transaction: refuses a stock or an edition size the edition cannot hold. */
  checkVariants(tx: DbOrTx, variantIds: string[]): Promise<void>;
  /** The numbers given to some order lines (line id → numbers). */
  lineNumbers(db: DbOrTx, lineIds: string[]): Promise<Map<string, number[]>>;
};
export const editionHooks = registry<EditionHooks>();

const mergeMaps = <V>(maps: Map<string, V>[], add: (a: V, b: V) => V) => {
  const out = new Map<string, V>();
  for (const m of maps) for (const [k, v] of m) out.set(k, out.has(k) ? add(out.get(k)!, v) : v);
  return out;
};

export async function numberPaidLines(tx: DbOrTx, orderIds: string[]): Promise<Map<string, number[]>> {
  const maps = [];
  for (const h of editionHooks.list()) if (orderIds.length) maps.push(await h.numberPaid(tx, orderIds));
  return mergeMaps(maps, (a, b) => [...a, ...b]);
}

export async function keptUnits(tx: DbOrTx, orderId: string): Promise<Map<string, number>> {
  const maps = [];
  for (const h of editionHooks.list()) maps.push(await h.keptUnits(tx, orderId));
  return mergeMaps(maps, (a, b) => a + b);
}

export async function checkVariantWrites(tx: DbOrTx, variantIds: string[]) {
  for (const h of editionHooks.list()) if (variantIds.length) await h.checkVariants(tx, variantIds);
}

export async function editionNumbersOf(db: DbOrTx, lineIds: string[]): Promise<Map<string, number[]>> {
  const maps = [];
  for (const h of editionHooks.list()) if (lineIds.length) maps.push(await h.lineNumbers(db, lineIds));
  return mergeMaps(maps, (a, b) => [...a, ...b]);
}

/** Order lines with their edition numbers attached (those that have some). */
export async function withEditionNumbers<L extends { id: string }>(
  db: DbOrTx,
  lines: L[],
): Promise<(L & { editionNumbers?: number[] })[]> {
  const numbers = await editionNumbersOf(
    db,
    lines.map((l) => l.id),
  );
  return numbers.size ? lines.map((l) => (numbers.has(l.id) ? { ...l, editionNumbers: numbers.get(l.id) } : l)) : lines;
}

// Order API fields ---------------------------------------------------------------------------------
/**
 * Fields other modules add to an order's JSON read (`GET /api/v1/orders/:id`), e.g. ambassadors'
 * `ambassador_id`. Every name in `fields` is present (null when the module has nothing), except
 * that a `teamOnly` field is left out for anyone but the brand's team (the buyer's read of their
 * order stays exactly the order placed).
 */
export type OrderApiField = {
  name: string;
  fields: string[];
  teamOnly: boolean;
  load(db: DbOrTx, orderIds: string[]): Promise<Map<string, Record<string, unknown>>>;
};
export const orderApiFields = registry<OrderApiField>();

export async function loadOrderApiFields(db: DbOrTx, orderId: string, asTeam: boolean) {
  const out: Record<string, unknown> = {};
  for (const f of orderApiFields.list()) {
    if (f.teamOnly && !asTeam) continue;
    const data = (await f.load(db, [orderId])).get(orderId);
    for (const name of f.fields) out[name] = data?.[name] ?? null;
  }
  return out;
}
