/**
 * Who may do what at a brand's place, for badges', specials', tips' and dashboards' services: the
 * brand's team by role (accounts' roles). A place nobody may manage (a suggested place, without a
 * brand) answers 403; an unknown place 404.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { forbidden, notFound } from '../../lib/errors';
import { permissions, type BrandRole } from '../accounts';

/** Owner, admin and community manager run the brand's places: specials, the dashboard. */
export const MANAGE_ROLES: readonly BrandRole[] = permissions['places.manage'];
/** Who serves at the counter redeems codes: the team members who handle orders (staff included). */
export const REDEEM_ROLES: readonly BrandRole[] = permissions.orders;

export type PlaceRef = { id: string; brandId: string | null; name: string; category: string; status: string };

export async function findPlace(db: DbOrTx, placeId: string): Promise<PlaceRef | null> {
  if (!isUuid(placeId)) return null;
  const [row] = await queryRows<{
    id: string;
    brand_id: string | null;
    name: string;
    category: string;
    status: string;
  }>(db, sql`select id, brand_id, name, category, status from places where id = ${placeId}`);
  return row ? { id: row.id, brandId: row.brand_id, name: row.name, category: row.category, status: row.status } : null;
}

/** The place, when `accountId` is on its brand's team with one of `roles`; 404 unknown place, 403 otherwise. */
export async function placeForTeam(
  db: DbOrTx,
  accountId: string,
  placeId: string,
  roles: readonly BrandRole[] = MANAGE_ROLES,
): Promise<PlaceRef & { brandId: string }> {
  const place = await findPlace(db, placeId);
  if (!place || place.status === 'hidden') throw notFound('Place');
  if (!place.brandId) throw forbidden('no_brand', 'This place belongs to no brand');
  const role = await teamRole(db, place.brandId, accountId);
  if (!role) throw forbidden('not_a_member', 'You are not a member of this brand’s team');
  if (!roles.includes(role)) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  return { ...place, brandId: place.brandId };
}

/** A member's role on a brand's team (the brand's own account acts as its owner), or null. */
export async function teamRole(db: DbOrTx, brandId: string, accountId: string): Promise<BrandRole | null> {
  if (brandId === accountId) return 'owner';
  const [row] = await queryRows<{ role: BrandRole }>(
    db,
    sql`select role from brand_members where brand_id = ${brandId} and account_id = ${accountId}`,
  );
  return row?.role ?? null;
}

/** The brands whose codes `accountId` may redeem. */
export async function redeemingBrands(db: DbOrTx, accountId: string): Promise<string[]> {
  const rows = await queryRows<{ brand_id: string }>(
    db,
    sql`select brand_id from brand_members where account_id = ${accountId} and role in ${[...REDEEM_ROLES]}`,
  );
  return [accountId, ...rows.map((r) => r.brand_id)];
}
