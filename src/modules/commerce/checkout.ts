import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { AppError, conflict, unprocessable } from '../../http/errors';
import { enqueueMany } from '../../jobs/queue';
import { GroupCommit } from '../../lib/group-commit';
import type { CommerceContext } from './context';
import { checkAddress } from './addresses';
import { shippingCost, vatIncluded } from './money';
import { PaymentNetworkError, type AuthorizeResult } from './payments';
import type { Order, OrderEvent, OrderLine, Payment } from './orders';
import type { AddressSnapshot, ShippingKind } from './schema';

/** How long stock stays held for an order whose payment is not complete. */
export const RESERVATION_MINUTES = 15;
export const MAX_LINE_QUANTITY = 1000;

export type OrderRequest = {
  lines: { variantId: string; quantity: number }[];
  paymentMethodId: string;
  shippingAddress?: unknown;
  addressId?: string;
  shippingMethodId?: string;
  sourceStatusId?: string | null;
  /** Prices the buyer saw (cart): a different current price stops the checkout. */
  expectedPrices?: Record<string, number>;
};

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

/** One line per variant: two lines of one order on the same variant add up. */
export function mergeLines(lines: OrderRequest['lines']): { variantId: string; quantity: number }[] {
  if (!Array.isArray(lines) || lines.length === 0) throw unprocessable('no_lines', 'An order has at least one line');
  if (lines.length > 100) throw unprocessable('too_many_lines', 'An order has at most 100 lines');
  const merged = new Map<string, number>();
  for (const [index, line] of lines.entries()) {
    const quantity = line?.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      throw unprocessable('invalid_quantity', `Line ${index + 1}: the quantity must be a whole number of at least 1`, { line: index });
    }
    if (typeof line.variantId !== 'string') throw unprocessable('invalid_variant', `Line ${index + 1}: variant_id is required`, { line: index });
    merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + quantity);
  }
  for (const [variantId, quantity] of merged) {
    if (quantity > MAX_LINE_QUANTITY) throw unprocessable('invalid_quantity', `At most ${MAX_LINE_QUANTITY} of one item per order`, { variant_id: variantId });
  }
  return [...merged].map(([variantId, quantity]) => ({ variantId, quantity })).sort((a, b) => a.variantId.localeCompare(b.variantId));
}

/** Who buys from whom, as the order reply shows them (read with the quote, not again after). */
export type QuotePeople = {
  brand: { id: string; username: string; displayName: string };
  buyer: { id: string; username: string; displayName: string };
  paymentMethod: { id: string; provider: string; brand: string; last4: string };
};

type QuoteRow = {
  variants: { id: string; product_id: string; sku: string; options: Record<string, string>; price_amount: number; currency: string; title: string; status: string; kind: string; brand_id: string }[];
  payment: { id: string; provider: string; token: string; brand: string; last4: string } | null;
  address: { name: string; line1: string; line2: string; postal_code: string; city: string; country: string; phone: string } | null;
  shipping: { id: string; kind: ShippingKind; name: string; amount: number; free_above_amount: number | null; currency: string } | null;
  vat: Record<string, number> | null;
  people: Record<string, { username: string; display_name: string }> | null;
};

/**
 * Prices an order and checks everything that can be checked before touching stock: the variants
 * exist, are published and come from one brand in one currency; the payment method and address
 * are the buyer's; the shipping method is the brand's. Throws a 4xx naming the problem.
 * Everything it needs comes back from one statement: this runs once per checkout, under load.
 */
