import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors';
import { accounts, brandMembers, brandRoles, type BrandRole } from './schema';
import { createAccount, type Account, type AccountsContext } from './service';

/** What each role of a brand's team may do. Checked here, in the service, for every write. */
export const permissions = {
  post: ['owner', 'admin', 'community_manager', 'staff'],
  editProfile: ['owner', 'admin'],
  manageTeam: ['owner', 'admin'],
  manageCatalog: ['owner', 'admin'],
  moderate: ['owner', 'admin', 'community_manager', 'moderator'],
  read: ['owner', 'admin', 'community_manager', 'moderator', 'staff'],
  orders: ['owner', 'admin', 'community_manager', 'staff'],
  refund: ['owner', 'admin'],
  'campaigns.manage': ['owner', 'admin'],
  'campaigns.announce': ['owner', 'admin', 'community_manager'],
  // A brand's places on the map (places module): create, edit, remove, specials, the dashboard.
  'places.manage': ['owner', 'admin', 'community_manager'],
  // Community (spaces, product Q&A): open and edit spaces; pin, lock, move topics; answer officially.
  'community.manage': ['owner', 'admin', 'community_manager'],
  // The inbox: read and answer conversations, open customers' files (agents).
  'inbox.answer': ['owner', 'admin', 'community_manager', 'staff'],
  // The inbox's settings: service-level targets, business hours, saved replies, routing.
  'inbox.manage': ['owner', 'admin'],
  // Ambassadors: the programme, accepting people, payouts and the ledger (money: owner and admins).
  'ambassadors.manage': ['owner', 'admin'],
  // Analytics: the engagement ladder, funnels and Return on Involvement dashboards.
  'analytics.read': ['owner', 'admin', 'community_manager'],
  // Privacy requests (GDPR) about the brand's customers: erasures to apply in its own tools.
  'privacy.requests': ['owner', 'admin'],
} as const satisfies Record<string, readonly BrandRole[]>;
export type Permission = keyof typeof permissions;

export type Membership = { brandId: string; accountId: string; role: BrandRole; createdAt: Date };

export async function createBrand(
  ctx: AccountsContext,
  ownerId: string,
  input: { username: string; displayName?: string },
): Promise<Account> {
  return ctx.db.transaction(async (tx) => {
    const [owner] = await tx.select({ kind: accounts.kind }).from(accounts).where(eq(accounts.id, ownerId));
    if (!owner) throw notFound('Account');
    if (owner.kind !== 'person') throw forbidden('not_a_person', 'Only a person can create a brand');
    const brand = await createAccount(
      { db: tx as unknown as Db },
      { kind: 'brand', username: input.username, displayName: input.displayName },
    );
    await tx.insert(brandMembers).values({ brandId: brand.id, accountId: ownerId, role: 'owner' });
    return brand;
  });
}

export async function roleIn(ctx: AccountsContext, brandId: string, accountId: string): Promise<BrandRole | null> {
  const [row] = await ctx.db
    .select({ role: brandMembers.role })
    .from(brandMembers)
    .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.accountId, accountId)));
  return row?.role ?? null;
}

/** Whether a role (null: not on the team) carries a permission. */
export function roleAllows(role: BrandRole | null, permission: Permission): boolean {
  return role !== null && (permissions[permission] as readonly BrandRole[]).includes(role);
}

export async function can(
  ctx: AccountsContext,
  accountId: string,
  brandId: string,
  permission: Permission,
): Promise<boolean> {
  return roleAllows(await roleIn(ctx, brandId, accountId), permission);
}

export async function assertCan(
  ctx: AccountsContext,
  accountId: string,
  brandId: string,
  permission: Permission,
): Promise<BrandRole> {
  const role = await roleIn(ctx, brandId, accountId);
  if (!role) throw forbidden('not_a_member', 'You are not a member of this brand’s team');
  if (!roleAllows(role, permission)) {
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  }
  return role;
}

/**
 * The account a request acts as: the person itself, or a brand they may post for.
 * Team members act for a brand through their membership, never through its password.
 */
