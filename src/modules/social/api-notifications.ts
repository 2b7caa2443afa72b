/**
 * Mastodon notifications and markers. Every query is scoped to the viewer's own account: one
 * never reads, dismisses or marks another's notifications. Only the types Mastodon clients know
 * are listed, fetched, counted, cleared or streamed (present.ts decides which); our own kinds are
 * served by api-notifications-ours.ts.
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
import {
  clearNotifications,
  dismissNotification,
  getNotification,
  listNotifications,
  markRead,
  readMarker,
  unreadCount,
} from './notifications';
import { MASTODON_VISIBLE_TYPES, presentNotification, presentStatus, typesShownAs } from './present';
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

/** A marker's time: our read marker is a notification id, a UUIDv7 that carries its own time. */
const idTime = (id: string) => new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString();

export const notificationRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/notifications', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const page = pageParams(q, { fallback: 40, max: 80 });
    const asked = listParam(q, 'types');
    const excluded = typesShownAs(listParam(q, 'exclude_types'));
    const shown = asked.length ? typesShownAs(asked) : MASTODON_VISIBLE_TYPES;
    const types = shown.filter((type) => !excluded.includes(type));
    const from = str(q, 'account_id');
    // Only types we never produce (follow_request, update, admin.*…) were asked for, or an
    // account_id that names no account: nothing matches.
    if (types.length === 0 || (from !== undefined && from !== '' && !isUuid(from))) return c.json([]);
    const fromAccountId = from ? from.toLowerCase() : undefined;
    const rows = await listNotifications(ctx, viewer.accountId, { ...page, types, fromAccountId });
    setLinkHeader(
      c,
      ctx,
      rows.map((n) => n.id),
    );
    return c.json(await presentNotifications(ctx, viewer.accountId, rows));
  });

  app.get('/api/v1/notifications/unread_count', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json({ count: await unreadCount(ctx, viewer.accountId, MASTODON_VISIBLE_TYPES) });
  });

  app.post('/api/v1/notifications/clear', async (c) => {
    const viewer = requireViewer(c, 'write');
    await clearNotifications(ctx, viewer.accountId, MASTODON_VISIBLE_TYPES);
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

  // The marker may rest on one of our own kinds (read on the page): name the newest the client knows.
  const lastShownUpTo = async (accountId: string, id: string) => {
    const row = await getNotification(ctx, accountId, id);
    if (row && (MASTODON_VISIBLE_TYPES as string[]).includes(row.type)) return id;
    const [before] = await listNotifications(ctx, accountId, { maxId: id, limit: 1, types: MASTODON_VISIBLE_TYPES });
    return before?.id ?? null;
  };

  const markers = async (accountId: string, timelines: string[]) => {
    const out: Record<string, { last_read_id: string; version: number; updated_at: string }> = {};
    if (timelines.length === 0 || timelines.includes('notifications')) {
      const id = await readMarker(ctx, accountId);
      const shown = id ? await lastShownUpTo(accountId, id) : null;
      if (id && shown) out.notifications = { last_read_id: shown, version: 0, updated_at: idTime(id) };
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
      if (!isUuid(lastRead))
        throw unprocessable('invalid_param', 'notifications[last_read_id] must be a notification id');
      await markRead(ctx, viewer.accountId, lastRead.toLowerCase());
    }
    return c.json(await markers(viewer.accountId, ['notifications']));
  });
};
