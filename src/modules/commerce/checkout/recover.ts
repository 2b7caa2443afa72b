/**
 * Giving back what an unpaid order holds (its stock, its request's Idempotency-Key, any
 * authorization at the provider): when its hold runs out (the order.expire job, 15 minutes), and
 * at once when the app node whose live request held it died (its lease, see src/lib/nodes.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { releaseUnanswered, type KeyClaim } from '../../../lib/idempotency';
import { releaseStock } from './reserve';
import type { CommerceContext } from '../context';

type KeyName = Pick<KeyClaim, 'scope' | 'principal' | 'key'>;
type GiveBackContext = Pick<CommerceContext, 'db' | 'payments'>;

/**
 * Takes an unpaid order back, in one transaction under its row lock: stock returned, order
 * deleted, its request's key let go of if no reply was kept (the client may retry it). `where`
 * narrows which order may be taken (a dead node's lease); a locked one is skipped then, as another
 * node is taking it. The authorization is voided after the commit, so only an order surely never
 * paid is voided. Returns whether the order was taken.
 */
async function giveBack(ctx: GiveBackContext, orderId: string, key: KeyName | undefined, where?: SQL) {
  const taken = await ctx.db.transaction(async (tx) => {
    const [order] = await queryRows<{ payment_ref: string | null; provider: string | null; lease_key: KeyName | null }>(
      tx,
      sql`select o.payment_ref, o.lease_key, pm.provider from orders o left join payment_methods pm on pm.id = o.payment_method_id
          where o.id = ${orderId} and o.status in ('awaiting_payment', 'pending_confirmation') ${where ? sql`and ${where}` : sql``}
          for update of o ${where ? sql`skip locked` : sql``}`,
    );
    if (!order) return null;
    await releaseStock(tx, orderId);
    await queryRows(tx, sql`delete from orders where id = ${orderId}`);
    const held = key ?? order.lease_key;
    if (held) await releaseUnanswered(tx, held);
    return order;
  });
  if (!taken) return false;
  const provider = taken.provider ? ctx.payments.get(taken.provider) : undefined;
  await provider?.void(taken.payment_ref ?? `order:${orderId}:auth`);
  return true;
}

/**
 * Job: an unpaid order's hold ran out. Void whatever the provider may have authorized, give the
 * stock back and drop the order, and let go of its request's Idempotency-Key if no reply was kept
 * (the request died before paying): the client may retry with it. Idempotent: a paid or already
 * gone order is left alone (its key still let go of when unanswered).
 */
export async function expireOrder(ctx: GiveBackContext, orderId: string, key?: KeyName) {
  if (!(await giveBack(ctx, orderId, key)) && key) await releaseUnanswered(ctx.db, key);
}

/**
 * A `Recoverer` for src/lib/nodes.ts: the unpaid orders leased to dead nodes are given back (each
 * under its row lock, skipped when another node is taking it). Throws while one is left, so the
 * nodes are forgotten only once nothing of theirs is held.
 */
export async function recoverLeases(ctx: GiveBackContext, deadNodes: string[]) {
  if (deadNodes.length === 0) return;
  const leased = sql`o.lease_node in ${deadNodes} and o.status in ('awaiting_payment', 'pending_confirmation')`;
  const orders = await queryRows<{ id: string }>(ctx.db, sql`select o.id from orders o where ${leased} order by o.id`);
  for (const { id } of orders) await giveBack(ctx, id, undefined, sql`o.lease_node in ${deadNodes}`);
  if (orders.length === 0) return;
  const [left] = await queryRows(ctx.db, sql`select 1 from orders o where ${leased} limit 1`);
  if (left) throw new Error('Orders of a dead app node are still being recovered');
}
