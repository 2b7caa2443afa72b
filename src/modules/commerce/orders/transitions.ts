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
 * An order is captured at shipment, unless it was captured when paid (checkout's capture now, for
 * pre-sale pledges): then shipping captures nothing more, cancelling refunds instead of voiding,
 * and a full refund before shipment gives the stock back as a void would.
 *
 * Who may do what: the buyer sees and cancels their own orders and asks for returns; a brand's
 * team (permission `orders`: owner, admin, community manager, staff) sees the brand's orders and
 * moves them along; refunds need `refund` (owner, admin). Anyone else gets 404, so an order's
 * existence never leaks.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { badRequest, conflict, notFound, paymentRequired, unprocessable } from '../../../lib/errors';
import { enqueue } from '../../../jobs/queue';
import { abandonOrder, releaseStock } from '../checkout';
import { runOrderStepListeners } from '../extensions';
import { PaymentNetworkError } from '../payments';
import { orderEvents, orders, paymentMethods, payments, type OrderStatus } from '../schema';
import { CANCELLABLE, type Order, type OrderEventName, orderEventNames, type OrdersContext, REFUNDABLE } from './model';
import { loadOrder, orderAccess } from './access';
import { settlePayments } from './settlement';

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

/** The order's capture, unless it failed: captured at payment (capture now) or at shipment. */
async function captureOf(db: DbOrTx, orderId: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.kind, 'capture'), sql`${payments.status} <> 'failed'`))
    .limit(1);
  return row ?? null;
}

/** Runs one guarded transition in `tx`; throws 409 `invalid_transition` when the status moved on. */
export async function step(tx: DbOrTx, order: Order, s: Step): Promise<{ eventId: string; paymentIds: string[] }> {
  const set: Partial<Order> = { ...(s.set ?? {}), ...(s.to ? { status: s.to } : {}) };
  const guard = and(eq(orders.id, order.id), inArray(orders.status, s.from), s.where);
  const moved = Object.keys(set).length
    ? await tx.update(orders).set(set).where(guard).returning({ id: orders.id })
    : await tx.select({ id: orders.id }).from(orders).where(guard);
  if (moved.length === 0) {
    const [now] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
    throw conflict(
      'invalid_transition',
      `This order is ${now?.status ?? 'gone'}: it cannot be ${s.event.replace(/_/g, ' ')} now`,
    );
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
  await tx.insert(orderEvents).values({
    id: eventId,
    orderId: order.id,
    type: s.event,
    actorId: s.actorId,
    data: { ...(s.data ?? {}), ...(paymentIds.length ? { payment_ids: paymentIds } : {}) },
  });
  if (s.notify !== false && (orderEventNames as readonly string[]).includes(s.event)) {
    await enqueue(tx, 'order.event', { orderId: order.id, event: `order.${s.event}`, eventId });
  }
  // Linked modules (e.g. review invitations after delivery), in the step's transaction.
  await runOrderStepListeners(tx, order, s.event, s.data ?? {});
  await s.also?.(tx);
  return { eventId, paymentIds };
}

async function transition(ctx: OrdersContext, order: Order, s: Step) {
  const result = await ctx.db.transaction((tx) => step(tx, order, s));
  if (s.payments?.some((p) => (p.status ?? 'pending') === 'pending')) await settleQuietly(ctx, order.id);
  return result;
}

export async function settleQuietly(ctx: Pick<OrdersContext, 'db' | 'payments'>, orderId: string) {
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

/**
 * Brand team: handed to the carrier. Captures the authorized payment (what is left after refunds),
 * unless it was captured when paid.
 */
export async function shipOrder(
  ctx: OrdersContext,
  actorId: string,
  orderId: string,
  input: { carrier?: unknown; trackingNumber?: unknown },
) {
  const carrier = typeof input.carrier === 'string' ? input.carrier.trim() : '';
  const tracking = typeof input.trackingNumber === 'string' ? input.trackingNumber.trim() : '';
  if (!carrier || [...carrier].length > 60)
    throw unprocessable('invalid_carrier', 'carrier is required (at most 60 characters)', { field: 'carrier' });
  if (!tracking || tracking.length > 100 || !TRACKING.test(tracking)) {
    throw unprocessable(
      'invalid_tracking_number',
      'tracking_number is required: letters, digits, spaces, . _ - / # (at most 100)',
      { field: 'tracking_number' },
    );
  }
  const { order } = await orderAccess(ctx.db, actorId, orderId, 'orders');
  const auth = await authorizationOf(ctx.db, order.id);
  const toCapture = (await captureOf(ctx.db, order.id)) ? 0 : order.totalAmount - order.refundedAmount;
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
  await transition(ctx, order, {
    from: ['shipped'],
    to: 'delivered',
    set: { deliveredAt: new Date() },
    event: 'delivered',
    actorId,
  });
}

/**
 * Cancels before shipment: the buyer (their own order) or a team member allowed to refund.
 * Stock goes back and the authorization is voided (nothing was captured before shipment), or, for
 * an order captured when paid, what is left is refunded: recorded as a refund (refunded amount,
 * pending refund row) on the `cancelled` event, whose e-mail says so.
 */
export async function cancelOrder(
  ctx: OrdersContext,
  actorId: string,
  orderId: string,
  input: { reason?: unknown } = {},
) {
  const order = await loadOrder(ctx.db, orderId);
  if (!order) throw notFound('Order');
  if (order.buyerId !== actorId) await orderAccess(ctx.db, actorId, orderId, 'refund');
  const reason = typeof input.reason === 'string' ? input.reason.trim().slice(0, 500) : '';
  // Before payment completes the provider may still hold an authorization (checkout's key): void it too.
  const held = order.status === 'paid' || order.status === 'preparing' || order.status === 'awaiting_payment';
  const left = order.totalAmount - order.refundedAmount;
  // Only payment adds a capture before shipment, and a cancellable order is past it or not paid.
  const refund = held && left > 0 && (await captureOf(ctx.db, order.id)) ? left : 0;
  await transition(ctx, order, {
    from: CANCELLABLE,
    to: 'cancelled',
    // The refund is computed from the row the guard sees: no other refund may slip in between.
    where: refund ? eq(orders.refundedAmount, order.refundedAmount) : undefined,
    set: { cancelledAt: new Date(), expiresAt: null, ...(refund ? { refundedAmount: order.totalAmount } : {}) },
    event: 'cancelled',
    actorId,
    data: {
      by: order.buyerId === actorId ? 'buyer' : 'brand',
      ...(reason ? { reason } : {}),
      ...(refund ? { amount: refund, currency: order.currency, previous_status: order.status } : {}),
    },
    payments: refund ? [{ kind: 'refund', amount: refund }] : held ? [{ kind: 'void', amount: left }] : [],
    // The expiry job stays: it finds a cancelled order and does nothing.
    also: (tx) => releaseStock(tx, order.id),
  });
  return { refunded: refund };
}

/**
 * Refunds `amount` (default: all that is left). After capture this is a provider refund; before
 * shipment nothing was captured (unless captured when paid), so it lowers what shipment will
 * capture, and refunding it all voids the authorization. Refunding all of an unshipped order gives
 * the stock back.
 */
export async function refundInTx(
  tx: DbOrTx,
  orderId: string,
  actorId: string,
  amountInput: unknown,
  extra: { reason?: string; returnId?: string; notify?: boolean },
) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw notFound('Order');
  if (!REFUNDABLE.includes(order.status))
    throw conflict('invalid_transition', `This order is ${order.status}: it cannot be refunded`);
  const remaining = order.totalAmount - order.refundedAmount;
  if (remaining <= 0) throw conflict('nothing_to_refund', 'This order is already fully refunded');
  let amount = remaining;
  if (amountInput !== undefined && amountInput !== null) {
    if (typeof amountInput !== 'number' || !Number.isInteger(amountInput))
      throw badRequest('invalid_amount', 'amount is an integer in minor units (cents)');
    if (amountInput < 1) throw unprocessable('invalid_amount', 'amount must be at least 1');
    if (amountInput > remaining)
      throw unprocessable('refund_too_large', `At most ${remaining} can still be refunded`, { refundable: remaining });
    amount = amountInput;
  }
  const full = amount === remaining;
  const captured = Boolean(await captureOf(tx, orderId));
  // Fully refunded before shipment: it will not ship, so its stock goes back (captured now or not).
  const unshipped = order.status === 'paid' || order.status === 'preparing';
  const rows: PendingPayment[] = [{ kind: 'refund', amount, status: captured ? 'pending' : 'succeeded' }];
  if (!captured && full) rows.push({ kind: 'void', amount: remaining });
  const result = await step(tx, order, {
    from: [order.status],
    to: full ? 'refunded' : order.status,
    where: eq(orders.refundedAmount, order.refundedAmount),
    set: { refundedAmount: order.refundedAmount + amount },
    event: full ? 'refunded' : 'partially_refunded',
    actorId,
    data: {
      amount,
      currency: order.currency,
      previous_status: order.status,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.returnId ? { return_id: extra.returnId } : {}),
    },
    notify: extra.notify,
    payments: rows,
    also: async (t) => {
      if (full && unshipped) await releaseStock(t, order.id);
    },
  });
  return { amount, full, refundPaymentId: result.paymentIds[0] };
}

