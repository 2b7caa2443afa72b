/**
 * The funnel's hooks into other modules, as plain objects the link registers
 * (src/links/analytics-funnel.ts): the post extension that notes who saw which posts, the product
 * page section that notes a card opened from a post, the checkout gate that counts checkouts, the
 * paid listener and the refund listener. Each one does the least on the path it sits on.
 */
import type { Db, DbOrTx } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import { countCheckouts, countPaid, countRefund, countVoided } from './orders';
import { funnelNow, noteTaps, noteViews } from './reach';

export { useFunnelClock } from './reach';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Hydrating posts for a signed-in viewer (timelines, API and pages, a post's page): their ids go
 * into the buffer, nothing else; the flush keeps those with products. Returns no data.
 */
export const funnelReachExtension = {
  name: 'funnel_reach',
  async hydrate(db: Db, statusIds: string[], viewerId: string | null): Promise<Map<string, unknown>> {
    if (viewerId) noteViews(db, 'status', statusIds, viewerId);
    return new Map();
  },
};

/** A product page opened from a post (`?source_status_id=`) or a pop-up (`?popup_id=`): a card opened. */
export const funnelProductPage = {
  name: 'funnel_card_opens',
  async load(db: DbOrTx, input: { query: Record<string, string | undefined> }): Promise<null> {
    const source = input.query.source_status_id;
    const popup = input.query.popup_id;
    noteTaps(db as Db, [
      ...(source && UUID.test(source)
        ? [{ kind: 'status' as const, id: source.toLowerCase(), metric: 'card_opens' as const }]
        : []),
      ...(popup && UUID.test(popup)
        ? [{ kind: 'popup' as const, id: popup.toLowerCase(), metric: 'card_opens' as const }]
        : []),
    ]);
    return null;
  },
};

type GateOrder = {
  orderId: string;
  request: { popupId?: string | null; referral?: { code?: string | null; visitor?: string | null } | null };
};

/** Checkouts: never refuses; counts the batch's orders with a source, once per reservation batch. */
export const funnelCheckoutGate = {
  name: 'funnel_checkouts',
  async check(_tx: DbOrTx, items: unknown[]) {
    return items.map(() => null);
  },
  async recorded(tx: DbOrTx, orders: GateOrder[]) {
    await countCheckouts(
      tx,
      orders.map((o) => ({ orderId: o.orderId, popupId: o.request.popupId, referral: o.request.referral })),
      funnelNow(),
    );
  },
};

/** Paid orders and revenue: once per paid batch, in the group commit's transaction (see orders.ts). */
export const funnelOrderPaid = {
  name: 'funnel_paid',
  onPaid: (tx: DbOrTx, orderIds: string[]) => countPaid(tx, orderIds, funnelNow()),
};

/** Refunds (a step's amount, minor units) and voided paid orders, off the revenue of the order's subjects that day. */
export const funnelRefunds = (clock: Clock) => ({
  name: 'funnel_refunds',
  async onStep(tx: DbOrTx, order: { id: string }, step: string, data: Record<string, unknown>) {
    if (step !== 'refunded' && step !== 'partially_refunded' && step !== 'cancelled') return;
    const amount = typeof data.amount === 'number' ? data.amount : Number(data.amount);
    if (Number.isFinite(amount) && amount > 0) await countRefund(tx, order.id, amount, clock.now());
    else if (step === 'cancelled') await countVoided(tx, order.id, clock.now());
  },
});
