// The brand's orders as a spreadsheet.
import { inArray } from 'drizzle-orm';
import { credentials } from '../../../db/schema';
import { toCsv } from '../csv';
import { type RateTotal, vatByRate } from '../tax';
import { orderNumber, type OrdersContext } from './model';
import { assertTeam } from './access';
import { listBrandOrders, type OrderFilters } from './read';

const CSV_COLUMNS = [
  'number',
  'id',
  'created_at',
  'status',
  'buyer',
  'buyer_email',
  'items',
  'currency',
  'subtotal',
  'shipping',
  'vat',
  'total',
  'refunded',
  'shipping_method',
  'ship_to_name',
  'ship_to_line1',
  'ship_to_line2',
  'ship_to_postal_code',
  'ship_to_city',
  'ship_to_country',
  'carrier',
  'tracking_number',
  'paid_at',
  'shipped_at',
  'delivered_at',
  'cancelled_at',
] as const;

/** Minor units as a decimal string ("1234" → "12.34"), which every spreadsheet reads. */
export const decimal = (amount: number) =>
  `${amount < 0 ? '-' : ''}${Math.floor(Math.abs(amount) / 100)}.${String(Math.abs(amount) % 100).padStart(2, '0')}`;

/**
 * The brand's orders as CSV (RFC 4180, UTF-8 with BOM for spreadsheets), same filters as the list.
 * After the fixed columns, two per VAT rate found in the export (`excl_vat_5.5`, `vat_5.5`, …):
 * each order's base excluding VAT and VAT at that rate, shipping included, for the VAT return.
 */
export async function exportOrdersCsv(
  ctx: Pick<OrdersContext, 'db'>,
  actorId: string,
  brandId: string,
  filters: OrderFilters = {},
  maxRows = 50_000,
): Promise<string> {
  await assertTeam(ctx.db, actorId, brandId, 'orders');
  const out: unknown[][] = [[...CSV_COLUMNS]];
  const perRate: Map<number, RateTotal>[] = [];
  let maxId = filters.maxId;
  let count = 0;
  for (;;) {
    const page = await listBrandOrders(ctx, actorId, brandId, { ...filters, maxId, limit: 500 }, 500);
    if (page.length === 0) break;
    const emails = await ctx.db
      .select({ id: credentials.accountId, email: credentials.email })
      .from(credentials)
      .where(inArray(credentials.accountId, [...new Set(page.map((p) => p.order.buyerId))]));
    for (const { order: o, lines, buyer } of page) {
      const a = o.shippingAddress;
      const row = {
        number: orderNumber(o.id),
        id: o.id,
        created_at: o.createdAt,
        status: o.status,
        buyer: buyer.username,
        buyer_email: emails.find((e) => e.id === o.buyerId)?.email ?? '',
        items: lines.map((l) => `${l.quantity} x ${l.title} (${l.sku})`).join(' | '),
        currency: o.currency,
        subtotal: decimal(o.subtotalAmount),
        shipping: decimal(o.shippingAmount),
        vat: decimal(o.vatAmount),
        total: decimal(o.totalAmount),
        refunded: decimal(o.refundedAmount),
        shipping_method: o.shippingMethodName,
        ship_to_name: a?.name,
        ship_to_line1: a?.line1,
        ship_to_line2: a?.line2,
        ship_to_postal_code: a?.postal_code,
        ship_to_city: a?.city,
        ship_to_country: a?.country,
        carrier: o.carrier,
        tracking_number: o.trackingNumber,
        paid_at: o.paidAt,
        shipped_at: o.shippedAt,
        delivered_at: o.deliveredAt,
        cancelled_at: o.cancelledAt,
      } satisfies Record<(typeof CSV_COLUMNS)[number], unknown>;
      out.push(CSV_COLUMNS.map((c) => row[c]));
      perRate.push(new Map(vatByRate(lines, o.shippingAmount).map((r) => [r.rateBp, r])));
      if (++count >= maxRows) break;
    }
    if (count >= maxRows || page.length < 500) break;
    maxId = page[page.length - 1].order.id;
  }
  const rates = [...new Set(perRate.flatMap((m) => [...m.keys()]))].sort((a, b) => b - a);
  const label = (bp: number) => String(bp / 100);
  out[0].push(...rates.flatMap((r) => [`excl_vat_${label(r)}`, `vat_${label(r)}`]));
  perRate.forEach((m, i) => {
    out[i + 1].push(...rates.flatMap((r) => [decimal(m.get(r)?.base ?? 0), decimal(m.get(r)?.vat ?? 0)]));
  });
  return toCsv(out);
}
