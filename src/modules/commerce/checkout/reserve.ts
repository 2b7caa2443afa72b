/**
 * Taking stock for a batch of checkouts in one transaction (group commit): under a flash sale on
 * one product the hot row's lock is taken once per batch instead of once per buyer, and
 * everything else a checkout needs from the database before paying (its Idempotency-Key, its
 * prices) rides in the same transaction, so a buyer costs no statement of their own.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type Db, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { uuidv7 } from '../../../db/ids';
import { DomainError } from '../../../lib/errors';
import { claimId, claimKeys, keyWrites, type KeyClaim } from '../../../lib/idempotency';
import { GroupCommit } from '../../../lib/group-commit';
import { systemClock, type Clock } from '../../../lib/clock';
import { processNodeId } from '../../../lib/nodes';
import { checkoutGates } from '../extensions';
import { recordAcceptedTerms } from '../legal';
import {
  eventsClause,
  jobsClause,
  linesClause,
  ordersClause,
  stockClause,
  writeTogether,
  type Clause,
} from './batch-writes';
import { quoteOrders, type OrderRequest, type PricedOrder, type Quote } from './quote';
import type { Order, OrderEvent, OrderLine } from '../orders';
import { keptUnits, recordLineSales } from '../extensions';

/** How long stock stays held for an order whose payment is not complete. */
export const RESERVATION_MINUTES = 15;

export class OutOfStockError extends DomainError {
  constructor(title?: string) {
    super(
      'conflict',
      'out_of_stock',
      title ? `${title} is out of stock (or not in the quantity asked)` : 'Out of stock',
    );
  }
}

/** The request's Idempotency-Key is held by another request (running or done): its reply is the answer. */
export class KeyHeld extends Error {
  constructor(readonly claim: KeyClaim) {
    super('This Idempotency-Key is held by another request');
  }
}

type KeyName = Pick<KeyClaim, 'scope' | 'principal' | 'key'>;
/**
 * One checkout as the batch receives it: who, what, and the key it claims (if any), or the key its
 * caller claimed already (`heldKey`, idempotent()): given back with the order if the node dies.
 */
export type CheckoutItem = {
  buyerId: string;
  request: OrderRequest;
  claim?: KeyClaim | null;
  heldKey?: KeyName | null;
};
/** An order as the reservation wrote it: the rows themselves, so nobody reads them back. */
export type ReservedOrder = { order: Order; lines: OrderLine[]; events: OrderEvent[] };
export type Reserved = ReservedOrder & { quote: PricedOrder };
/** A reserved order and the key its request claimed, as the batch writes them. */
type Held = Reserved & { claim: KeyName | null };
type Lease = { node: string | null };

/**
 * One transaction for the whole batch: claim the Idempotency-Keys (in key order), price every
 * checkout from one read, lock the batch's variant rows once (in id order: no deadlock between
 * batches), give stock first come first served, all or nothing per order, let go of the keys of
 * checkouts that failed, then write every order, line, event and expiry job with one statement
 * per table. Each checkout gets its order, or the error that stopped it (OutOfStockError, a 4xx
 * of its quote, KeyHeld). With `leaseNode` (a live request's checkout), each order names that app
 * node and its key: if the node dies before the request ends, another node gives both back at once
 * (checkout/recover.ts) instead of the expiry job 15 minutes later.
 */
