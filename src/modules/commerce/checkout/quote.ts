/**
 * Pricing an order before any stock moves: the variants exist, are published and come from one
 * brand in one currency; the payment method and saved address are the buyer's; the shipping
 * method is the brand's; VAT from the delivery country and each product's tax class (tax.ts). A
 * batch of checkouts is priced from one statement (hydrate), then each by pure rules (price), so a
 * flash sale's 250 buyers cost the database one read instead of 250.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { isUuid } from '../../../db/ids';
import { conflict, DomainError, unprocessable } from '../../../lib/errors';
import { checkAddress } from '../shipping';
import { shippingCost, vatIncluded } from '../money';
import { type ClassRates, classRatesSql, lineRate, shippingRate } from '../tax';
import type { AddressSnapshot, ShippingKind } from '../schema';
import { type LineSale, loadSalePrices, type SalePrice } from '../extensions';

export const MAX_LINE_QUANTITY = 1000;

export type OrderRequest = {
  lines: { variantId: string; quantity: number }[];
  paymentMethodId: string;
  shippingAddress?: unknown;
  addressId?: string;
  shippingMethodId?: string;
  sourceStatusId?: string | null;
  /** The API refuses a source post that does not exist (422 unknown_status); carts and forms keep what they were given. */
  sourceMustExist?: boolean;
  /** Prices the buyer saw (cart): a different current price stops the checkout. */
  expectedPrices?: Record<string, number>;
  /** Bought through a campaign's pop-up store: checked and recorded by the checkout gates (extensions.ts). */
  popupId?: string | null;
  /**
   * Who sent the buyer (a fan's link): `code` from an API client that followed a link (`ref`),
   * `visitor` the referral cookie of a browser. Commerce never reads it: the checkout gates
   * record it with the order (ambassadors' attribution).
   */
  referral?: Referral | null;
  /** Server-side only (never from a request body): a pre-sale's draft product, at the prices agreed then. */
  presale?: { prices: Record<string, number> };
};

export type Referral = { code?: string | null; visitor?: string | null };

/** The first-party cookie a referral link sets (ambassadors); web checkouts pass it on as `referral.visitor`. */
export const REFERRAL_COOKIE = 'comptoir_ref';

export type QuotedLine = {
  variantId: string;
  productId: string;
  title: string;
  sku: string;
  options: Record<string, string>;
  quantity: number;
  unitAmount: number;
  vatRateBp: number;
  vatAmount: number;
  totalAmount: number;
  /** Sold under a price rule: its label and the reference price, kept on the order line. */
  sale?: LineSale;
};

export type Quote = {
  buyerId: string;
  brandId: string;
  currency: string;
  lines: QuotedLine[];
  subtotalAmount: number;
  shippingAmount: number;
  vatAmount: number;
  totalAmount: number;
  shippingMethod: { id: string; name: string };
  address: AddressSnapshot | null;
  payment: { id: string; provider: string; token: string };
  sourceStatusId: string | null;
};

/** Who buys from whom, as the order reply shows them (read with the quote, not again after). */
export type QuotePeople = {
  brand: { id: string; username: string; displayName: string };
  buyer: { id: string; username: string; displayName: string };
  paymentMethod: { id: string; provider: string; brand: string; last4: string };
};

export type PricedOrder = Quote & QuotePeople;
export type QuoteInput = { buyerId: string; request: OrderRequest };

/** One line per variant: two lines of one order on the same variant add up. */
export function mergeLines(lines: OrderRequest['lines']): { variantId: string; quantity: number }[] {
  if (!Array.isArray(lines) || lines.length === 0) throw unprocessable('no_lines', 'An order has at least one line');
  if (lines.length > 100) throw unprocessable('too_many_lines', 'An order has at most 100 lines');
  const merged = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const quantity = line?.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      throw unprocessable('invalid_quantity', `Line ${index + 1}: the quantity must be a whole number of at least 1`, {
        line: index,
      });
    }
    if (typeof line.variantId !== 'string')
      throw unprocessable('invalid_variant', `Line ${index + 1}: variant_id is required`, { line: index });
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + quantity);
  }
  for (const [variantId, quantity] of merged) {
    if (quantity > MAX_LINE_QUANTITY)
      throw unprocessable('invalid_quantity', `At most ${MAX_LINE_QUANTITY} of one item per order`, {
        variant_id: variantId,
      });
  }
  return [...merged]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => a.variantId.localeCompare(b.variantId));
}

