/**
 * Funnels in the demo world: 90 days of history for the shoppable posts and the pop-up, written
 * through the funnel's own counting (views de-duplicated per day, cards opened, Buy clicks, at
 * past times), then a few real orders today from posts and through the pop-up by the demo's
 * shoppers (counted by the checkout gate and the paid listener like any order). The days'
 * de-duplication is purged at the end, as the hourly job would. Deterministic (seeded).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { purgeReach, recordTaps, recordViews, type Tap, type View } from '../modules/analytics';
import { placeOrder } from '../modules/commerce';
import { favourite, reblog } from '../modules/social';

const DAY = 86_400_000;
const HISTORY_DAYS = 90;

/** A small seeded generator (mulberry32): the same world every time. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Subject = { kind: 'status' | 'popup'; id: string; brand_id: string; variant_id: string | null };

export async function createDemoFunnel(ctx: AppContext): Promise<void> {
  const subjects = await queryRows<Subject>(
    ctx.db,
    sql`select 'status' as kind, s.id, min(p.brand_id::text)::uuid as brand_id,
               (select v.id from variants v where v.product_id = min(sp.product_id::text)::uuid
                and v.stock > 0 order by v.position limit 1) as variant_id
        from statuses s join status_products sp on sp.status_id = s.id join products p on p.id = sp.product_id
        group by s.id
        union all
        select 'popup', pp.id, pp.brand_id,
               (select v.id from popup_products x join variants v on v.product_id = x.product_id
                where x.popup_id = pp.id and v.stock > 0 order by x.position, v.position limit 1)
        from popups pp
        order by 1, 2 limit 40`,
  );
  if (subjects.length === 0) return;
  const random = seeded(2026);
  const now = ctx.clock.now().getTime();
  // Each subject: a launch day in the last 90, a peak of 30 to 90 viewers, fading over two weeks,
  // with a weekend lift. Viewers are drawn from a pool per brand, so the brand's reach overlaps.
  for (let back = HISTORY_DAYS - 1; back >= 0; back--) {
    const at = new Date(now - back * DAY - 3_600_000);
    const views: View[] = [];
    const taps: Omit<Tap, 'at'>[] = [];
    subjects.forEach((s, i) => {
      const launch = Math.floor((i * 37) % 60) + 20;
      const age = launch - back;
      if (age < 0) return;
      const weekend = [0, 6].includes(at.getUTCDay()) ? 1.3 : 1;
      const peak = 30 + ((i * 13) % 60);
      const count = Math.round(peak * Math.exp(-age / 14) * weekend * (0.7 + 0.6 * random()) + 2 * random());
      for (let v = 0; v < count; v++)
        views.push({ kind: s.kind, id: s.id, viewer: `demo:${s.brand_id}:${Math.floor(random() * 400)}`, at });
      const opens = Math.round(count * (0.08 + 0.08 * random()));
      const clicks = Math.round(opens * (0.3 + 0.3 * random()));
      for (let k = 0; k < opens; k++) taps.push({ kind: s.kind, id: s.id, metric: 'card_opens' });
      for (let k = 0; k < clicks; k++) taps.push({ kind: s.kind, id: s.id, metric: 'buy_clicks' });
    });
    await recordViews(ctx.db, views);
    await recordTaps(
      ctx.db,
      taps.map((t) => ({ ...t, at })),
    );
  }
  await purgeReach(ctx.db, ctx.clock.now());
  await demoLikes(ctx, subjects, random);
  await demoOrders(ctx, subjects);
}

/** Some of the world's people like (and a few repost) the shoppable posts they could see. */
async function demoLikes(ctx: AppContext, subjects: Subject[], random: () => number) {
  const people = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from accounts where kind = 'person' order by id limit 24`,
  );
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  for (const s of subjects.filter((x) => x.kind === 'status'))
    for (const p of people) {
      const r = random();
      // Not visible to them, blocked, or their own brand's post: they simply do not react.
      if (r < 0.3) await favourite(social, p.id, s.id).catch(() => {});
      if (r < 0.05) await reblog(social, p.id, s.id).catch(() => {});
    }
}

/** Real orders today: the demo's shoppers (a saved card and address) buy from posts and the pop-up. */
async function demoOrders(ctx: AppContext, subjects: Subject[]) {
  const shoppers = await queryRows<{ account_id: string; method_id: string; address: Record<string, string> }>(
    ctx.db,
    sql`select pm.account_id, pm.id as method_id,
               json_build_object('name', a.name, 'line1', a.line1, 'postal_code', a.postal_code,
                                 'city', a.city, 'country', a.country) as address
        from payment_methods pm
        join lateral (select * from addresses ad where ad.account_id = pm.account_id limit 1) a on true
        order by pm.id limit 8`,
  );
  const buyable = subjects.filter((s) => s.variant_id);
  for (const [i, shopper] of shoppers.entries()) {
    const s = buyable[(i * 3) % Math.max(1, buyable.length)];
    if (!s) return;
    await placeOrder(ctx, shopper.account_id, {
      lines: [{ variantId: s.variant_id!, quantity: 1 }],
      paymentMethodId: shopper.method_id,
      shippingAddress: shopper.address as never,
      sourceStatusId: s.kind === 'status' ? s.id : null,
      popupId: s.kind === 'popup' ? s.id : null,
    }).catch(() => {}); // a sold-out variant or a closed pop-up: that shopper buys nothing
  }
}
