// A withdrawal as the API and webhooks show it.
import { Money, time, uuid } from '../shipping/api-schemas';
import { z } from 'zod';
import { periodEnd } from './period';
import type { Withdrawal } from './schema';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const WithdrawalEntity = z
  .object({
    id: uuid,
    order_id: uuid,
    status: z.enum(['requested', 'refunded']),
    line_ids: z.array(uuid).meta({ description: 'The order lines withdrawn (every unit of each)' }),
    whole_order: z.boolean().meta({ description: 'Every line is withdrawn: the shipping is refunded too' }),
    amount: Money.meta({ description: 'What the brand refunds: the lines, plus shipping for the whole order' }),
    reason: z.string().meta({ description: 'The buyer’s words, if any (no reason is needed)' }),
    sealed: z.boolean().meta({ description: 'The buyer stated the hygiene products withdrawn are still sealed' }),
    return_deadline: time.meta({ description: 'The buyer sends the goods back by then (L221-23)' }),
    refund_deadline: time.meta({
      description: 'The brand refunds by then (L221-24); it may wait until the goods are back',
    }),
    late: z.boolean().meta({ description: 'The refund deadline passed without the refund' }),
    created_at: time,
    refunded_at: time.nullable(),
  })
  .meta({ id: 'Withdrawal' });

export const OrderWithdrawalEntity = z
  .object({
    period_ends_at: time.nullable().meta({
      description: 'End of the 14-day period (Paris time, extended past weekends and holidays); null before delivery',
    }),
    requests: z.array(WithdrawalEntity),
  })
  .meta({ id: 'OrderWithdrawal' });

/** The order's `withdrawal` field: its period's end (null before delivery) and its withdrawals. */
export function presentOrderWithdrawal(
  order: { deliveredAt: Date | null; currency: string },
  rows: Withdrawal[],
  now = new Date(),
) {
  const ends = order.deliveredAt ? periodEnd(new Date(order.deliveredAt)) : null;
  return {
    period_ends_at: ends ? ends.toISOString() : null,
    requests: rows.map((w) => presentWithdrawal(w, order.currency, now)),
  };
}

export function presentWithdrawal(w: Withdrawal, currency: string, now: Date) {
  return {
    id: w.id,
    order_id: w.orderId,
    status: w.status,
    line_ids: w.lineIds,
    whole_order: w.wholeOrder,
    amount: { amount: w.amount, currency },
    reason: w.reason,
    sealed: w.sealed,
    return_deadline: iso(w.returnDeadline)!,
    refund_deadline: iso(w.refundDeadline)!,
    late: w.status === 'requested' && (w.lateAt !== null || now > new Date(w.refundDeadline)),
    created_at: iso(w.createdAt)!,
    refunded_at: iso(w.refundedAt),
  };
}
