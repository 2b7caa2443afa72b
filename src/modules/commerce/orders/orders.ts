/**
 * The order lifecycle after checkout: what the buyer and the brand's team may see and do.
 *
 *   awaiting_payment ─confirm─▶ paid ─prepare─▶ preparing ─ship─▶ shipped ─deliver─▶ delivered
 *   (pending_confirmation, awaiting_payment, paid, preparing) ─cancel─▶ cancelled
 *   (paid … delivered) ─refund (all that is left)─▶ refunded; a partial refund keeps the status
 *
 * Every transition is one guarded UPDATE (`where status in (...)`): two clicks racing on "ship"
 * move the order once, the loser gets 409 `invalid_transition`. The same transaction writes the
 * timeline row (order_events), enqueues `order.event` (notification, e-mail, webhooks) and
 * records any money movement as a `pending` payment row. The provider is called after commit
 * (`settlePayments`), inline and again from the `order.payments` job if that fails, with
 * idempotency keys (`order:<id>:capture`, `order:<id>:refund:<payment id>`): the database says
 * what must happen, the provider call is retried until it has.
 *
 * Who may do what: the buyer sees and cancels their own orders and asks for returns; a brand's
 * team (permission `orders`: owner, admin, community manager, staff) sees the brand's orders and
 * moves them along; refunds need `refund` (owner, admin). Anyone else gets 404, so an order's
 * existence never leaks.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../../http/errors';
import { enqueue } from '../../../jobs/queue';
import { accounts, credentials, roleAllows, roleIn, type BrandRole, type Permission } from '../../accounts';
import { withStoredImages, type MediaStore } from '../../media/images';
import { abandonOrder, releaseStock, type Finalizer } from '../checkout/place';
import { runOrderStepListeners } from '../extensions';
import { CURRENCIES } from '../money';
import { PaymentNetworkError, type PaymentProviders } from '../payments/providers';
import {
  orderEvents,
  orderLines,
  orders,
  orderStatuses,
  paymentMethods,
  payments,
  returnRequests,
  shippingKinds,
  shippingMethods,
  type OrderStatus,
  type ShippingKind,
} from '../schema';

export type OrdersContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir'> & Partial<Pick<Config, 'mediaMaxBytes'>>;
  payments: PaymentProviders;
  finalizer: Finalizer;
  media: MediaStore;
};

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type ReturnRequest = typeof returnRequests.$inferSelect;
export type ShippingMethod = typeof shippingMethods.$inferSelect;

/** Order steps that notify the buyer and can be sent to webhooks (as `order.<step>`). */
export const orderEventNames = [
  'paid',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
  'return_requested',
  'return_accepted',
  'return_refused',
  'return_received',
  'return_refunded',
  'repaired',
] as const;
export type OrderEventName = (typeof orderEventNames)[number];
export const webhookEventNames = orderEventNames.map((e) => `order.${e}` as const);

export const CANCELLABLE: OrderStatus[] = ['pending_confirmation', 'awaiting_payment', 'paid', 'preparing'];
export const REFUNDABLE: OrderStatus[] = ['paid', 'preparing', 'shipped', 'delivered'];
const OPEN_RETURN = ['requested', 'accepted', 'received'] as const;
export const MAX_RETURN_PHOTOS = 4;

/** A short reference for people (e-mails, CSV, pages): the end of the id, which is random. */
export const orderNumber = (id: string) => id.replace(/-/g, '').slice(-8).toUpperCase();

// Access ----------------------------------------------------------------------------------------

type Access = { order: Order; as: 'buyer' | 'team'; role: BrandRole | null };

/** The role of an account on a brand's team; the brand account itself counts as its owner. */
export async function teamRole(db: Db, brandId: string, accountId: string): Promise<BrandRole | null> {
  if (brandId === accountId) return 'owner';
  return roleIn({ db }, brandId, accountId);
}


async function loadOrder(db: DbOrTx, orderId: string): Promise<Order | null> {
  if (!isUuid(orderId)) return null;
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row ?? null;
}

/**
 * The order if `actorId` may act on it: `view` (buyer or team), `buyer` (the buyer only), or a
 * team permission. 404 to anyone with no claim to it; 403 to a buyer or team member whose role
 * does not allow the action.
 */
export async function orderAccess(db: Db, actorId: string, orderId: string, need: 'view' | 'buyer' | Permission): Promise<Access> {
  const order = await loadOrder(db, orderId);
  if (!order) throw notFound('Order');
  const isBuyer = order.buyerId === actorId;
  if (need === 'buyer') {
    if (!isBuyer) throw notFound('Order');
    return { order, as: 'buyer', role: null };
  }
  const role = await teamRole(db, order.brandId, actorId);
  if (need === 'view') {
    if (roleAllows(role, 'orders')) return { order, as: 'team', role };
    if (isBuyer) return { order, as: 'buyer', role };
    if (role) throw forbidden('role_not_allowed', `Your role (${role}) does not give access to orders`);
    throw notFound('Order');
  }
  if (roleAllows(role, need)) return { order, as: 'team', role };
  if (role) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  if (isBuyer) throw forbidden('not_a_member', 'Only the brand’s team can do this');
  throw notFound('Order');
}

/** For brand-wide lists and settings: 404 to outsiders, 403 to a role without the permission. */
export async function assertTeam(db: Db, actorId: string, brandId: string, permission: Permission): Promise<BrandRole> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const role = await teamRole(db, brandId, actorId);
  if (!role) throw notFound('Brand');
  if (!roleAllows(role, permission)) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  return role;
}

// Transitions -----------------------------------------------------------------------------------

type PendingPayment = { kind: 'capture' | 'void' | 'refund'; amount: number; status?: 'pending' | 'succeeded' };

type Step = {
  from: OrderStatus[];
  to?: OrderStatus;
  set?: Partial<Order>;
  /** Extra guard, e.g. on refunded_amount. */
  where?: SQL;
  event: OrderEventName | 'payment_failed' | 'created';
  actorId: string | null;
  data?: Record<string, unknown>;
  notify?: boolean;
  payments?: PendingPayment[];
  also?: (tx: DbOrTx) => Promise<void>;
};

