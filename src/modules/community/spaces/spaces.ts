/**
 * A brand's spaces: created, edited and archived by its team with `community.manage`; listed for
 * whoever may read them (a members-only space is absent for the others). Invited members are
 * accounts added by handle or id; followers and buyers are admitted by the space's settings.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import { assertCan } from '../../accounts';
import { findSpace, findSpaces, managedSpace, spaceReadableBy, teamRole, type SpaceRow } from './access';
import { spaceVisibilities, type SpaceVisibility } from './schema';

export const MAX_NAME = 80;
export const MAX_DESCRIPTION = 500;
export const MAX_CHARTER = 4000;

export type SpacesContext = { db: Db; clock: { now(): Date } };

export type SpaceInput = {
  name?: unknown;
  description?: unknown;
  charter?: unknown;
  visibility?: unknown;
  admit_followers?: unknown;
  admit_buyers?: unknown;
};

function text(raw: unknown, field: string, max: number, required: boolean): string | undefined {
  if (raw === undefined || raw === null) {
    if (required) throw unprocessable(`missing_${field}`, `${field} is required`, { field });
    return undefined;
  }
  if (typeof raw !== 'string') throw unprocessable(`invalid_${field}`, `${field} must be text`, { field });
  const value = raw.trim();
  if (required && value === '') throw unprocessable(`missing_${field}`, `${field} is required`, { field });
  if ([...value].length > max)
    throw unprocessable(`${field}_too_long`, `${field} has at most ${max} characters`, { field, max });
  return value;
}

function flag(raw: unknown, field: string): boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'on' || raw === '1') return true;
  if (raw === 'false' || raw === 'off' || raw === '0' || raw === '') return false;
  throw unprocessable(`invalid_${field}`, `${field} must be true or false`, { field });
}

function visibility(raw: unknown, required: boolean): SpaceVisibility | undefined {
  if (raw === undefined || raw === null || raw === '') {
    if (required) throw unprocessable('missing_visibility', 'visibility is required', { field: 'visibility' });
    return undefined;
  }
  if (!spaceVisibilities.includes(raw as SpaceVisibility))
    throw unprocessable('invalid_visibility', 'visibility is public or members', { field: 'visibility' });
  return raw as SpaceVisibility;
}

/** Opens a space for the brand; the actor needs `community.manage` (another brand's owner: 404). */
export async function createSpace(ctx: SpacesContext, actorId: string, brandId: string, input: SpaceInput) {
  if (!isUuid(brandId) || !(await teamRole(ctx.db, brandId, actorId))) throw notFound('Brand');
  if (brandId !== actorId) await assertCan(ctx, actorId, brandId, 'community.manage');
  const [brand] = await queryRows<{ kind: string }>(ctx.db, sql`select kind from accounts where id = ${brandId}`);
  if (brand?.kind !== 'brand') throw notFound('Brand');
  const name = text(input.name, 'name', MAX_NAME, true) as string;
  const description = text(input.description, 'description', MAX_DESCRIPTION, false) ?? '';
  const charter = text(input.charter, 'charter', MAX_CHARTER, false) ?? '';
  const vis = visibility(input.visibility, true) as SpaceVisibility;
  const admitFollowers = flag(input.admit_followers, 'admit_followers') ?? true;
  const admitBuyers = flag(input.admit_buyers, 'admit_buyers') ?? true;
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  await queryRows(
    ctx.db,
    sql`insert into community_spaces (id, brand_id, name, description, charter, visibility, admit_followers,
          admit_buyers, created_at, updated_at)
        values (${id}, ${brandId}, ${name}, ${description}, ${charter}, ${vis}, ${admitFollowers}, ${admitBuyers},
          ${now}::timestamptz, ${now}::timestamptz)`,
  );
  return (await findSpace(ctx.db, id)) as SpaceRow;
}

