/**
 * Which ambassador brought an order: the last one whose link was followed (the latest visit of
 * the buyer's referral cookie or of the buyer's account, for the order's brand, within the
 * programme's window before the order), written in the reservation's transaction by commerce's
 * checkout gate (registered by src/links/ambassador-attribution.ts), two statements per batch.
 * An API client's `ref` (a link's code) counts as a visit through that link at order time.
 *
 * Recorded but earning nothing (`excluded`): the buyer is the ambassador ('self'), on the brand's
 * team ('team'), or paid with a card one of the ambassador's saved cards also is ('same_payment':
 * payment_methods keep no card fingerprint, so a card is its provider, brand, last four digits and
 * expiry). Only an accepted ambassador of an active programme is attributed.
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../db/client';
import { preparedSqlRows } from '../../db/prepared';
import { uuidv7 } from '../../db/ids';
import type { CheckoutGate, OrderApiField, OrderPageExtension, OrderRequest } from '../commerce';

export type Attribution = {
  ambassadorId: string;
  linkId: string | null;
  fromStatusId: string | null;
  excluded: 'self' | 'team' | 'same_payment' | null;
};

type Recorded = { orderId: string; buyerId: string; request: OrderRequest };

const CODE = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * The checkout's time (the app clock, which tests move), seen by the gate's check and used by its
 * `recorded` in the same transaction: the orders' own created_at is the machine's time.
 */
const checkoutTime = new WeakMap<object, Date>();
const VISITOR = /^[A-Za-z0-9_-]{16,64}$/;

/** `ref` codes become visits through their link, dated at the order, with the buyer's account. */
async function recordCodeVisits(tx: DbOrTx, orders: Recorded[], now: SQL) {
  const coded = orders.flatMap((o) => {
    const code = o.request.referral?.code;
    return code && CODE.test(code) ? [{ id: uuidv7(), order_id: o.orderId, code }] : [];
  });
  if (coded.length === 0) return;
  await preparedSqlRows(
    tx,
    sql`insert into ambassador_visits (id, link_id, ambassador_id, brand_id, visitor, account_id, from_status_id, at)
        select r.id, l.id, l.ambassador_id, l.brand_id, null, o.buyer_id, null, ${now}
        from json_to_recordset(${JSON.stringify(coded)}::json) as r(id uuid, order_id uuid, code text)
        join orders o on o.id = r.order_id
        join ambassador_links l on l.code = r.code and l.brand_id = o.brand_id
        join ambassadors a on a.id = l.ambassador_id and a.status = 'accepted'
        join ambassador_programs p on p.brand_id = l.brand_id and p.active`,
  );
}

/** The batch's attributions, one statement: last click within the window, exclusions decided here. */
async function recordAttributions(tx: DbOrTx, orders: Recorded[], now: SQL) {
  const input = orders.map((o) => {
    const visitor = o.request.referral?.visitor;
    return { order_id: o.orderId, visitor: visitor && VISITOR.test(visitor) ? visitor : null };
  });
  const candidates = sql`select v.id, v.link_id, v.ambassador_id, v.from_status_id, v.at from ambassador_visits v
      join ambassadors a2 on a2.id = v.ambassador_id and a2.status = 'accepted'
      where v.brand_id = o.brand_id and v.at <= ${now}
        and v.at > ${now} - make_interval(days => p.window_days)`;
  await preparedSqlRows(
    tx,
    sql`insert into order_attributions (order_id, brand_id, ambassador_id, link_id, visit_id, from_status_id, excluded, created_at)
        select o.id, o.brand_id, v.ambassador_id, v.link_id, v.id, v.from_status_id,
          case
            when a.account_id = o.buyer_id then 'self'
            when exists (select 1 from brand_members bm where bm.brand_id = o.brand_id and bm.account_id = o.buyer_id)
              then 'team'
            when exists (select 1 from payment_methods used join payment_methods mine
                           on mine.account_id = a.account_id and mine.provider = used.provider
                          and mine.card_brand = used.card_brand and mine.last4 = used.last4
                          and mine.exp_month = used.exp_month and mine.exp_year = used.exp_year
                         where used.id = o.payment_method_id) then 'same_payment'
          end,
          ${now}
        from json_to_recordset(${JSON.stringify(input)}::json) as i(order_id uuid, visitor text)
        join orders o on o.id = i.order_id
        join ambassador_programs p on p.brand_id = o.brand_id and p.active
        cross join lateral (
          select * from (
            (${candidates} and i.visitor is not null and v.visitor = i.visitor order by v.at desc, v.id desc limit 1)
            union all
            (${candidates} and v.account_id = o.buyer_id order by v.at desc, v.id desc limit 1)
          ) c order by c.at desc, c.id desc limit 1
        ) v
        join ambassadors a on a.id = v.ambassador_id
        on conflict (order_id) do nothing`,
  );
}

