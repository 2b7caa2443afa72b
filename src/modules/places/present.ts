/**
 * Places and check-ins as the JSON API shows them (snake_case, absolute URLs). The mayor is a
 * Mastodon Account entity (accounts' presenter); nothing here says who else is at a place.
 */
import type { z } from 'zod';
import { type AccountEntity, mediaUrl, presentAccount, type UrlContext } from '../accounts';
import type { CheckinResult } from './checkin';
import type { NearbyPlace } from './nearby';
import type { PlaceRow, PlaceView, SpecialView } from './places';
import { categoryName } from './validation';

export const placeUrl = (ctx: UrlContext, placeId: string) => `${ctx.publicUrl}/places/${placeId}`;
export const shopUrl = (ctx: UrlContext, brandUsername: string) => `${ctx.publicUrl}/@${brandUsername}/shop`;
const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** The 201 of a creation: exactly {id, name, lat, lon, radius_m, url}. */
export const presentCreated = (ctx: UrlContext, p: PlaceRow) => ({
  id: p.id,
  name: p.name,
  lat: p.lat,
  lon: p.lon,
  radius_m: p.radiusM,
  url: placeUrl(ctx, p.id),
});

export const presentSpecial = (s: SpecialView) => ({
  id: s.id,
  kind: s.kind,
  title: s.title,
  description: s.description,
  every_n: s.everyN,
  first_n: s.firstN,
  min_people: s.minPeople,
  window_minutes: s.windowMinutes,
  starts_at: iso(s.startsAt),
  ends_at: iso(s.endsAt),
});

const category = (code: string) => ({ code, name_fr: categoryName(code, 'fr'), name_en: categoryName(code, 'en') });

export function presentPlace(ctx: UrlContext, p: PlaceView) {
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    postcode: p.postcode,
    city: p.city,
    lat: p.lat,
    lon: p.lon,
    radius_m: p.radiusM,
    category: p.category,
    category_name: category(p.category),
    opening_hours: p.openingHours ?? null,
    photo: p.photoPath
      ? {
          url: mediaUrl(ctx, p.photoPath),
          preview_url: mediaUrl(ctx, p.photoPreviewPath ?? p.photoPath),
          alt: p.photoAlt ?? '',
        }
      : null,
    starts_at: iso(p.startsAt),
    ends_at: iso(p.endsAt),
    status: p.status,
    url: placeUrl(ctx, p.id),
    brand: p.brand
      ? {
          id: p.brand.id,
          username: p.brand.username,
          display_name: p.brand.displayName,
          shop_url: shopUrl(ctx, p.brand.username),
        }
      : null,
    checkins_count: p.checkinsCount,
    mayor: p.mayor ? (presentAccount(ctx, p.mayor) as z.input<typeof AccountEntity>) : null,
    specials: p.specials.map(presentSpecial),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export function presentNearby(ctx: UrlContext, n: NearbyPlace) {
  return {
    id: n.id,
    name: n.name,
    distance_m: Math.round(n.distanceM * 10) / 10,
    address: n.address,
    postcode: n.postcode,
    city: n.city,
    lat: n.lat,
    lon: n.lon,
    radius_m: n.radiusM,
    category: n.category,
    checkins_count: n.checkinsCount,
    url: placeUrl(ctx, n.id),
    photo_preview_url: n.photoPreviewPath ? mediaUrl(ctx, n.photoPreviewPath) : null,
    brand:
      n.brandId && n.brandUsername
        ? {
            id: n.brandId,
            username: n.brandUsername,
            display_name: n.brandName ?? n.brandUsername,
            shop_url: shopUrl(ctx, n.brandUsername),
          }
        : null,
  };
}

/** The 201 of a check-in: {id, counted, reason?, badges, mayor, specials}. */
export function presentCheckin(r: CheckinResult) {
  return {
    id: r.id,
    counted: r.counted,
    ...(r.reason ? { reason: r.reason } : {}),
    badges: r.badges,
    mayor: r.mayor,
    specials: r.specials,
  };
}

/** One of the viewer's own check-ins (their history). */
export type OwnCheckin = {
  id: string;
  placeId: string;
  placeName: string;
  counted: boolean;
  reason: string | null;
  visibility: 'public' | 'private';
  comment: string | null;
  localDay: string;
  createdAt: Date;
};

export const presentOwnCheckin = (ctx: UrlContext, c: OwnCheckin) => ({
  id: c.id,
  place: { id: c.placeId, name: c.placeName, url: placeUrl(ctx, c.placeId) },
  counted: c.counted,
  reason: c.reason,
  visibility: c.visibility,
  comment: c.comment,
  local_day: c.localDay,
  created_at: c.createdAt.toISOString(),
});