export async function actingAccountId(
  ctx: AccountsContext,
  personId: string,
  brandId: string | null | undefined,
  permission: Permission = 'post',
) {
  if (!brandId || brandId === personId) return personId;
  await assertCan(ctx, personId, brandId, permission);
  return brandId;
}

export async function getBrand(ctx: AccountsContext, brandId: string): Promise<Account> {
  const [row] = await ctx.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, brandId), eq(accounts.kind, 'brand')));
  if (!row) throw notFound('Brand');
  return row;
}

function checkRole(role: unknown): BrandRole {
  if (!brandRoles.includes(role as BrandRole)) {
    throw unprocessable('invalid_role', `The role must be one of ${brandRoles.join(', ')}`);
  }
  return role as BrandRole;
}

/** Owners add anyone with any role; admins add or change roles below admin. */
export async function setMember(
  ctx: AccountsContext,
  actorId: string,
  brandId: string,
  accountId: string,
  roleInput: unknown,
): Promise<Membership> {
  const role = checkRole(roleInput);
  await getBrand(ctx, brandId);
  const actorRole = await assertCan(ctx, actorId, brandId, 'manageTeam');
  if (actorRole !== 'owner' && (role === 'owner' || role === 'admin'))
    throw forbidden('role_not_allowed', 'Only an owner can grant the owner or admin role');
  const [member] = await ctx.db
    .select({ kind: accounts.kind, domain: accounts.domain })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!member) throw notFound('Account');
  // A remote account acts on its own server: it can never act for one of our brands.
  if (member.domain !== null) throw unprocessable('remote_account', 'A remote account cannot join a brand’s team');
  if (member.kind !== 'person') throw unprocessable('not_a_person', 'Only people can join a brand’s team');
  const current = await roleIn(ctx, brandId, accountId);
  if (actorRole !== 'owner' && (current === 'owner' || current === 'admin'))
    throw forbidden('role_not_allowed', 'Only an owner can change an owner or admin');
  if (current === 'owner' && role !== 'owner') await assertAnotherOwner(ctx, brandId, accountId);
  const [row] = await ctx.db
    .insert(brandMembers)
    .values({ brandId, accountId, role })
    .onConflictDoUpdate({ target: [brandMembers.brandId, brandMembers.accountId], set: { role } })
    .returning();
  return row;
}

export async function removeMember(ctx: AccountsContext, actorId: string, brandId: string, accountId: string) {
  const current = await roleIn(ctx, brandId, accountId);
  if (!current) throw notFound('Member');
  if (actorId !== accountId) {
    const actorRole = await assertCan(ctx, actorId, brandId, 'manageTeam');
    if (actorRole !== 'owner' && (current === 'owner' || current === 'admin'))
      throw forbidden('role_not_allowed', 'Only an owner can remove an owner or admin');
  }
  if (current === 'owner') await assertAnotherOwner(ctx, brandId, accountId);
  await ctx.db
    .delete(brandMembers)
    .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.accountId, accountId)));
}

async function assertAnotherOwner(ctx: AccountsContext, brandId: string, leavingId: string) {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(brandMembers)
    .where(
      and(
        eq(brandMembers.brandId, brandId),
        eq(brandMembers.role, 'owner'),
        sql`${brandMembers.accountId} <> ${leavingId}`,
      ),
    );
  if (!row || row.n === 0) throw conflict('last_owner', 'A brand keeps at least one owner');
}

export async function listMembers(ctx: AccountsContext, actorId: string, brandId: string) {
  await assertCan(ctx, actorId, brandId, 'read');
  return ctx.db
    .select({ role: brandMembers.role, createdAt: brandMembers.createdAt, account: accounts })
    .from(brandMembers)
    .innerJoin(accounts, eq(accounts.id, brandMembers.accountId))
    .where(eq(brandMembers.brandId, brandId))
    .orderBy(brandMembers.createdAt);
}

/** The brands a person belongs to, with their role. */
export async function brandsOf(ctx: AccountsContext, accountId: string) {
  return ctx.db
    .select({ role: brandMembers.role, brand: accounts })
    .from(brandMembers)
    .innerJoin(accounts, eq(accounts.id, brandMembers.brandId))
    .where(eq(brandMembers.accountId, accountId))
    .orderBy(accounts.username);
}
