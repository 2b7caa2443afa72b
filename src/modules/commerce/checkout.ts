import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { AppError, conflict, unprocessable } from '../../http/errors';
import { enqueue } from '../../jobs/queue';
import { GroupCommit } from '../../lib/group-commit';
import type { CommerceContext } from './context';
import { checkAddress } from './addresses';
import { shippingCost, vatIncluded } from './money';
import { PaymentNetworkError, type AuthorizeResult } from './payments';
import { addresses, paymentMethods, products, shippingMethods, variants, vatRates, type AddressSnapshot } from './schema';

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

/**
 * Prices an order and checks everything that can be checked before touching stock: the variants
 * exist, are published and come from one brand in one currency; the payment method and address
 * are the buyer's; the shipping method is the brand's. Throws a 4xx naming the problem.
 */
export async function quoteOrder(ctx: Pick<CommerceContext, 'db'>, buyerId: string, request: OrderRequest): Promise<Quote> {
  const wanted = mergeLines(request.lines);
  const rows = await ctx.db
    .select({ variant: variants, product: { id: products.id, title: products.title, status: products.status, kind: products.kind, brandId: products.brandId } })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.id, wanted.map((w) => w.variantId)));
  const byId = new Map(rows.map((r) => [r.variant.id, r]));
  for (const w of wanted) {
    const row = byId.get(w.variantId);
    if (!row || row.product.status !== 'published') throw unprocessable('unknown_variant', `Variant ${w.variantId} does not exist or is not for sale`, { variant_id: w.variantId });
  }
  const brandIds = new Set(rows.map((r) => r.product.brandId));
  if (brandIds.size > 1) throw unprocessable('mixed_brands', 'An order buys from one brand; split the cart by brand');
  const currencies = new Set(rows.map((r) => r.variant.currency));
  if (currencies.size > 1) throw unprocessable('currency_mismatch', 'All items of an order must be priced in the same currency');
  const brandId = rows[0].product.brandId;
  const currency = rows[0].variant.currency;
  if (brandId === buyerId) throw unprocessable('own_product', 'A brand cannot buy its own products');
  for (const [variantId, seen] of Object.entries(request.expectedPrices ?? {})) {
    const current = byId.get(variantId)?.variant.priceAmount;
    if (current !== undefined && current !== seen) {
      throw conflict('price_changed', `The price of ${byId.get(variantId)!.product.title} changed since you added it; check the new price and try again`);
    }
  }
  const physical = rows.some((r) => r.product.kind === 'physical');

  const [payment] = await ctx.db
    .select({ id: paymentMethods.id, provider: paymentMethods.provider, token: paymentMethods.providerToken })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, request.paymentMethodId ?? ''), eq(paymentMethods.accountId, buyerId)));
  if (!payment) throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');

  const address = await resolveAddress(ctx.db, buyerId, request, physical);
  const method = await resolveShipping(ctx.db, brandId, request.shippingMethodId, currency);
  const [rate] = address
    ? await ctx.db.select({ rateBp: vatRates.rateBp }).from(vatRates).where(eq(vatRates.country, address.country))
    : await ctx.db.select({ rateBp: vatRates.rateBp }).from(vatRates).where(eq(vatRates.country, 'FR'));
  if (!rate) throw unprocessable('unsupported_country', `We do not ship to ${address?.country} yet`);

  const lines: QuotedLine[] = wanted.map((w) => {
    const { variant, product } = byId.get(w.variantId)!;
    const totalAmount = variant.priceAmount * w.quantity;
    return {
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      sku: variant.sku,
      options: variant.options,
      quantity: w.quantity,
      unitAmount: variant.priceAmount,
      vatRateBp: rate.rateBp,
      vatAmount: vatIncluded(totalAmount, rate.rateBp),
      totalAmount,
    };
  });
  const subtotalAmount = lines.reduce((sum, l) => sum + l.totalAmount, 0);
  const shippingAmount = shippingCost(method, subtotalAmount, physical);
  const vatAmount = lines.reduce((sum, l) => sum + l.vatAmount, 0) + vatIncluded(shippingAmount, rate.rateBp);
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
    payment,
    sourceStatusId: request.sourceStatusId ?? null,
  };
}

async function resolveAddress(db: Db, buyerId: string, request: OrderRequest, physical: boolean): Promise<AddressSnapshot | null> {
  if (request.addressId) {
    const [row] = await db.select().from(addresses).where(and(eq(addresses.id, request.addressId), eq(addresses.accountId, buyerId)));
    if (!row) throw unprocessable('invalid_address', 'Choose one of your saved addresses');
    return { name: row.name, line1: row.line1, line2: row.line2, postal_code: row.postalCode, city: row.city, country: row.country, phone: row.phone };
  }
  if (request.shippingAddress !== undefined && request.shippingAddress !== null) return checkAddress(request.shippingAddress);
  if (physical) throw unprocessable('missing_address', 'A shipping address is required');
  return null;
}

