/**
 * Mastodon notifications and markers. Every query is scoped to the viewer's own account: one
 * never reads, dismisses or marks another's notifications.
 */
import type { RouteModule } from '../../http/app';
import type { AppContext } from '../../context';
import { isUuid } from '../../db/ids';
import { notFound, unprocessable } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { queryParams, readParams, str } from '../../http/params';
import { getAccounts } from '../accounts';
import { idParam, listParam, objectParam, pageParams, setLinkHeader } from './api-shared';
import { loadVisible } from './hydrate';
import { clearNotifications, dismissNotification, getNotification, listNotifications, markRead, readMarker, unreadCount } from './notifications';
import { presentNotification, presentStatus } from './present';
import { notificationTypes, type notifications, type NotificationType } from './schema';

type NotificationRow = typeof notifications.$inferSelect;

/** Mastodon's types to ours: replies are Mastodon "mention" notifications. */
function ourTypes(mastodonTypes: string[]): NotificationType[] {
  const out = new Set<NotificationType>();
  for (const type of mastodonTypes) {
    if (type === 'mention') out.add('reply');
    if ((notificationTypes as readonly string[]).includes(type)) out.add(type as NotificationType);
  }
  return [...out];
}

/**
 * Notifications as Mastodon entities; the post each one is about goes through the same
 * hydrate-and-rules pipeline as timelines, and a notification whose post the viewer may no
 * longer see is left out (as Mastodon does).
 */
export async function presentNotifications(ctx: AppContext, viewerId: string, rows: NotificationRow[]) {
  const statusIds = [...new Set(rows.map((n) => n.statusId).filter((id): id is string => Boolean(id)))];
  const [{ hydrated, ids }, senders] = await Promise.all([
    loadVisible(ctx, viewerId, statusIds, { keepMuted: true }),
    getAccounts({ db: ctx.db }, rows.map((n) => n.fromAccountId)),
  ]);
  const visible = new Set(ids);
  return rows.flatMap((n) => {
    const from = senders.get(n.fromAccountId);
    if (!from) return [];
    if (!n.statusId) return [presentNotification(ctx.config, n, from, null)];
    const status = visible.has(n.statusId) ? presentStatus(ctx.config, hydrated, n.statusId) : null;
    return status ? [presentNotification(ctx.config, n, from, status)] : [];
  });
}

/** A marker's time: our read marker is a notification id, a UUIDv7 that carries its own time. */
const idTime = (id: string) => new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString();

export const notificationRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/notifications', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const page = pageParams(q, { fallback: 40, max: 80 });
    const asked = listParam(q, 'types');
    const types = ourTypes(asked);
    // Only types we never produce (follow_request, update, admin.*…) were asked for: none match.
    if (asked.length && types.length === 0) return c.json([]);
    const rows = await listNotifications(ctx, viewer.accountId, { ...page, types, excludeTypes: ourTypes(listParam(q, 'exclude_types')) });
    setLinkHeader(c, ctx, rows.map((n) => n.id));
    return c.json(await presentNotifications(ctx, viewer.accountId, rows));
  });

  app.get('/api/v1/notifications/unread_count', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json({ count: await unreadCount(ctx, viewer.accountId) });
  });

  app.post('/api/v1/notifications/clear', async (c) => {
    const viewer = requireViewer(c, 'write');
    await clearNotifications(ctx, viewer.accountId);
    return c.json({});
  });

  // The older form: POST /api/v1/notifications/dismiss with id in the body.
  app.post('/api/v1/notifications/dismiss', async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = str(await readParams(c), 'id');
    if (!isUuid(id)) throw notFound('Record');
    await dismissNotification(ctx, viewer.accountId, id);
    return c.json({});
  });

  app.get('/api/v1/notifications/:id', async (c) => {
    const viewer = requireViewer(c, 'read');
    const row = await getNotification(ctx, viewer.accountId, idParam(c));
    if (!row) throw notFound('Record');
    const [presented] = await presentNotifications(ctx, viewer.accountId, [row]);
    if (!presented) throw notFound('Record');
    return c.json(presented);
  });

  app.post('/api/v1/notifications/:id/dismiss', async (c) => {
    const viewer = requireViewer(c, 'write');
    await dismissNotification(ctx, viewer.accountId, idParam(c));
    return c.json({});
  });

  const markers = async (accountId: string, timelines: string[]) => {
    const out: Record<string, { last_read_id: string; version: number; updated_at: string }> = {};
    if (timelines.length === 0 || timelines.includes('notifications')) {
      const id = await readMarker(ctx, accountId);
      if (id) out.notifications = { last_read_id: id, version: 0, updated_at: idTime(id) };
    }
    return out;
  };

  app.get('/api/v1/markers', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(await markers(viewer.accountId, listParam(queryParams(c), 'timeline')));
  });

  // Only the notifications marker is kept; a home marker is accepted and not stored.
  app.post('/api/v1/markers', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    const lastRead = str(objectParam(p, 'notifications') ?? {}, 'last_read_id');
    if (lastRead !== undefined) {
      if (!isUuid(lastRead)) throw unprocessable('invalid_param', 'notifications[last_read_id] must be a notification id');
      await markRead(ctx, viewer.accountId, lastRead.toLowerCase());
    }
    return c.json(await markers(viewer.accountId, ['notifications']));
  });
};
