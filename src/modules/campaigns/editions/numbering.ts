/**
 * Numbered limited editions. A variant with an edition size N sells at most N units, each paid
 * unit numbered from 1 to N exactly once:
 *
 * - numbers are taken in the transaction that marks orders paid (commerce's markPaidBatch, through
 *   its edition hook) from one counter row per variant, `UPDATE … SET next = next + qty RETURNING`:
 *   the row lock serialises concurrent payers on PostgreSQL (READ COMMITTED) and PGlite alike, and
 *   the numbers commit or roll back with the payment: no gap, no duplicate;
 * - the stock can never promise more units than numbers are left: every catalog write that raises
 *   the stock or changes the size checks stock + units held by unpaid orders + numbers given ≤ N;
 * - a cancelled or refunded unit's number is withdrawn, never given again, and the unit does not go
 *   back to stock: the edition then sells at most N minus its withdrawn units.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, type DbOrTx, queryRows } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { unprocessable } from '../../../lib/errors';

const ids = (values: string[]) => sql`any(${arrayLiteral(values)}::uuid[])`;

/** Gives the edition lines of newly paid orders their numbers (line id → numbers, ascending). */
export async function numberPaidOrders(tx: DbOrTx, orderIds: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (orderIds.length === 0) return out;
  const lines = await preparedSqlRows<{
    id: string;
    order_id: string;
    variant_id: string;
    quantity: number;
    edition_size: number;
  }>(
    tx,
    sql`select l.id, l.order_id, l.variant_id, l.quantity, v.edition_size
        from order_lines l join variants v on v.id = l.variant_id
        where l.order_id = ${ids(orderIds)} and v.edition_size is not null
          and not exists (select 1 from edition_units e where e.order_line_id = l.id)
        order by l.variant_id, l.order_id, l.id`,
  );
  if (lines.length === 0) return out;
  // One counter update per variant, in variant id order (no deadlock between two payment batches).
  const byVariant = new Map<string, typeof lines>();
  for (const l of lines) byVariant.set(l.variant_id, [...(byVariant.get(l.variant_id) ?? []), l]);
  const units: { variant_id: string; number: number; edition_size: number; order_line_id: string; order_id: string }[] =
    [];
  for (const [variantId, group] of byVariant) {
    const total = group.reduce((sum, l) => sum + Number(l.quantity), 0);
    const [counter] = await queryRows<{ first: number }>(
      tx,
      sql`insert into edition_counters (variant_id, next) values (${variantId}, ${1 + total})
          on conflict (variant_id) do update set next = edition_counters.next + ${total}
          returning next - ${total} as first`,
    );
    let next = Number(counter.first);
    for (const l of group) {
      const numbers: number[] = [];
      for (let i = 0; i < Number(l.quantity); i++) numbers.push(next++);
      out.set(l.id, numbers);
      for (const number of numbers)
        units.push({
          variant_id: variantId,
          number,
          edition_size: Number(l.edition_size),
          order_line_id: l.id,
          order_id: l.order_id,
        });
    }
  }
  await queryRows(
    tx,
    sql`insert into edition_units (variant_id, number, edition_size, order_line_id, order_id)
        select * from json_to_recordset(${JSON.stringify(units)}::json)
          as r(variant_id uuid, number int, edition_size int, order_line_id uuid, order_id uuid)`,
  );
  return out;
}

/** A cancelled or refunded order's numbers are withdrawn: shown as such, never given again. */
export async function withdrawOrderNumbers(tx: DbOrTx, orderId: string, at: Date) {
  await queryRows(
    tx,
    sql`update edition_units set status = 'withdrawn', withdrawn_at = ${at.toISOString()}::timestamptz
        where order_id = ${orderId} and status = 'assigned'`,
  );
}

/** Units of an order that stay out of stock when it is cancelled: its numbered ones, by variant. */
export async function numberedUnitsOf(tx: DbOrTx, orderId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ variant_id: string; n: number }>(
    tx,
    sql`select variant_id, count(*)::int as n from edition_units where order_id = ${orderId} group by variant_id`,
  );
  return new Map(rows.map((r) => [r.variant_id, Number(r.n)]));
}

/** The numbers of some order lines, ascending. */
export async function numbersOfLines(db: DbOrTx, lineIds: string[]): Promise<Map<string, number[]>> {
  if (lineIds.length === 0) return new Map();
  const rows = await queryRows<{ order_line_id: string; numbers: number[] }>(
    db,
    sql`select order_line_id, array_agg(number order by number) as numbers from edition_units
        where order_line_id = ${ids(lineIds)} group by order_line_id`,
  );
  return new Map(rows.map((r) => [r.order_line_id, r.numbers.map(Number)]));
}

/**
 * Refuses a catalog write an edition cannot hold, inside the write's transaction (which holds the
 * variant's row). The counter row is locked first: a payment numbering this edition then either
 * committed before (its units counted as numbered) or waits (its units still counted as held).
 */
export async function checkEditionVariants(tx: DbOrTx, variantIds: string[]) {
  if (variantIds.length === 0) return;
  await queryRows(
    tx,
    sql`insert into edition_counters (variant_id)
        select id from variants where id = ${ids(variantIds)} and edition_size is not null
        on conflict (variant_id) do nothing`,
  );
  const locked = await queryRows<{ variant_id: string; next: number }>(
    tx,
    sql`select variant_id, next from edition_counters where variant_id = ${ids(variantIds)} order by variant_id for update`,
  );
  const numbered = new Map(locked.map((r) => [r.variant_id, Number(r.next) - 1]));
  const rows = await queryRows<{ id: string; edition_size: number | null; stock: number; held: number }>(
    tx,
    sql`select v.id, v.edition_size, v.stock,
          coalesce((select sum(l.quantity) from order_lines l join orders o on o.id = l.order_id
                    where l.variant_id = v.id and o.status in ('awaiting_payment', 'pending_confirmation')), 0)::int as held
        from variants v where v.id = ${ids(variantIds)}`,
  );
  for (const v of rows) {
    const given = numbered.get(v.id) ?? 0;
    if (v.edition_size === null) {
      if (given > 0)
        throw unprocessable(
          'edition_too_small',
          `${given} unit(s) of this edition are numbered already: it cannot stop being an edition`,
          { field: 'edition_size', numbered: given },
        );
      continue;
    }
    const size = Number(v.edition_size);
    if (size < given)
      throw unprocessable(
        'edition_too_small',
        `${given} unit(s) are numbered already: the edition has at least ${given}`,
        {
          field: 'edition_size',
          numbered: given,
        },
      );
    const room = size - given - Number(v.held);
    if (Number(v.stock) > room)
      throw unprocessable(
        'stock_exceeds_edition',
        `The edition has ${Math.max(room, 0)} number(s) left to sell: the stock may not be more`,
        { field: 'stock', numbers_left: Math.max(room, 0) },
      );
  }
}