async function authorizationOf(db: DbOrTx, orderId: string): Promise<{ provider: string; ref: string } | null> {
  const [row] = await db
    .select({ provider: payments.provider, ref: payments.providerRef })
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.kind, 'authorization'), eq(payments.status, 'succeeded')))
    .orderBy(asc(payments.id))
    .limit(1);
  return row ?? null;
}

/** Runs one guarded transition in `tx`; throws 409 `invalid_transition` when the status moved on. */
async function step(tx: DbOrTx, order: Order, s: Step): Promise<{ eventId: string; paymentIds: string[] }> {
  const set: Partial<Order> = { ...(s.set ?? {}), ...(s.to ? { status: s.to } : {}) };
  const guard = and(eq(orders.id, order.id), inArray(orders.status, s.from), s.where);
  const moved = Object.keys(set).length
    ? await tx.update(orders).set(set).where(guard).returning({ id: orders.id })
    : await tx.select({ id: orders.id }).from(orders).where(guard);
  if (moved.length === 0) {
    const [now] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
    throw conflict('invalid_transition', `This order is ${now?.status ?? 'gone'}: it cannot be ${s.event.replace(/_/g, ' ')} now`);
  }
  const paymentIds: string[] = [];
  if (s.payments?.length) {
    const auth = await authorizationOf(tx, order.id);
    for (const p of s.payments) {
      const id = uuidv7();
      paymentIds.push(id);
      await tx.insert(payments).values({
        id,
        orderId: order.id,
        provider: auth?.provider ?? 'none',
        kind: p.kind,
        providerRef: auth?.ref ?? order.paymentRef ?? '',
        amount: p.amount,
        currency: order.currency,
        status: p.status ?? 'pending',
      });
    }
    if (s.payments.some((p) => (p.status ?? 'pending') === 'pending')) {
      // The inline settlement after commit normally does it; this job is the safety net.
      await enqueue(tx, 'order.payments', { orderId: order.id }, new Date(Date.now() + 60_000));
    }
  }
  const eventId = uuidv7();
  await tx.insert(orderEvents).values({ id: eventId, orderId: order.id, type: s.event, actorId: s.actorId, data: { ...(s.data ?? {}), ...(paymentIds.length ? { payment_ids: paymentIds } : {}) } });
  if (s.notify !== false && (orderEventNames as readonly string[]).includes(s.event)) {
    await enqueue(tx, 'order.event', { orderId: order.id, event: `order.${s.event}`, eventId });
  }
  // Linked modules (e.g. review invitations after delivery), in the step's transaction.
  await runOrderStepListeners(tx, order, s.event);
  await s.also?.(tx);
  return { eventId, paymentIds };
}

async function transition(ctx: OrdersContext, order: Order, s: Step) {
  const result = await ctx.db.transaction((tx) => step(tx, order, s));
  if (s.payments?.some((p) => (p.status ?? 'pending') === 'pending')) await settleQuietly(ctx, order.id);
  return result;
}

async function settleQuietly(ctx: Pick<OrdersContext, 'db' | 'payments'>, orderId: string) {
  try {
    await settlePayments(ctx, orderId);
  } catch {
    // Left pending: the order.payments job retries with backoff.
  }
}

/** Brand team: the order is being prepared. */
export async function markPreparing(ctx: OrdersContext, actorId: string, orderId: string) {
  const { order } = await orderAccess(ctx.db, actorId, orderId, 'orders');
  await transition(ctx, order, { from: ['paid'], to: 'preparing', event: 'preparing', actorId });
}

