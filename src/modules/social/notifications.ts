import { and, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { notFromHiddenDomain } from './rules';
import { notifications, type NotificationType } from './schema';

export type NewNotification = {
  /** The recipient. */
  accountId: string;
  /** The sender (the platform's own notices come "from" the recipient: see toSelf). */
  fromAccountId: string;
  type: NotificationType;
  /** The post it is about, if any. */
  statusId?: string | null;
  /** For notifications about something other than a post: an order, a review, a watch, a report. */
  subjectId?: string | null;
  /** What happened to the subject, e.g. shipped, rejected:insult. */
  detail?: string | null;
};

/**
 * The one policy for every notification, and the exceptions a caller states explicitly:
 * - no notification to oneself, unless `toSelf` (a poll's author told it ended; the platform's
 *   moderation notices, which come "from" the person themself: moderators stay anonymous);
 * - the recipient's block of the sender drops it, always;
 * - the recipient's mute of the sender (with its notifications hidden) drops it, unless
 *   `reachMuted`: a notice that must reach the person whatever they muted (a moderation outcome,
 *   a watch alert to the brand's team). The list and the unread count then keep showing it too.
 */
export type NotifyPolicy = { reachMuted?: boolean; toSelf?: boolean };

/**
 * The recipient's later blocks (and mutes, unless the notice reaches muted senders) hide older
 * notifications; so do their domain blocks and the platform's suspension of the sender's server.
 */
export const shownToRecipient = (n: { accountId: SQL | string; fromAccountId: SQL; reachMuted: SQL }) =>
  sql`not exists (select 1 from blocks b where b.account_id = ${n.accountId} and b.target_id = ${n.fromAccountId})
      and ${notFromHiddenDomain(n.accountId, n.fromAccountId)}
      and (${n.reachMuted} or not exists (select 1 from mutes m where m.account_id = ${n.accountId}
                                          and m.target_id = ${n.fromAccountId} and m.hide_notifications))`;

/**
 * Records a notification under the policy above, in the caller's transaction. Returns the new id
 * (null when the policy dropped it), to publish with publishNotifications once committed.
 * Every module notifies through this (or notifyNow), never by inserting rows itself.
 */
export async function notify(db: DbOrTx, n: NewNotification, policy: NotifyPolicy = {}): Promise<string | null> {
  if (n.accountId === n.fromAccountId && !policy.toSelf) return null;
  const id = uuidv7();
  const reachMuted = Boolean(policy.reachMuted);
  const from = sql`${n.fromAccountId}::uuid`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into notifications (id, account_id, from_account_id, type, status_id, subject_id, detail, reach_muted)
        select ${id}, ${n.accountId}, ${n.fromAccountId}, ${n.type}, ${n.statusId ?? null}, ${n.subjectId ?? null},
               ${n.detail ?? null}, ${reachMuted}
        where ${shownToRecipient({ accountId: n.accountId, fromAccountId: from, reachMuted: sql`${reachMuted}` })}
        returning id`,
  );
  return rows[0]?.id ?? null;
}

/** notify() outside a transaction: records it and publishes the live event at once. */
export async function notifyNow(
  ctx: { db: DbOrTx; events: SocialContext['events'] },
  n: NewNotification,
  policy: NotifyPolicy = {},
) {
  const id = await notify(ctx.db, n, policy);
  await publishNotifications(ctx, [{ id, accountId: n.accountId }]);
  return id;
}

export async function publishNotifications(
  ctx: Pick<SocialContext, 'events'>,
  created: { id: string | null; accountId: string }[],
) {
  for (const n of created)
    if (n.id) await ctx.events.publish({ type: 'notification', notificationId: n.id, accountId: n.accountId });
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
export async function listNotifications(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  page: NotificationPage = {},
) {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 80);
  const conditions = [eq(notifications.accountId, accountId)];
  if (page.maxId) conditions.push(lt(notifications.id, page.maxId));
  if (page.sinceId) conditions.push(gt(notifications.id, page.sinceId));
  if (page.minId) conditions.push(gt(notifications.id, page.minId));
  if (page.types?.length) conditions.push(inArray(notifications.type, page.types as NotificationType[]));
  if (page.excludeTypes?.length) conditions.push(sql`${notifications.type} not in ${page.excludeTypes}`);
  if (page.fromAccountId) conditions.push(eq(notifications.fromAccountId, page.fromAccountId));
  const columns = { fromAccountId: sql`${notifications.fromAccountId}`, reachMuted: sql`${notifications.reachMuted}` };
  conditions.push(shownToRecipient({ accountId, ...columns }));
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(page.minId ? notifications.id : desc(notifications.id))
    .limit(limit);
  return page.minId ? rows.reverse() : rows;
}

export async function getNotification(ctx: Pick<SocialContext, 'db'>, accountId: string, id: string) {
  const [row] = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)));
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
          and ${shownToRecipient({ accountId, fromAccountId: sql`n.from_account_id`, reachMuted: sql`n.reach_muted` })}
          ${types ? sql`and n.type in ${[...types]}` : sql``}`,
  );
  return row?.n ?? 0;
}

/** Marks everything up to the newest notification (or a given id) as read. */
export async function markRead(ctx: Pick<SocialContext, 'db'>, accountId: string, upToId?: string) {
  const [latest] = upToId
    ? [{ id: upToId }]
    : await ctx.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(eq(notifications.accountId, accountId))
        .orderBy(desc(notifications.id))
        .limit(1);
  if (!latest) return;
  await ctx.db
    .update(accounts)
    .set({ notificationsReadId: latest.id })
    .where(
      and(
        eq(accounts.id, accountId),
        sql`(${accounts.notificationsReadId} is null or ${accounts.notificationsReadId} < ${latest.id})`,
      ),
    );
}

export async function readMarker(ctx: Pick<SocialContext, 'db'>, accountId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: accounts.notificationsReadId })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.id ?? null;
}

/** Deletes one of the account's notifications; false when it has none by that id (another's, or gone). */
export async function dismissNotification(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  id: string,
): Promise<boolean> {
  const removed = await ctx.db
    .delete(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)))
    .returning({ id: notifications.id });
  return removed.length > 0;
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
