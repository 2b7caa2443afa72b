/**
 * Prototypes of changes to src/modules/commerce/checkout.ts, measured by the flash-sale
 * benchmark without touching src/: copies of the originals with one thing changed each.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { AppError } from '../src/http/errors';
import { GroupCommit } from '../src/lib/group-commit';
import { OutOfStockError, type PaidOrder, type Quote } from '../src/modules/commerce';

/**
 * markPaidBatch with its follow-up jobs written by one multi-row insert instead of one insert
 * per order (the original awaits `enqueue` in a loop inside the batch's transaction).
 */
export async function markPaidBatchOneInsert(db: Db, paid: PaidOrder[]): Promise<(boolean | Error)[]> {
  return db.transaction(async (tx) => {
    const moved = await queryRows<{ id: string }>(
      tx,
      sql`update orders set status = 'paid', paid_at = now(), expires_at = null, payment_ref = p.ref
          from (values ${sql.join(paid.map((p) => sql`(${p.orderId}::uuid, ${p.ref})`), sql`, `)}) as p(id, ref)
          where orders.id = p.id and orders.status = 'awaiting_payment' returning orders.id`,
    );
    const ok = new Set(moved.map((m) => m.id));
    const done = paid.filter((p) => ok.has(p.orderId));
    if (done.length) {
      await queryRows(
        tx,
        sql`insert into payments (id, order_id, provider, kind, provider_ref, amount, currency, status) values ${sql.join(
          done.map((p) => sql`(${uuidv7()}, ${p.orderId}, ${p.provider}, 'authorization', ${p.ref}, ${p.amount}, ${p.currency}, 'succeeded')`),
          sql`, `,
        )}`,
      );
      await queryRows(tx, sql`insert into order_events (id, order_id, type, data) values ${sql.join(done.map((p) => sql`(${uuidv7()}, ${p.orderId}, 'paid', '{}'::jsonb)`), sql`, `)}`);
      await queryRows(tx, sql`delete from jobs where kind = 'order.expire' and done_at is null and payload->>'orderId' in ${done.map((p) => p.orderId)}`);
      await queryRows(
        tx,
        sql`insert into jobs (id, kind, payload, run_at) values ${sql.join(
          done.map((p) => sql`(${uuidv7()}, 'order.event', ${JSON.stringify({ orderId: p.orderId, event: 'order.paid' })}::jsonb, now())`),
          sql`, `,
        )}`,
      );
    }
    return paid.map((p) => ok.has(p.orderId) || new AppError(409, 'order_expired', 'The order expired before its payment completed'));
  });
}

export function createFinalizerOneInsert(db: Db, lanes: number) {
  return new GroupCommit<PaidOrder, boolean>((paid) => markPaidBatchOneInsert(db, paid), lanes, 250, (p) => p.orderId);
}

/**
 * reserveBatch with the batch's rows sent as one JSON parameter each (json_to_recordset) instead
 * of a VALUES list of 12-15 bound parameters per row: the statement's text and parameter count no
 * longer grow with the batch, so building it costs the app little (Drizzle checks every fragment
 * and parameter of a 250-row VALUES list one by one).
 */
