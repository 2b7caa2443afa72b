/**
 * The cart: lines per buyer and variant, remembering the price seen when added (so checkout can
 * say "the price changed") and the post it came from. Checkout is per brand: an order buys from
 * one brand, so the cart is shown and paid brand by brand.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound, unprocessable } from '../../../lib/errors';
import { MAX_LINE_QUANTITY, placeOrder, type OrderRequest, type PlacedOrder } from '../checkout';
import type { CommerceContext } from '../context';
import { shippingCost, vatIncluded } from '../money';
import { loadSalePrices, type SalePrice } from '../extensions';
import { type ClassRates, classRatesSql, lineRate, type RateTotal, shippingRate, vatByRate } from '../tax';

export const MAX_CART_LINES = 100;

export function checkQuantity(raw: unknown, field = 'quantity'): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw unprocessable('invalid_quantity', 'The quantity must be a whole number of at least 1', { field });
  if (n > MAX_LINE_QUANTITY)
    throw unprocessable('invalid_quantity', `At most ${MAX_LINE_QUANTITY} of one item`, { field });
  return n;
}

export function checkId(raw: unknown, code: string, what: string): string {
  if (typeof raw !== 'string' || !isUuid(raw.trim())) throw unprocessable(code, `${what} is missing or malformed`);
  return raw.trim().toLowerCase();
}

type VariantRow = {
  id: string;
  product_id: string;
  title: string;
  brand_id: string;
  status: string;
  price_amount: number;
  currency: string;
  stock: number;
};

async function sellableVariant(db: DbOrTx, variantId: string): Promise<VariantRow> {
  const [row] = await queryRows<VariantRow>(
    db,
    sql`select v.id, v.product_id, p.title, p.brand_id, p.status, v.price_amount, v.currency, v.stock
        from variants v join products p on p.id = v.product_id where v.id = ${variantId}`,
  );
  if (row?.status !== 'published')
    throw unprocessable('unknown_variant', 'This item does not exist or is not for sale', { variant_id: variantId });
  return row;
}

/** Adds to the cart (adding up with a line already there); the price seen is the current one. */
export async function addToCart(
  db: Db,
  accountId: string,
  input: { variantId: unknown; quantity?: unknown; sourceStatusId?: unknown },
) {
  const variantId = checkId(input.variantId, 'unknown_variant', 'variant_id');
  const quantity = input.quantity === undefined || input.quantity === '' ? 1 : checkQuantity(input.quantity);
  const source =
    typeof input.sourceStatusId === 'string' && isUuid(input.sourceStatusId)
      ? input.sourceStatusId.toLowerCase()
      : null;
  return db.transaction(async (tx) => {
    const variant = await sellableVariant(tx, variantId);
    // The price seen is the one shown: the sale price while a price rule runs.
    const seen = (await loadSalePrices(tx, [variantId])).get(variantId)?.amount ?? variant.price_amount;
    if (variant.brand_id === accountId) throw unprocessable('own_product', 'A brand cannot buy its own products');
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from cart_items where account_id = ${accountId} and variant_id <> ${variantId}`,
    );
    if (Number(n) >= MAX_CART_LINES)
      throw unprocessable('cart_full', `A cart holds at most ${MAX_CART_LINES} different items`);
    const [row] = await queryRows<{ quantity: number }>(
      tx,
      sql`insert into cart_items (account_id, variant_id, quantity, seen_price_amount, source_status_id)
          values (${accountId}, ${variantId}, ${quantity}, ${seen}, ${source})
          on conflict (account_id, variant_id) do update
            set quantity = least(cart_items.quantity + excluded.quantity, ${MAX_LINE_QUANTITY}),
                seen_price_amount = excluded.seen_price_amount,
                source_status_id = coalesce(excluded.source_status_id, cart_items.source_status_id)
          returning quantity`,
    );
    return { variantId, quantity: Number(row.quantity), title: variant.title };
  });
}

export async function setCartQuantity(db: Db, accountId: string, variantIdRaw: unknown, quantityRaw: unknown) {
  const variantId = checkId(variantIdRaw, 'unknown_variant', 'variant_id');
  const n =
    typeof quantityRaw === 'string' && quantityRaw.trim() === '0'
      ? 0
      : quantityRaw === 0
        ? 0
        : checkQuantity(quantityRaw);
  if (n === 0) return removeFromCart(db, accountId, variantId);
  const rows = await queryRows(
    db,
    sql`update cart_items set quantity = ${n} where account_id = ${accountId} and variant_id = ${variantId} returning variant_id`,
  );
  if (rows.length === 0) throw notFound('Cart item');
}

export async function removeFromCart(db: Db, accountId: string, variantIdRaw: unknown) {
  const variantId = checkId(variantIdRaw, 'unknown_variant', 'variant_id');
  await queryRows(db, sql`delete from cart_items where account_id = ${accountId} and variant_id = ${variantId}`);
}

/** The buyer accepts the current prices (after a "price changed" warning). */
export async function acceptCurrentPrices(db: Db, accountId: string, brandId?: string) {
  const rows = await queryRows<{ id: string; price_amount: number }>(
    db,
    sql`select v.id, v.price_amount from cart_items c join variants v on v.id = c.variant_id
        where c.account_id = ${accountId} ${brandId ? sql`and v.brand_id = ${brandId}` : sql``}`,
  );
  if (rows.length === 0) return;
  const sales = await loadSalePrices(
    db,
    rows.map((r) => r.id),
  );
  const seen = rows.map((r) => ({ id: r.id, amount: sales.get(r.id)?.amount ?? Number(r.price_amount) }));
  await queryRows(
    db,
    sql`update cart_items c set seen_price_amount = s.amount
        from json_to_recordset(${JSON.stringify(seen)}::json) as s(id uuid, amount int)
        where c.variant_id = s.id and c.account_id = ${accountId}`,
  );
}

export type CartLine = {
  variantId: string;
  productId: string;
  title: string;
  options: Record<string, string>;
  sku: string;
  quantity: number;
  unitAmount: number;
  seenAmount: number;
  currency: string;
  stock: number;
  published: boolean;
  priceChanged: boolean;
  /** While a price rule runs: unitAmount is its sale price. */
  sale?: SalePrice;
  image: string | null;
  kind: string;
  taxClass: string;
  sourceStatusId: string | null;
};
export type CartGroup = {
  brandId: string;
  brandUsername: string;
  brandName: string;
  currency: string;
  lines: CartLine[];
  subtotalAmount: number;
  priceChanged: boolean;
  problems: number;
};

/** The cart grouped by brand (brands in the order their first item was added). */
export async function getCart(db: DbOrTx, accountId: string, onlyBrandId?: string): Promise<CartGroup[]> {
  const rows = await queryRows<{
    variant_id: string;
    product_id: string;
    title: string;
    options: Record<string, string> | string;
    sku: string;
    quantity: number;
    seen_price_amount: number;
    price_amount: number;
    currency: string;
    stock: number;
    status: string;
    kind: string;
    tax_class: string;
    source_status_id: string | null;
    brand_id: string;
    username: string;
    display_name: string;
    image: string | null;
  }>(
    db,
    sql`select c.variant_id, p.id as product_id, p.title, v.options, v.sku, c.quantity, c.seen_price_amount, v.price_amount, v.currency, v.stock,
          p.status, p.kind, p.tax_class, c.source_status_id, a.id as brand_id, a.username, a.display_name,
          (select i.preview_path from product_images i where i.product_id = p.id order by i.position, i.id limit 1) as image
        from cart_items c
        join variants v on v.id = c.variant_id
        join products p on p.id = v.product_id
        join accounts a on a.id = p.brand_id
        where c.account_id = ${accountId} ${onlyBrandId ? sql`and p.brand_id = ${onlyBrandId}` : sql``}
        order by c.created_at, c.variant_id`,
  );
  const sales = await loadSalePrices(
    db,
    rows.map((r) => r.variant_id),
  );
  const groups = new Map<string, CartGroup>();
  for (const r of rows) {
    const sale = sales.get(r.variant_id);
    const unitAmount = sale?.amount ?? Number(r.price_amount);
    let g = groups.get(r.brand_id);
    if (!g)
      groups.set(
        r.brand_id,
        (g = {
          brandId: r.brand_id,
          brandUsername: r.username,
          brandName: r.display_name || r.username,
          currency: r.currency,
          lines: [],
          subtotalAmount: 0,
          priceChanged: false,
          problems: 0,
        }),
      );
    const line: CartLine = {
      variantId: r.variant_id,
      productId: r.product_id,
      title: r.title,
      options: typeof r.options === 'string' ? JSON.parse(r.options) : (r.options ?? {}),
      sku: r.sku,
      quantity: Number(r.quantity),
      unitAmount,
      seenAmount: Number(r.seen_price_amount),
      currency: r.currency,
      stock: Number(r.stock),
      published: r.status === 'published',
      priceChanged: unitAmount !== Number(r.seen_price_amount),
      ...(sale && { sale }),
      image: r.image,
      kind: r.kind,
      taxClass: r.tax_class,
      sourceStatusId: r.source_status_id,
    };
    g.lines.push(line);
    g.subtotalAmount += line.unitAmount * line.quantity;
    if (line.priceChanged) g.priceChanged = true;
    if (!line.published || line.stock < line.quantity) g.problems++;
  }
  return [...groups.values()];
}

export async function cartCount(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(quantity), 0)::int as n from cart_items where account_id = ${accountId}`,
  );
  return Number(row?.n ?? 0);
}

export type CheckoutChoice = Pick<
  OrderRequest,
  'paymentMethodId' | 'addressId' | 'shippingAddress' | 'shippingMethodId' | 'referral'
>;

/**
 * Pays one brand's part of the cart: the prices the buyer saw are the expected ones (a change
 * stops with 409 price_changed), then those lines leave the cart.
 */
export async function checkoutCart(
  ctx: CommerceContext,
  accountId: string,
  brandId: string,
  choice: CheckoutChoice,
  /** The request's Idempotency-Key, claimed by the route: let go with the order if this node dies. */
  heldKey: { scope: string; principal: string; key: string } | null = null,
): Promise<PlacedOrder> {
  const [group] = await getCart(ctx.db, accountId, brandId);
  if (!group || group.lines.length === 0) throw unprocessable('empty_cart', 'Your cart has nothing from this brand');
  const placed = await placeOrder(
    ctx,
    accountId,
    {
      ...choice,
      lines: group.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      expectedPrices: Object.fromEntries(group.lines.map((l) => [l.variantId, l.seenAmount])),
      sourceStatusId: group.lines.find((l) => l.sourceStatusId)?.sourceStatusId ?? null,
    },
    { heldKey },
  );
  await queryRows(
    ctx.db,
    sql`delete from cart_items where account_id = ${accountId} and variant_id in ${group.lines.map((l) => l.variantId)}`,
  );
  return placed;
}

// Summaries shown before paying --------------------------------------------------------------

export type ShippingOption = {
  id: string;
  kind: 'flat' | 'free_above' | 'pickup';
  name: string;
  amount: number;
  freeAboveAmount: number | null;
  currency: string;
  isDefault: boolean;
};

export async function shippingOptions(db: DbOrTx, brandId: string): Promise<ShippingOption[]> {
  const rows = await queryRows<{
    id: string;
    kind: ShippingOption['kind'];
    name: string;
    amount: number;
    free_above_amount: number | null;
    currency: string;
    is_default: boolean;
  }>(
    db,
    sql`select id, kind, name, amount, free_above_amount, currency, is_default from shipping_methods where brand_id = ${brandId} and active order by is_default desc, amount, id`,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    amount: Number(r.amount),
    freeAboveAmount: r.free_above_amount === null ? null : Number(r.free_above_amount),
    currency: r.currency,
    isDefault: r.is_default,
  }));
}