export async function quoteOrder(ctx: Pick<CommerceContext, 'db'>, buyerId: string, request: OrderRequest): Promise<Quote & QuotePeople> {
  const wanted = mergeLines(request.lines);
  for (const w of wanted) if (!isUuid(w.variantId)) throw unprocessable('unknown_variant', `Variant ${w.variantId} does not exist or is not for sale`, { variant_id: w.variantId });
  if (!isUuid(request.paymentMethodId)) throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');
  if (request.addressId !== undefined && !isUuid(request.addressId)) throw unprocessable('invalid_address', 'Choose one of your saved addresses');
  if (request.shippingMethodId !== undefined && !isUuid(request.shippingMethodId)) throw unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand');
  const given = request.addressId ? null : request.shippingAddress !== undefined && request.shippingAddress !== null ? checkAddress(request.shippingAddress) : null;
  const addressId = request.addressId ?? null;
  const [row] = await queryRows<QuoteRow>(
    ctx.db,
    sql`with v as (
          select v.id, v.product_id, v.sku, v.options, v.price_amount, v.currency, p.title, p.status, p.kind, p.brand_id
          from variants v join products p on p.id = v.product_id where v.id in ${wanted.map((w) => w.variantId)}),
        b as (select brand_id from v limit 1),
        a as (select name, line1, line2, postal_code, city, country, phone from addresses where id = ${addressId}::uuid and account_id = ${buyerId}::uuid)
        select
          (select json_agg(v) from v) as variants,
          (select json_build_object('id', id, 'provider', provider, 'token', provider_token, 'brand', card_brand, 'last4', last4)
             from payment_methods where id = ${request.paymentMethodId}::uuid and account_id = ${buyerId}::uuid) as payment,
          (select row_to_json(a) from a) as address,
          (select row_to_json(s) from (
             select id, kind, name, amount, free_above_amount, currency from shipping_methods
             where brand_id = (select brand_id from b) and active
               and case when ${request.shippingMethodId ?? null}::uuid is null then is_default else id = ${request.shippingMethodId ?? null}::uuid end
             limit 1) s) as shipping,
          (select json_object_agg(country, rate_bp) from vat_rates where country in (${given?.country ?? 'FR'}, coalesce((select country from a), 'FR'))) as vat,
          (select json_object_agg(id, json_build_object('username', username, 'display_name', display_name))
             from accounts where id in ((select brand_id from b), ${buyerId}::uuid)) as people`,
  );
  const byId = new Map((row.variants ?? []).map((v) => [v.id, v]));
  for (const w of wanted) {
    const variant = byId.get(w.variantId);
    if (!variant || variant.status !== 'published') throw unprocessable('unknown_variant', `Variant ${w.variantId} does not exist or is not for sale`, { variant_id: w.variantId });
  }
  const found = [...byId.values()];
  if (new Set(found.map((v) => v.brand_id)).size > 1) throw unprocessable('mixed_brands', 'An order buys from one brand; split the cart by brand');
  if (new Set(found.map((v) => v.currency)).size > 1) throw unprocessable('currency_mismatch', 'All items of an order must be priced in the same currency');
  const brandId = found[0].brand_id;
  const currency = found[0].currency;
  if (brandId === buyerId) throw unprocessable('own_product', 'A brand cannot buy its own products');
  for (const [variantId, seen] of Object.entries(request.expectedPrices ?? {})) {
    const current = byId.get(variantId)?.price_amount;
    if (current !== undefined && current !== seen) {
      throw conflict('price_changed', `The price of ${byId.get(variantId)!.title} changed since you added it; check the new price and try again`);
    }
  }
  const physical = found.some((v) => v.kind === 'physical');
  const payment = row.payment;
  if (!payment) throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');

  let address: AddressSnapshot | null = given;
  if (addressId) {
    if (!row.address) throw unprocessable('invalid_address', 'Choose one of your saved addresses');
    address = { ...row.address };
  }
  if (!address && physical) throw unprocessable('missing_address', 'A shipping address is required');
  const method = row.shipping;
  if (!method) {
    throw request.shippingMethodId ? unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand') : unprocessable('no_shipping_method', 'The brand offers no shipping method');
  }
  if (method.currency !== currency) throw unprocessable('currency_mismatch', 'The shipping method is priced in another currency');
  const rateBp = row.vat?.[address?.country ?? 'FR'];
  if (rateBp === undefined) throw unprocessable('unsupported_country', `We do not ship to ${address?.country} yet`);

  const lines: QuotedLine[] = wanted.map((w) => {
    const variant = byId.get(w.variantId)!;
    const totalAmount = variant.price_amount * w.quantity;
    return {
      variantId: variant.id,
      productId: variant.product_id,
      title: variant.title,
      sku: variant.sku,
      options: variant.options,
      quantity: w.quantity,
      unitAmount: variant.price_amount,
      vatRateBp: rateBp,
      vatAmount: vatIncluded(totalAmount, rateBp),
      totalAmount,
    };
  });
  const subtotalAmount = lines.reduce((sum, l) => sum + l.totalAmount, 0);
  const shippingAmount = shippingCost({ kind: method.kind, amount: method.amount, freeAboveAmount: method.free_above_amount }, subtotalAmount, physical);
  const vatAmount = lines.reduce((sum, l) => sum + l.vatAmount, 0) + vatIncluded(shippingAmount, rateBp);
  const person = (id: string) => ({ id, username: row.people?.[id]?.username ?? '', displayName: row.people?.[id]?.display_name ?? '' });
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

// Reservation --------------------------------------------------------------------------------

export class OutOfStockError extends AppError {
  constructor(title?: string) {
    super(409, 'out_of_stock', title ? `${title} is out of stock (or not in the quantity asked)` : 'Out of stock');
  }
}

/** An order as the reservation wrote it: the rows themselves, so nobody reads them back. */
export type ReservedOrder = { order: Order; lines: OrderLine[]; events: OrderEvent[] };

/**
 * Takes stock and records the unpaid order for a whole batch of checkouts in one transaction:
 * lock the batch's variant rows once (in id order: no deadlock between batches), give stock to
 * orders first come first served, all or nothing per order, then write every order, line, event
 * and expiry job with multi-row inserts. An order that cannot be served gets OutOfStockError.
 */
export async function reserveBatch(db: Db, quotes: Quote[], status: 'awaiting_payment' | 'pending_confirmation' = 'awaiting_payment', holdMinutes = RESERVATION_MINUTES): Promise<(ReservedOrder | Error)[]> {
  return db.transaction(async (tx) => {
    const variantIds = [...new Set(quotes.flatMap((q) => q.lines.map((l) => l.variantId)))].sort();
    const locked = await queryRows<{ id: string; stock: number }>(
      tx,
      sql`select id, stock from variants where id in ${variantIds} order by id for update`,
    );
    const before = new Map(locked.map((r) => [r.id, r.stock]));
    const stock = new Map(before);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + holdMinutes * 60_000);
    const results: (ReservedOrder | Error)[] = [];
    const accepted: ReservedOrder[] = [];
    for (const quote of quotes) {
      const short = quote.lines.find((l) => (stock.get(l.variantId) ?? 0) < l.quantity);
      if (short) {
        results.push(new OutOfStockError(short.title));
        continue;
      }
      for (const l of quote.lines) stock.set(l.variantId, stock.get(l.variantId)! - l.quantity);
      const reserved = reservedRows(quote, status, now, expiresAt);
      accepted.push(reserved);
      results.push(reserved);
    }
    if (accepted.length === 0) return results;
    const changed = [...stock].filter(([id, value]) => before.get(id) !== value);
    await queryRows(
      tx,
      sql`update variants set stock = v.stock from json_to_recordset(${JSON.stringify(changed.map(([id, value]) => ({ id, stock: value })))}::json) as v(id uuid, stock int)
          where variants.id = v.id`,
    );
    await insertOrders(tx, accepted);
    return results;
  });
}

