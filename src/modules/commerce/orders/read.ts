// Reading orders: one order with everything its pages show, and filtered lists.
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { badRequest, unprocessable } from '../../../lib/errors';
import { accounts } from '../../../db/schema';
import type { BrandRole } from '../../accounts';
import {
  orderEvents,
  orderLines,
  orders,
  orderStatuses,
  paymentMethods,
  payments,
  returnRequests,
  type OrderStatus,
} from '../schema';
import type { Order, OrderEvent, OrderLine, OrdersContext, Payment, ReturnRequest } from './model';
import { assertTeam, loadOrder, orderAccess } from './access';
import { loadLineSales, withEditionNumbers } from '../extensions';
import { type Withdrawal, withdrawals } from '../withdrawal/schema';

/** Lines with the sale they were sold under (campaigns' price rules), one read for all of them. */
async function withSales(db: Db, lines: OrderLine[]): Promise<OrderLine[]> {
  const sales = await loadLineSales(
    db,
    lines.map((l) => l.id),
  );
  return sales.size ? lines.map((l) => (sales.has(l.id) ? { ...l, sale: sales.get(l.id) } : l)) : lines;
}

export type OrderDetail = {
  order: Order;
  lines: OrderLine[];
  events: OrderEvent[];
  payments: Payment[];
  returns: ReturnRequest[];
  /** Withdrawals (commerce/withdrawal); absent from a new order's first reply, which has none. */
  withdrawals?: Withdrawal[];
  brand: { id: string; username: string; displayName: string };
  /** `deleted`: the buyer closed their account (privacy); the order stays for the brand's invoices. */
  buyer: { id: string; username: string; displayName: string; deleted?: boolean };
  paymentMethod: { id: string; provider: string; brand: string; last4: string } | null;
  /** How the caller sees it: as its buyer or as the brand's team. */
  as: 'buyer' | 'team' | 'system';
  role: BrandRole | null;
};

/** Everything about one order that the buyer or the brand's team may see. */
export async function getOrder(ctx: Pick<OrdersContext, 'db'>, actorId: string, orderId: string): Promise<OrderDetail> {
  const access = await orderAccess(ctx.db, actorId, orderId, 'view');
  return hydrateOrder(ctx.db, access.order, access.as, access.role);
}

/** The same, with no access check: for jobs (notifications, e-mails, webhooks). */
export async function loadOrderDetail(db: Db, orderId: string): Promise<OrderDetail | null> {
  const order = await loadOrder(db, orderId);
  return order ? hydrateOrder(db, order, 'system', null) : null;
}

async function hydrateOrder(db: Db, order: Order, as: OrderDetail['as'], role: BrandRole | null): Promise<OrderDetail> {
  const [lines, events, paymentRows, returns, withdrawn, people, method] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.id)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(asc(orderEvents.id)),
    db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.id)),
    db.select().from(returnRequests).where(eq(returnRequests.orderId, order.id)).orderBy(asc(returnRequests.id)),
    db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id)).orderBy(asc(withdrawals.id)),
    db
      .select({
        id: accounts.id,
        username: accounts.username,
        displayName: accounts.displayName,
        deletedAt: accounts.deletedAt,
      })
      .from(accounts)
      .where(inArray(accounts.id, [order.brandId, order.buyerId])),
    order.paymentMethodId
      ? db
          .select({
            id: paymentMethods.id,
            provider: paymentMethods.provider,
            brand: paymentMethods.cardBrand,
            last4: paymentMethods.last4,
          })
          .from(paymentMethods)
          .where(eq(paymentMethods.id, order.paymentMethodId))
      : Promise.resolve([]),
  ]);
  const person = (id: string) =>
    shownPerson(
      people.find((p) => p.id === id),
      id,
    );
  return {
    order,
    lines: await withEditionNumbers(db, await withSales(db, lines)),
    events,
    payments: paymentRows,
    returns,
    withdrawals: withdrawn,
    brand: person(order.brandId),
    buyer: person(order.buyerId),
    paymentMethod: method[0] ?? null,
    as,
    role,
  };
}

export type OrderFilters = {
  status?: OrderStatus[];
  /** Created at or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). */
  to?: Date;
  buyerId?: string;
  maxId?: string;
  sinceId?: string;
  limit?: number;
};