export async function reserveBatch(
  db: Db,
  items: CheckoutItem[],
  status: 'awaiting_payment' | 'pending_confirmation' = 'awaiting_payment',
  holdMinutes = RESERVATION_MINUTES,
  clock: Clock = systemClock,
  leaseNode: string | null = null,
): Promise<(Reserved | Error)[]> {
  return db.transaction(async (tx) => {
    const results: (Reserved | Error | undefined)[] = items.map(() => undefined);
    await claimBatchKeys(tx, items, results);
    const live = items.flatMap((_item, i) => (results[i] ? [] : [i]));
    const quotes = await quoteOrders(
      tx,
      live.map((i) => items[i]),
    );
    live.forEach((i, k) => {
      const quote = quotes[k];
      if (quote instanceof Error) results[i] = quote;
    });
    const gated = live.flatMap((i, k) => (results[i] ? [] : [{ index: i, quote: quotes[k] as PricedOrder }]));
    await runCheckoutGates(tx, gated, items, results, clock.now());
    const priced = gated.flatMap((g) =>
      results[g.index]
        ? []
        : [{ index: g.index, quote: g.quote, claim: items[g.index].claim ?? items[g.index].heldKey ?? null }],
    );
    const { accepted, changed } = await allocateStock(tx, priced, results, status, holdMinutes, { node: leaseNode });
    // The keys of the checkouts that failed are let go of, and the stock, orders, lines, events
    // and expiry jobs written, in one statement (batch-writes.ts).
    const failed = items.flatMap((item, i) =>
      item.claim && results[i] instanceof Error && !(results[i] instanceof KeyHeld) ? [item.claim] : [],
    );
    const release = failed.length ? keyWrites.release(failed) : null;
    await writeTogether(tx, {
      stock: stockClause(changed),
      released: release && { write: release.write, wake: release.wake('released') },
      ...orderClauses(accepted),
    });
    if (accepted.length) {
      // Lines sold under a price rule keep its label and reference price (campaigns' sales).
      await recordLineSales(
        tx,
        accepted.flatMap((a) => a.lines.map((l) => ({ orderLineId: l.id, sale: l.sale }))),
      );
      await recordThroughGates(tx, items, results);
      // The terms of sale the buyer accepted: their brand's version current now (legal/).
      const terms = await recordAcceptedTerms(
        tx,
        accepted.map((a) => a.order.id),
      );
      for (const a of accepted) a.order.termsVersion = terms.get(a.order.id) ?? null;
    }
    return results as (Reserved | Error)[];
  });
}

/** The registered gates' refusals (campaigns' pop-ups and early access), one statement each per batch. */
async function runCheckoutGates(
  tx: DbOrTx,
  gated: { index: number; quote: PricedOrder }[],
  items: CheckoutItem[],
  results: (Reserved | Error | undefined)[],
  now: Date,
) {
  for (const gate of gated.length ? checkoutGates.list() : []) {
    const open = gated.filter((g) => !results[g.index]);
    const refusals = await gate.check(
      tx,
      open.map((g) => ({ buyerId: items[g.index].buyerId, request: items[g.index].request, quote: g.quote })),
      now,
    );
    open.forEach((g, k) => {
      if (refusals[k]) results[g.index] = refusals[k]!;
    });
  }
}

/** The registered gates' follow-ups for the orders written (a pop-up's attribution), same transaction. */
async function recordThroughGates(tx: DbOrTx, items: CheckoutItem[], results: (Reserved | Error | undefined)[]) {
  const orders = items.flatMap((item, i) => {
    const r = results[i];
    return r && !(r instanceof Error) ? [{ orderId: r.order.id, buyerId: item.buyerId, request: item.request }] : [];
  });
  for (const gate of checkoutGates.list()) if (gate.recorded) await gate.recorded(tx, orders);
}

/** Claims the batch's keys; a key claimed twice in the batch, or held elsewhere, is KeyHeld. */
async function claimBatchKeys(tx: DbOrTx, items: CheckoutItem[], results: (Reserved | Error | undefined)[]) {
  const seen = new Set<string>();
  const wanted: KeyClaim[] = [];
  items.forEach((item, i) => {
    if (!item.claim) return;
    const id = claimId(item.claim);
    if (seen.has(id)) results[i] = new KeyHeld(item.claim);
    else {
      seen.add(id);
      wanted.push(item.claim);
    }
  });
  const claimed = await claimKeys(tx, wanted);
  items.forEach((item, i) => {
    if (item.claim && !results[i] && !claimed.has(claimId(item.claim))) results[i] = new KeyHeld(item.claim);
  });
}

