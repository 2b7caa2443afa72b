/**
 * Recurring job `withdrawals.checks` (hourly): the brand's team is reminded 3 days before a
 * withdrawal's refund is due, and the withdrawal is flagged late once the deadline passes without
 * the refund (shown on the order page and the brand's order list). Each notice is claimed by a
 * guarded update in its own transaction, so a job run twice tells the team once.
 */
import { and, eq, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { keepScheduled } from '../../../jobs/queue';
import { publishNotifications } from '../../social';
import { orders } from '../schema';
import { withdrawals } from './schema';
import { tellTeam, type WithdrawalContext } from './service';

const HOUR = 3_600_000;
export const REMINDER_DAYS = 3;

export async function scheduleWithdrawalChecks(db: Db, counting: 'any' | 'future' = 'any', at?: Date) {
  await keepScheduled(db, 'withdrawals.checks', at ?? new Date(Date.now() + HOUR), counting);
}

/** One pass: reminders, then lateness. Answers how many notices of each kind went out. */
export async function checkWithdrawals(ctx: Pick<WithdrawalContext, 'db' | 'clock' | 'events'>) {
  const now = ctx.clock.now();
  const soon = new Date(now.getTime() + REMINDER_DAYS * 24 * HOUR);
  const open = eq(withdrawals.status, 'requested');
  const due = await ctx.db
    .select({ id: withdrawals.id })
    .from(withdrawals)
    .where(and(open, isNull(withdrawals.remindedAt), lte(withdrawals.refundDeadline, soon)));
  const late = await ctx.db
    .select({ id: withdrawals.id })
    .from(withdrawals)
    .where(and(open, isNull(withdrawals.lateAt), lt(withdrawals.refundDeadline, now)));
  let reminded = 0;
  let flagged = 0;
  for (const { id } of due) if (await tell(ctx, id, 'remindedAt', 'withdrawal_refund_due', now)) reminded++;
  for (const { id } of late) if (await tell(ctx, id, 'lateAt', 'withdrawal_late', now)) flagged++;
  return { reminded, flagged };
}

async function tell(
  ctx: Pick<WithdrawalContext, 'db' | 'events'>,
  id: string,
  mark: 'remindedAt' | 'lateAt',
  detail: string,
  now: Date,
) {
  const told = await ctx.db.transaction(async (tx) => {
    const claimed = await tx
      .update(withdrawals)
      .set({ [mark]: now })
      .where(and(eq(withdrawals.id, id), eq(withdrawals.status, 'requested'), isNull(withdrawals[mark])))
      .returning({ orderId: withdrawals.orderId });
    if (claimed.length === 0) return null;
    const [order] = await tx
      .select({ id: orders.id, brandId: orders.brandId })
      .from(orders)
      .where(eq(orders.id, claimed[0].orderId));
    return tellTeam(tx, order.brandId, { fromAccountId: order.brandId, orderId: order.id, detail });
  });
  if (told) await publishNotifications(ctx, told);
  return told !== null;
}

/** The job: one pass, then the next one an hour later. */
export async function runWithdrawalChecks(ctx: Pick<WithdrawalContext, 'db' | 'clock' | 'events'>) {
  await checkWithdrawals(ctx);
  await scheduleWithdrawalChecks(ctx.db, 'future');
}

/** Orders (of a list) with a withdrawal whose refund is late. */
export async function lateWithdrawalOrders(db: Db, orderIds: string[], now: Date): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ orderId: withdrawals.orderId })
    .from(withdrawals)
    .where(
      and(
        eq(withdrawals.status, 'requested'),
        lt(withdrawals.refundDeadline, now),
        inArray(withdrawals.orderId, orderIds),
      ),
    );
  return new Set(rows.map((r) => r.orderId));
}
