/**
 * Withdrawals plug into commerce's own extension points rather than into the order pages and the
 * order presenter: the section on the buyer's and the team's order page, and the `withdrawal`
 * field of `GET /api/v1/orders/:id`. Called by the composition root with the app's clock.
 */
import { eq } from 'drizzle-orm';
import type { Clock } from '../../../lib/clock';
import { permissions } from '../../accounts';
import { orderApiFields, orderPageExtensions } from '../extensions';
import { orders } from '../schema';
import { presentWithdrawal } from './present';
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
        withdrawals: await withdrawalsOf(db, [o.id]),
        periodEndsAt: ends,
        state: !OPEN.includes(o.status) ? 'closed' : ends && now > ends ? 'over' : 'open',
        canRefund: role !== null && (permissions.refund as readonly string[]).includes(role),
        now,
      };
    },
    render: (v, data) => <WithdrawalSection v={v} d={data as WithdrawalSectionData} />,
  });

  orderApiFields.register({
    name: 'withdrawal',
    fields: ['withdrawal'],
    teamOnly: false,
    async load(db, orderIds) {
      const out = new Map<string, Record<string, unknown>>();
      const now = app.clock.now();
      const all = await withdrawalsOf(db, orderIds);
      for (const id of orderIds) {
        const [o] = await db
          .select({ deliveredAt: orders.deliveredAt, currency: orders.currency })
          .from(orders)
          .where(eq(orders.id, id));
        if (!o) continue;
        const ends = periodEndsAt(o);
        out.set(id, {
          withdrawal: {
            period_ends_at: ends ? ends.toISOString() : null,
            requests: all.filter((w) => w.orderId === id).map((w) => presentWithdrawal(w, o.currency, now)),
          },
        });
      }
      return out;
    },
  });
}
