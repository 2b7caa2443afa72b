/**
 * The funnel's money end: checkouts (orders reserved with a source), paid orders and revenue, and
 * refunds taken off revenue on the day they happen. Called by commerce's hooks inside their own
 * transactions (src/links/analytics-funnel.ts), each ONCE PER BATCH: one read of the batch's
 * subjects and one bumpCounts, whose rows are summed per (subject, metric, day) first, so a flash
 * sale of one post updates that post's counter rows once per batch, never once per order.
 *
 * An order's subjects (each gets the order in its own funnel):
 * - status: orders.source_status_id; a repost's id counts for the post it reposts (and the order
 *   is then also repost-driven);
 * - popup: popup_orders (written by the pop-up's checkout gate);
 * - campaign: a sale (price rule) when a line was sold under it (order_line_sales: same brand,
 *   label and end), a pre-sale when a line is the pre-sale's product;
 * - link: order_attributions' link when the attribution is not excluded.
 * The brand's social revenue is split so that each order counts once, by priority: ambassador,
 * then pop-up, then post, then campaign (revenue_ambassadors + revenue_popups + revenue_posts +
 * revenue_campaigns = the social revenue); revenue_reposts is an influence figure beside it.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { bumpCounts, type CountBump } from '../counts';
import type { BrandMetric, FunnelSubject } from '../metrics';

type OrderSubjects = {
  order_id: string;
  brand_id: string;
  total_amount: number;
  status_id: string | null;
  via_repost: boolean;
  popup_id: string | null;
  link_id: string | null;
  attributed: boolean;
  sale_ids: string[] | null;
  presale_ids: string[] | null;
};

/** Every subject of these orders, in one statement. */
async function subjectsOf(tx: DbOrTx, orderIds: string[]): Promise<OrderSubjects[]> {
  return preparedSqlRows<OrderSubjects>(
    tx,
    sql`select o.id as order_id, o.brand_id, o.total_amount,
               st.id as status_id, coalesce(src.reblog_of_id is not null and st.id is not null, false) as via_repost,
               po.popup_id, oa.link_id, (oa.order_id is not null) as attributed, sale.ids as sale_ids,
               pre.ids as presale_ids
        from orders o
        left join statuses src on src.id = o.source_status_id
        left join lateral (
          select s2.id from statuses s2
          where s2.id = coalesce(src.reblog_of_id, src.id)
            and exists (select 1 from status_products sp where sp.status_id = s2.id)) st on true
        left join popup_orders po on po.order_id = o.id
        left join order_attributions oa on oa.order_id = o.id and oa.excluded is null
        left join lateral (
          select array_agg(distinct pr.id) as ids from order_lines ol
            join order_line_sales ols on ols.order_line_id = ol.id
            join price_rules pr on pr.brand_id = o.brand_id and pr.label = ols.label and pr.ends_at = ols.ends_at
          where ol.order_id = o.id) sale on true
        left join lateral (
          select array_agg(distinct ps.id) as ids from order_lines ol join presales ps on ps.product_id = ol.product_id
          where ol.order_id = o.id) pre on true
        where o.id = any(${arrayLiteral(orderIds)}::uuid[])`,
  );
}

/** The per-subject funnel rows of one order's metric (`by` orders or minor units). */
function subjectBumps(o: OrderSubjects, metric: 'checkouts' | 'orders' | 'revenue', at: Date, by: number) {
  const out: CountBump[] = [];
  const add = (kind: FunnelSubject, id: string | null) => {
    if (id) out.push({ kind, id, metric, at, by });
  };
  add('status', o.status_id);
  add('popup', o.popup_id);
  add('link', o.link_id);
  for (const c of [...(o.sale_ids ?? []), ...(o.presale_ids ?? [])]) add('campaign', c);
  return out;
}

/** The brand's figures of one order: its share of the social revenue, and the influence figures. */
function brandBumps(o: OrderSubjects, at: Date, amount: number, countOrder: boolean): CountBump[] {
  const brand = (metric: BrandMetric, by: number): CountBump => ({ kind: 'brand', id: o.brand_id, metric, at, by });
  const source: BrandMetric | null = o.attributed
    ? 'revenue_ambassadors'
    : o.popup_id
      ? 'revenue_popups'
      : o.status_id
        ? 'revenue_posts'
        : o.sale_ids?.length || o.presale_ids?.length
          ? 'revenue_campaigns'
          : null;
  if (!source) return [];
  const out = [brand(source, amount)];
  if (o.via_repost) out.push(brand('revenue_reposts', amount));
  if (countOrder) out.push(brand('orders_social', 1));
  return out;
}

