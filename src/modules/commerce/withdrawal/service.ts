/**
 * A buyer's withdrawal from an order (droit de rétractation, L221-18 to L221-28), and the brand's
 * refund of it. The buyer needs no reason; the period is checked here against the app's clock
 * (period.ts); the brand's team is told in the same transaction (notification, and the webhook
 * `order.withdrawal_requested` through the order step).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import type { Clock } from '../../../lib/clock';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import type { EventBus } from '../../../lib/events';
import { permissions } from '../../accounts';
import { notify, publishNotifications } from '../../social';
import { orderAccess, refundInTx, settleQuietly, step } from '../orders';
import type { PaymentProviders } from '../payments';
import { orders } from '../schema';
import { periodEnd } from './period';
import { type Withdrawal, type WithdrawalExclusion, withdrawals } from './schema';

export type WithdrawalContext = {
  db: Db;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  payments: PaymentProviders;
};

/** Statuses from which a buyer may still withdraw: paid and not (fully) refunded nor cancelled. */
const OPEN_STATUSES = ['paid', 'preparing', 'shipped', 'delivered'];

export type WithdrawalLine = {
  id: string;
  title: string;
  totalAmount: number;
  /** The product's exclusion, when it was marked before the order was placed. */
  exclusion: WithdrawalExclusion | null;
  withdrawn: boolean;
};