/** A request that passed the checks needing no database: its merged lines and the address it gave. */
type Prepared = QuoteInput & { wanted: { variantId: string; quantity: number }[]; given: AddressSnapshot | null };

function prepare(input: QuoteInput): Prepared {
  const { request } = input;
  const wanted = mergeLines(request.lines);
  for (const w of wanted)
    if (!isUuid(w.variantId))
      throw unprocessable('unknown_variant', `Variant ${w.variantId} does not exist or is not for sale`, {
        variant_id: w.variantId,
      });
  if (!isUuid(request.paymentMethodId))
    throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');
  if (request.addressId !== undefined && !isUuid(request.addressId))
    throw unprocessable('invalid_address', 'Choose one of your saved addresses');
  if (request.shippingMethodId !== undefined && !isUuid(request.shippingMethodId))
    throw unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand');
  const given = request.addressId
    ? null
    : request.shippingAddress !== undefined && request.shippingAddress !== null
      ? checkAddress(request.shippingAddress)
      : null;
  return { ...input, wanted, given };
}

type VariantRow = {
  id: string;
  product_id: string;
  sku: string;
  options: Record<string, string>;
  price_amount: number;
  currency: string;
  title: string;
  status: string;
  kind: string;
  brand_id: string;
  tax_class: string;
};
type Hydrated = {
  variants: VariantRow[] | null;
  payments: { id: string; account_id: string; provider: string; token: string; brand: string; last4: string }[] | null;
  addresses: ({ id: string; account_id: string } & AddressSnapshot)[] | null;
  shipping:
    | {
        id: string;
        brand_id: string;
        is_default: boolean;
        kind: ShippingKind;
        name: string;
        amount: number;
        free_above_amount: number | null;
        currency: string;
      }[]
    | null;
  vat: Record<string, number> | null;
  /** Rates per country and tax class ("FR:reduced"). */
  class_rates: ClassRates | null;
  people: Record<string, { username: string; display_name: string }> | null;
  /** The source posts asked about (API) that exist. */
  sources: string[] | null;
};

const anyUuid = (values: Iterable<string>) => sql`any(${arrayLiteral(values)}::uuid[])`;

/** Everything the batch's prices depend on, in one statement. */
async function hydrate(db: DbOrTx, batch: Prepared[]): Promise<Hydrated> {
  const countries = new Set(['FR', ...batch.map((p) => p.given?.country ?? 'FR')]);
  const [row] = await preparedSqlRows<Hydrated>(
    db,
    sql`with v as (
          select v.id, v.product_id, v.sku, v.options, v.price_amount, v.currency, p.title, p.status, p.kind, p.brand_id, p.tax_class
          from variants v join products p on p.id = v.product_id where v.id = ${anyUuid(batch.flatMap((p) => p.wanted.map((w) => w.variantId)))}),
        a as (select id, account_id, name, line1, line2, postal_code, city, country, phone from addresses
              where id = ${anyUuid(batch.flatMap((p) => (p.request.addressId ? [p.request.addressId] : [])))})
        select
          (select json_agg(v) from v) as variants,
          (select json_agg(json_build_object('id', id, 'account_id', account_id, 'provider', provider, 'token', provider_token, 'brand', card_brand, 'last4', last4))
             from payment_methods where id = ${anyUuid(batch.map((p) => p.request.paymentMethodId))}) as payments,
          (select json_agg(a) from a) as addresses,
          (select json_agg(s) from (
             select id, brand_id, is_default, kind, name, amount, free_above_amount, currency from shipping_methods
             where active and brand_id in (select brand_id from v)
               and (is_default or id = ${anyUuid(batch.flatMap((p) => (p.request.shippingMethodId ? [p.request.shippingMethodId] : [])))})
             order by id) s) as shipping,
          (select json_object_agg(country, rate_bp) from vat_rates
             where country = any(${arrayLiteral(countries)}::text[]) or country in (select country from a)) as vat,
          ${classRatesSql(countries, sql`(select country from a)`)} as class_rates,
          (select json_object_agg(id, json_build_object('username', username, 'display_name', display_name))
             from accounts where id in (select brand_id from v) or id = ${anyUuid(batch.map((p) => p.buyerId))}) as people,
          (select json_agg(id) from statuses where id = ${anyUuid(batch.flatMap((p) => (p.request.sourceMustExist && p.request.sourceStatusId ? [p.request.sourceStatusId] : [])))}) as sources`,
  );
  return row;
}