/** A batch of orders just paid (commerce's orderPaidListeners, in the batch's transaction). */
export async function countPaid(tx: DbOrTx, orderIds: string[], at: Date): Promise<void> {
  if (orderIds.length === 0) return;
  const bumps = (await subjectsOf(tx, orderIds)).flatMap((o) => [
    ...subjectBumps(o, 'orders', at, 1),
    ...subjectBumps(o, 'revenue', at, o.total_amount),
    ...brandBumps(o, at, o.total_amount, true),
  ]);
  await bumpCounts(tx, bumps);
}

/** Orders reserved (a checkout gate's `recorded`, once per reservation batch). */
export async function countCheckouts(
  tx: DbOrTx,
  orders: {
    orderId: string;
    popupId?: string | null;
    referral?: { code?: string | null; visitor?: string | null } | null;
  }[],
  at: Date,
): Promise<void> {
  if (orders.length === 0) return;
  const subjects = await subjectsOf(
    tx,
    orders.map((o) => o.orderId),
  );
  // The pop-up's and the ambassador's own gates may run after this one: read them from the request.
  const requested = orders.some((o) => o.popupId || o.referral)
    ? await requestedSubjects(tx, orders)
    : new Map<string, { popup_id: string | null; link_id: string | null }>();
  const bumps = subjects.flatMap((o) => {
    const r = requested.get(o.order_id);
    const withRequest = { ...o, popup_id: o.popup_id ?? r?.popup_id ?? null, link_id: o.link_id ?? r?.link_id ?? null };
    // A pre-sale's checkouts are its pledges (read from them): not the orders its charge places.
    return subjectBumps({ ...withRequest, presale_ids: null }, 'checkouts', at, 1);
  });
  await bumpCounts(tx, bumps);
}

async function requestedSubjects(
  tx: DbOrTx,
  orders: {
    orderId: string;
    popupId?: string | null;
    referral?: { code?: string | null; visitor?: string | null } | null;
  }[],
) {
  const input = orders.map((o) => ({
    o: o.orderId,
    p: o.popupId ?? null,
    c: o.referral?.code ?? null,
    v: o.referral?.visitor ?? null,
  }));
  const rows = await queryRows<{ order_id: string; popup_id: string | null; link_id: string | null }>(
    tx,
    sql`select r.o as order_id,
               (select pp.id from popups pp where pp.id = r.p and pp.brand_id = o.brand_id) as popup_id,
               coalesce(
                 (select oa.link_id from order_attributions oa where oa.order_id = r.o),
                 (select l.id from ambassador_links l where l.code = r.c and l.brand_id = o.brand_id),
                 (select v.link_id from ambassador_visits v where r.v is not null and v.visitor = r.v
                    and v.brand_id = o.brand_id order by v.at desc limit 1)) as link_id
        from json_to_recordset(${JSON.stringify(input)}::json) as r(o uuid, p uuid, c text, v text)
        join orders o on o.id = r.o`,
  );
  return new Map(rows.map((r) => [r.order_id, r]));
}

/** A refund (whole or part) of a paid order: its amount off the revenue of every subject, that day. */
export async function countRefund(tx: DbOrTx, orderId: string, amount: number, at: Date): Promise<void> {
  if (!(amount > 0)) return;
  const [o] = await subjectsOf(tx, [orderId]);
  if (!o) return;
  await bumpCounts(tx, [...subjectBumps(o, 'revenue', at, -amount), ...brandBumps(o, at, -amount, false)]);
}

/**
 * A paid order cancelled before shipment whose authorization is voided (nothing captured, so no
 * refund amount on the event): what it still counted comes off the revenue.
 */
export async function countVoided(tx: DbOrTx, orderId: string, at: Date): Promise<void> {
  const [o] = await queryRows<{ left: number }>(
    tx,
    sql`select total_amount - refunded_amount as left from orders where id = ${orderId} and paid_at is not null`,
  );
  if (o) await countRefund(tx, orderId, Number(o.left), at);
}