export type Estimate = {
  subtotalAmount: number;
  shippingAmount: number;
  vatAmount: number;
  totalAmount: number;
  currency: string;
  vatRateBp: number;
  /** VAT per rate when the products' tax classes differ (tax.ts). */
  vatRates: RateTotal[];
  country: string;
};

/**
 * The order summary shown before paying, computed as quoteOrder computes it (prices include VAT
 * at the destination's rate, shipping taxed at the same rate). The order itself is priced again
 * by quoteOrder when it is placed.
 */
export async function estimate(
  db: DbOrTx,
  lines: { unitAmount: number; quantity: number; kind: string; taxClass?: string }[],
  currency: string,
  method: ShippingOption | undefined,
  country = 'FR',
): Promise<Estimate> {
  const [rate] = await queryRows<{ rate_bp: number; class_rates: ClassRates | null }>(
    db,
    sql`select (select rate_bp from vat_rates where country = ${country}) as rate_bp, ${classRatesSql([country])} as class_rates`,
  );
  const countryRate = Number(rate?.rate_bp ?? 0);
  const rates = lines.map((l) => lineRate(rate?.class_rates, country, l.taxClass, countryRate));
  const rateBp = shippingRate(rates, countryRate);
  const subtotalAmount = lines.reduce((s, l) => s + l.unitAmount * l.quantity, 0);
  const physical = lines.some((l) => l.kind === 'physical');
  const shippingAmount = method ? shippingCost(method, subtotalAmount, physical) : 0;
  const taxed = lines.map((l, i) => {
    const total = l.unitAmount * l.quantity;
    return { vatRateBp: rates[i], totalAmount: total, vatAmount: vatIncluded(total, rates[i]) };
  });
  const vatRates = vatByRate(taxed, shippingAmount);
  const vatAmount = vatRates.reduce((s, r) => s + r.vat, 0);
  return {
    subtotalAmount,
    shippingAmount,
    vatAmount,
    totalAmount: subtotalAmount + shippingAmount,
    currency,
    vatRateBp: rateBp,
    vatRates,
    country,
  };
}

/** Sets the default address (the address book's "use by default"). */
export async function setDefaultAddress(db: Db, accountId: string, addressId: string) {
  await db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`select id from addresses where id = ${addressId} and account_id = ${accountId}`,
    );
    if (!row) throw notFound('Address');
    await queryRows(tx, sql`update addresses set is_default = (id = ${addressId}) where account_id = ${accountId}`);
  });
}
