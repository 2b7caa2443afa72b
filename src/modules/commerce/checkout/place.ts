/**
 * The checkout: price, reserve (grouped with concurrent checkouts, see reserve.ts),
 * authorize, then mark paid (grouped again, see payment.ts). A checkout either completes
 * (stock taken, payment authorized, order recorded) or leaves no trace.
 */
import {
  awaitReply,
  keyClaim,
  releaseKeys,
  storeReplies,
  type KeyClaim,
  type StoredReply,
} from '../../../lib/idempotency';
import { countCheckouts } from '../../../lib/metrics';
import { authorizeReserved, type PaidRows } from './payment';
import type { OrderRequest, PricedOrder } from './quote';
import { KeyHeld, type Reserved, type ReservedOrder } from './reserve';
import type { CommerceContext } from '../context';
import type { Payment } from '../orders';

/** A placed order; `rows` (when paid at once) is the order as written, for the reply. */
export type PlacedOrder = {
  orderId: string;
  status: 'paid' | 'awaiting_payment';
  nextActionUrl?: string;
  rows?: ReservedOrder & { payments: Payment[] };
};
export type Placed = PlacedOrder & { quote: PricedOrder };

/**
 * One checkout. With `claim`, its Idempotency-Key is claimed in the reservation's transaction
 * (KeyHeld when another request holds it) and `present`'s reply is kept with the payment, in the
 * payment batch's transaction. The order is leased to this app node until then: if the node
 * dies in between, another gives back its stock, key and authorization (recover.ts); the
 * order.expire job remains the backstop.
 */
export const placeOrder = countCheckouts(placeOrderUncounted, KeyHeld);
async function placeOrderUncounted(
  ctx: CommerceContext,
  buyerId: string,
  request: OrderRequest,
  once: {
    claim?: KeyClaim | null;
    present?: (placed: Placed) => StoredReply;
    chargeKey?: string;
    /** Capture the payment at once rather than at shipment (see PaidOrder.capture). */
    capture?: boolean;
    /** The key the caller claimed itself (idempotent()), let go of with the order if this node dies. */
    heldKey?: Pick<KeyClaim, 'scope' | 'principal' | 'key'> | null;
  } = {},
): Promise<Placed & { reply?: StoredReply }> {
  const claim = once.claim ?? null;
  const reserved = await ctx.reserver.submit({ buyerId, request, claim, heldKey: once.heldKey });
  try {
    const present = once.present;
    const authorized = await authorizeReserved(
      ctx,
      reserved.order.id,
      reserved.quote,
      present && { claim, present: (paid) => present(paidOrder(reserved, paid)) },
      once.chargeKey,
      once.capture,
    );
    if (authorized.status !== 'paid' || !authorized.paid)
      return {
        orderId: authorized.orderId,
        status: authorized.status,
        nextActionUrl: authorized.nextActionUrl,
        quote: reserved.quote,
      };
    return { ...paidOrder(reserved, authorized.paid), reply: authorized.paid.reply };
  } catch (error) {
    // A failed attempt does not hold the key: the client may retry it.
    if (claim) await releaseKeys(ctx.db, [claim]).catch(() => {});
    throw error;
  }
}

function paidOrder(reserved: Reserved, paid: PaidRows): Placed {
  const order = {
    ...reserved.order,
    status: 'paid' as const,
    paidAt: paid.paidAt,
    expiresAt: null,
    paymentRef: paid.payment.providerRef,
  };
  return {
    orderId: order.id,
    status: 'paid',
    quote: reserved.quote,
    rows: {
      order,
      lines: reserved.lines.map((l) =>
        paid.editionNumbers?.has(l.id) ? { ...l, editionNumbers: paid.editionNumbers.get(l.id) } : l,
      ),
      events: [...reserved.events, paid.event],
      payments: [paid.payment],
    },
  };
}

/**
 * A checkout under an Idempotency-Key (Stripe's rules, as `idempotent` in http/idempotency.ts)
 * with no statement of its own: the key is claimed with the reservation and the paid reply kept
 * with the payment. A duplicate waits for the original's reply; after a failed original it takes
 * over. `present` answers a paid order from its rows; `presentPending` reads the rare unpaid one.
 */
export async function placeOrderOnce(
  ctx: CommerceContext,
  buyerId: string,
  request: OrderRequest,
  idempotency: { scope: string; key: string | undefined; body: unknown },
  present: (placed: Placed) => StoredReply,
  presentPending: (placed: Placed) => Promise<StoredReply>,
): Promise<StoredReply & { replayed: boolean }> {
  const claim = keyClaim({ ...idempotency, principal: buyerId });
  for (;;) {
    let placed: Placed & { reply?: StoredReply };
    try {
      placed = await placeOrder(ctx, buyerId, request, { claim, present });
    } catch (error) {
      if (!(error instanceof KeyHeld)) throw error;
      const reply = await awaitReply(ctx.db, error.claim);
      if (reply === 'released') continue;
      return { ...reply, replayed: true };
    }
    if (placed.reply) return { ...placed.reply, replayed: false };
    try {
      const reply = await presentPending(placed);
      if (claim) await storeReplies(ctx.db, [{ claim, reply }]);
      return { ...reply, replayed: false };
    } catch (error) {
      if (claim) await releaseKeys(ctx.db, [claim]).catch(() => {});
      throw error;
    }
  }
}