async function resolveShipping(db: Db, brandId: string, methodId: string | undefined, currency: string) {
  const rows = await db
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true), methodId ? eq(shippingMethods.id, methodId) : eq(shippingMethods.isDefault, true)))
    .limit(1);
  const method = rows[0];
  if (!method) {
    throw methodId ? unprocessable('invalid_shipping_method', 'This shipping method is not offered by the brand') : unprocessable('no_shipping_method', 'The brand offers no shipping method');
  }
  if (method.currency !== currency) throw unprocessable('currency_mismatch', 'The shipping method is priced in another currency');
  return method;
}

// Reservation --------------------------------------------------------------------------------

export class OutOfStockError extends AppError {
  constructor(title?: string) {
    super(409, 'out_of_stock', title ? `${title} is out of stock (or not in the quantity asked)` : 'Out of stock');
  }
}

/**
 * Takes stock and records the unpaid order for a whole batch of checkouts in one transaction:
 * lock the batch's variant rows once (in id order: no deadlock between batches), give stock to
 * orders first come first served, all or nothing per order, then write every order, line, event
 * and expiry job with multi-row inserts. An order that cannot be served gets OutOfStockError.
 */
export async function reserveBatch(db: Db, quotes: Quote[], status: 'awaiting_payment' | 'pending_confirmation' = 'awaiting_payment', holdMinutes = RESERVATION_MINUTES): Promise<(string | Error)[]> {
  return db.transaction(async (tx) => {
    const variantIds = [...new Set(quotes.flatMap((q) => q.lines.map((l) => l.variantId)))].sort();
    const locked = await queryRows<{ id: string; stock: number }>(
      tx,
      sql`select id, stock from variants where id in ${variantIds} order by id for update`,
    );
    const stock = new Map(locked.map((r) => [r.id, r.stock]));
    const results: (string | Error)[] = [];
    const accepted: { quote: Quote; orderId: string }[] = [];
    for (const quote of quotes) {
      const short = quote.lines.find((l) => (stock.get(l.variantId) ?? 0) < l.quantity);
      if (short) {
        results.push(new OutOfStockError(short.title));
        continue;
      }
      for (const l of quote.lines) stock.set(l.variantId, stock.get(l.variantId)! - l.quantity);
      const orderId = uuidv7();
      accepted.push({ quote, orderId });
      results.push(orderId);
    }
    if (accepted.length === 0) return results;
    const changed = [...stock].filter(([id, value]) => locked.find((r) => r.id === id)!.stock !== value);
    await queryRows(
      tx,
      sql`update variants set stock = v.stock from (values ${sql.join(
        changed.map(([id, value]) => sql`(${id}::uuid, ${value}::int)`),
        sql`, `,
      )}) as v(id, stock) where variants.id = v.id`,
    );
    const expiresAt = new Date(Date.now() + holdMinutes * 60_000);
    await insertOrders(tx, accepted, status, expiresAt);
    return results;
  });
}