const TRACKING = /^[\p{L}\p{N} ._\-/#]+$/u;

/** Brand team: handed to the carrier. Captures the authorized payment (what is left after refunds). */
export async function shipOrder(ctx: OrdersContext, actorId: string, orderId: string, input: { carrier?: unknown; trackingNumber?: unknown }) {
  const carrier = typeof input.carrier === 'string' ? input.carrier.trim() : '';
  const tracking = typeof input.trackingNumber === 'string' ? input.trackingNumber.trim() : '';
  if (!carrier || [...carrier].length > 60) throw unprocessable('invalid_carrier', 'carrier is required (at most 60 characters)', { field: 'carrier' });
  if (!tracking || tracking.length > 100 || !TRACKING.test(tracking)) {
    throw unprocessable('invalid_tracking_number', 'tracking_number is required: letters, digits, spaces, . _ - / # (at most 100)', { field: 'tracking_number' });
  }
  const { order } = await orderAccess(ctx.db, actorId, orderId, 'orders');
  const auth = await authorizationOf(ctx.db, order.id);
  const toCapture = order.totalAmount - order.refundedAmount;
  await transition(ctx, order, {
    from: ['paid', 'preparing'],
    to: 'shipped',
    // The capture amount is computed from the row the guard sees: no refund may slip in between.
    where: eq(orders.refundedAmount, order.refundedAmount),
    set: { carrier, trackingNumber: tracking, shippedAt: new Date() },
    event: 'shipped',
    actorId,
    data: { carrier, tracking_number: tracking },
    payments: auth && toCapture > 0 ? [{ kind: 'capture', amount: toCapture }] : [],
  });
}

/** Brand team: the parcel arrived. */
export async function deliverOrder(ctx: OrdersContext, actorId: string, orderId: string) {
  const { order } = await orderAccess(ctx.db, actorId, orderId, 'orders');
  await transition(ctx, order, { from: ['shipped'], to: 'delivered', set: { deliveredAt: new Date() }, event: 'delivered', actorId });
}

/**
 * Cancels before shipment: the buyer (their own order) or a team member allowed to refund.
 * Stock goes back and the authorization is voided (nothing was captured before shipment).
 */
export async function cancelOrder(ctx: OrdersContext, actorId: string, orderId: string, input: { reason?: unknown } = {}) {
  const order = await loadOrder(ctx.db, orderId);
  if (!order) throw notFound('Order');
  if (order.buyerId !== actorId) await orderAccess(ctx.db, actorId, orderId, 'refund');
  const reason = typeof input.reason === 'string' ? input.reason.trim().slice(0, 500) : '';
  // Before payment completes the provider may still hold an authorization (checkout's key): void it too.
  const held = order.status === 'paid' || order.status === 'preparing' || order.status === 'awaiting_payment';
  await transition(ctx, order, {
    from: CANCELLABLE,
    to: 'cancelled',
    set: { cancelledAt: new Date(), expiresAt: null },
    event: 'cancelled',
    actorId,
    data: { by: order.buyerId === actorId ? 'buyer' : 'brand', ...(reason ? { reason } : {}) },
    payments: held ? [{ kind: 'void', amount: order.totalAmount - order.refundedAmount }] : [],
    // The expiry job stays: it finds a cancelled order and does nothing.
    also: (tx) => releaseStock(tx, order.id),
  });
}

/**
 * Refunds `amount` (default: all that is left). After capture this is a provider refund; before
 * shipment nothing was captured, so it lowers what shipment will capture, and refunding it all
 * voids the authorization and gives the stock back.
 */
async function refundInTx(tx: DbOrTx, orderId: string, actorId: string, amountInput: unknown, extra: { reason?: string; returnId?: string; notify?: boolean }) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw notFound('Order');
  if (!REFUNDABLE.includes(order.status)) throw conflict('invalid_transition', `This order is ${order.status}: it cannot be refunded`);
  const remaining = order.totalAmount - order.refundedAmount;
  if (remaining <= 0) throw conflict('nothing_to_refund', 'This order is already fully refunded');
  let amount = remaining;
  if (amountInput !== undefined && amountInput !== null) {
    if (typeof amountInput !== 'number' || !Number.isInteger(amountInput)) throw badRequest('invalid_amount', 'amount is an integer in minor units (cents)');
    if (amountInput < 1) throw unprocessable('invalid_amount', 'amount must be at least 1');
    if (amountInput > remaining) throw unprocessable('refund_too_large', `At most ${remaining} can still be refunded`, { refundable: remaining });
    amount = amountInput;
  }
  const [capture] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.kind, 'capture'), sql`${payments.status} <> 'failed'`))
    .limit(1);
  const full = amount === remaining;
  const captured = Boolean(capture);
  const rows: PendingPayment[] = [{ kind: 'refund', amount, status: captured ? 'pending' : 'succeeded' }];
  if (!captured && full) rows.push({ kind: 'void', amount: remaining });
  const result = await step(tx, order, {
    from: [order.status],
    to: full ? 'refunded' : order.status,
    where: eq(orders.refundedAmount, order.refundedAmount),
    set: { refundedAmount: order.refundedAmount + amount },
    event: full ? 'refunded' : 'partially_refunded',
    actorId,
    data: { amount, currency: order.currency, previous_status: order.status, ...(extra.reason ? { reason: extra.reason } : {}), ...(extra.returnId ? { return_id: extra.returnId } : {}) },
    notify: extra.notify,
    payments: rows,
    also: async (t) => {
      if (!captured && full) await releaseStock(t, order.id);
    },
  });
  return { amount, full, refundPaymentId: result.paymentIds[0] };
}

/** Brand team with `refund` (owner, admin): full or partial refund. */
export async function refundOrder(ctx: OrdersContext, actorId: string, orderId: string, input: { amount?: unknown; reason?: unknown } = {}) {
  await orderAccess(ctx.db, actorId, orderId, 'refund');
  const reason = typeof input.reason === 'string' ? input.reason.trim().slice(0, 500) : undefined;
  const result = await ctx.db.transaction((tx) => refundInTx(tx, orderId, actorId, input.amount, { reason }));
  await settleQuietly(ctx, orderId);
  return result;
}

/**
 * Buyer: finish a payment that needed an action (3-D Secure). The provider confirms, then the
 * same finalizer as checkout marks the order paid. Paying twice is impossible: a paid order is
 * answered as is; a declined confirmation gives the stock back and removes the unpaid order.
 */
export async function confirmPayment(ctx: OrdersContext, buyerId: string, orderId: string): Promise<'paid'> {
  const { order } = await orderAccess(ctx.db, buyerId, orderId, 'buyer');
  if (order.status === 'paid' || order.status === 'preparing' || order.status === 'shipped' || order.status === 'delivered') return 'paid';
  if (order.status !== 'awaiting_payment' || !order.paymentRef) throw conflict('invalid_transition', `This order is ${order.status}: there is no payment to confirm`);
  const [method] = await ctx.db.select({ provider: paymentMethods.provider }).from(paymentMethods).where(eq(paymentMethods.id, order.paymentMethodId ?? order.id));
  const provider = method ? ctx.payments.get(method.provider) : undefined;
  if (!provider || !method) throw new AppError(402, 'payment_unavailable', 'The payment method of this order is no longer available');
  let result;
  try {
    result = await provider.confirm(order.paymentRef);
  } catch (error) {
    if (error instanceof PaymentNetworkError) throw new AppError(402, 'payment_unavailable', 'The payment provider could not be reached; try again');
    throw error;
  }
  if (result.status === 'requires_action') throw new AppError(402, 'payment_requires_action', 'The payment still needs your confirmation');
  if (result.status === 'declined') {
    await provider.void(order.paymentRef).catch(() => {});
    await abandonOrder(ctx.db, order.id);
    throw new AppError(402, 'payment_declined', 'The payment was declined; nothing was charged');
  }
  try {
    await ctx.finalizer.submit({ orderId: order.id, provider: method.provider, ref: result.ref, amount: order.totalAmount, currency: order.currency });
  } catch (error) {
    // Expired or cancelled meanwhile: the stock is gone back, so release the money too.
    await provider.void(result.ref).catch(() => {});
    throw error;
  }
  return 'paid';
}

// Payment settlement ------------------------------------------------------------------------------

