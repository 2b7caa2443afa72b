/**
 * The ledger's movements, each a set of entries sharing a txn id and summing to zero:
 *   earned   brand −c, pending +c       an attributed order is paid (one per order line)
 *   matured  pending −c, payable +c     the return window after delivery has passed (one per line)
 *   reversed pending/payable −r, brand +r   a refund or cancellation (one per line and refund event)
 *   paid     payable −x, paid +x        a payout (payouts.ts; split over the lines it pays)
 * Partial unique indexes make every movement idempotent: a listener or job run twice writes
 * nothing twice. Whatever lowers a balance (maturing, reversing, paying) first locks the
 * ambassador's row, so two of them never both spend the same balance.
 * Commerce's and ambcore's tables are read with SQL (orders, order_lines, order_events,
 * return_requests, order_attributions, ambassador_programs and their rates).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { uuidv7 } from '../../../db/ids';
import { enqueue } from '../../../jobs/queue';
import type { Clock } from '../../../lib/clock';
import type { Db } from '../../../db/client';

const DAY_MS = 86_400_000;

/**
 * `earned` for every line that earns of the paid orders attributed to an ambassador (attribution
 * not excluded, programme active, same currency, product in the programme's scope): the highest
 * rate of the line's rated collections, else the programme's; floor(line total × bp / 10000).
 * ONE statement for the whole paid batch (the flash sale runs it per batch).
 */
export async function recordEarned(tx: DbOrTx, orderIds: string[], at: Date): Promise<void> {
  if (orderIds.length === 0) return;
  await preparedSqlRows(
    tx,
    sql`with lines as materialized (
          select gen_random_uuid() as txn_id, o.brand_id, a.ambassador_id, o.id as order_id, l.id as line_id,
                 o.currency,
                 floor(l.total_amount::bigint * coalesce(
                   (select max(r.commission_bp) from ambassador_program_rates r
                      join collection_products cp on cp.collection_id = r.collection_id
                     where r.brand_id = o.brand_id and cp.product_id = l.product_id),
                   p.commission_bp) / 10000)::int as amount
            from orders o
            join order_attributions a on a.order_id = o.id and a.excluded is null
            join ambassador_programs p on p.brand_id = o.brand_id and p.active and p.currency = o.currency
            join order_lines l on l.order_id = o.id
           where o.id in (select unnest(${`{${orderIds.join(',')}}`}::uuid[]))
             and (p.product_scope = 'all' or exists (
                   select 1 from ambassador_program_products pp
                    where pp.brand_id = p.brand_id and pp.product_id = l.product_id)))
        insert into ambassador_ledger_entries
          (id, brand_id, ambassador_id, txn_id, account, kind, amount, currency, order_id, order_line_id, at)
        select gen_random_uuid(), brand_id, ambassador_id, txn_id, leg.account, 'earned', leg.sign * amount, currency,
               order_id, line_id, ${at.toISOString()}::timestamptz
          from lines cross join (values ('brand', -1), ('pending', 1)) as leg(account, sign)
         where amount > 0
        on conflict do nothing`,
  );
}

/** Locks the ambassadors whose balances a movement lowers (in id order: no deadlock between two). */
async function lockAmbassadors(tx: DbOrTx, ambassadorIds: string[]): Promise<void> {
  for (const id of [...new Set(ambassadorIds)].sort()) {
    await queryRows(tx, sql`select id from ambassadors where id = ${id} for no key update`);
  }
}

type LineBalance = {
  ambassador_id: string;
  brand_id: string;
  line_id: string;
  currency: string;
  earned: number;
  pending: number;
  payable: number;
};

/** Each commissioned line of an order: what it earned and what is left pending and payable. */
async function lineBalances(tx: DbOrTx, orderId: string): Promise<LineBalance[]> {
  return queryRows<LineBalance>(
    tx,
    sql`select ambassador_id, brand_id, order_line_id as line_id, min(currency) as currency,
               coalesce(sum(amount) filter (where kind = 'earned' and account = 'pending'), 0)::int as earned,
               coalesce(sum(amount) filter (where account = 'pending'), 0)::int as pending,
               coalesce(sum(amount) filter (where account = 'payable'), 0)::int as payable
          from ambassador_ledger_entries where order_id = ${orderId}
         group by ambassador_id, brand_id, order_line_id order by order_line_id`,
  );
}

