/** Everything the pop-up store's page shows to one viewer, read in a few queries. */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { getAccount } from '../../accounts';
import { productsByIds, productSummary } from '../../commerce';
import { earlyAccessGate } from './early-access';
import { popupStatus, type PopupsContext } from './model';
import { getPopup, isSubscribed } from './service';
import type { PopupPageData, PopupPhase } from './views';

export async function popupPageData(
  ctx: PopupsContext,
  popupId: string,
  viewerId: string | null,
): Promise<PopupPageData> {
  const popup = await getPopup(ctx, popupId);
  const now = ctx.clock.now();
  const status = popupStatus(popup, now);
  const [brand, views, places, subscribed] = await Promise.all([
    getAccount(ctx, popup.brandId),
    productsByIds(ctx, viewerId, popup.productIds),
    popup.placeId
      ? queryRows<{ id: string; name: string }>(ctx.db, sql`select id, name from places where id = ${popup.placeId}`)
      : Promise.resolve([]),
    viewerId ? isSubscribed(ctx.db, popup.id, viewerId) : Promise.resolve(false),
  ]);
  const early =
    status === 'scheduled' && popup.earlyAccessHours > 0
      ? await earlyAccessGate(ctx.db, {
          brandId: popup.brandId,
          accountId: viewerId,
          opensToAllAt: popup.startsAt,
          earlyHours: popup.earlyAccessHours,
          announcedAt: popup.earlyAccessAnnouncedAt,
          now,
        })
      : null;
  const phase: PopupPhase = status === 'scheduled' ? (early?.allowed ? 'early' : 'scheduled') : status;
  return {
    popup,
    status,
    phase,
    brand: { username: brand.username, displayName: brand.displayName ?? '' },
    products: views.filter((p) => p.status === 'published').map(productSummary),
    place: places[0] ?? null,
    viewerId,
    subscribed,
    early,
    now,
  };
}
