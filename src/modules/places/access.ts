/**
 * Who may do what with a place, decided here for every route and page. A brand's place is edited
 * by its team (owner, admin, community manager: the `places.manage` permission); anybody else,
 * including another brand's team, gets 403. A suggested place (no brand) is edited by the person
 * who suggested it or a platform moderator, who may also hide it.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { forbidden, notFound } from '../../lib/errors';
import { assertCan, can } from '../accounts';
import { isPlatformModerator } from '../moderation';
import { places } from './schema';

export type PlaceRow = typeof places.$inferSelect;

/** A place by id (any status), or 404. */
export async function loadPlace(db: DbOrTx, placeId: string): Promise<PlaceRow> {
  if (!isUuid(placeId)) throw notFound('Place');
  const [row] = await db.select().from(places).where(eq(places.id, placeId.toLowerCase()));
  if (!row) throw notFound('Place');
  return row;
}

/** Whether the account manages the place: its brand's team with `places.manage`. */
export async function managesPlace(db: Db, accountId: string | null, place: PlaceRow): Promise<boolean> {
  if (!accountId || !place.brandId) return false;
  return can({ db }, accountId, place.brandId, 'places.manage');
}

/** The place, if the account may edit it; 404 for a hidden place it may not see, 403 otherwise. */
export async function placeForEdit(db: Db, accountId: string, placeId: string): Promise<PlaceRow> {
  const place = await loadPlace(db, placeId);
  if (place.brandId) {
    if (place.status === 'hidden' && !(await can({ db }, accountId, place.brandId, 'places.manage')))
      throw notFound('Place');
    await assertCan({ db }, accountId, place.brandId, 'places.manage');
    return place;
  }
  if (place.suggestedBy === accountId || (await isPlatformModerator(db, accountId))) return place;
  if (place.status === 'hidden') throw notFound('Place');
  throw forbidden('not_your_place', 'Only the person who suggested this place or a moderator may change it');
}

/** 403 unless the account may manage the brand's places (checked before creating one). */
export async function assertManagesBrandPlaces(db: Db, accountId: string, brandId: string): Promise<void> {
  await assertCan({ db }, accountId, brandId, 'places.manage');
}
