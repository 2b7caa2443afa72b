// What pages show of editions: a product's editions with their counts, and one line's certificate.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client';

/** One edition variant: its size, units sold (numbers given and kept) and numbers withdrawn. */
export type EditionSummary = {
  variantId: string;
  options: Record<string, string>;
  size: number;
  sold: number;
  withdrawn: number;
};

export async function productEditions(db: DbOrTx, productId: string): Promise<EditionSummary[]> {
  const rows = await queryRows<{
    id: string;
    options: Record<string, string>;
    edition_size: number;
    sold: number;
    withdrawn: number;
  }>(
    db,
    sql`select v.id, v.options, v.edition_size,
          (select count(*) from edition_units e where e.variant_id = v.id and e.status = 'assigned')::int as sold,
          (select count(*) from edition_units e where e.variant_id = v.id and e.status = 'withdrawn')::int as withdrawn
        from variants v where v.product_id = ${productId} and v.edition_size is not null order by v.position, v.id`,
  );
  return rows.map((r) => ({
    variantId: r.id,
    options: r.options ?? {},
    size: Number(r.edition_size),
    sold: Number(r.sold),
    withdrawn: Number(r.withdrawn),
  }));
}

/** A line's numbered units, with the edition's size (the variant's now, else the one given with the number). */
export type CertificateUnit = { number: number; size: number; status: 'assigned' | 'withdrawn'; assignedAt: Date };

export async function lineUnits(db: DbOrTx, orderId: string, lineId: string): Promise<CertificateUnit[]> {
  const rows = await queryRows<{ number: number; size: number; status: 'assigned' | 'withdrawn'; assigned_at: string }>(
    db,
    sql`select e.number, coalesce(v.edition_size, e.edition_size) as size, e.status, e.assigned_at
        from edition_units e left join variants v on v.id = e.variant_id
        where e.order_id = ${orderId} and e.order_line_id = ${lineId} order by e.number`,
  );
  return rows.map((r) => ({
    number: Number(r.number),
    size: Number(r.size),
    status: r.status,
    assignedAt: new Date(r.assigned_at),
  }));
}