/** The rows of one reserved order, exactly as insertOrders writes them. */
function reservedRows(q: Quote, status: 'awaiting_payment' | 'pending_confirmation', now: Date, expiresAt: Date): ReservedOrder {
  const orderId = uuidv7();
  const order: Order = {
    id: orderId,
    buyerId: q.buyerId,
    brandId: q.brandId,
    status,
    currency: q.currency,
    subtotalAmount: q.subtotalAmount,
    shippingAmount: q.shippingAmount,
    vatAmount: q.vatAmount,
    totalAmount: q.totalAmount,
    refundedAmount: 0,
    shippingMethodId: q.shippingMethod.id,
    shippingMethodName: q.shippingMethod.name,
    shippingAddress: q.address,
    paymentMethodId: q.payment.id,
    paymentRef: null,
    sourceStatusId: q.sourceStatusId,
    carrier: null,
    trackingNumber: null,
    expiresAt,
    createdAt: now,
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
  };
  const lines: OrderLine[] = q.lines.map((l) => ({
    id: uuidv7(),
    orderId,
    variantId: l.variantId,
    productId: l.productId,
    title: l.title,
    sku: l.sku,
    options: l.options,
    quantity: l.quantity,
    unitAmount: l.unitAmount,
    vatRateBp: l.vatRateBp,
    vatAmount: l.vatAmount,
    totalAmount: l.totalAmount,
  }));
  const event: OrderEvent = { id: uuidv7(), orderId, type: status === 'pending_confirmation' ? 'proposed' : 'created', actorId: q.buyerId, data: {}, createdAt: now };
  return { order, lines, events: [event] };
}

