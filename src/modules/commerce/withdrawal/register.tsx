/**
 * Withdrawals plug into commerce's own extension points rather than into the order pages: their
 * section on the buyer's and the team's order page, and the closing of open withdrawals when the
 * order is refunded in full. Called by the composition root with the
 * app's clock (the section says whether the period is still open).
 */
import type { Clock } from '../../../lib/clock';
import { permissions } from '../../accounts';
import { and, eq } from 'drizzle-orm';
import { orderPageExtensions, orderStepListeners } from '../extensions';
import { withdrawals } from './schema';
import { WithdrawalSection, type WithdrawalSectionData } from './section';
import { periodEndsAt, withdrawalLines, withdrawalsOf } from './service';

const OPEN = ['paid', 'preparing', 'shipped', 'delivered'];

export function registerWithdrawal(app: { clock: Clock }) {
  orderPageExtensions.register({
    name: 'withdrawal',
    async load(db, { detail }): Promise<WithdrawalSectionData> {
      const o = detail.order;
      const now = app.clock.now();
      const ends = periodEndsAt(o);
      const role = detail.role;
      return {
        as: detail.as === 'buyer' ? 'buyer' : 'team',
        orderId: o.id,
        brandUsername: detail.brand.username,
        currency: o.currency,
        lines: await withdrawalLines(db, o.id),
        withdrawals: detail.withdrawals ?? (await withdrawalsOf(db, [o.id])),
        periodEndsAt: ends,
        state: !OPEN.includes(o.status) ? 'closed' : ends && now > ends ? 'over' : 'open',
        canRefund: role !== null && (permissions.refund as readonly string[]).includes(role),
        now,
      };
    },
    render: (v, data) => <WithdrawalSection v={v} d={data as WithdrawalSectionData} />,
  });
  // An order refunded in full, whatever the path (its refund form, a return, a withdrawal's own
  // refund), leaves no withdrawal waiting for its money: no reminder, no lateness flag.
  orderStepListeners.register({
    name: 'withdrawal',
    async onStep(tx, order, step) {
      if (step !== 'refunded') return;
      await tx
        .update(withdrawals)
        .set({ status: 'refunded', refundedAt: app.clock.now() })
        .where(and(eq(withdrawals.orderId, order.id), eq(withdrawals.status, 'requested')));
    },
  });
}