/** Edits what is given; `archived: true` archives (read-only), `false` reopens. */
export async function updateSpace(
  ctx: SpacesContext,
  actorId: string,
  spaceId: string,
  input: SpaceInput & { archived?: unknown },
) {
  const { space } = await managedSpace(ctx.db, actorId, spaceId);
  const name = text(input.name, 'name', MAX_NAME, input.name !== undefined) ?? space.name;
  const description = text(input.description, 'description', MAX_DESCRIPTION, false) ?? space.description;
  const charter = text(input.charter, 'charter', MAX_CHARTER, false) ?? space.charter;
  const vis = visibility(input.visibility, false) ?? space.visibility;
  const admitFollowers = flag(input.admit_followers, 'admit_followers') ?? space.admitFollowers;
  const admitBuyers = flag(input.admit_buyers, 'admit_buyers') ?? space.admitBuyers;
  const archived = flag(input.archived, 'archived');
  const now = ctx.clock.now().toISOString();
  const archivedAt =
    archived === undefined
      ? (space.archivedAt?.toISOString() ?? null)
      : archived
        ? (space.archivedAt?.toISOString() ?? now)
        : null;
  await queryRows(
    ctx.db,
    sql`update community_spaces set name = ${name}, description = ${description}, charter = ${charter},
          visibility = ${vis}, admit_followers = ${admitFollowers}, admit_buyers = ${admitBuyers},
          archived_at = ${archivedAt}::timestamptz, updated_at = ${now}::timestamptz
        where id = ${space.id}`,
  );
  return (await findSpace(ctx.db, space.id)) as SpaceRow;
}

/** The brand's spaces the viewer may read (archived ones for its team only). */
export async function listBrandSpaces(db: Db, viewerId: string | null, brandId: string): Promise<SpaceRow[]> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const [brand] = await queryRows<{ kind: string }>(db, sql`select kind from accounts where id = ${brandId}`);
  if (brand?.kind !== 'brand') throw notFound('Brand');
  const team = (await teamRole(db, brandId, viewerId)) !== null;
  return findSpaces(
    db,
    sql`s.brand_id = ${brandId} and ${team ? sql`true` : sql`s.archived_at is null and ${spaceReadableBy(viewerId)}`}`,
  );
}

/** The brand's other open spaces, where its team may move a topic of `space`. */
export async function moveTargets(db: Db, space: SpaceRow): Promise<{ id: string; name: string }[]> {
  const rows = await findSpaces(
    db,
    sql`s.brand_id = ${space.brandId} and s.id <> ${space.id} and s.archived_at is null`,
  );
  return rows.map((s) => ({ id: s.id, name: s.name }));
}

export type Invitee = { id: string; username: string; displayName: string; invitedAt: Date };

export async function listInvites(db: Db, actorId: string, spaceId: string): Promise<Invitee[]> {
  const { space } = await managedSpace(db, actorId, spaceId);
  const rows = await queryRows<{ id: string; username: string; display_name: string; created_at: string | Date }>(
    db,
    sql`select a.id, a.username, a.display_name, i.created_at from community_space_invites i
        join accounts a on a.id = i.account_id where i.space_id = ${space.id} order by i.created_at, a.username`,
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    invitedAt: new Date(r.created_at),
  }));
}

/** Invites an account (by id or username) to the space; inviting twice is no error. */
export async function inviteMember(ctx: SpacesContext, actorId: string, spaceId: string, who: unknown) {
  const { space } = await managedSpace(ctx.db, actorId, spaceId);
  if (typeof who !== 'string' || who.trim() === '')
    throw unprocessable('missing_account', 'account (an id or a username) is required', { field: 'account' });
  const handle = who.trim().replace(/^@/, '');
  const lower = handle.toLowerCase();
  const [account] = await queryRows<{ id: string; kind: string }>(
    ctx.db,
    isUuid(handle)
      ? sql`select id, kind from accounts where id = ${handle}`
      : sql`select id, kind from accounts where lower(username) = ${lower}`,
  );
  if (!account) throw unprocessable('unknown_account', 'No such account', { field: 'account' });
  if (account.id === space.brandId) throw conflict('already_member', 'The brand is always a member');
  await queryRows(
    ctx.db,
    sql`insert into community_space_invites (space_id, account_id, invited_by, created_at)
        values (${space.id}, ${account.id}, ${actorId}, ${ctx.clock.now().toISOString()}::timestamptz)
        on conflict do nothing`,
  );
  return { accountId: account.id };
}

export async function removeInvite(ctx: SpacesContext, actorId: string, spaceId: string, accountId: string) {
  const { space } = await managedSpace(ctx.db, actorId, spaceId);
  if (!isUuid(accountId)) throw notFound('Invitation');
  const removed = await queryRows(
    ctx.db,
    sql`delete from community_space_invites where space_id = ${space.id} and account_id = ${accountId} returning 1`,
  );
  if (removed.length === 0) throw notFound('Invitation');
}
