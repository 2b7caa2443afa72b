// Returns and repairs: the buyer asks, the brand's team accepts, receives and resolves.
import { and, eq, inArray } from 'drizzle-orm';
import { isUuid, uuidv7 } from '../../../db/ids';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import { withStoredImages } from '../../media';
import { orders, returnRequests } from '../schema';
import { MAX_RETURN_PHOTOS, OPEN_RETURN, type OrderEventName, type OrdersContext, type ReturnRequest } from './model';
import { orderAccess } from './access';
import { refundInTx, settleQuietly, step } from './transitions';

/**
 * Buyer, after delivery: ask to send the item back (return) or to have it repaired, with a reason
 * and up to 4 photos. One open request per order at a time.
 */
export async function requestReturn(
  ctx: OrdersContext,
  buyerId: string,
  orderId: string,
  input: { kind?: unknown; reason?: unknown; photos?: Uint8Array[] },
): Promise<ReturnRequest> {
  const { order } = await orderAccess(ctx.db, buyerId, orderId, 'buyer');
  const kind = input.kind === undefined || input.kind === null || input.kind === '' ? 'return' : input.kind;
  if (kind !== 'return' && kind !== 'repair')
    throw unprocessable('invalid_kind', 'kind is "return" or "repair"', { field: 'kind' });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw unprocessable('missing_reason', 'Say why (reason)', { field: 'reason' });
  if ([...reason].length > 2000)
    throw unprocessable('invalid_reason', 'reason has at most 2000 characters', { field: 'reason' });
  const photos = input.photos ?? [];
  if (photos.length > MAX_RETURN_PHOTOS)
    throw unprocessable('too_many_photos', `At most ${MAX_RETURN_PHOTOS} photos`, { field: 'photos' });
  if (order.status !== 'delivered')
    throw conflict(
      'invalid_transition',
      `This order is ${order.status}: returns and repairs are asked for after delivery`,
    );
  const id = uuidv7();
  // Photos are stored first and removed again if the request is refused (one already open).
  await withStoredImages(ctx.media, photos, 'attachment', { maxBytes: ctx.config.mediaMaxBytes }, async (stored) => {
    await ctx.db.transaction(async (tx) => {
      // Lock the order: two requests sent at once cannot both see "no open request".
      const [locked] = await tx
        .select({ status: orders.status })
        .from(orders)
        .where(eq(orders.id, order.id))
        .for('update');
      const open = await tx
        .select({ id: returnRequests.id })
        .from(returnRequests)
        .where(and(eq(returnRequests.orderId, order.id), inArray(returnRequests.status, [...OPEN_RETURN])));
      if (open.length) throw conflict('return_open', 'A return or repair request is already open for this order');
      if (locked?.status !== 'delivered')
        throw conflict('invalid_transition', 'Returns and repairs are asked for after delivery');
      await tx
        .insert(returnRequests)
        .values({ id, orderId: order.id, kind, reason, photoPaths: stored.map((s) => s.path) });
      await step(tx, order, {
        from: ['delivered'],
        event: 'return_requested',
        actorId: buyerId,
        data: { return_id: id, kind },
      });
    });
  });
  const [row] = await ctx.db.select().from(returnRequests).where(eq(returnRequests.id, id));
  return row;
}

export type ReturnAction = 'accept' | 'refuse' | 'receive' | 'resolve';

const RETURN_MOVES: Record<
  Exclude<ReturnAction, 'resolve'>,
  { from: ReturnRequest['status'][]; to: ReturnRequest['status']; event: OrderEventName }
> = {
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
    if (given !== 'refunded' && given !== 'repaired')
      throw unprocessable('invalid_outcome', 'outcome is "refunded" or "repaired"', { field: 'outcome' });
    outcome = given;
  }
  const { order } = await orderAccess(ctx.db, actorId, request.orderId, outcome === 'refunded' ? 'refund' : 'orders');
  const move =
    action === 'resolve'
      ? {
          from: ['accepted', 'received'] as ReturnRequest['status'][],
          to: outcome!,
          event: (outcome === 'refunded' ? 'return_refunded' : 'repaired') as OrderEventName,
        }
      : RETURN_MOVES[action];
  let refunded = false;
  await ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(returnRequests)
      .set({ status: move.to, ...(note ? { resolution: note } : {}) })
      .where(and(eq(returnRequests.id, returnId), inArray(returnRequests.status, move.from)))
      .returning({ id: returnRequests.id });
    if (changed.length === 0) {
      const [now] = await tx
        .select({ status: returnRequests.status })
        .from(returnRequests)
        .where(eq(returnRequests.id, returnId));
      throw conflict('invalid_transition', `This request is ${now?.status}: it cannot be ${move.to} now`);
    }
    let refundData: Record<string, unknown> = {};
    if (outcome === 'refunded') {
      const [fresh] = await tx
        .select({ total: orders.totalAmount, refunded: orders.refundedAmount })
        .from(orders)
        .where(eq(orders.id, order.id));
      if (fresh.total - fresh.refunded > 0 || (input.amount !== undefined && input.amount !== null)) {
        const r = await refundInTx(tx, order.id, actorId, input.amount, {
          returnId,
          notify: false,
          reason: note || undefined,
        });
        refundData = { amount: r.amount, currency: order.currency };
        refunded = true;
      }
    }
    const [current] = await tx.select().from(orders).where(eq(orders.id, order.id));
    await step(tx, current, {
      from: [current.status],
      event: move.event,
      actorId,
      data: { return_id: returnId, kind: request.kind, ...(note ? { note } : {}), ...refundData },
    });
  });
  if (refunded) await settleQuietly(ctx, order.id);
  const [row] = await ctx.db.select().from(returnRequests).where(eq(returnRequests.id, returnId));
  return row;
}