async function insertOrders(tx: DbOrTx, accepted: { quote: Quote; orderId: string }[], status: string, expiresAt: Date) {
  const at = expiresAt.toISOString();
  await queryRows(
    tx,
    sql`insert into orders (id, buyer_id, brand_id, status, currency, subtotal_amount, shipping_amount, vat_amount, total_amount,
          shipping_method_id, shipping_method_name, shipping_address, payment_method_id, source_status_id, expires_at)
        values ${sql.join(
          accepted.map(
            ({ quote: q, orderId }) =>
              sql`(${orderId}, ${q.buyerId}, ${q.brandId}, ${status}, ${q.currency}, ${q.subtotalAmount}, ${q.shippingAmount}, ${q.vatAmount}, ${q.totalAmount},
                   ${q.shippingMethod.id}, ${q.shippingMethod.name}, ${q.address ? JSON.stringify(q.address) : null}::jsonb, ${q.payment.id}, ${q.sourceStatusId}, ${at}::timestamptz)`,
          ),
          sql`, `,
        )}`,
  );
  await queryRows(
    tx,
    sql`insert into order_lines (id, order_id, variant_id, product_id, title, sku, options, quantity, unit_amount, vat_rate_bp, vat_amount, total_amount)
        values ${sql.join(
          accepted.flatMap(({ quote, orderId }) =>
            quote.lines.map(
              (l) =>
                sql`(${uuidv7()}, ${orderId}, ${l.variantId}, ${l.productId}, ${l.title}, ${l.sku}, ${JSON.stringify(l.options)}::jsonb, ${l.quantity}, ${l.unitAmount}, ${l.vatRateBp}, ${l.vatAmount}, ${l.totalAmount})`,
            ),
          ),
          sql`, `,
        )}`,
  );
  await queryRows(
    tx,
    sql`insert into order_events (id, order_id, type, actor_id, data) values ${sql.join(
      accepted.map(({ quote, orderId }) => sql`(${uuidv7()}, ${orderId}, ${status === 'pending_confirmation' ? 'proposed' : 'created'}, ${quote.buyerId}, '{}'::jsonb)`),
      sql`, `,
    )}`,
  );
  await queryRows(
    tx,
    sql`insert into jobs (id, kind, payload, run_at) values ${sql.join(
      accepted.map(({ orderId }) => sql`(${uuidv7()}, 'order.expire', ${JSON.stringify({ orderId })}::jsonb, ${at}::timestamptz)`),
      sql`, `,
    )}`,
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
  return new GroupCommit<Quote, string>((quotes) => reserveBatch(db, quotes), lanes, 250, (q) => q.lines[0]?.variantId ?? '');
}
export type Reserver = ReturnType<typeof createReserver>;

// Payment ----------------------------------------------------------------------------------

export type PlacedOrder = { orderId: string; status: 'paid' | 'awaiting_payment'; nextActionUrl?: string };

/**
 * The whole checkout: quote, reserve (grouped with concurrent checkouts), authorize, then record
 * the outcome. A declined or failed payment gives the stock back and removes the order: the
 * checkout either completes or leaves no trace. A crash between reservation and payment is
 * cleaned up by the order.expire job (void any authorization, give stock back).
 */
export async function placeOrder(ctx: CommerceContext, buyerId: string, request: OrderRequest): Promise<PlacedOrder> {
  const quote = await quoteOrder(ctx, buyerId, request);
  const orderId = await ctx.reserver.submit(quote);
  return authorizeReserved(ctx, orderId, quote);
}

export async function authorizeReserved(ctx: CommerceContext, orderId: string, quote: Pick<Quote, 'payment' | 'totalAmount' | 'currency'>): Promise<PlacedOrder> {
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
  await ctx.finalizer.submit({ orderId, provider: quote.payment.provider, ref: result.ref, amount: quote.totalAmount, currency: quote.currency });
  return { orderId, status: 'paid' };
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

/**
 * Marks authorized orders paid, grouped like reservations: status, the payment row, the timeline
 * event and the follow-up job (notifications, e-mail, webhooks) in one transaction per batch.
 * Only an order still awaiting payment moves: a late confirmation after expiry changes nothing.
 */
export async function markPaidBatch(db: Db, paid: PaidOrder[]): Promise<(boolean | Error)[]> {
  return db.transaction(async (tx) => {
    const moved = await queryRows<{ id: string }>(
      tx,
      sql`update orders set status = 'paid', paid_at = now(), expires_at = null, payment_ref = p.ref
          from (values ${sql.join(paid.map((p) => sql`(${p.orderId}::uuid, ${p.ref})`), sql`, `)}) as p(id, ref)
          where orders.id = p.id and orders.status = 'awaiting_payment' returning orders.id`,
    );
    const ok = new Set(moved.map((m) => m.id));
    const done = paid.filter((p) => ok.has(p.orderId));
    if (done.length) {
      await queryRows(
        tx,
        sql`insert into payments (id, order_id, provider, kind, provider_ref, amount, currency, status) values ${sql.join(
          done.map((p) => sql`(${uuidv7()}, ${p.orderId}, ${p.provider}, 'authorization', ${p.ref}, ${p.amount}, ${p.currency}, 'succeeded')`),
          sql`, `,
        )}`,
      );
      await queryRows(tx, sql`insert into order_events (id, order_id, type, data) values ${sql.join(done.map((p) => sql`(${uuidv7()}, ${p.orderId}, 'paid', '{}'::jsonb)`), sql`, `)}`);
      await queryRows(tx, sql`delete from jobs where kind = 'order.expire' and done_at is null and payload->>'orderId' in ${done.map((p) => p.orderId)}`);
      for (const p of done) await enqueue(tx, 'order.event', { orderId: p.orderId, event: 'order.paid' });
    }
    return paid.map((p) => ok.has(p.orderId) || new AppError(409, 'order_expired', 'The order expired before its payment completed'));
  });
}

export function createFinalizer(db: Db, lanes: number) {
  return new GroupCommit<PaidOrder, boolean>((paid) => markPaidBatch(db, paid), lanes, 250, (p) => p.orderId);
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
