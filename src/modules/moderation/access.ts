/**
 * Who may see and decide what. A brand's queue belongs to its team members whose role has the
 * `moderate` permission; the platform queue (items without a brand, and escalated items) to the
 * instance's platform moderators. Someone who moderates nothing gets 403; a moderator of another
 * brand gets 404, so a brand's queue never reveals itself to a competitor.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { forbidden, notFound } from '../../lib/errors';
import { permissions, type BrandRole } from '../accounts';
import type { PlatformRole } from './schema';

const moderatingRoles = permissions.moderate as readonly BrandRole[];

export async function platformRole(db: DbOrTx, accountId: string): Promise<PlatformRole | null> {
  const [row] = await queryRows<{ role: PlatformRole }>(
    db,
    sql`select role from platform_roles where account_id = ${accountId}`,
  );
  return row?.role ?? null;
}

export async function isPlatformModerator(db: DbOrTx, accountId: string): Promise<boolean> {
  return (await platformRole(db, accountId)) !== null;
}

/** The viewer's role in the brand and whether they moderate anything anywhere (one query). */
async function standing(db: DbOrTx, accountId: string, brandId: string | null) {
  const [row] = await queryRows<{ role: BrandRole | null; elsewhere: boolean; platform: boolean }>(
    db,
    sql`select (select role from brand_members where brand_id = ${brandId} and account_id = ${accountId}) as role,
               exists (select 1 from brand_members where account_id = ${accountId} and role in ${[...moderatingRoles]}) as elsewhere,
               exists (select 1 from platform_roles where account_id = ${accountId}) as platform`,
  );
  return row;
}

export type Scope = 'brand' | 'platform';

/**
 * Checks that `accountId` may work on the queue of `brandId` (null: the platform's queue) and
 * says as whom. Throws 403 (not a moderator, or a role without `moderate`) or 404 (another
 * brand's moderator).
 */
export async function assertModerates(
  db: DbOrTx,
  accountId: string,
  brandId: string | null,
  what = 'Brand',
): Promise<Scope> {
  const s = await standing(db, accountId, brandId);
  if (brandId && s.role && moderatingRoles.includes(s.role)) return 'brand';
  if (!brandId && s.platform) return 'platform';
  if (s.role) throw forbidden('role_not_allowed', `Your role (${s.role}) does not allow moderation`);
  if (brandId && (s.platform || s.elsewhere)) throw notFound(what);
  throw forbidden('not_a_moderator', 'Only moderators can do this');
}

/** The brands whose queue the account moderates (for the console's brand picker). */
export async function moderatedBrands(db: DbOrTx, accountId: string) {
  return queryRows<{ id: string; username: string; display_name: string; role: BrandRole }>(
    db,
    sql`select a.id, a.username, a.display_name, m.role from brand_members m join accounts a on a.id = m.brand_id
        where m.account_id = ${accountId} and m.role in ${[...moderatingRoles]} order by a.username`,
  );
}