/** Brand team with `refund` (owner, admin): full or partial refund. */
export async function refundOrder(
  ctx: OrdersContext,
  actorId: string,
  orderId: string,
  input: { amount?: unknown; reason?: unknown } = {},
) {
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
  if (
    order.status === 'paid' ||
    order.status === 'preparing' ||
    order.status === 'shipped' ||
    order.status === 'delivered'
  )
    return 'paid';
  if (order.status !== 'awaiting_payment' || !order.paymentRef)
    throw conflict('invalid_transition', `This order is ${order.status}: there is no payment to confirm`);
  const [method] = await ctx.db
    .select({ provider: paymentMethods.provider })
    .from(paymentMethods)
    .where(eq(paymentMethods.id, order.paymentMethodId ?? order.id));
  const provider = method ? ctx.payments.get(method.provider) : undefined;
  if (!provider || !method)
    throw paymentRequired('payment_unavailable', 'The payment method of this order is no longer available');
  let result;
  try {
    result = await provider.confirm(order.paymentRef);
  } catch (error) {
    if (error instanceof PaymentNetworkError)
      throw paymentRequired('payment_unavailable', 'The payment provider could not be reached; try again');
    throw error;
  }
  if (result.status === 'requires_action')
    throw paymentRequired('payment_requires_action', 'The payment still needs your confirmation');
  if (result.status === 'declined') {
    await provider.void(order.paymentRef).catch(() => {});
    await abandonOrder(ctx.db, order.id);
    throw paymentRequired('payment_declined', 'The payment was declined; nothing was charged');
  }
  try {
    await ctx.finalizer.submit({
      orderId: order.id,
      provider: method.provider,
      ref: result.ref,
      amount: order.totalAmount,
      currency: order.currency,
    });
  } catch (error) {
    // Expired or cancelled meanwhile: the stock is gone back, so release the money too.
    await provider.void(result.ref).catch(() => {});
    throw error;
  }
  return 'paid';
}