/**
 * Writes a batch's orders, lines, events and expiry jobs. Each table's rows travel as one JSON
 * parameter (json_to_recordset): the statement stays the same size whatever the batch, where a
 * VALUES list of 250 rows × 15 bound parameters cost the app more to build than the database to run.
 */
async function insertOrders(tx: DbOrTx, accepted: ReservedOrder[]) {
  const orders = accepted.map(({ order: o }) => ({
    id: o.id, buyer_id: o.buyerId, brand_id: o.brandId, status: o.status, currency: o.currency, subtotal_amount: o.subtotalAmount,
    shipping_amount: o.shippingAmount, vat_amount: o.vatAmount, total_amount: o.totalAmount, shipping_method_id: o.shippingMethodId,
    shipping_method_name: o.shippingMethodName, shipping_address: o.shippingAddress, payment_method_id: o.paymentMethodId,
    source_status_id: o.sourceStatusId, expires_at: o.expiresAt, created_at: o.createdAt,
  }));
  await queryRows(
    tx,
    sql`insert into orders (id, buyer_id, brand_id, status, currency, subtotal_amount, shipping_amount, vat_amount, total_amount,
          shipping_method_id, shipping_method_name, shipping_address, payment_method_id, source_status_id, expires_at, created_at)
        select * from json_to_recordset(${JSON.stringify(orders)}::json) as r(id uuid, buyer_id uuid, brand_id uuid, status text, currency text,
          subtotal_amount int, shipping_amount int, vat_amount int, total_amount int, shipping_method_id uuid, shipping_method_name text,
          shipping_address jsonb, payment_method_id uuid, source_status_id uuid, expires_at timestamptz, created_at timestamptz)`,
  );
  const lines = accepted.flatMap(({ lines }) =>
    lines.map((l) => ({
      id: l.id, order_id: l.orderId, variant_id: l.variantId, product_id: l.productId, title: l.title, sku: l.sku, options: l.options,
      quantity: l.quantity, unit_amount: l.unitAmount, vat_rate_bp: l.vatRateBp, vat_amount: l.vatAmount, total_amount: l.totalAmount,
    })),
  );
  await queryRows(
    tx,
    sql`insert into order_lines (id, order_id, variant_id, product_id, title, sku, options, quantity, unit_amount, vat_rate_bp, vat_amount, total_amount)
        select * from json_to_recordset(${JSON.stringify(lines)}::json) as r(id uuid, order_id uuid, variant_id uuid, product_id uuid, title text,
          sku text, options jsonb, quantity int, unit_amount int, vat_rate_bp int, vat_amount int, total_amount int)`,
  );
  await insertEvents(tx, accepted.flatMap((a) => a.events));
  // The hold's end (one time for the whole batch). The job finds a paid order and leaves it
  // alone, so paying needs not delete it.
  await enqueueMany(tx, 'order.expire', accepted.map(({ order }) => ({ orderId: order.id })), accepted[0].order.expiresAt!);
}

async function insertEvents(tx: DbOrTx, events: OrderEvent[]) {
  const rows = events.map((e) => ({ id: e.id, order_id: e.orderId, type: e.type, actor_id: e.actorId, data: e.data, created_at: e.createdAt }));
  await queryRows(
    tx,
    sql`insert into order_events (id, order_id, type, actor_id, data, created_at)
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, order_id uuid, type text, actor_id uuid, data jsonb, created_at timestamptz)`,
  );
}

