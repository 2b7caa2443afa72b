/**
 * Campaigns in the demo world: the cheese shop runs a pop-up store (open since an hour, for a
 * week, at one of its places when it has one) with a few followers who asked to be told (the
 * opening job posts and notifies them once the worker runs), and one of its products is
 * announced for later with a day of early access for its followers.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { createPopup, subscribeToPopup } from '../modules/campaigns';

const HOUR = 3_600_000;

export async function createDemoCampaignsPopup(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const owner = brand && teams.get(brand.id)?.find((m) => m.role === 'owner');
  if (!brand || !owner) return;
  const products = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from products where brand_id = ${brand.id} and status = 'published' order by created_at limit 5`,
  );
  if (products.length < 2) return;
  const [place] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from places where brand_id = ${brand.id} and status = 'active' order by created_at limit 1`,
  );
  const now = ctx.clock.now();
  const popup = await createPopup(ctx, owner.account.id, brand.id, {
    title: 'Le pop-up des fromages d’hiver',
    description: 'Mont d’Or, vacherin et comté de garde : une semaine seulement, au comptoir et en ligne.',
    starts_at: new Date(now.getTime() - HOUR).toISOString(),
    ends_at: new Date(now.getTime() + 7 * 24 * HOUR).toISOString(),
    product_ids: products.slice(0, 3).map((p) => p.id),
    ...(place ? { place_id: place.id } : {}),
  });
  const fans = await queryRows<{ follower_id: string }>(
    ctx.db,
    sql`select follower_id from follows f join accounts a on a.id = f.follower_id
        where f.followee_id = ${brand.id} and a.kind = 'person' order by f.created_at limit 3`,
  );
  for (const fan of fans) await subscribeToPopup(ctx, fan.follower_id, popup.id).catch(() => {});
  // Early access: on sale to everyone in two days, to the brand's followers (as of now) a day before.
  const later = products[products.length - 1]!;
  await queryRows(
    ctx.db,
    sql`update products set launches_at = ${new Date(now.getTime() + 48 * HOUR).toISOString()}::timestamptz,
          early_access_hours = 24, early_access_announced_at = ${now.toISOString()}::timestamptz
        where id = ${later.id}`,
  );
}