/**
 * Carries out the order's pending captures, voids and refunds with the provider, oldest first.
 * Safe to run twice at once: each row is claimed (`pending` → `processing`) before the call. A
 * provider that cannot be reached leaves the row pending and throws (the job retries); a refusal
 * marks it failed, writes `payment_failed` on the timeline and, for a refund, takes it back off
 * the order's refunded amount.
 */
export async function settlePayments(ctx: Pick<OrdersContext, 'db' | 'payments'>, orderId: string, options: { reclaimStale?: boolean } = {}) {
  const stale = options.reclaimStale ? sql` or (${payments.status} = 'processing' and ${payments.createdAt} < now() - interval '10 minutes')` : sql``;
  const claimed = await queryRows<{ id: string; kind: 'capture' | 'void' | 'refund'; amount: number; provider: string; provider_ref: string }>(
    ctx.db,
    sql`update payments set status = 'processing' where order_id = ${orderId} and kind in ('capture', 'void', 'refund') and (status = 'pending'${stale})
        returning id, kind, amount, provider, provider_ref`,
  );
  claimed.sort((a, b) => a.id.localeCompare(b.id));
  let retry: Error | null = null;
  for (const row of claimed) {
    if (retry) {
      await queryRows(ctx.db, sql`update payments set status = 'pending' where id = ${row.id} and status = 'processing'`);
      continue;
    }
    try {
      await settleOne(ctx, orderId, row);
    } catch (error) {
      if (error instanceof PaymentNetworkError || error instanceof RetryLater) {
        await queryRows(ctx.db, sql`update payments set status = 'pending' where id = ${row.id} and status = 'processing'`);
        retry = error;
        continue;
      }
      await failPayment(ctx.db, orderId, row, error);
    }
  }
  if (retry) throw retry;
}

class RetryLater extends Error {}

async function settleOne(ctx: Pick<OrdersContext, 'db' | 'payments'>, orderId: string, row: { id: string; kind: 'capture' | 'void' | 'refund'; amount: number; provider: string; provider_ref: string }) {
  const done = (ref: string) => queryRows(ctx.db, sql`update payments set status = 'succeeded', provider_ref = ${ref} where id = ${row.id}`);
  let providerName = row.provider;
  let ref = row.provider_ref;
  if (providerName === 'none' || !ref) {
    // No authorization row (an order cancelled while awaiting payment): void what checkout asked for.
    const [o] = await queryRows<{ provider: string | null; payment_ref: string | null }>(
      ctx.db,
      sql`select pm.provider, o.payment_ref from orders o left join payment_methods pm on pm.id = o.payment_method_id where o.id = ${orderId}`,
    );
    providerName = o?.provider ?? providerName;
    ref = o?.payment_ref ?? `order:${orderId}:auth`;
  }
  const provider = ctx.payments.get(providerName);
  if (!provider) {
    if (row.kind === 'void') return done(ref);
    throw new Error(`Payment provider ${providerName} is not configured`);
  }
  if (row.kind === 'capture') {
    const result = await provider.capture(ref, row.amount, `order:${orderId}:capture`);
    return done(result.ref);
  }
  if (row.kind === 'void') {
    await provider.void(ref);
    return done(ref);
  }
  // A refund after capture: wait until the capture itself went through.
  const [capture] = await queryRows<{ status: string }>(
    ctx.db,
    sql`select status from payments where order_id = ${orderId} and kind = 'capture' and status <> 'failed' and id < ${row.id} order by id limit 1`,
  );
  if (capture && capture.status !== 'succeeded') throw new RetryLater('The capture has not gone through yet');
  const result = await provider.refund(ref, row.amount, `order:${orderId}:refund:${row.id}`);
  return done(result.ref);
}

async function failPayment(db: Db, orderId: string, row: { id: string; kind: string; amount: number }, error: unknown) {
  await db.transaction(async (tx) => {
    const updated = await queryRows<{ id: string }>(tx, sql`update payments set status = 'failed' where id = ${row.id} and status = 'processing' returning id`);
    if (updated.length === 0) return;
    if (row.kind === 'refund') {
      const [event] = await queryRows<{ previous: string | null }>(
        tx,
        sql`select data->>'previous_status' as previous from order_events where order_id = ${orderId} and data->'payment_ids' ? ${row.id} limit 1`,
      );
      await queryRows(
        tx,
        sql`update orders set refunded_amount = greatest(0, refunded_amount - ${row.amount}),
              status = case when status = 'refunded' then coalesce(${event?.previous ?? null}, status) else status end
            where id = ${orderId}`,
      );
    }
    const message = error instanceof Error ? error.message.slice(0, 300) : 'Payment provider error';
    await tx.insert(orderEvents).values({ id: uuidv7(), orderId, type: 'payment_failed', data: { kind: row.kind, amount: row.amount, payment_id: row.id, message } });
  });
}

// Returns and repairs -----------------------------------------------------------------------------

/**
 * Buyer, after delivery: ask to send the item back (return) or to have it repaired, with a reason
 * and up to 4 photos. One open request per order at a time.
 */
