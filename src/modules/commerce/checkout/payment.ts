/**
 * Paying for reserved orders: authorize with the provider, then mark the orders paid in batches
 * (group commit, like reservations). A declined or failed payment gives the stock back and
 * removes the order; a hold that runs out is undone by the order.expire job.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { conflict, DomainError, paymentRequired } from '../../../lib/errors';
import { keyWrites, type KeyClaim, type StoredReply } from '../../../lib/idempotency';
import { GroupCommit } from '../../../lib/group-commit';
import { eventsClause, jobsClause, writeTogether } from './batch-writes';
import { releaseStock } from './reserve';
import type { Quote } from './quote';
import type { CommerceContext } from '../context';
import { numberPaidLines, runOrderPaidListeners } from '../extensions';
import type { OrderEvent, Payment } from '../orders';
import { PaymentNetworkError, type AuthorizeResult } from '../payments';

/** What marking an order paid wrote: its paid time, payment row and timeline event (and the reply kept for its key). */
export type PaidRows = {
  paidAt: Date;
  payment: Payment;
  event: OrderEvent;
  reply?: StoredReply;
  /** Numbers of limited editions given in this payment (order line id → numbers). */
  editionNumbers?: Map<string, number[]>;
};
/**
 * An authorized order to mark paid. `reply` makes the request's answer from the rows written and,
 * when the request carried an Idempotency-Key, keeps it in the same transaction: the key then
 * never names an order that is not paid.
 */
export type PaidOrder = {
  orderId: string;
  provider: string;
  ref: string;
  amount: number;
  currency: string;
  reply?: { claim: KeyClaim | null; present: (paid: PaidRows) => StoredReply };
  /** Capture at once instead of at shipment: a pending capture is recorded with the payment. */
  capture?: boolean;
};
export type Authorized = {
  orderId: string;
  status: 'paid' | 'awaiting_payment';
  nextActionUrl?: string;
  paid?: PaidRows;
};

export async function authorizeReserved(
  ctx: CommerceContext,
  orderId: string,
  quote: Pick<Quote, 'payment' | 'totalAmount' | 'currency'>,
  reply?: PaidOrder['reply'],
  chargeKey?: string,
  capture = false,
): Promise<Authorized> {
  const provider = ctx.payments.get(quote.payment.provider);
  let result: AuthorizeResult;
  try {
    if (!provider) throw new PaymentNetworkError(`Payment provider ${quote.payment.provider} is not configured`);
    result = await provider.authorize({
      methodToken: quote.payment.token,
      amount: quote.totalAmount,
      currency: quote.currency,
      // A server-side charge (a pre-sale pledge) names its own key: a retry in a new order reuses the first answer.
      idempotencyKey: chargeKey ?? `order:${orderId}:auth`,
    });
  } catch (error) {
    await provider?.void(`order:${orderId}:auth`).catch(() => {});
    await abandonOrder(ctx.db, orderId);
    if (error instanceof PaymentNetworkError)
      throw paymentRequired(
        'payment_unavailable',
        'The payment could not be completed (provider unreachable); nothing was charged, please try again',
      );
    throw error;
  }
  if (result.status === 'declined') {
    await abandonOrder(ctx.db, orderId);
    throw paymentRequired('payment_declined', 'The card was declined; nothing was charged');
  }
  if (result.status === 'requires_action') {
    // The order now waits for the buyer, beyond this request: its expiry job, not the node's lease, ends it.
    await ctx.db.execute(
      sql`update orders set payment_ref = ${result.ref}, lease_node = null, lease_key = null where id = ${orderId}`,
    );
    return { orderId, status: 'awaiting_payment', nextActionUrl: result.actionUrl };
  }
  try {
    const paid = await ctx.finalizer.submit({
      orderId,
      provider: quote.payment.provider,
      ref: result.ref,
      amount: quote.totalAmount,
      currency: quote.currency,
      reply,
      capture,
    });
    return { orderId, status: 'paid', paid };
  } catch (error) {
    // The order was given back meanwhile (its hold ran out, or this node was taken for dead): the
    // authorization made for it will never be captured. A pledge's charge key outlives the order.
    if (!chargeKey && error instanceof DomainError && error.code === 'order_expired') {
      const [row] = await queryRows<{ status: string }>(ctx.db, sql`select status from orders where id = ${orderId}`);
      if (row?.status !== 'paid') await provider?.void(result.ref).catch(() => {});
    }
    throw error;
  }
}

/**
 * Removes an unpaid order and gives its stock back, in one transaction. Its expiry job stays:
 * it finds no order and does nothing (deleting it by payload would read the whole jobs table).
 */
export async function abandonOrder(db: Db, orderId: string) {
  await db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`select id from orders where id = ${orderId} and status in ('awaiting_payment', 'pending_confirmation') for update`,
    );
    if (!row) return;
    await releaseStock(tx, orderId);
    await queryRows(tx, sql`delete from orders where id = ${orderId}`);
  });
}

