// Money movements recorded as pending payment rows, carried out with the provider after commit.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { PaymentNetworkError } from '../payments';
import { orderEvents, payments } from '../schema';
import type { OrdersContext } from './model';

/**
 * Carries out the order's pending captures, voids and refunds with the provider, oldest first.
 * Safe to run twice at once: each row is claimed (`pending` → `processing`) before the call. A
 * provider that cannot be reached leaves the row pending and throws (the job retries); a refusal
 * marks it failed, writes `payment_failed` on the timeline and, for a refund, takes it back off
 * the order's refunded amount.
 */
export async function settlePayments(
  ctx: Pick<OrdersContext, 'db' | 'payments'>,
  orderId: string,
  options: { reclaimStale?: boolean } = {},
) {
  const stale = options.reclaimStale
    ? sql` or (${payments.status} = 'processing' and ${payments.createdAt} < now() - interval '10 minutes')`
    : sql``;
  const claimed = await queryRows<{
    id: string;
    kind: 'capture' | 'void' | 'refund';
    amount: number;
    provider: string;
    provider_ref: string;
  }>(
    ctx.db,
    sql`update payments set status = 'processing' where order_id = ${orderId} and kind in ('capture', 'void', 'refund') and (status = 'pending'${stale})
        returning id, kind, amount, provider, provider_ref`,
  );
  claimed.sort((a, b) => a.id.localeCompare(b.id));
  let retry: Error | null = null;
  for (const row of claimed) {
    if (retry) {
      await queryRows(
        ctx.db,
        sql`update payments set status = 'pending' where id = ${row.id} and status = 'processing'`,
      );
      continue;
    }
    try {
      await settleOne(ctx, orderId, row);
    } catch (error) {
      if (error instanceof PaymentNetworkError || error instanceof RetryLater) {
        await queryRows(
          ctx.db,
          sql`update payments set status = 'pending' where id = ${row.id} and status = 'processing'`,
        );
        retry = error;
        continue;
      }
      await failPayment(ctx.db, orderId, row, error);
    }
  }
  if (retry) throw retry;
}

class RetryLater extends Error {}

async function settleOne(
  ctx: Pick<OrdersContext, 'db' | 'payments'>,
  orderId: string,
  row: { id: string; kind: 'capture' | 'void' | 'refund'; amount: number; provider: string; provider_ref: string },
) {
  const done = (ref: string) =>
    queryRows(ctx.db, sql`update payments set status = 'succeeded', provider_ref = ${ref} where id = ${row.id}`);
  let providerName = row.provider;
  let ref = row.provider_ref;
  if (providerName === 'none' || !ref) {
    // No authorization row (an order cancelled while awaiting payment): void what checkout asked for.
    const [o] = await queryRows<{ provider: string | null; payment_ref: string | null }>(
      ctx.db,
      sql`select pm.provider, o.payment_ref from orders o left join payment_methods pm on pm.id = o.payment_method_id where o.id = ${orderId}`,
    );
    providerName = o?.provider ?? providerName;
    ref = o?.payment_ref ?? `order:${orderId}:auth`;
  }
  const provider = ctx.payments.get(providerName);
  if (!provider) {
    if (row.kind === 'void') return done(ref);
    throw new Error(`Payment provider ${providerName} is not configured`);
  }
  if (row.kind === 'capture') {
    const result = await provider.capture(ref, row.amount, `order:${orderId}:capture`);
    return done(result.ref);
  }
  if (row.kind === 'void') {
    await provider.void(ref);
    return done(ref);
  }
  // A refund after capture: wait until the capture itself went through.
  const [capture] = await queryRows<{ status: string }>(
    ctx.db,
    sql`select status from payments where order_id = ${orderId} and kind = 'capture' and status <> 'failed' and id < ${row.id} order by id limit 1`,
  );
  if (capture && capture.status !== 'succeeded') throw new RetryLater('The capture has not gone through yet');
  const result = await provider.refund(ref, row.amount, `order:${orderId}:refund:${row.id}`);
  return done(result.ref);
}

async function failPayment(db: Db, orderId: string, row: { id: string; kind: string; amount: number }, error: unknown) {
  await db.transaction(async (tx) => {
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`update payments set status = 'failed' where id = ${row.id} and status = 'processing' returning id`,
    );
    if (updated.length === 0) return;
    if (row.kind === 'refund') {
      const [event] = await queryRows<{ previous: string | null }>(
        tx,
        sql`select data->>'previous_status' as previous from order_events where order_id = ${orderId} and data->'payment_ids' ? ${row.id} limit 1`,
      );
      await queryRows(
        tx,
        sql`update orders set refunded_amount = greatest(0, refunded_amount - ${row.amount}),
              status = case when status = 'refunded' then coalesce(${event?.previous ?? null}, status) else status end
            where id = ${orderId}`,
      );
    }
    const message = error instanceof Error ? error.message.slice(0, 300) : 'Payment provider error';
    await tx.insert(orderEvents).values({
      id: uuidv7(),
      orderId,
      type: 'payment_failed',
      data: { kind: row.kind, amount: row.amount, payment_id: row.id, message },
    });
  });
}