export async function requestReturn(ctx: OrdersContext, buyerId: string, orderId: string, input: { kind?: unknown; reason?: unknown; photos?: Uint8Array[] }): Promise<ReturnRequest> {
  const { order } = await orderAccess(ctx.db, buyerId, orderId, 'buyer');
  const kind = input.kind === undefined || input.kind === null || input.kind === '' ? 'return' : input.kind;
  if (kind !== 'return' && kind !== 'repair') throw unprocessable('invalid_kind', 'kind is "return" or "repair"', { field: 'kind' });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw unprocessable('missing_reason', 'Say why (reason)', { field: 'reason' });
  if ([...reason].length > 2000) throw unprocessable('invalid_reason', 'reason has at most 2000 characters', { field: 'reason' });
  const photos = input.photos ?? [];
  if (photos.length > MAX_RETURN_PHOTOS) throw unprocessable('too_many_photos', `At most ${MAX_RETURN_PHOTOS} photos`, { field: 'photos' });
  if (order.status !== 'delivered') throw conflict('invalid_transition', `This order is ${order.status}: returns and repairs are asked for after delivery`);
  const id = uuidv7();
  // Photos are stored first and removed again if the request is refused (one already open).
  await withStoredImages(ctx.media, photos, 'attachment', { maxBytes: ctx.config.mediaMaxBytes }, async (stored) => {
    await ctx.db.transaction(async (tx) => {
      // Lock the order: two requests sent at once cannot both see "no open request".
      const [locked] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)).for('update');
      const open = await tx
        .select({ id: returnRequests.id })
        .from(returnRequests)
        .where(and(eq(returnRequests.orderId, order.id), inArray(returnRequests.status, [...OPEN_RETURN])));
      if (open.length) throw conflict('return_open', 'A return or repair request is already open for this order');
      if (locked?.status !== 'delivered') throw conflict('invalid_transition', 'Returns and repairs are asked for after delivery');
      await tx.insert(returnRequests).values({ id, orderId: order.id, kind, reason, photoPaths: stored.map((s) => s.path) });
      await step(tx, order, { from: ['delivered'], event: 'return_requested', actorId: buyerId, data: { return_id: id, kind } });
    });
  });
  const [row] = await ctx.db.select().from(returnRequests).where(eq(returnRequests.id, id));
  return row;
}

export type ReturnAction = 'accept' | 'refuse' | 'receive' | 'resolve';

const RETURN_MOVES: Record<Exclude<ReturnAction, 'resolve'>, { from: ReturnRequest['status'][]; to: ReturnRequest['status']; event: OrderEventName }> = {
  accept: { from: ['requested'], to: 'accepted', event: 'return_accepted' },
  refuse: { from: ['requested', 'accepted'], to: 'refused', event: 'return_refused' },
  receive: { from: ['accepted'], to: 'received', event: 'return_received' },
};

/**
 * Brand team: accept, refuse (with a note the buyer reads), mark the item received, then resolve
 * it: `refunded` (a refund, default all that is left; needs the `refund` permission) or
 * `repaired`. Each move is a guarded UPDATE of the request's status.
 */
export async function handleReturn(
  ctx: OrdersContext,
  actorId: string,
  returnId: string,
  action: ReturnAction,
  input: { note?: unknown; outcome?: unknown; amount?: unknown } = {},
): Promise<ReturnRequest> {
  if (!isUuid(returnId)) throw notFound('Return request');
  const [request] = await ctx.db.select().from(returnRequests).where(eq(returnRequests.id, returnId));
  if (!request) throw notFound('Return request');
  const note = typeof input.note === 'string' ? input.note.trim().slice(0, 2000) : '';
  let outcome: 'refunded' | 'repaired' | null = null;
  if (action === 'resolve') {
    const given = input.outcome ?? (request.kind === 'repair' ? 'repaired' : 'refunded');
    if (given !== 'refunded' && given !== 'repaired') throw unprocessable('invalid_outcome', 'outcome is "refunded" or "repaired"', { field: 'outcome' });
    outcome = given;
  }
  const { order } = await orderAccess(ctx.db, actorId, request.orderId, outcome === 'refunded' ? 'refund' : 'orders');
  const move =
    action === 'resolve'
      ? { from: ['accepted', 'received'] as ReturnRequest['status'][], to: outcome!, event: (outcome === 'refunded' ? 'return_refunded' : 'repaired') as OrderEventName }
      : RETURN_MOVES[action];
  let refunded = false;
  await ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(returnRequests)
      .set({ status: move.to, ...(note ? { resolution: note } : {}) })
      .where(and(eq(returnRequests.id, returnId), inArray(returnRequests.status, move.from)))
      .returning({ id: returnRequests.id });
    if (changed.length === 0) {
      const [now] = await tx.select({ status: returnRequests.status }).from(returnRequests).where(eq(returnRequests.id, returnId));
      throw conflict('invalid_transition', `This request is ${now?.status}: it cannot be ${move.to} now`);
    }
    let refundData: Record<string, unknown> = {};
    if (outcome === 'refunded') {
      const [fresh] = await tx.select({ total: orders.totalAmount, refunded: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id));
      if (fresh.total - fresh.refunded > 0 || (input.amount !== undefined && input.amount !== null)) {
        const r = await refundInTx(tx, order.id, actorId, input.amount, { returnId, notify: false, reason: note || undefined });
        refundData = { amount: r.amount, currency: order.currency };
        refunded = true;
      }
    }
    const [current] = await tx.select().from(orders).where(eq(orders.id, order.id));
    await step(tx, current, { from: [current.status], event: move.event, actorId, data: { return_id: returnId, kind: request.kind, ...(note ? { note } : {}), ...refundData } });
  });
  if (refunded) await settleQuietly(ctx, order.id);
  const [row] = await ctx.db.select().from(returnRequests).where(eq(returnRequests.id, returnId));
  return row;
}

// Reading -----------------------------------------------------------------------------------------

export type OrderDetail = {
  order: Order;
  lines: OrderLine[];
  events: OrderEvent[];
  payments: Payment[];
  returns: ReturnRequest[];
  brand: { id: string; username: string; displayName: string };
  buyer: { id: string; username: string; displayName: string };
  paymentMethod: { id: string; provider: string; brand: string; last4: string } | null;
  /** How the caller sees it: as its buyer or as the brand's team. */
  as: 'buyer' | 'team' | 'system';
  role: BrandRole | null;
};

/** Everything about one order that the buyer or the brand's team may see. */
export async function getOrder(ctx: Pick<OrdersContext, 'db'>, actorId: string, orderId: string): Promise<OrderDetail> {
  const access = await orderAccess(ctx.db, actorId, orderId, 'view');
  return hydrateOrder(ctx.db, access.order, access.as, access.role);
}

/** The same, with no access check: for jobs (notifications, e-mails, webhooks). */
export async function loadOrderDetail(db: Db, orderId: string): Promise<OrderDetail | null> {
  const order = await loadOrder(db, orderId);
  return order ? hydrateOrder(db, order, 'system', null) : null;
}