/**
 * Marks authorized orders paid, grouped like reservations: status, the payment row, the timeline
 * event, the follow-up job (notifications, e-mail, webhooks) and the requests' kept replies in one
 * transaction per batch. Only an order still awaiting payment moves: a late confirmation after
 * expiry changes nothing.
 */
export async function markPaidBatch(db: Db, paid: PaidOrder[]): Promise<(PaidRows | Error)[]> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const moved = await queryRows<{ id: string }>(
      tx,
      sql`update orders set status = 'paid', paid_at = ${now.toISOString()}::timestamptz, expires_at = null, payment_ref = p.ref,
            lease_node = null, lease_key = null
          from json_to_recordset(${JSON.stringify(paid.map((p) => ({ id: p.orderId, ref: p.ref })))}::json) as p(id uuid, ref text)
          where orders.id = p.id and orders.id = any(${arrayLiteral(paid.map((p) => p.orderId))}::uuid[]) and orders.status = 'awaiting_payment' returning orders.id`,
    );
    const ok = new Set(moved.map((m) => m.id));
    // Numbered editions take their numbers with the payment: they commit, or roll back, together.
    const editionNumbers = await numberPaidLines(tx, [...ok].sort());
    const rows = new Map<string, PaidRows>();
    for (const p of paid) {
      if (!ok.has(p.orderId) || rows.has(p.orderId)) continue;
      const payment: Payment = {
        id: uuidv7(),
        orderId: p.orderId,
        provider: p.provider,
        kind: 'authorization',
        providerRef: p.ref,
        amount: p.amount,
        currency: p.currency,
        status: 'succeeded',
        createdAt: now,
      };
      const written: PaidRows = {
        paidAt: now,
        payment,
        event: {
          id: uuidv7(),
          orderId: p.orderId,
          type: 'paid',
          actorId: null,
          // The e-mail, the timeline and webhooks say "charged" rather than "authorized".
          data: p.capture ? { captured: true } : {},
          createdAt: now,
        },
        editionNumbers,
      };
      if (p.reply) written.reply = p.reply.present(written);
      rows.set(p.orderId, written);
    }
    const done = [...rows.values()];
    if (done.length) {
      const row = (p: Payment) => ({
        id: p.id,
        order_id: p.orderId,
        provider: p.provider,
        kind: p.kind,
        provider_ref: p.providerRef,
        amount: p.amount,
        currency: p.currency,
        status: p.status,
        created_at: p.createdAt,
      });
      // Capture now: the capture is owed from the moment the order is paid, so it is recorded in
      // the same transaction (pending); settlement carries it out, the order.payments job finishes it.
      const captureNow = new Set(paid.filter((p) => p.capture).map((p) => p.orderId));
      const captures = done
        .filter((d) => captureNow.has(d.payment.orderId))
        .map(({ payment: p }) => row({ ...p, id: uuidv7(), kind: 'capture', status: 'pending' }));
      const payments = [...done.map((d) => row(d.payment)), ...captures];
      // Linked modules (ambassadors' pending commissions), once for the batch, in its transaction.
      await runOrderPaidListeners(
        tx,
        done.map((d) => d.payment.orderId),
      );
      const replies = paid.flatMap((p) =>
        p.reply?.claim && rows.get(p.orderId)?.reply
          ? [{ claim: p.reply.claim, reply: rows.get(p.orderId)!.reply! }]
          : [],
      );
      const store = replies.length ? keyWrites.reply(replies) : null;
      // The payments, events, follow-up jobs and kept replies in one statement (batch-writes.ts).
      await writeTogether(tx, {
        payments: {
          write: sql`insert into payments (id, order_id, provider, kind, provider_ref, amount, currency, status, created_at)
            select * from json_to_recordset(${JSON.stringify(payments)}::json)
              as r(id uuid, order_id uuid, provider text, kind text, provider_ref text, amount int, currency text, status text, created_at timestamptz)`,
        },
        events: eventsClause(done.map((d) => d.event)),
        follow_ups: jobsClause(
          'order.event',
          done.map((d) => ({ orderId: d.payment.orderId, event: 'order.paid' as const })),
        ),
        captures: jobsClause(
          'order.payments',
          captures.map((c) => ({ orderId: c.order_id })),
          new Date(Date.now() + 60_000),
        ),
        replies: store && { write: store.write, wake: store.wake('replies') },
      });
    }
    return paid.map(
      (p) => rows.get(p.orderId) ?? conflict('order_expired', 'The order expired before its payment completed'),
    );
  });
}

export function createFinalizer(db: Db, lanes: number) {
  return new GroupCommit<PaidOrder, PaidRows>(
    (paid) => markPaidBatch(db, paid),
    lanes,
    250,
    (p) => p.orderId,
  );
}
export type Finalizer = ReturnType<typeof createFinalizer>;
