/**
 * Notifications as Mastodon entities, for the Mastodon routes (api-notifications.ts) and the
 * Mastodon streams (streaming.ts).
 */
import type { AppContext } from '../../context';
import { getAccounts } from '../accounts';
import { loadVisible } from './hydrate';
import { presentNotification, presentStatus } from './present';
import type { notifications } from './schema';

type NotificationRow = typeof notifications.$inferSelect;

/**
 * Notifications as Mastodon entities; the post each one is about goes through the same
 * hydrate-and-rules pipeline as timelines, and a notification whose post the viewer may no
 * longer see is left out (as Mastodon does), as is one of our own kinds (presentNotification).
 */
export async function presentNotifications(ctx: AppContext, viewerId: string, rows: NotificationRow[]) {
  const statusIds = [...new Set(rows.map((n) => n.statusId).filter((id): id is string => Boolean(id)))];
  const [{ hydrated, ids }, senders] = await Promise.all([
    loadVisible(ctx, viewerId, statusIds, { keepMuted: true }),
    getAccounts(
      { db: ctx.db },
      rows.map((n) => n.fromAccountId),
    ),
  ]);
  const visible = new Set(ids);
  return rows.flatMap((n) => {
    const from = senders.get(n.fromAccountId);
    if (!from) return [];
    const status = n.statusId && visible.has(n.statusId) ? presentStatus(ctx.config, hydrated, n.statusId) : null;
    if (n.statusId && !status) return [];
    const presented = presentNotification(ctx.config, n, from, status);
    return presented ? [presented] : [];
  });
}