async function hydrateOrder(db: Db, order: Order, as: OrderDetail['as'], role: BrandRole | null): Promise<OrderDetail> {
  const [lines, events, paymentRows, returns, people, method] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.id)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(asc(orderEvents.id)),
    db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.id)),
    db.select().from(returnRequests).where(eq(returnRequests.orderId, order.id)).orderBy(asc(returnRequests.id)),
    db.select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName }).from(accounts).where(inArray(accounts.id, [order.brandId, order.buyerId])),
    order.paymentMethodId
      ? db
          .select({ id: paymentMethods.id, provider: paymentMethods.provider, brand: paymentMethods.cardBrand, last4: paymentMethods.last4 })
          .from(paymentMethods)
          .where(eq(paymentMethods.id, order.paymentMethodId))
      : Promise.resolve([]),
  ]);
  const person = (id: string) => people.find((p) => p.id === id) ?? { id, username: '', displayName: '' };
  return { order, lines, events, payments: paymentRows, returns, brand: person(order.brandId), buyer: person(order.buyerId), paymentMethod: method[0] ?? null, as, role };
}

export type OrderFilters = {
  status?: OrderStatus[];
  /** Created at or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). */
  to?: Date;
  buyerId?: string;
  maxId?: string;
  sinceId?: string;
  limit?: number;
};

export function checkStatuses(value: unknown): OrderStatus[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list = (Array.isArray(value) ? value : String(value).split(',')).map((s) => String(s).trim()).filter(Boolean);
  for (const s of list) if (!(orderStatuses as readonly string[]).includes(s)) throw unprocessable('invalid_status', `Unknown status "${s}" (one of ${orderStatuses.join(', ')})`, { field: 'status' });
  return list as OrderStatus[];
}

export type OrderSummary = { order: Order; lines: OrderLine[]; brand: OrderDetail['brand']; buyer: OrderDetail['buyer'] };

async function listWhere(db: Db, conditions: (SQL | undefined)[], filters: OrderFilters, maxLimit = 100): Promise<OrderSummary[]> {
  const limit = Math.min(Math.max(filters.limit ?? 20, 1), maxLimit);
  const where = [...conditions];
  if (filters.status?.length) where.push(inArray(orders.status, filters.status));
  if (filters.from) where.push(gte(orders.createdAt, filters.from));
  if (filters.to) where.push(lt(orders.createdAt, filters.to));
  if (filters.buyerId) where.push(eq(orders.buyerId, filters.buyerId));
  if (filters.maxId) where.push(lt(orders.id, filters.maxId));
  if (filters.sinceId) where.push(sql`${orders.id} > ${filters.sinceId}`);
  const rows = await db.select().from(orders).where(and(...where)).orderBy(desc(orders.id)).limit(limit);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => [r.brandId, r.buyerId]))];
  const [lines, accountRows] = await Promise.all([
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.id)),
    db.select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName }).from(accounts).where(inArray(accounts.id, people)),
  ]);
  const person = (id: string) => accountRows.find((p) => p.id === id) ?? { id, username: '', displayName: '' };
  return rows.map((order) => ({ order, lines: lines.filter((l) => l.orderId === order.id), brand: person(order.brandId), buyer: person(order.buyerId) }));
}

/** The buyer's own orders, newest first (keyset on the id). */
export async function listMyOrders(ctx: Pick<OrdersContext, 'db'>, buyerId: string, filters: OrderFilters = {}) {
  checkCursors(filters);
  return listWhere(ctx.db, [eq(orders.buyerId, buyerId)], { ...filters, buyerId: undefined });
}

/**
 * A brand's orders for its team, newest first, filtered by status, dates and buyer. Orders not
 * yet paid (awaiting payment or confirmation) are left out unless asked for by status.
 */
export async function listBrandOrders(ctx: Pick<OrdersContext, 'db'>, actorId: string, brandId: string, filters: OrderFilters = {}, maxLimit = 100) {
  await assertTeam(ctx.db, actorId, brandId, 'orders');
  checkCursors(filters);
  const unpaid = filters.status?.length ? undefined : sql`${orders.status} not in ('awaiting_payment', 'pending_confirmation')`;
  return listWhere(ctx.db, [eq(orders.brandId, brandId), unpaid], filters, maxLimit);
}

function checkCursors(filters: OrderFilters) {
  for (const [key, value] of [['max_id', filters.maxId], ['since_id', filters.sinceId], ['buyer_id', filters.buyerId]] as const) {
    if (value !== undefined && !isUuid(value)) throw badRequest('invalid_param', `${key} must be an id`, { field: key });
  }
}

/** Buyer id from an id or a username (for the brand's filter). Unknown → no orders. */
export async function resolveBuyer(db: Db, value: string): Promise<string> {
  const username = value.replace(/^@/, '');
  if (isUuid(value)) return value;
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(sql`lower(${accounts.username}) = lower(${username})`);
  return row?.id ?? '00000000-0000-7000-8000-000000000000';
}

// CSV export --------------------------------------------------------------------------------------

const CSV_COLUMNS = [
  'number',
  'id',
  'created_at',
  'status',
  'buyer',
  'buyer_email',
  'items',
  'currency',
  'subtotal',
  'shipping',
  'vat',
  'total',
  'refunded',
  'shipping_method',
  'ship_to_name',
  'ship_to_line1',
  'ship_to_line2',
  'ship_to_postal_code',
  'ship_to_city',
  'ship_to_country',
  'carrier',
  'tracking_number',
  'paid_at',
  'shipped_at',
  'delivered_at',
  'cancelled_at',
] as const;

/** One CSV cell: quoted when needed, and defused when a spreadsheet would take it for a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Minor units as a decimal string ("1234" → "12.34"), which every spreadsheet reads. */
export const decimal = (amount: number) => `${amount < 0 ? '-' : ''}${Math.floor(Math.abs(amount) / 100)}.${String(Math.abs(amount) % 100).padStart(2, '0')}`;