/** Locks the variants and serves the priced checkouts in order; says which stock levels changed (the caller writes them). */
async function allocateStock(
  tx: DbOrTx,
  priced: { index: number; quote: PricedOrder; claim: KeyName | null }[],
  results: (Reserved | Error | undefined)[],
  status: 'awaiting_payment' | 'pending_confirmation',
  holdMinutes: number,
  lease: Lease,
): Promise<{ accepted: Held[]; changed: [string, number][] }> {
  if (priced.length === 0) return { accepted: [], changed: [] };
  const variantIds = [...new Set(priced.flatMap((p) => p.quote.lines.map((l) => l.variantId)))].sort();
  const locked = await preparedSqlRows<{ id: string; stock: number }>(
    tx,
    sql`select id, stock from variants where id = any(${arrayLiteral(variantIds)}::uuid[]) order by id for update`,
  );
  const before = new Map(locked.map((r) => [r.id, r.stock]));
  const stock = new Map(before);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + holdMinutes * 60_000);
  const accepted: Held[] = [];
  for (const { index, quote, claim } of priced) {
    const short = quote.lines.find((l) => (stock.get(l.variantId) ?? 0) < l.quantity);
    if (short) {
      results[index] = new OutOfStockError(short.title);
      continue;
    }
    for (const l of quote.lines) stock.set(l.variantId, stock.get(l.variantId)! - l.quantity);
    const reserved = { ...reservedRows(quote, status, now, expiresAt, lease, claim), quote };
    accepted.push({ ...reserved, claim });
    results[index] = reserved;
  }
  return { accepted, changed: [...stock].filter(([id, value]) => before.get(id) !== value) };
}

/** The rows of one reserved order, exactly as insertOrders writes them. */
function reservedRows(
  q: Quote,
  status: 'awaiting_payment' | 'pending_confirmation',
  now: Date,
  expiresAt: Date,
  lease: Lease,
  claim: KeyName | null,
): ReservedOrder {
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
    termsVersion: null,
    carrier: null,
    trackingNumber: null,
    expiresAt,
    createdAt: now,
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    cancelledAt: null,
    leaseNode: lease.node,
    leaseKey: lease.node && claim ? { scope: claim.scope, principal: claim.principal, key: claim.key } : null,
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
    ...(l.sale && { sale: l.sale }),
  }));
  const event: OrderEvent = {
    id: uuidv7(),
    orderId,
    type: status === 'pending_confirmation' ? 'proposed' : 'created',
    actorId: q.buyerId,
    data: {},
    createdAt: now,
  };
  return { order, lines, events: [event] };
}

/**
 * A batch's orders, lines, events and expiry jobs as clauses of one statement. The hold's end is
 * one time for the whole batch; its job finds a paid order and leaves it alone, so paying needs
 * not delete it. It names the request's key, which a process killed before paying would leave
 * claimed with no reply: the job lets go of it.
 */
function orderClauses(accepted: Held[]): Record<string, Clause | null> {
  if (accepted.length === 0) return {};
  return {
    orders: ordersClause(accepted.map((a) => a.order)),
    lines: linesClause(accepted.flatMap((a) => a.lines)),
    events: eventsClause(accepted.flatMap((a) => a.events)),
    expiry: jobsClause(
      'order.expire',
      accepted.map(({ order, claim }) => ({
        orderId: order.id,
        ...(claim ? { key: { scope: claim.scope, principal: claim.principal, key: claim.key } } : {}),
      })),
      accepted[0].order.expiresAt!,
    ),
  };
}

/**
 * Gives stock back for an order that will not be paid (declined, expired, cancelled before paying),
 * or is cancelled after paying; numbered edition units stay out of stock (their numbers are withdrawn).
 */
export async function releaseStock(tx: DbOrTx, orderId: string) {
  const kept = Object.fromEntries(await keptUnits(tx, orderId));
  await queryRows(
    tx,
    sql`update variants set stock = variants.stock + l.quantity - coalesce((${JSON.stringify(kept)}::jsonb ->> l.variant_id::text)::int, 0)
        from (select variant_id, sum(quantity)::int as quantity from order_lines where order_id = ${orderId} group by variant_id) l
        where variants.id = l.variant_id`,
  );
}

/** Checkouts of one product share a lane, so its hot row is locked by one batch at a time. */
const laneOf = (item: CheckoutItem) =>
  Array.isArray(item.request.lines) ? (item.request.lines.map((l) => String(l?.variantId ?? '')).sort()[0] ?? '') : '';

/** The checkouts of this node's requests: their orders are leased to it (`processNodeId` unless told). */
export function createReserver(db: Db, lanes: number, clock: Clock = systemClock, leaseNode = processNodeId) {
  return new GroupCommit<CheckoutItem, Reserved>(
    (items) => reserveBatch(db, items, 'awaiting_payment', RESERVATION_MINUTES, clock, leaseNode),
    lanes,
    250,
    laneOf,
  );
}
export type Reserver = ReturnType<typeof createReserver>;