/** A rule's 4xx as a value: one checkout's problem must not stop the rest of its batch. */
function problemOrValue<T>(work: () => T): T | DomainError {
  try {
    return work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** Prices many checkouts at once: each gets its quote, or the 4xx that names its problem. */
export async function quoteOrders(db: DbOrTx, inputs: QuoteInput[]): Promise<(PricedOrder | DomainError)[]> {
  const prepared = inputs.map((input) => problemOrValue(() => prepare(input)));
  const ready = prepared.filter((p): p is Prepared => !(p instanceof DomainError));
  if (ready.length === 0) return prepared as DomainError[];
  const h = await hydrate(db, ready);
  const found = {
    variants: new Map((h.variants ?? []).map((v) => [v.id, v])),
    payments: new Map((h.payments ?? []).map((p) => [p.id, p])),
    addresses: new Map((h.addresses ?? []).map((a) => [a.id, a])),
    // The batch's sale prices at the quote's time, in one read (campaigns' price rules).
    sales: await loadSalePrices(
      db,
      (h.variants ?? []).map((v) => v.id),
    ),
  };
  return prepared.map((p) => (p instanceof DomainError ? p : problemOrValue(() => price(p, h, found))));
}

/** Prices one checkout (the batch of one). */
export async function quoteOrder(ctx: { db: DbOrTx }, buyerId: string, request: OrderRequest): Promise<PricedOrder> {
  const [quote] = await quoteOrders(ctx.db, [{ buyerId, request }]);
  if (quote instanceof DomainError) throw quote;
  return quote;
}

type Found = {
  variants: Map<string, VariantRow>;
  payments: Map<string, NonNullable<Hydrated['payments']>[number]>;
  addresses: Map<string, NonNullable<Hydrated['addresses']>[number]>;
  sales: Map<string, SalePrice>;
};

/** The rules, in the order a buyer should hear about problems. */
function price(p: Prepared, h: Hydrated, found: Found): PricedOrder {
  const { buyerId, request, wanted, given } = p;
  for (const w of wanted) {
    const variant = found.variants.get(w.variantId);
    if (variant?.status !== 'published' && !(variant && request.presale?.prices[variant.id] !== undefined))
      throw unprocessable('unknown_variant', `Variant ${w.variantId} does not exist or is not for sale`, {
        variant_id: w.variantId,
      });
  }
  const variants = wanted.map((w) => found.variants.get(w.variantId)!);
  if (new Set(variants.map((v) => v.brand_id)).size > 1)
    throw unprocessable('mixed_brands', 'An order buys from one brand; split the cart by brand');
  if (new Set(variants.map((v) => v.currency)).size > 1)
    throw unprocessable('currency_mismatch', 'All items of an order must be priced in the same currency');
  const brandId = variants[0].brand_id;
  const currency = variants[0].currency;
  if (brandId === buyerId) throw unprocessable('own_product', 'A brand cannot buy its own products');
  for (const [variantId, seen] of Object.entries(request.expectedPrices ?? {})) {
    const current = found.variants.get(variantId);
    const now = found.sales.get(variantId)?.amount ?? current?.price_amount;
    if (current && wanted.some((w) => w.variantId === variantId) && now !== seen) {
      throw conflict(
        'price_changed',
        `The price of ${current.title} changed since you added it; check the new price and try again`,
      );
    }
  }
  if (
    request.sourceMustExist &&
    request.sourceStatusId &&
    !(h.sources ?? []).includes(request.sourceStatusId.toLowerCase())
  ) {
    throw unprocessable('unknown_status', 'source_status_id is not a post', { field: 'source_status_id' });
  }
  const physical = variants.some((v) => v.kind === 'physical');
  const payment = found.payments.get(request.paymentMethodId);
  if (!payment || payment.account_id !== buyerId)
    throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');

  let address: AddressSnapshot | null = given;
  if (request.addressId) {
    const saved = found.addresses.get(request.addressId);
    if (!saved || saved.account_id !== buyerId)
      throw unprocessable('invalid_address', 'Choose one of your saved addresses');
    const { id: _id, account_id: _owner, ...snapshot } = saved;
    address = snapshot;
  }
  if (!address && physical) throw unprocessable('missing_address', 'A shipping address is required');
  const method = (h.shipping ?? []).find(
    (s) => s.brand_id === brandId && (request.shippingMethodId ? s.id === request.shippingMethodId : s.is_default),
  );
  if (!method) {
    throw request.shippingMethodId
      ? unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand')
      : unprocessable('no_shipping_method', 'The brand offers no shipping method');
  }
  if (method.currency !== currency)
    throw unprocessable('currency_mismatch', 'The shipping method is priced in another currency');
  const rateBp = h.vat?.[address?.country ?? 'FR'];
  if (rateBp === undefined) throw unprocessable('unsupported_country', `We do not ship to ${address?.country} yet`);

  const country = address?.country ?? 'FR';
  const lines: QuotedLine[] = variants.map((variant, i) => {
    const quantity = wanted[i].quantity;
    const sale = found.sales.get(variant.id);
    const unitAmount = request.presale?.prices[variant.id] ?? sale?.amount ?? variant.price_amount;
    const totalAmount = unitAmount * quantity;
    const lineRateBp = lineRate(h.class_rates, country, variant.tax_class, rateBp);
    return {
      variantId: variant.id,
      productId: variant.product_id,
      title: variant.title,
      sku: variant.sku,
      options: variant.options,
      quantity,
      unitAmount,
      vatRateBp: lineRateBp,
      vatAmount: vatIncluded(totalAmount, lineRateBp),
      totalAmount,
      ...(sale && {
        sale: {
          label: sale.label,
          referenceAmount: sale.referenceAmount,
          regularAmount: variant.price_amount,
          endsAt: sale.endsAt,
        },
      }),
    };
  });
  const subtotalAmount = lines.reduce((sum, l) => sum + l.totalAmount, 0);
  const shippingAmount = shippingCost(
    { kind: method.kind, amount: method.amount, freeAboveAmount: method.free_above_amount },
    subtotalAmount,
    physical,
  );
  const shippingRateBp = shippingRate(
    lines.map((l) => l.vatRateBp),
    rateBp,
  );
  const vatAmount = lines.reduce((sum, l) => sum + l.vatAmount, 0) + vatIncluded(shippingAmount, shippingRateBp);
  const person = (id: string) => ({
    id,
    username: h.people?.[id]?.username ?? '',
    displayName: h.people?.[id]?.display_name ?? '',
  });
  return {
    buyerId,
    brandId,
    currency,
    lines,
    subtotalAmount,
    shippingAmount,
    vatAmount,
    totalAmount: subtotalAmount + shippingAmount,
    shippingMethod: { id: method.id, name: method.name },
    address,
    payment: { id: payment.id, provider: payment.provider, token: payment.token },
    sourceStatusId: request.sourceStatusId ?? null,
    brand: person(brandId),
    buyer: person(buyerId),
    paymentMethod: { id: payment.id, provider: payment.provider, brand: payment.brand, last4: payment.last4 },
  };
}
