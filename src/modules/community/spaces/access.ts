/**
 * Who reads and writes in a brand's space. The brand's team (any role) reads everything; the team
 * with `community.manage` runs the spaces (create, edit, archive, invite, pin, lock, move,
 * accept). A public space is read by anyone; a members-only one by its members only: the team,
 * invited accounts, and (when the brand admits them) the brand's followers or its buyers (a paid
 * order, whatever happened since). To everyone else a members-only space does not exist (404).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { forbidden, notFound } from '../../../lib/errors';
import { permissions, type BrandRole } from '../../accounts';
import type { SpaceVisibility } from './schema';

export type SpaceRow = {
  id: string;
  brandId: string;
  name: string;
  description: string;
  charter: string;
  visibility: SpaceVisibility;
  admitFollowers: boolean;
  admitBuyers: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  brandUsername: string;
  brandName: string;
};

/** Orders that make their buyer one of the brand's buyers. */
export const PAID_STATUSES = ['paid', 'preparing', 'shipped', 'delivered'] as const;

const spaceColumns = sql`s.id, s.brand_id, s.name, s.description, s.charter, s.visibility, s.admit_followers,
  s.admit_buyers, s.archived_at, s.created_at, b.username as brand_username,
  coalesce(nullif(b.display_name, ''), b.username) as brand_name`;

type RawSpace = {
  id: string;
  brand_id: string;
  name: string;
  description: string;
  charter: string;
  visibility: SpaceVisibility;
  admit_followers: boolean;
  admit_buyers: boolean;
  archived_at: Date | string | null;
  created_at: Date | string;
  brand_username: string;
  brand_name: string;
};

const toSpace = (r: RawSpace): SpaceRow => ({
  id: r.id,
  brandId: r.brand_id,
  name: r.name,
  description: r.description,
  charter: r.charter,
  visibility: r.visibility,
  admitFollowers: r.admit_followers,
  admitBuyers: r.admit_buyers,
  archivedAt: r.archived_at ? new Date(r.archived_at) : null,
  createdAt: new Date(r.created_at),
  brandUsername: r.brand_username,
  brandName: r.brand_name,
});

export async function findSpaces(db: DbOrTx, where: SQL): Promise<SpaceRow[]> {
  const rows = await queryRows<RawSpace>(
    db,
    sql`select ${spaceColumns} from community_spaces s join accounts b on b.id = s.brand_id where ${where}
        order by s.created_at, s.id`,
  );
  return rows.map(toSpace);
}

export async function findSpace(db: DbOrTx, spaceId: string): Promise<SpaceRow | null> {
  if (!isUuid(spaceId)) return null;
  const [space] = await findSpaces(db, sql`s.id = ${spaceId}`);
  return space ?? null;
}

/** A member's role on a brand's team (the brand's own account acts as its owner), or null. */
export async function teamRole(db: DbOrTx, brandId: string, accountId: string | null): Promise<BrandRole | null> {
  if (!accountId) return null;
  if (brandId === accountId) return 'owner';
  const [row] = await queryRows<{ role: BrandRole }>(
    db,
    sql`select role from brand_members where brand_id = ${brandId} and account_id = ${accountId}`,
  );
  return row?.role ?? null;
}

export const canManage = (role: BrandRole | null) =>
  role !== null && (permissions['community.manage'] as readonly BrandRole[]).includes(role);

/**
 * SQL: `viewer` may read the space aliased `alias` (public, team, invited, admitted follower or
 * buyer). One form for single reads, lists and search.
 */
export function spaceReadableBy(viewerId: string | null, alias = 's'): SQL {
  const s = sql.raw(alias);
  if (!viewerId) return sql`${s}.visibility = 'public'`;
  return sql`(${s}.visibility = 'public' or ${s}.brand_id = ${viewerId}
    or exists (select 1 from brand_members m where m.brand_id = ${s}.brand_id and m.account_id = ${viewerId})
    or exists (select 1 from community_space_invites i where i.space_id = ${s}.id and i.account_id = ${viewerId})
    or (${s}.admit_followers and exists (select 1 from follows f
          where f.followee_id = ${s}.brand_id and f.follower_id = ${viewerId}))
    or (${s}.admit_buyers and exists (select 1 from orders o
          where o.brand_id = ${s}.brand_id and o.buyer_id = ${viewerId} and o.status in ${[...PAID_STATUSES]})))`;
}

export type SpaceAccess = { space: SpaceRow; role: BrandRole | null; manager: boolean; team: boolean };

/** The space as `viewerId` may see it; 404 when it does not exist for them. */
export async function readableSpace(db: DbOrTx, viewerId: string | null, spaceId: string): Promise<SpaceAccess> {
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const role = await teamRole(db, space.brandId, viewerId);
  if (!role && space.visibility === 'members') {
    const [ok] = await queryRows<{ ok: boolean }>(
      db,
      sql`select ${spaceReadableBy(viewerId)} as ok from community_spaces s where s.id = ${space.id}`,
    );
    if (!ok?.ok) throw notFound('Space');
  }
  return { space, role, manager: canManage(role), team: role !== null };
}

/** The space for its managers; 404 for anyone who may not read it, 403 for the rest of the team. */
export async function managedSpace(db: DbOrTx, viewerId: string, spaceId: string): Promise<SpaceAccess> {
  const access = await readableSpace(db, viewerId, spaceId);
  if (!access.team) throw notFound('Space');
  if (!access.manager) throw forbidden('role_not_allowed', `Your role (${access.role}) does not allow this`);
  return access;
}