/** The brand's orders as CSV (RFC 4180, UTF-8 with BOM for spreadsheets), same filters as the list. */
export async function exportOrdersCsv(ctx: Pick<OrdersContext, 'db'>, actorId: string, brandId: string, filters: OrderFilters = {}, maxRows = 50_000): Promise<string> {
  await assertTeam(ctx.db, actorId, brandId, 'orders');
  const out = [CSV_COLUMNS.join(',')];
  let maxId = filters.maxId;
  let count = 0;
  for (;;) {
    const page = await listBrandOrders(ctx, actorId, brandId, { ...filters, maxId, limit: 500 }, 500);
    if (page.length === 0) break;
    const emails = await ctx.db
      .select({ id: credentials.accountId, email: credentials.email })
      .from(credentials)
      .where(inArray(credentials.accountId, [...new Set(page.map((p) => p.order.buyerId))]));
    for (const { order: o, lines, buyer } of page) {
      const a = o.shippingAddress;
      const row = {
        number: orderNumber(o.id),
        id: o.id,
        created_at: o.createdAt,
        status: o.status,
        buyer: buyer.username,
        buyer_email: emails.find((e) => e.id === o.buyerId)?.email ?? '',
        items: lines.map((l) => `${l.quantity} x ${l.title} (${l.sku})`).join(' | '),
        currency: o.currency,
        subtotal: decimal(o.subtotalAmount),
        shipping: decimal(o.shippingAmount),
        vat: decimal(o.vatAmount),
        total: decimal(o.totalAmount),
        refunded: decimal(o.refundedAmount),
        shipping_method: o.shippingMethodName,
        ship_to_name: a?.name,
        ship_to_line1: a?.line1,
        ship_to_line2: a?.line2,
        ship_to_postal_code: a?.postal_code,
        ship_to_city: a?.city,
        ship_to_country: a?.country,
        carrier: o.carrier,
        tracking_number: o.trackingNumber,
        paid_at: o.paidAt,
        shipped_at: o.shippedAt,
        delivered_at: o.deliveredAt,
        cancelled_at: o.cancelledAt,
      } satisfies Record<(typeof CSV_COLUMNS)[number], unknown>;
      out.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
      if (++count >= maxRows) break;
    }
    if (count >= maxRows || page.length < 500) break;
    maxId = page[page.length - 1].order.id;
  }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

// Presentation ------------------------------------------------------------------------------------

const money = (amount: number, currency: string) => ({ amount, currency });
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const person = (p: { id: string; username: string; displayName: string }) => ({ id: p.id, username: p.username, display_name: p.displayName || p.username });

function presentLine(l: OrderLine, currency: string) {
  return {
    id: l.id,
    variant_id: l.variantId,
    product_id: l.productId,
    title: l.title,
    sku: l.sku,
    options: l.options,
    quantity: l.quantity,
    unit_price: money(l.unitAmount, currency),
    vat_rate: l.vatRateBp / 100,
    vat: money(l.vatAmount, currency),
    total: money(l.totalAmount, currency),
  };
}

function presentCore(o: Order, lines: OrderLine[], brand: OrderDetail['brand'], buyer: OrderDetail['buyer']) {
  return {
    id: o.id,
    number: orderNumber(o.id),
    status: o.status,
    brand: person(brand),
    buyer: person(buyer),
    total: money(o.totalAmount, o.currency),
    subtotal: money(o.subtotalAmount, o.currency),
    shipping: { method_id: o.shippingMethodId, name: o.shippingMethodName, amount: money(o.shippingAmount, o.currency) },
    vat: money(o.vatAmount, o.currency),
    refunded: money(o.refundedAmount, o.currency),
    refundable: money(REFUNDABLE.includes(o.status) ? o.totalAmount - o.refundedAmount : 0, o.currency),
    currency: o.currency,
    lines: lines.map((l) => presentLine(l, o.currency)),
    shipping_address: o.shippingAddress,
    carrier: o.carrier,
    tracking_number: o.trackingNumber,
    source_status_id: o.sourceStatusId,
    created_at: iso(o.createdAt),
    paid_at: iso(o.paidAt),
    shipped_at: iso(o.shippedAt),
    delivered_at: iso(o.deliveredAt),
    cancelled_at: iso(o.cancelledAt),
    expires_at: o.status === 'awaiting_payment' || o.status === 'pending_confirmation' ? iso(o.expiresAt) : null,
  };
}

/** An order in a list: totals and lines, no timeline. */
export function presentOrderSummary(s: OrderSummary) {
  return presentCore(s.order, s.lines, s.brand, s.buyer);
}

export type PresentOptions = { publicUrl: string; nextActionUrl?: string };

/** The full order: lines with their VAT, totals, address, timeline, payments and returns. Never a provider token. */
export function presentOrder(d: OrderDetail, options: PresentOptions) {
  return {
    ...presentCore(d.order, d.lines, d.brand, d.buyer),
    payment_method: d.paymentMethod ? { id: d.paymentMethod.id, provider: d.paymentMethod.provider, brand: d.paymentMethod.brand, last4: d.paymentMethod.last4 } : null,
    next_action: d.order.status === 'awaiting_payment' && options.nextActionUrl ? { url: options.nextActionUrl } : null,
    events: d.events.map((e) => ({ id: e.id, type: e.type, created_at: iso(e.createdAt), data: publicEventData(e.data) })),
    payments: d.payments.map((p) => ({ id: p.id, kind: p.kind, amount: money(p.amount, p.currency), status: p.status, created_at: iso(p.createdAt) })),
    returns: d.returns.map((r) => presentReturn(r, options.publicUrl)),
    url: `${options.publicUrl}/orders/${d.order.id}`,
  };
}

/** Event data for the API: internal keys (`_…`, payment ids, provider messages) stay inside. */
function publicEventData(data: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => !key.startsWith('_') && !['payment_ids', 'payment_id', 'message'].includes(key)));
}