type Leg = { account: 'brand' | 'pending' | 'payable' | 'paid'; amount: number };
export type Movement = {
  brandId: string;
  ambassadorId: string;
  kind: 'matured' | 'reversed' | 'paid';
  orderId: string;
  lineId: string;
  currency: string;
  legs: Leg[];
  eventId?: string;
  payoutId?: string;
};

/** Writes movements (their legs with a shared txn id), skipping zero legs; idempotent by the unique indexes. */
export async function writeMovements(tx: DbOrTx, movements: Movement[], at: Date): Promise<void> {
  const rows = movements.flatMap((m) => {
    const txn = uuidv7();
    return m.legs
      .filter((leg) => leg.amount !== 0)
      .map((leg) => ({
        id: uuidv7(),
        brand_id: m.brandId,
        ambassador_id: m.ambassadorId,
        txn_id: txn,
        account: leg.account,
        kind: m.kind,
        amount: leg.amount,
        currency: m.currency,
        order_id: m.orderId,
        order_line_id: m.lineId,
        event_id: m.eventId ?? null,
        payout_id: m.payoutId ?? null,
      }));
  });
  if (rows.length === 0) return;
  await queryRows(
    tx,
    sql`insert into ambassador_ledger_entries
          (id, brand_id, ambassador_id, txn_id, account, kind, amount, currency, order_id, order_line_id, event_id,
           payout_id, at)
        select id, brand_id, ambassador_id, txn_id, account, kind, amount, currency, order_id, order_line_id, event_id,
               payout_id, ${at.toISOString()}::timestamptz
          from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, brand_id uuid, ambassador_id uuid,
               txn_id uuid, account text, kind text, amount int, currency text, order_id uuid, order_line_id uuid,
               event_id uuid, payout_id uuid)
        on conflict do nothing`,
  );
}

/**
 * A refund (`partially_refunded`, `refunded`) or a cancellation, in the step's transaction: per
 * line, round(line commission × refunded amount / order total), never more than what is still
 * pending or payable on the line (pending first); a full refund or a cancellation reverses all
 * that is left. What was already paid out stays paid. Keyed by the step's order event.
 */
export async function reverseForRefund(
  tx: DbOrTx,
  orderId: string,
  step: 'partially_refunded' | 'refunded' | 'cancelled',
  data: Record<string, unknown>,
  at: Date,
): Promise<void> {
  const owners = await queryRows<{ ambassador_id: string }>(
    tx,
    sql`select distinct ambassador_id from ambassador_ledger_entries where order_id = ${orderId}`,
  );
  if (owners.length === 0) return;
  // The step wrote its event just before calling the listeners, in this transaction: the newest of its type.
  const [event] = await queryRows<{ id: string }>(
    tx,
    sql`select id from order_events where order_id = ${orderId} and type = ${step} order by id desc limit 1`,
  );
  const [order] = await queryRows<{ total: number }>(
    tx,
    sql`select total_amount as total from orders where id = ${orderId}`,
  );
  if (!event || !order) return;
  await lockAmbassadors(
    tx,
    owners.map((o) => o.ambassador_id),
  );
  const refunded = typeof data.amount === 'number' ? data.amount : 0;
  const all = step !== 'partially_refunded' || refunded >= order.total;
  // Run again for the same refund (a retried listener): the lines it already reversed are left alone.
  const done = new Set(
    (
      await queryRows<{ line_id: string }>(
        tx,
        sql`select distinct order_line_id as line_id from ambassador_ledger_entries
             where kind = 'reversed' and event_id = ${event.id}`,
      )
    ).map((r) => r.line_id),
  );
  const movements: Movement[] = [];
  for (const line of await lineBalances(tx, orderId)) {
    if (done.has(line.line_id)) continue;
    const left = line.pending + line.payable;
    if (left <= 0) continue;
    const share = all ? left : Math.min(left, Math.round((line.earned * refunded) / Math.max(order.total, 1)));
    if (share <= 0) continue;
    const fromPending = Math.min(share, line.pending);
    movements.push({
      brandId: line.brand_id,
      ambassadorId: line.ambassador_id,
      kind: 'reversed',
      orderId,
      lineId: line.line_id,
      currency: line.currency,
      eventId: event.id,
      legs: [
        { account: 'pending', amount: -fromPending },
        { account: 'payable', amount: -(share - fromPending) },
        { account: 'brand', amount: share },
      ],
    });
  }
  await writeMovements(tx, movements, at);
}