export function checkStatuses(value: unknown): OrderStatus[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list = (Array.isArray(value) ? value : String(value).split(',')).map((s) => String(s).trim()).filter(Boolean);
  for (const s of list)
    if (!(orderStatuses as readonly string[]).includes(s))
      throw unprocessable('invalid_status', `Unknown status "${s}" (one of ${orderStatuses.join(', ')})`, {
        field: 'status',
      });
  return list as OrderStatus[];
}

type PersonRow = { id: string; username: string; displayName: string; deletedAt: Date | null };

/** A party to an order as shown; a closed account is a deleted account, its placeholder name and nothing else. */
function shownPerson(row: PersonRow | undefined, id: string): OrderDetail['buyer'] {
  if (!row) return { id, username: '', displayName: '' };
  if (row.deletedAt) return { id, username: row.username, displayName: '', deleted: true };
  return { id, username: row.username, displayName: row.displayName };
}

export type OrderSummary = {
  order: Order;
  lines: OrderLine[];
  brand: OrderDetail['brand'];
  buyer: OrderDetail['buyer'];
};

async function listWhere(
  db: Db,
  conditions: (SQL | undefined)[],
  filters: OrderFilters,
  maxLimit = 100,
): Promise<OrderSummary[]> {
  const limit = Math.min(Math.max(filters.limit ?? 20, 1), maxLimit);
  const where = [...conditions];
  if (filters.status?.length) where.push(inArray(orders.status, filters.status));
  if (filters.from) where.push(gte(orders.createdAt, filters.from));
  if (filters.to) where.push(lt(orders.createdAt, filters.to));
  if (filters.buyerId) where.push(eq(orders.buyerId, filters.buyerId));
  if (filters.maxId) where.push(lt(orders.id, filters.maxId));
  if (filters.sinceId) where.push(sql`${orders.id} > ${filters.sinceId}`);
  const rows = await db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => [r.brandId, r.buyerId]))];
  const [lines, accountRows] = await Promise.all([
    db
      .select()
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids))
      .orderBy(asc(orderLines.id))
      .then((rows) => withSales(db, rows)),
    db
      .select({
        id: accounts.id,
        username: accounts.username,
        displayName: accounts.displayName,
        deletedAt: accounts.deletedAt,
      })
      .from(accounts)
      .where(inArray(accounts.id, people)),
  ]);
  const person = (id: string) =>
    shownPerson(
      accountRows.find((p) => p.id === id),
      id,
    );
  const numbered = await withEditionNumbers(db, lines);
  return rows.map((order) => ({
    order,
    lines: numbered.filter((l) => l.orderId === order.id),
    brand: person(order.brandId),
    buyer: person(order.buyerId),
  }));
}

/** The buyer's own orders, newest first (keyset on the id). */
export async function listMyOrders(ctx: Pick<OrdersContext, 'db'>, buyerId: string, filters: OrderFilters = {}) {
  checkCursors(filters);
  return listWhere(ctx.db, [eq(orders.buyerId, buyerId)], { ...filters, buyerId: undefined });
}

/**
 * A brand's orders for its team, newest first, filtered by status, dates and buyer. Orders not
 * yet paid (awaiting payment or confirmation) are left out unless asked for by status.
 */
export async function listBrandOrders(
  ctx: Pick<OrdersContext, 'db'>,
  actorId: string,
  brandId: string,
  filters: OrderFilters = {},
  maxLimit = 100,
) {
  await assertTeam(ctx.db, actorId, brandId, 'orders');
  checkCursors(filters);
  const unpaid = filters.status?.length
    ? undefined
    : sql`${orders.status} not in ('awaiting_payment', 'pending_confirmation')`;
  return listWhere(ctx.db, [eq(orders.brandId, brandId), unpaid], filters, maxLimit);
}

function checkCursors(filters: OrderFilters) {
  for (const [key, value] of [
    ['max_id', filters.maxId],
    ['since_id', filters.sinceId],
    ['buyer_id', filters.buyerId],
  ] as const) {
    if (value !== undefined && !isUuid(value))
      throw badRequest('invalid_param', `${key} must be an id`, { field: key });
  }
}

/** Buyer id from an id or a username (for the brand's filter). Unknown → no orders. */
export async function resolveBuyer(db: Db, value: string): Promise<string> {
  const username = value.replace(/^@/, '');
  if (isUuid(value)) return value;
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.username}) = lower(${username})`);
  return row?.id ?? '00000000-0000-7000-8000-000000000000';
}
