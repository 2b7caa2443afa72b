// Who may see an order and act on it: the buyer, or the brand's team with a permission.
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { forbidden, notFound } from '../../../lib/errors';
import { roleAllows, roleIn, type BrandRole, type Permission } from '../../accounts';
import { orders } from '../schema';
import type { Order } from './model';

type Access = { order: Order; as: 'buyer' | 'team'; role: BrandRole | null };

/** The role of an account on a brand's team; the brand account itself counts as its owner. */
export async function teamRole(db: Db, brandId: string, accountId: string): Promise<BrandRole | null> {
  if (brandId === accountId) return 'owner';
  return roleIn({ db }, brandId, accountId);
}

export async function loadOrder(db: DbOrTx, orderId: string): Promise<Order | null> {
  if (!isUuid(orderId)) return null;
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row ?? null;
}

/**
 * The order if `actorId` may act on it: `view` (buyer or team), `buyer` (the buyer only), or a
 * team permission. 404 to anyone with no claim to it; 403 to a buyer or team member whose role
 * does not allow the action.
 */
export async function orderAccess(
  db: Db,
  actorId: string,
  orderId: string,
  need: 'view' | 'buyer' | Permission,
): Promise<Access> {
  const order = await loadOrder(db, orderId);
  if (!order) throw notFound('Order');
  const isBuyer = order.buyerId === actorId;
  if (need === 'buyer') {
    if (!isBuyer) throw notFound('Order');
    return { order, as: 'buyer', role: null };
  }
  const role = await teamRole(db, order.brandId, actorId);
  if (need === 'view') {
    if (roleAllows(role, 'orders')) return { order, as: 'team', role };
    if (isBuyer) return { order, as: 'buyer', role };
    if (role) throw forbidden('role_not_allowed', `Your role (${role}) does not give access to orders`);
    throw notFound('Order');
  }
  if (roleAllows(role, need)) return { order, as: 'team', role };
  if (role) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  if (isBuyer) throw forbidden('not_a_member', 'Only the brand’s team can do this');
  throw notFound('Order');
}

/** For brand-wide lists and settings: 404 to outsiders, 403 to a role without the permission. */
export async function assertTeam(db: Db, actorId: string, brandId: string, permission: Permission): Promise<BrandRole> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const role = await teamRole(db, brandId, actorId);
  if (!role) throw notFound('Brand');
  if (!roleAllows(role, permission)) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  return role;
}
