import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { accounts } from '../accounts/schema';
import type { SocialContext } from './context';
import { notifications, type NotificationType } from './schema';

export type NewNotification = { accountId: string; fromAccountId: string; type: NotificationType; statusId?: string | null };

/**
 * Records a notification unless it would be noise: to oneself, or to someone who blocks the
 * sender or mutes them with notifications hidden. Returns the new id, to publish after commit.
 */
export async function notify(db: DbOrTx, n: NewNotification): Promise<string | null> {
  if (n.accountId === n.fromAccountId) return null;
  const id = uuidv7();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into notifications (id, account_id, from_account_id, type, status_id)
        select ${id}, ${n.accountId}, ${n.fromAccountId}, ${n.type}, ${n.statusId ?? null}
        where not exists (select 1 from blocks where account_id = ${n.accountId} and target_id = ${n.fromAccountId})
          and not exists (select 1 from mutes where account_id = ${n.accountId} and target_id = ${n.fromAccountId} and hide_notifications)
        returning id`,
  );
  return rows[0]?.id ?? null;
}

export async function publishNotifications(ctx: Pick<SocialContext, 'events'>, created: { id: string | null; accountId: string }[]) {
  for (const n of created) if (n.id) await ctx.events.publish({ type: 'notification', notificationId: n.id, accountId: n.accountId });
}

export type NotificationPage = {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit?: number;
  types?: string[];
  excludeTypes?: string[];
  /** Only those from this account (Mastodon's account_id). */
  fromAccountId?: string;
};

/** The skeleton of a notification list, hiding those from accounts the viewer blocks or mutes. */
export async function listNotifications(ctx: Pick<SocialContext, 'db'>, accountId: string, page: NotificationPage = {}) {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 80);
  const conditions = [eq(notifications.accountId, accountId)];
  if (page.maxId) conditions.push(lt(notifications.id, page.maxId));
  if (page.sinceId) conditions.push(gt(notifications.id, page.sinceId));
  if (page.minId) conditions.push(gt(notifications.id, page.minId));
  if (page.types?.length) conditions.push(inArray(notifications.type, page.types as NotificationType[]));
  if (page.excludeTypes?.length) conditions.push(sql`${notifications.type} not in ${page.excludeTypes}`);
  if (page.fromAccountId) conditions.push(eq(notifications.fromAccountId, page.fromAccountId));
  conditions.push(sql`not exists (select 1 from blocks b where b.account_id = ${accountId} and b.target_id = ${notifications.fromAccountId})`);
  conditions.push(sql`not exists (select 1 from mutes m where m.account_id = ${accountId} and m.target_id = ${notifications.fromAccountId} and m.hide_notifications)`);
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(page.minId ? notifications.id : desc(notifications.id))
    .limit(limit);
  return page.minId ? rows.reverse() : rows;
}

export async function getNotification(ctx: Pick<SocialContext, 'db'>, accountId: string, id: string) {
  const [row] = await ctx.db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)));
  return row ?? null;
}

/** Unread notifications; `types` narrows them (the Mastodon API counts only the types it shows). */
export async function unreadCount(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  types?: readonly string[],
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from notifications n
        where n.account_id = ${accountId}
          and n.id > coalesce((select notifications_read_id from accounts where id = ${accountId}), '00000000-0000-0000-0000-000000000000'::uuid)
          and not exists (select 1 from blocks b where b.account_id = ${accountId} and b.target_id = n.from_account_id)
          and not exists (select 1 from mutes m where m.account_id = ${accountId} and m.target_id = n.from_account_id and m.hide_notifications)
          ${types ? sql`and n.type in ${[...types]}` : sql``}`,
  );
  return row?.n ?? 0;
}

/** Marks everything up to the newest notification (or a given id) as read. */
export async function markRead(ctx: Pick<SocialContext, 'db'>, accountId: string, upToId?: string) {
  const [latest] = upToId
    ? [{ id: upToId }]
    : await ctx.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.accountId, accountId)).orderBy(desc(notifications.id)).limit(1);
  if (!latest) return;
  await ctx.db
    .update(accounts)
    .set({ notificationsReadId: latest.id })
    .where(and(eq(accounts.id, accountId), sql`(${accounts.notificationsReadId} is null or ${accounts.notificationsReadId} < ${latest.id})`));
}

export async function readMarker(ctx: Pick<SocialContext, 'db'>, accountId: string): Promise<string | null> {
  const [row] = await ctx.db.select({ id: accounts.notificationsReadId }).from(accounts).where(eq(accounts.id, accountId));
  return row?.id ?? null;
}

export async function dismissNotification(ctx: Pick<SocialContext, 'db'>, accountId: string, id: string) {
  await ctx.db.delete(notifications).where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)));
}

/** Deletes all of an account's notifications, or those of `types` (what a Mastodon client saw). */
export async function clearNotifications(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  types?: readonly NotificationType[],
) {
  const mine = eq(notifications.accountId, accountId);
  await ctx.db.delete(notifications).where(types ? and(mine, inArray(notifications.type, [...types])) : mine);
}