export async function reserveBatchJson(db: Db, quotes: Quote[], holdMinutes = 15): Promise<(string | Error)[]> {
  return db.transaction(async (tx) => {
    const variantIds = [...new Set(quotes.flatMap((q) => q.lines.map((l) => l.variantId)))].sort();
    const locked = await queryRows<{ id: string; stock: number }>(tx, sql`select id, stock from variants where id in ${variantIds} order by id for update`);
    const stock = new Map(locked.map((r) => [r.id, r.stock]));
    const initial = new Map(stock);
    const results: (string | Error)[] = [];
    const accepted: { quote: Quote; orderId: string }[] = [];
    for (const quote of quotes) {
      const short = quote.lines.find((l) => (stock.get(l.variantId) ?? 0) < l.quantity);
      if (short) {
        results.push(new OutOfStockError(short.title));
        continue;
      }
      for (const l of quote.lines) stock.set(l.variantId, stock.get(l.variantId)! - l.quantity);
      const orderId = uuidv7();
      accepted.push({ quote, orderId });
      results.push(orderId);
    }
    if (accepted.length === 0) return results;
    const changed = [...stock].filter(([id, value]) => initial.get(id) !== value).map(([id, value]) => ({ id, stock: value }));
    await queryRows(tx, sql`update variants set stock = v.stock from json_to_recordset(${JSON.stringify(changed)}::json) as v(id uuid, stock int) where variants.id = v.id`);
    const at = new Date(Date.now() + holdMinutes * 60_000).toISOString();
    const orders = accepted.map(({ quote: q, orderId }) => ({
      id: orderId, buyer_id: q.buyerId, brand_id: q.brandId, currency: q.currency, subtotal_amount: q.subtotalAmount, shipping_amount: q.shippingAmount,
      vat_amount: q.vatAmount, total_amount: q.totalAmount, shipping_method_id: q.shippingMethod.id, shipping_method_name: q.shippingMethod.name,
      shipping_address: q.address, payment_method_id: q.payment.id, source_status_id: q.sourceStatusId,
    }));
    await queryRows(
      tx,
      sql`insert into orders (id, buyer_id, brand_id, status, currency, subtotal_amount, shipping_amount, vat_amount, total_amount,
            shipping_method_id, shipping_method_name, shipping_address, payment_method_id, source_status_id, expires_at)
          select id, buyer_id, brand_id, 'awaiting_payment', currency, subtotal_amount, shipping_amount, vat_amount, total_amount,
                 shipping_method_id, shipping_method_name, shipping_address, payment_method_id, source_status_id, ${at}::timestamptz
          from json_to_recordset(${JSON.stringify(orders)}::json) as r(id uuid, buyer_id uuid, brand_id uuid, currency text, subtotal_amount int, shipping_amount int,
               vat_amount int, total_amount int, shipping_method_id uuid, shipping_method_name text, shipping_address jsonb, payment_method_id uuid, source_status_id uuid)`,
    );
    const lines = accepted.flatMap(({ quote, orderId }) =>
      quote.lines.map((l) => ({ id: uuidv7(), order_id: orderId, variant_id: l.variantId, product_id: l.productId, title: l.title, sku: l.sku, options: l.options, quantity: l.quantity, unit_amount: l.unitAmount, vat_rate_bp: l.vatRateBp, vat_amount: l.vatAmount, total_amount: l.totalAmount })),
    );
    await queryRows(
      tx,
      sql`insert into order_lines (id, order_id, variant_id, product_id, title, sku, options, quantity, unit_amount, vat_rate_bp, vat_amount, total_amount)
          select * from json_to_recordset(${JSON.stringify(lines)}::json) as r(id uuid, order_id uuid, variant_id uuid, product_id uuid, title text, sku text, options jsonb,
               quantity int, unit_amount int, vat_rate_bp int, vat_amount int, total_amount int)`,
    );
    const events = accepted.map(({ quote, orderId }) => ({ id: uuidv7(), order_id: orderId, actor_id: quote.buyerId, job: uuidv7() }));
    await queryRows(
      tx,
      sql`insert into order_events (id, order_id, type, actor_id, data)
          select id, order_id, 'created', actor_id, '{}'::jsonb from json_to_recordset(${JSON.stringify(events)}::json) as r(id uuid, order_id uuid, actor_id uuid)`,
    );
    await queryRows(
      tx,
      sql`insert into jobs (id, kind, payload, run_at)
          select job, 'order.expire', jsonb_build_object('orderId', order_id), ${at}::timestamptz from json_to_recordset(${JSON.stringify(events)}::json) as r(job uuid, order_id uuid)`,
    );
    return results;
  });
}

export function createReserverJson(db: Db, lanes: number) {
  return new GroupCommit<Quote, string>((quotes) => reserveBatchJson(db, quotes), lanes, 250, (q) => q.lines[0]?.variantId ?? '');
}