/** Gives stock back for an order that will not be paid (declined, expired, cancelled before paying). */
export async function releaseStock(tx: DbOrTx, orderId: string) {
  await queryRows(
    tx,
    sql`update variants set stock = variants.stock + l.quantity
        from (select variant_id, sum(quantity)::int as quantity from order_lines where order_id = ${orderId} group by variant_id) l
        where variants.id = l.variant_id`,
  );
}

export function createReserver(db: Db, lanes: number) {
  return new GroupCommit<Quote, ReservedOrder>((quotes) => reserveBatch(db, quotes), lanes, 250, (q) => q.lines[0]?.variantId ?? '');
}
export type Reserver = ReturnType<typeof createReserver>;

// Payment ----------------------------------------------------------------------------------

/** A placed order; `rows` (when paid at once) is the order as written, for the reply. */
export type PlacedOrder = { orderId: string; status: 'paid' | 'awaiting_payment'; nextActionUrl?: string; rows?: ReservedOrder & { payments: Payment[] } };

/**
 * The whole checkout: quote, reserve (grouped with concurrent checkouts), authorize, then record
 * the outcome. A declined or failed payment gives the stock back and removes the order: the
 * checkout either completes or leaves no trace. A crash between reservation and payment is
 * cleaned up by the order.expire job (void any authorization, give stock back).
 */
export async function placeOrder(ctx: CommerceContext, buyerId: string, request: OrderRequest): Promise<PlacedOrder & { quote: Quote & QuotePeople }> {
  const quote = await quoteOrder(ctx, buyerId, request);
  const reserved = await ctx.reserver.submit(quote);
  const placed = await authorizeReserved(ctx, reserved.order.id, quote);
  if (placed.status !== 'paid' || !placed.paid) return { ...placed, quote };
  const { paid } = placed;
  const order = { ...reserved.order, status: 'paid' as const, paidAt: paid.paidAt, expiresAt: null, paymentRef: paid.payment.providerRef };
  return { orderId: placed.orderId, status: 'paid', quote, rows: { order, lines: reserved.lines, events: [...reserved.events, paid.event], payments: [paid.payment] } };
}

export async function authorizeReserved(ctx: CommerceContext, orderId: string, quote: Pick<Quote, 'payment' | 'totalAmount' | 'currency'>): Promise<PlacedOrder & { paid?: PaidRows }> {
  const provider = ctx.payments.get(quote.payment.provider);
  let result: AuthorizeResult;
  try {
    if (!provider) throw new PaymentNetworkError(`Payment provider ${quote.payment.provider} is not configured`);
    result = await provider.authorize({ methodToken: quote.payment.token, amount: quote.totalAmount, currency: quote.currency, idempotencyKey: `order:${orderId}:auth` });
  } catch (error) {
    await provider?.void(`order:${orderId}:auth`).catch(() => {});
    await abandonOrder(ctx.db, orderId);
    if (error instanceof PaymentNetworkError) throw new AppError(402, 'payment_unavailable', 'The payment could not be completed (provider unreachable); nothing was charged, please try again');
    throw error;
  }
  if (result.status === 'declined') {
    await abandonOrder(ctx.db, orderId);
    throw new AppError(402, 'payment_declined', 'The card was declined; nothing was charged');
  }
  if (result.status === 'requires_action') {
    await ctx.db.execute(sql`update orders set payment_ref = ${result.ref} where id = ${orderId}`);
    return { orderId, status: 'awaiting_payment', nextActionUrl: result.actionUrl };
  }
  const paid = await ctx.finalizer.submit({ orderId, provider: quote.payment.provider, ref: result.ref, amount: quote.totalAmount, currency: quote.currency });
  return { orderId, status: 'paid', paid };
}

/** Removes an unpaid order and gives its stock back, in one transaction. */
export async function abandonOrder(db: Db, orderId: string) {
  await db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(tx, sql`select id from orders where id = ${orderId} and status in ('awaiting_payment', 'pending_confirmation') for update`);
    if (!row) return;
    await releaseStock(tx, orderId);
    await queryRows(tx, sql`delete from jobs where kind = 'order.expire' and payload->>'orderId' = ${orderId} and done_at is null`);
    await queryRows(tx, sql`delete from orders where id = ${orderId}`);
  });
}

