/** A pop-up store as the API shows it. */
import { earlyFrom } from './early-access';
import { popupPath, popupStatus, type Popup } from './model';

export function presentPopup(config: { publicUrl: string }, p: Popup, now: Date) {
  return {
    id: p.id,
    brand_id: p.brandId,
    title: p.title,
    description: p.description,
    url: `${config.publicUrl}${popupPath(p.id)}`,
    status: popupStatus(p, now),
    starts_at: p.startsAt.toISOString(),
    ends_at: p.endsAt.toISOString(),
    early_access_hours: p.earlyAccessHours,
    early_access_from:
      p.earlyAccessHours > 0
        ? earlyFrom({ opensToAllAt: p.startsAt, earlyHours: p.earlyAccessHours, announcedAt: null }).toISOString()
        : null,
    place_id: p.placeId,
    product_ids: p.productIds,
    banner_url: p.bannerPath ? `${config.publicUrl}/media/${p.bannerPath}` : null,
    opening_status_id: p.openingStatusId,
    announced_at: p.announcedAt?.toISOString() ?? null,
    created_at: p.createdAt.toISOString(),
  };
}