/** The order's lines as a withdrawal sees them. */
export async function withdrawalLines(db: DbOrTx, orderId: string): Promise<WithdrawalLine[]> {
  const rows = await queryRows<{
    id: string;
    title: string;
    total_amount: number;
    exclusion: WithdrawalExclusion | null;
    withdrawn: boolean;
  }>(
    db,
    sql`select l.id, l.title, l.total_amount,
               case when p.withdrawal_excluded_at < o.created_at then p.withdrawal_exclusion end as exclusion,
               exists (select 1 from withdrawals w where w.order_id = l.order_id and l.id = any(w.line_ids)) as withdrawn
          from order_lines l join orders o on o.id = l.order_id left join products p on p.id = l.product_id
         where l.order_id = ${orderId} order by l.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    totalAmount: Number(r.total_amount),
    exclusion: r.exclusion,
    withdrawn: r.withdrawn,
  }));
}

/** When the buyer's period ends: null before delivery (it runs until 14 days after it). */
export const periodEndsAt = (order: { deliveredAt: Date | null }) =>
  order.deliveredAt ? periodEnd(new Date(order.deliveredAt)) : null;

export type WithdrawalInput = { lineIds?: unknown; reason?: unknown; sealed?: unknown };

function checkInput(input: WithdrawalInput) {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string')
    throw unprocessable('invalid_reason', 'reason is text', { field: 'reason' });
  if ([...reason].length > 2000)
    throw unprocessable('invalid_reason', 'reason has at most 2000 characters', { field: 'reason' });
  let lineIds: string[] | null = null;
  if (input.lineIds !== undefined && input.lineIds !== null) {
    if (!Array.isArray(input.lineIds) || input.lineIds.length === 0 || input.lineIds.length > 200)
      throw unprocessable('invalid_line_ids', 'line_ids lists 1 to 200 lines of the order', { field: 'line_ids' });
    lineIds = [...new Set(input.lineIds.map((id) => (typeof id === 'string' ? id.toLowerCase() : '')))];
  }
  return { reason, lineIds, sealed: input.sealed === true };
}

/** Which lines this request withdraws, or the 422 that says why not. */
function chooseLines(lines: WithdrawalLine[], wanted: string[] | null, sealed: boolean): WithdrawalLine[] {
  const allowed = (l: WithdrawalLine) => l.exclusion === null || (l.exclusion === 'hygiene' && sealed);
  if (wanted === null) {
    const open = lines.filter((l) => !l.withdrawn);
    if (open.length === 0)
      throw unprocessable('line_already_withdrawn', 'Every line of this order is already withdrawn');
    const chosen = open.filter(allowed);
    if (chosen.length === 0) throw excluded(open[0]);
    return chosen;
  }
  const byId = new Map(lines.map((l) => [l.id, l]));
  return wanted.map((id) => {
    const line = isUuid(id) ? byId.get(id) : undefined;
    if (!line) throw unprocessable('unknown_line', `${id || 'A line id'} is not a line of this order`, { line_id: id });
    if (line.withdrawn)
      throw unprocessable('line_already_withdrawn', `“${line.title}” is already withdrawn`, { line_id: id });
    if (!allowed(line)) throw excluded(line);
    return line;
  });
}

function excluded(line: WithdrawalLine) {
  if (line.exclusion === 'hygiene')
    return unprocessable(
      'line_unsealed',
      `“${line.title}” is a hygiene product: it can be withdrawn only while sealed (say so with sealed: true)`,
      { line_id: line.id, exclusion: line.exclusion },
    );
  return unprocessable('line_excluded', `“${line.title}” is excluded from withdrawal (${line.exclusion})`, {
    line_id: line.id,
    exclusion: line.exclusion,
  });
}

/**
 * Buyer only (anyone else: 404). From payment to 14 Paris days after delivery (409
 * `withdrawal_period_over` after), all the lines not yet withdrawn (default) or the ones named.
 */
export async function requestWithdrawal(
  ctx: WithdrawalContext,
  buyerId: string,
  orderId: string,
  input: WithdrawalInput,
): Promise<Withdrawal> {
  const { order } = await orderAccess(ctx.db, buyerId, orderId, 'buyer');
  const { reason, lineIds, sealed } = checkInput(input);
  const now = ctx.clock.now();
  const id = uuidv7();
  const told = await ctx.db.transaction(async (tx) => {
    // Locked: two requests at once cannot withdraw the same line twice.
    const [locked] = await tx.select().from(orders).where(eq(orders.id, order.id)).for('update');
    if (!OPEN_STATUSES.includes(locked.status))
      throw conflict('withdrawal_not_open', `This order is ${locked.status}: there is nothing to withdraw from`);
    const ends = periodEndsAt(locked);
    if (ends && now > ends)
      throw conflict('withdrawal_period_over', `The withdrawal period ended on ${ends.toISOString()}`, {
        period_ended_at: ends.toISOString(),
      });
    const lines = await withdrawalLines(tx, order.id);
    const chosen = chooseLines(lines, lineIds, sealed);
    const chosenIds = new Set(chosen.map((l) => l.id));
    const wholeOrder = lines.every((l) => l.withdrawn || chosenIds.has(l.id));
    const amount = chosen.reduce((sum, l) => sum + l.totalAmount, 0) + (wholeOrder ? locked.shippingAmount : 0);
    const deadline = periodEnd(now);
    await tx.insert(withdrawals).values({
      id,
      orderId: order.id,
      lineIds: [...chosenIds],
      wholeOrder,
      amount,
      reason,
      sealed: sealed && chosen.some((l) => l.exclusion === 'hygiene'),
      returnDeadline: deadline,
      refundDeadline: deadline,
      createdAt: now,
    });
    await step(tx, locked, {
      from: [locked.status],
      event: 'withdrawal_requested',
      actorId: buyerId,
      data: { withdrawal_id: id, line_ids: [...chosenIds], whole_order: wholeOrder, amount, currency: locked.currency },
    });
    return tellTeam(tx, locked.brandId, { fromAccountId: buyerId, orderId: order.id, detail: 'withdrawal_received' });
  });
  await publishNotifications(ctx, told);
  const [row] = await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, id));
  return row;
}

/** An in-app notice to every team member who handles orders (they asked for none of it: muting does not hide it). */
export async function tellTeam(
  tx: DbOrTx,
  brandId: string,
  n: { fromAccountId: string; orderId: string; detail: string },
): Promise<{ id: string | null; accountId: string }[]> {
  const team = await queryRows<{ account_id: string }>(
    tx,
    sql`select account_id from brand_members where brand_id = ${brandId}
        and role = any(${`{${permissions.orders.join(',')}}`}::text[]) order by account_id`,
  );
  const out: { id: string | null; accountId: string }[] = [];
  for (const m of team) {
    const about = { type: 'order' as const, subjectId: n.orderId, detail: n.detail };
    const id = await notify(
      tx,
      { accountId: m.account_id, fromAccountId: n.fromAccountId, ...about },
      {
        reachMuted: true,
        toSelf: true,
      },
    );
    out.push({ id, accountId: m.account_id });
  }
  return out;
}

/**
 * Brand owner/admin (`refund`): refunds what the withdrawal owes through the order's refund path
 * (a partial refund of its lines, plus the shipping when the whole order is withdrawn), at most
 * what is left to refund, and marks it refunded. The brand may wait until the goods are back.
 */
export async function refundWithdrawal(ctx: WithdrawalContext, actorId: string, withdrawalId: string) {
  if (!isUuid(withdrawalId)) throw notFound('Withdrawal');
  const [w] = await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId));
  if (!w) throw notFound('Withdrawal');
  await orderAccess(ctx.db, actorId, w.orderId, 'refund');
  let refunded = 0;
  await ctx.db.transaction(async (tx) => {
    const moved = await tx
      .update(withdrawals)
      .set({ status: 'refunded', refundedAt: ctx.clock.now() })
      .where(and(eq(withdrawals.id, w.id), eq(withdrawals.status, 'requested')))
      .returning({ id: withdrawals.id });
    if (moved.length === 0) throw conflict('withdrawal_refunded', 'This withdrawal is already refunded');
    const [order] = await tx.select().from(orders).where(eq(orders.id, w.orderId));
    const left = order.totalAmount - order.refundedAmount;
    const amount = Math.min(w.amount, left);
    // Already refunded by other means (a refund from the order page): nothing more to give back.
    if (amount > 0 && OPEN_STATUSES.includes(order.status)) {
      await refundInTx(tx, order.id, actorId, amount, {});
      refunded = amount;
    }
  });
  if (refunded) await settleQuietly(ctx, w.orderId);
  const [row] = await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, w.id));
  return { withdrawal: row, refunded };
}

export async function withdrawalsOf(db: DbOrTx, orderIds: string[]): Promise<Withdrawal[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(withdrawals).where(inArray(withdrawals.orderId, orderIds)).orderBy(asc(withdrawals.id));
}
