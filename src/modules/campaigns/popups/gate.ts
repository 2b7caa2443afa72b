/**
 * Commerce's checkout gate for campaigns (registered by src/links/campaign-popups.ts): inside the
 * reservation's transaction, a batch of checkouts costs one statement here (the batch's products
 * with a launch date still to come), and two more only when some checkout names a pop-up or buys
 * such a product (the pop-ups named, the buyers' follows of the brand).
 *   - through a pop-up: it must be the seller's, hold every line's product (422 not_in_popup) and
 *     be open (409 popup_not_open), or in its early access for a qualifying follower (403
 *     early_access_only for anyone else);
 *   - a product with a launch date in the future: only in its early access, only for followers
 *     who followed before it was announced (403 early_access_only), nobody before (409 not_launched).
 * The attribution (popup_orders) is written with the orders, in the same transaction.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../../db/client';
import { preparedSqlRows } from '../../../db/prepared';
import { conflict, unprocessable, type DomainError } from '../../../lib/errors';
import type { CheckoutGate, CheckoutGateItem } from '../../commerce';
import { earlyAccessRefusal, followTimes, type EarlyAccessSetting } from './early-access';

type GatePopup = {
  id: string;
  brand_id: string;
  starts_at: string;
  ends_at: string;
  early_access_hours: number;
  early_access_announced_at: string | null;
  product_ids: string[];
};
type Launch = {
  id: string;
  brand_id: string;
  launches_at: string;
  early_access_hours: number;
  early_access_announced_at: string | null;
};

const date = (v: string | null) => (v === null ? null : new Date(v));

async function loadPopups(tx: DbOrTx, ids: string[]): Promise<Map<string, GatePopup>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<GatePopup>(
    tx,
    sql`select p.id, p.brand_id, p.starts_at, p.ends_at, p.early_access_hours, p.early_access_announced_at,
          coalesce((select array_agg(pp.product_id) from popup_products pp where pp.popup_id = p.id), '{}') as product_ids
        from popups p where p.id = any(${arrayLiteral(ids)}::uuid[]) for share`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

async function loadLaunches(tx: DbOrTx, productIds: string[], now: Date): Promise<Map<string, Launch>> {
  if (productIds.length === 0) return new Map();
  const rows = await preparedSqlRows<Launch>(
    tx,
    sql`select id, brand_id, launches_at, early_access_hours, early_access_announced_at from products
        where id = any(${arrayLiteral(productIds)}::uuid[]) and launches_at > ${now.toISOString()}::timestamptz`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

function popupSetting(p: GatePopup): EarlyAccessSetting {
  return {
    opensToAllAt: new Date(p.starts_at),
    earlyHours: p.early_access_hours,
    announcedAt: date(p.early_access_announced_at),
  };
}

async function check(tx: DbOrTx, items: CheckoutGateItem[], now: Date): Promise<(DomainError | null)[]> {
  const popupIds = [...new Set(items.flatMap((i) => (i.request.popupId ? [i.request.popupId] : [])))];
  const outside = items.filter((i) => !i.request.popupId);
  const [popups, launches] = await Promise.all([
    loadPopups(tx, popupIds),
    loadLaunches(tx, [...new Set(outside.flatMap((i) => i.quote.lines.map((l) => l.productId)))], now),
  ]);
  const followedAt = await followTimes(
    tx,
    items.flatMap((i) => {
      const popup = i.request.popupId ? popups.get(i.request.popupId) : undefined;
      const early = popup ? popup.early_access_hours > 0 : i.quote.lines.some((l) => launches.has(l.productId));
      return early ? [{ accountId: i.buyerId, brandId: i.quote.brandId }] : [];
    }),
  );
  return items.map((item) => {
    const follow = () => followedAt(item.buyerId, item.quote.brandId);
    if (item.request.popupId) {
      const popup = popups.get(item.request.popupId);
      if (!popup) return unprocessable('unknown_popup', 'popup_id is not a pop-up store', { field: 'popup_id' });
      const strays = item.quote.lines.filter(
        (l) => popup.brand_id !== item.quote.brandId || !popup.product_ids.includes(l.productId),
      );
      if (strays.length)
        return unprocessable('not_in_popup', `${strays[0].title} is not sold in this pop-up store`, {
          field: 'lines',
          variant_id: strays[0].variantId,
        });
      if (now >= new Date(popup.ends_at)) return conflict('popup_not_open', 'This pop-up store is closed');
      return earlyAccessRefusal(popupSetting(popup), now, follow(), () =>
        conflict('popup_not_open', 'This pop-up store is not open yet'),
      );
    }
    for (const line of item.quote.lines) {
      const launch = launches.get(line.productId);
      if (!launch) continue;
      const setting = {
        opensToAllAt: new Date(launch.launches_at),
        earlyHours: launch.early_access_hours,
        announcedAt: date(launch.early_access_announced_at),
      };
      const refusal = earlyAccessRefusal(setting, now, follow(), () =>
        conflict('not_launched', `${line.title} is not on sale yet`),
      );
      if (refusal) return refusal;
    }
    return null;
  });
}

async function recorded(tx: DbOrTx, orders: { orderId: string; request: CheckoutGateItem['request'] }[]) {
  const rows = orders.flatMap((o) => (o.request.popupId ? [{ order_id: o.orderId, popup_id: o.request.popupId }] : []));
  if (rows.length === 0) return;
  await queryRows(
    tx,
    sql`insert into popup_orders (order_id, popup_id)
        select order_id, popup_id from json_to_recordset(${JSON.stringify(rows)}::json) as r(order_id uuid, popup_id uuid)`,
  );
}

export const campaignCheckoutGate: CheckoutGate = { name: 'campaigns.popups', check, recorded };