/** Commerce's checkout gate: refuses nothing, records the attribution with the orders. */
export const ambassadorCheckoutGate: CheckoutGate = {
  name: 'ambassadors',
  async check(tx, items, now) {
    checkoutTime.set(tx, now);
    return items.map(() => null);
  },
  async recorded(tx, orders) {
    if (orders.length === 0) return;
    // The check saw the checkout's time; without it (no gate check ran), the order's own.
    const at = checkoutTime.get(tx);
    const now = at ? sql`${at.toISOString()}::timestamptz` : sql`o.created_at`;
    await recordCodeVisits(tx, orders, now);
    await recordAttributions(tx, orders, now);
  },
};

/** Orders' attributions (excluded ones included, with their reason). */
export async function attributedAmbassadors(db: DbOrTx, orderIds: string[]): Promise<Map<string, Attribution>> {
  if (orderIds.length === 0) return new Map();
  const rows = await queryRows<{
    order_id: string;
    ambassador_id: string;
    link_id: string | null;
    from_status_id: string | null;
    excluded: Attribution['excluded'];
  }>(
    db,
    sql`select order_id, ambassador_id, link_id, from_status_id, excluded from order_attributions
        where order_id = any(${arrayLiteral(orderIds)}::uuid[])`,
  );
  return new Map(
    rows.map((r) => [
      r.order_id,
      { ambassadorId: r.ambassador_id, linkId: r.link_id, fromStatusId: r.from_status_id, excluded: r.excluded },
    ]),
  );
}

/** `ambassador_id` on an order's JSON, for the brand's team only. */
export const ambassadorOrderField: OrderApiField = {
  name: 'ambassadors',
  fields: ['ambassador_id'],
  teamOnly: true,
  async load(db, orderIds) {
    const found = await attributedAmbassadors(db, orderIds);
    return new Map([...found].map(([id, a]) => [id, { ambassador_id: a.ambassadorId }]));
  },
};

type PageData = {
  username: string;
  ambassadorId: string;
  excluded: Attribution['excluded'];
  linkKind: string | null;
  linkTitle: string | null;
  statusId: string | null;
  statusAuthor: string | null;
  brandUsername: string;
};

/** "Brought by @ambassador via <link / post>" on the order's page, for the brand's team only. */
export const ambassadorOrderSection: OrderPageExtension = {
  name: 'ambassadors.order',
  async load(db, { detail }): Promise<PageData | null> {
    // The brand's team only (a buyer never learns who earned on their order).
    if (detail.as !== 'team') return null;
    const [r] = await queryRows<{
      username: string;
      ambassador_id: string;
      excluded: Attribution['excluded'];
      target_kind: string | null;
      title: string | null;
      from_status_id: string | null;
      status_author: string | null;
      brand_username: string;
    }>(
      db,
      sql`select acc.username, oa.ambassador_id, oa.excluded, l.target_kind, b.username as brand_username,
            coalesce((select title from products where id = l.target_id),
                     (select title from collections where id = l.target_id),
                     (select title from popups where id = l.target_id)) as title,
            oa.from_status_id, (select sa.username from statuses s join accounts sa on sa.id = s.account_id
                                where s.id = oa.from_status_id) as status_author
          from order_attributions oa join ambassadors a on a.id = oa.ambassador_id
          join accounts acc on acc.id = a.account_id join accounts b on b.id = oa.brand_id
          left join ambassador_links l on l.id = oa.link_id
          where oa.order_id = ${detail.order.id}`,
    );
    if (!r) return null;
    return {
      username: r.username,
      ambassadorId: r.ambassador_id,
      excluded: r.excluded,
      linkKind: r.target_kind,
      linkTitle: r.title,
      statusId: r.from_status_id,
      statusAuthor: r.status_author,
      brandUsername: r.brand_username,
    };
  },
  render(v, data) {
    if (!data) return null;
    const d = data as PageData;
    const via =
      d.statusId && d.statusAuthor ? (
        <a href={`/@${d.statusAuthor}/${d.statusId}`}>{v.t('amb.order.via_post')}</a>
      ) : d.linkKind ? (
        <span>{d.linkTitle ? v.t('amb.order.via_link_title', { title: d.linkTitle }) : v.t('amb.order.via_link')}</span>
      ) : null;
    return (
      <section class="card ambassador-attribution" data-ambassador-id={d.ambassadorId}>
        <p>
          {v.t('amb.order.brought_by')} <a href={`/@${d.username}`}>@{d.username}</a>
          {via ? <> · {via}</> : null}
        </p>
        {d.excluded ? <p class="muted">{v.t(`amb.order.excluded_${d.excluded}`)}</p> : null}
        <p>
          <a href={`/brands/${d.brandUsername}/ambassadors/${d.ambassadorId}/ledger`}>{v.t('amb.order.ledger')}</a>
        </p>
      </section>
    );
  },
};
