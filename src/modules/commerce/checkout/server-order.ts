/**
 * An order placed and paid by the server for a buyer, with a method they saved earlier (a pre-sale
 * pledge charged at its threshold): the same reservation and payment as every checkout, under a
 * key the caller names, so running it again after a crash never makes a second order nor a second
 * charge. The order's id is kept as the key's reply in the payment's own transaction; the provider
 * is called with `chargeKey`, so a retry in a new order gets the provider's first answer back.
 * With `capture`, the payment is captured at once: the pending capture is written with the paid
 * order and carried out here; if that fails or the process dies, the order.payments job finishes
 * it with the same provider key (`order:<id>:capture`), so it is never captured twice.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { DomainError } from '../../../lib/errors';
import { keyClaim, type KeyClaim } from '../../../lib/idempotency';
import { settlePayments } from '../orders/settlement';
import { expireOrder } from './recover';
import { placeOrder } from './place';
import type { OrderRequest } from './quote';
import { KeyHeld } from './reserve';
import type { CommerceContext } from '../context';

export type ServerOrder =
  | { outcome: 'paid'; orderId: string; replayed: boolean }
  | { outcome: 'refused'; code: string; message: string };

/** Another attempt under this key is running, or died before paying (its order's hold lets go of the key): retry later. */
export class OrderInFlight extends Error {
  constructor() {
    super('An attempt under this key is still in flight; retry later');
    this.name = 'OrderInFlight';
  }
}

async function keptOrder(ctx: CommerceContext, claim: KeyClaim) {
  const [row] = await queryRows<{ status: number | null; response: { order_id?: string } | null }>(
    ctx.db,
    sql`select status, response from idempotency_keys
        where scope = ${claim.scope} and principal = ${claim.principal} and key = ${claim.key}`,
  );
  return row ?? null;
}

/**
 * Places and pays `request` for `buyerId` once per (scope, key). A refusal the buyer must fix (a
 * declined card, a method gone, an action required off-session) is an outcome; a provider that
 * cannot be reached, or an attempt in flight, throws so the caller's job retries.
 */
export async function placePaidOrderOnce(
  ctx: CommerceContext,
  buyerId: string,
  request: OrderRequest,
  once: { scope: string; key: string; chargeKey: string; capture?: boolean },
): Promise<ServerOrder> {
  const claim = keyClaim({ scope: once.scope, key: once.key, principal: buyerId, body: request })!;
  for (;;) {
    const kept = await keptOrder(ctx, claim);
    if (kept?.status && kept.response?.order_id) {
      // A run that died after the payment: its capture may still be pending.
      if (once.capture) await settleNow(ctx, kept.response.order_id);
      return { outcome: 'paid', orderId: kept.response.order_id, replayed: true };
    }
    if (kept) throw new OrderInFlight();
    try {
      const placed = await placeOrder(ctx, buyerId, request, {
        claim,
        present: (p) => ({ status: 201, body: { order_id: p.orderId } }),
        chargeKey: once.chargeKey,
        capture: once.capture,
      });
      if (placed.status === 'paid') {
        if (once.capture) await settleNow(ctx, placed.orderId);
        return { outcome: 'paid', orderId: placed.orderId, replayed: false };
      }
      // Off-session, nobody is there to pass 3-D Secure: give the stock and the key back now.
      await expireOrder(ctx, placed.orderId, claim);
      return {
        outcome: 'refused',
        code: 'payment_requires_action',
        message: 'The bank asks the card holder to confirm',
      };
    } catch (error) {
      if (error instanceof KeyHeld) continue;
      if (error instanceof DomainError && error.code !== 'payment_unavailable')
        return { outcome: 'refused', code: error.code, message: error.message };
      throw error;
    }
  }
}

/** Carries out the order's pending capture now; left pending on failure, for the order.payments job. */
async function settleNow(ctx: CommerceContext, orderId: string) {
  await settlePayments(ctx, orderId).catch(() => {});
}