export type PaidOrder = { orderId: string; provider: string; ref: string; amount: number; currency: string };
/** What marking an order paid wrote: its paid time, payment row and timeline event. */
export type PaidRows = { paidAt: Date; payment: Payment; event: OrderEvent };

/**
 * Marks authorized orders paid, grouped like reservations: status, the payment row, the timeline
 * event and the follow-up job (notifications, e-mail, webhooks) in one transaction per batch.
 * Only an order still awaiting payment moves: a late confirmation after expiry changes nothing.
 */
export async function markPaidBatch(db: Db, paid: PaidOrder[]): Promise<(PaidRows | Error)[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const moved = await queryRows<{ id: string }>(
      tx,
      sql`update orders set status = 'paid', paid_at = ${now.toISOString()}::timestamptz, expires_at = null, payment_ref = p.ref
          from (values ${sql.join(paid.map((p) => sql`(${p.orderId}::uuid, ${p.ref})`), sql`, `)}) as p(id, ref)
          where orders.id = p.id and orders.status = 'awaiting_payment' returning orders.id`,
    );
    const ok = new Set(moved.map((m) => m.id));
    const rows = new Map<string, PaidRows>();
    for (const p of paid) {
      if (!ok.has(p.orderId) || rows.has(p.orderId)) continue;
      const payment: Payment = { id: uuidv7(), orderId: p.orderId, provider: p.provider, kind: 'authorization', providerRef: p.ref, amount: p.amount, currency: p.currency, status: 'succeeded', createdAt: now };
      rows.set(p.orderId, { paidAt: now, payment, event: { id: uuidv7(), orderId: p.orderId, type: 'paid', actorId: null, data: {}, createdAt: now } });
    }
    const done = [...rows.values()];
    if (done.length) {
      const rows = done.map(({ payment: p }) => ({ id: p.id, order_id: p.orderId, provider: p.provider, kind: p.kind, provider_ref: p.providerRef, amount: p.amount, currency: p.currency, status: p.status, created_at: p.createdAt }));
      await queryRows(
        tx,
        sql`insert into payments (id, order_id, provider, kind, provider_ref, amount, currency, status, created_at)
            select * from json_to_recordset(${JSON.stringify(rows)}::json)
              as r(id uuid, order_id uuid, provider text, kind text, provider_ref text, amount int, currency text, status text, created_at timestamptz)`,
      );
      await insertEvents(tx, done.map((d) => d.event));
      await enqueueMany(tx, 'order.event', done.map((d) => ({ orderId: d.payment.orderId, event: 'order.paid' })));
    }
    return paid.map((p) => rows.get(p.orderId) ?? new AppError(409, 'order_expired', 'The order expired before its payment completed'));
  });
}

export function createFinalizer(db: Db, lanes: number) {
  return new GroupCommit<PaidOrder, PaidRows>((paid) => markPaidBatch(db, paid), lanes, 250, (p) => p.orderId);
}
export type Finalizer = ReturnType<typeof createFinalizer>;

/**
 * Job: an unpaid order's hold ran out. Void whatever the provider may have authorized, then
 * give the stock back and drop the order. Idempotent: a paid or already gone order is left alone.
 */
export async function expireOrder(ctx: Pick<CommerceContext, 'db' | 'payments'>, orderId: string) {
  const [order] = await queryRows<{ status: string; payment_ref: string | null; provider: string | null }>(
    ctx.db,
    sql`select o.status, o.payment_ref, pm.provider from orders o left join payment_methods pm on pm.id = o.payment_method_id where o.id = ${orderId}`,
  );
  if (!order || (order.status !== 'awaiting_payment' && order.status !== 'pending_confirmation')) return;
  const provider = order.provider ? ctx.payments.get(order.provider) : undefined;
  await provider?.void(order.payment_ref ?? `order:${orderId}:auth`);
  await abandonOrder(ctx.db, orderId);
}