/** When an order's commission matures: delivery plus the programme's return window (null: nothing to mature). */
async function maturity(db: DbOrTx, orderId: string): Promise<{ at: Date; returnOpen: boolean } | null> {
  const [row] = await queryRows<{ delivered_at: string | Date | null; days: number | null; open: boolean }>(
    db,
    sql`select o.delivered_at, p.return_window_days as days,
               exists (select 1 from return_requests r where r.order_id = o.id
                        and r.status in ('requested', 'accepted', 'received')) as open
          from orders o left join ambassador_programs p on p.brand_id = o.brand_id
         where o.id = ${orderId}
           and exists (select 1 from ambassador_ledger_entries e where e.order_id = o.id)`,
  );
  if (!row?.delivered_at) return null;
  return {
    at: new Date(new Date(row.delivered_at).getTime() + (row.days ?? 14) * DAY_MS),
    returnOpen: row.open,
  };
}

/**
 * After delivery (in the step's transaction) and after a return is resolved: the
 * `ambassadors.mature` job, due when the return window ends (now if it has already).
 * The job's time is the database's (jobs run by it); the delay is measured on the app's clock.
 */
export async function scheduleMaturity(tx: DbOrTx, orderId: string, clock: Clock): Promise<void> {
  const m = await maturity(tx, orderId);
  if (!m) return;
  const wait = Math.max(0, m.at.getTime() - clock.now().getTime());
  await enqueue(tx, 'ambassadors.mature', { orderId }, wait > 0 ? new Date(Date.now() + wait) : undefined);
}

/**
 * The `ambassadors.mature` job: each line's remaining pending commission becomes payable, once
 * the return window after delivery has passed and no return is open on the order (an open
 * return waits for its resolution, whose step schedules this job again). Too early (a clock
 * moved back, a job run by hand): scheduled again for the right time. Safe to run again.
 */
export async function matureOrder(ctx: { db: Db; clock: Clock }, orderId: string): Promise<'matured' | 'waiting'> {
  return ctx.db.transaction(async (tx) => {
    const m = await maturity(tx, orderId);
    if (!m || m.returnOpen) return 'waiting';
    const now = ctx.clock.now();
    if (now < m.at) {
      await enqueue(tx, 'ambassadors.mature', { orderId }, new Date(Date.now() + (m.at.getTime() - now.getTime())));
      return 'waiting';
    }
    const owners = await queryRows<{ ambassador_id: string }>(
      tx,
      sql`select distinct ambassador_id from ambassador_ledger_entries where order_id = ${orderId}`,
    );
    await lockAmbassadors(
      tx,
      owners.map((o) => o.ambassador_id),
    );
    const movements: Movement[] = (await lineBalances(tx, orderId))
      .filter((line) => line.pending > 0)
      .map((line) => ({
        brandId: line.brand_id,
        ambassadorId: line.ambassador_id,
        kind: 'matured',
        orderId,
        lineId: line.line_id,
        currency: line.currency,
        legs: [
          { account: 'pending', amount: -line.pending },
          { account: 'payable', amount: line.pending },
        ],
      }));
    await writeMovements(tx, movements, now);
    return 'matured';
  });
}

export { lockAmbassadors };
