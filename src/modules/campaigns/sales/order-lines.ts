/** What an order line sold at a sale price keeps: the label and the reference price the buyer saw. */
import { sql } from 'drizzle-orm';
import { arrayLiteral, type DbOrTx, queryRows } from '../../../db/client';
import type { LineSale } from '../../commerce';

export async function recordLineSales(tx: DbOrTx, lines: { orderLineId: string; sale: LineSale }[]): Promise<void> {
  if (lines.length === 0) return;
  const rows = lines.map((l) => ({
    order_line_id: l.orderLineId,
    label: l.sale.label,
    reference_amount: l.sale.referenceAmount,
    regular_amount: l.sale.regularAmount,
    ends_at: l.sale.endsAt.toISOString(),
  }));
  await queryRows(
    tx,
    sql`insert into order_line_sales (order_line_id, label, reference_amount, regular_amount, ends_at)
        select * from json_to_recordset(${JSON.stringify(rows)}::json)
          as r(order_line_id uuid, label text, reference_amount int, regular_amount int, ends_at timestamptz)
        on conflict (order_line_id) do nothing`,
  );
}

export async function lineSales(db: DbOrTx, orderLineIds: string[]): Promise<Map<string, LineSale>> {
  const out = new Map<string, LineSale>();
  if (orderLineIds.length === 0) return out;
  const rows = await queryRows<{
    order_line_id: string;
    label: string;
    reference_amount: number;
    regular_amount: number;
    ends_at: string;
  }>(
    db,
    sql`select order_line_id, label, reference_amount, regular_amount, ends_at from order_line_sales
        where order_line_id = any(${arrayLiteral(orderLineIds)}::uuid[])`,
  );
  for (const r of rows)
    out.set(r.order_line_id, {
      label: r.label,
      referenceAmount: Number(r.reference_amount),
      regularAmount: Number(r.regular_amount),
      endsAt: new Date(r.ends_at),
    });
  return out;
}
