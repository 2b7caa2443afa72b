/**
 * The commission ledger in the demo world: an ambassador of the first brand with attributed
 * orders (those the ambassadors' demo made, else a few of our own, attributed here), earned five
 * weeks ago, most delivered four weeks ago and matured after the return window, one payout a week
 * ago, one order still on its way: the earnings page shows pending, payable and paid amounts.
 * Runs after the ambassadors' demo (programme, members, attributed orders) when there is one.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { uuidv7 } from '../db/ids';
import type { Account, BrandRole } from '../modules/accounts';
import {
  matureCommissions,
  recordEarned,
  recordPayout,
  saveBankAccount,
  savePayoutSettings,
} from '../modules/ambassadors';
import { deliverOrder, placeOrder, savePaymentMethod, shipOrder } from '../modules/commerce';

const DAY = 86_400_000;
const at = (ms: number) => ({ now: () => new Date(ms) });

/** The brand's accepted ambassador with the most attributed paid orders, with those orders. */
async function attributedOf(ctx: AppContext, brandId: string) {
  const rows = await queryRows<{ ambassador_id: string; account_id: string; order_id: string; status: string }>(
    ctx.db,
    sql`select a.id as ambassador_id, a.account_id, o.id as order_id, o.status
          from order_attributions oa join ambassadors a on a.id = oa.ambassador_id
          join orders o on o.id = oa.order_id
         where oa.brand_id = ${brandId} and oa.excluded is null and a.status = 'accepted' and o.paid_at is not null
         order by o.id`,
  );
  const byAmbassador = new Map<string, typeof rows>();
  for (const r of rows) byAmbassador.set(r.ambassador_id, [...(byAmbassador.get(r.ambassador_id) ?? []), r]);
  return [...byAmbassador.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

/** Our own ambassador and four attributed orders, when the ambassadors' demo made none. */
async function ownAttributedOrders(ctx: AppContext, brand: Account, team: Set<string>, people: Account[]) {
  await queryRows(
    ctx.db,
    sql`insert into ambassador_programs (brand_id, commission_bp, window_days, return_window_days, min_payout_amount,
          terms)
        values (${brand.id}, 1000, 30, 14, 500, ${'Commission de 10 % sur les commandes livrées.'})
        on conflict do nothing`,
  );
  const outsiders = people.filter((p) => !team.has(p.id) && p.username !== 'chloe');
  const fan = outsiders[0];
  if (!fan) return [];
  const ambassadorId = uuidv7();
  await queryRows(
    ctx.db,
    sql`insert into ambassadors (id, brand_id, account_id, status, message, decided_at)
        values (${ambassadorId}, ${brand.id}, ${fan.id}, 'accepted', ${'Fan de la première heure'}, now())
        on conflict (brand_id, account_id) do nothing`,
  );
  const [member] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from ambassadors where brand_id = ${brand.id} and account_id = ${fan.id}`,
  );
  const variants = await queryRows<{ id: string }>(
    ctx.db,
    sql`select v.id from variants v join products p on p.id = v.product_id
         where p.brand_id = ${brand.id} and p.status = 'published' and v.stock > 10 order by v.id limit 3`,
  );
  const out: { ambassador_id: string; account_id: string; order_id: string; status: string }[] = [];
  for (const [i, buyer] of outsiders.slice(1, 5).entries()) {
    const variant = variants[i % Math.max(variants.length, 1)];
    if (!variant) break;
    const method = await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa' });
    const placed = await placeOrder(ctx, buyer.id, {
      lines: [{ variantId: variant.id, quantity: 1 + (i % 2) }],
      paymentMethodId: method.id,
      shippingAddress: {
        name: buyer.displayName || buyer.username,
        line1: '8 rue Mercière',
        postal_code: '69002',
        city: 'Lyon',
        country: 'FR',
      },
    });
    if (placed.status !== 'paid') continue;
    await queryRows(
      ctx.db,
      sql`insert into order_attributions (order_id, brand_id, ambassador_id) values (${placed.orderId}, ${brand.id}, ${member.id})
          on conflict do nothing`,
    );
    out.push({ ambassador_id: member.id, account_id: fan.id, order_id: placed.orderId, status: 'paid' });
  }
  return out;
}

export async function createDemoLedger(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const owner = brand ? teams.get(brand.id)?.find((m) => m.role === 'owner')?.account : undefined;
  if (!brand || !owner) return;
  const team = new Set((teams.get(brand.id) ?? []).map((m) => m.account.id));
  let orders = await attributedOf(ctx, brand.id);
  if (orders.length < 3) orders = await ownAttributedOrders(ctx, brand, team, people);
  if (orders.length === 0) return;
  const now = Date.now();
  // Earned when paid (a no-op for orders whose commission the checkout already recorded).
  await ctx.db.transaction((tx) =>
    recordEarned(
      tx,
      orders.map((o) => o.order_id),
      new Date(now - 35 * DAY),
    ),
  );
  // All but the last delivered four weeks ago: their return window (14 days) has passed.
  for (const o of orders.slice(0, -1)) {
    if (o.status === 'paid' || o.status === 'preparing')
      await shipOrder(ctx, owner.id, o.order_id, {
        carrier: 'Colissimo',
        trackingNumber: `6A${o.order_id.slice(-10)}`,
      });
    if (o.status !== 'delivered' && o.status !== 'refunded')
      await deliverOrder(ctx, owner.id, o.order_id).catch(() => {});
    await queryRows(
      ctx.db,
      sql`update orders set delivered_at = ${new Date(now - 28 * DAY).toISOString()}::timestamptz
           where id = ${o.order_id} and delivered_at is not null`,
    );
    await matureCommissions({ db: ctx.db, clock: at(now - 13 * DAY) }, o.order_id);
  }
  const ambassador = orders[0]!;
  await saveBankAccount({ db: ctx.db, clock: at(now - 20 * DAY) }, ambassador.account_id, {
    name: 'Camille Fan',
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    bic: 'AGRIFRPP',
  });
  await savePayoutSettings({ db: ctx.db, clock: at(now - 20 * DAY) }, brand.id, owner.id, {
    name: brand.displayName || brand.username,
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
  });
  // One payout a week ago, of part of what was payable: some stays payable, the last order pending.
  const [balance] = await queryRows<{ payable: number; min: number }>(
    ctx.db,
    sql`select coalesce(sum(e.amount), 0)::int as payable,
               coalesce((select min_payout_amount from ambassador_programs where brand_id = ${brand.id}), 0) as min
          from ambassador_ledger_entries e where e.ambassador_id = ${ambassador.ambassador_id} and e.account = 'payable'`,
  );
  const payable = balance?.payable ?? 0;
  const amount = Math.min(payable, Math.max(Math.floor(payable * 0.6), balance?.min ?? 0));
  if (amount > 0 && amount >= (balance?.min ?? 0))
    await recordPayout({ db: ctx.db, clock: at(now - 7 * DAY) }, brand.id, owner.id, {
      ambassadorId: ambassador.ambassador_id,
      amount,
      method: 'sepa',
    });
}