export function presentReturn(r: ReturnRequest, publicUrl: string) {
  return {
    id: r.id,
    order_id: r.orderId,
    kind: r.kind,
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    photos: r.photoPaths.map((p) => ({ url: `${publicUrl}/media/${p}`, preview_url: `${publicUrl}/media/${p.replace(/\.webp$/, '-preview.webp')}` })),
    created_at: iso(r.createdAt),
  };
}

// Shipping methods (per brand) --------------------------------------------------------------------

export type ShippingInput = { kind?: unknown; name?: unknown; amount?: unknown; freeAboveAmount?: unknown; currency?: unknown; isDefault?: unknown; active?: unknown };

/** A brand's shipping methods: the active ones for shoppers, all of them for its team. */
export async function listShippingMethods(db: Db, brandId: string, options: { includeInactive?: boolean } = {}): Promise<ShippingMethod[]> {
  if (!isUuid(brandId)) throw notFound('Brand');
  return db
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.brandId, brandId), options.includeInactive ? undefined : eq(shippingMethods.active, true)))
    .orderBy(desc(shippingMethods.isDefault), asc(shippingMethods.id));
}

function shippingFields(input: ShippingInput, current: ShippingMethod | null) {
  const kind = (input.kind ?? current?.kind) as ShippingKind | undefined;
  if (!kind || !(shippingKinds as readonly string[]).includes(kind)) throw unprocessable('invalid_kind', `kind is one of ${shippingKinds.join(', ')}`, { field: 'kind' });
  const name = input.name === undefined ? current?.name : typeof input.name === 'string' ? input.name.trim() : null;
  if (!name || [...name].length > 60) throw unprocessable('invalid_name', 'name is required (at most 60 characters)', { field: 'name' });
  const amountOf = (value: unknown, field: string, fallback: number | null) => {
    if (value === undefined) return fallback;
    if (value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest('invalid_param', `${field} is an integer in minor units`, { field });
    if (value < 0 || value > 10_000_000) throw unprocessable('invalid_amount', `${field} must be between 0 and 10000000`, { field });
    return value;
  };
  let amount = amountOf(input.amount, 'amount', current?.amount ?? 0) ?? 0;
  let freeAbove = amountOf(input.freeAboveAmount, 'free_above_amount', current?.freeAboveAmount ?? null);
  if (kind === 'pickup') amount = 0;
  if (kind === 'free_above' && freeAbove === null) throw unprocessable('invalid_amount', 'free_above_amount is required for kind free_above', { field: 'free_above_amount' });
  if (kind !== 'free_above') freeAbove = null;
  const currency = input.currency === undefined ? (current?.currency ?? 'EUR') : typeof input.currency === 'string' ? input.currency.toUpperCase() : '';
  if (!CURRENCIES.has(currency)) throw unprocessable('invalid_currency', `currency is one of ${[...CURRENCIES].join(', ')}`, { field: 'currency' });
  return { kind, name, amount, freeAboveAmount: freeAbove, currency };
}

async function makeOnlyDefault(tx: DbOrTx, brandId: string, id: string) {
  await tx.update(shippingMethods).set({ isDefault: false }).where(and(eq(shippingMethods.brandId, brandId), sql`${shippingMethods.id} <> ${id}`));
  await tx.update(shippingMethods).set({ isDefault: true, active: true }).where(eq(shippingMethods.id, id));
}

export async function createShippingMethod(db: Db, actorId: string, brandId: string, input: ShippingInput): Promise<ShippingMethod> {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  const fields = shippingFields(input, null);
  return db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(shippingMethods).where(and(eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true)));
    if (n >= 20) throw unprocessable('too_many_shipping_methods', 'At most 20 shipping methods');
    const id = uuidv7();
    await tx.insert(shippingMethods).values({ id, brandId, ...fields, isDefault: false });
    if (input.isDefault === true || n === 0) await makeOnlyDefault(tx, brandId, id);
    const [row] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, id));
    return row;
  });
}

async function ownMethod(db: DbOrTx, brandId: string, id: string): Promise<ShippingMethod> {
  if (!isUuid(id)) throw notFound('Shipping method');
  const [row] = await db.select().from(shippingMethods).where(and(eq(shippingMethods.id, id), eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true)));
  if (!row) throw notFound('Shipping method');
  return row;
}

export async function updateShippingMethod(db: Db, actorId: string, brandId: string, id: string, input: ShippingInput): Promise<ShippingMethod> {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  const current = await ownMethod(db, brandId, id);
  const fields = shippingFields(input, current);
  if (input.isDefault === false && current.isDefault) throw unprocessable('default_required', 'Make another method the default instead', { field: 'default' });
  return db.transaction(async (tx) => {
    await tx.update(shippingMethods).set(fields).where(eq(shippingMethods.id, id));
    if (input.isDefault === true) await makeOnlyDefault(tx, brandId, id);
    const [row] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, id));
    return row;
  });
}

/** Retires a method (orders keep its name). The default passes to the oldest remaining one; the last one stays. */
export async function deleteShippingMethod(db: Db, actorId: string, brandId: string, id: string) {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  await db.transaction(async (tx) => {
    const current = await ownMethod(tx, brandId, id);
    const others = await tx
      .select({ id: shippingMethods.id })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true), sql`${shippingMethods.id} <> ${id}`))
      .orderBy(asc(shippingMethods.id));
    if (others.length === 0) throw conflict('last_shipping_method', 'A brand keeps at least one shipping method');
    await tx.update(shippingMethods).set({ active: false, isDefault: false }).where(eq(shippingMethods.id, id));
    if (current.isDefault) await makeOnlyDefault(tx, brandId, others[0].id);
  });
}

export function presentShippingMethod(m: ShippingMethod) {
  return {
    id: m.id,
    brand_id: m.brandId,
    kind: m.kind,
    name: m.name,
    price: money(m.amount, m.currency),
    free_above: m.freeAboveAmount === null ? null : money(m.freeAboveAmount, m.currency),
    default: m.isDefault,
    active: m.active,
    created_at: iso(m.createdAt),
  };
}
