/**
 * Mastodon notifications and markers. Every query is scoped to the viewer's own account: one
 * never reads, dismisses or marks another's notifications. Only the types Mastodon clients know
 * are listed, fetched, counted, cleared or streamed (present.ts decides which); our own kinds are
 * served by api-notifications-ours.ts.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { mount } from '../../http/contract';
import { notFound } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { asEntity, pageOf } from './api-contract-graph';
import { contracts } from './api-notifications-contracts';
import { setLinkHeader } from './api-shared';
import { MarkersEntity, NotificationEntity } from './entities';
import {
  clearNotifications,
  dismissNotification,
  getNotification,
  listNotifications,
  markRead,
  readMarker,
  unreadCount,
} from './notifications';
import { presentNotifications } from './notifications-present';
import { MASTODON_VISIBLE_TYPES, typesShownAs } from './present';

/** A marker's time: our read marker is a notification id, a UUIDv7 that carries its own time. */
const idTime = (id: string) => new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString();

export const notificationRoutes: RouteModule = (app, ctx) => {
  mount(app, contracts.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = c.req.valid('query');
    const excluded = typesShownAs(q.exclude_types);
    const shown = q.types.length ? typesShownAs(q.types) : MASTODON_VISIBLE_TYPES;
    const types = shown.filter((type) => !excluded.includes(type));
    const from = q.account_id;
    // Only types we never produce (follow_request, update, admin.*…) were asked for, or an
    // account_id that names no account: nothing matches.
    if (types.length === 0 || (from !== undefined && from !== '' && !isUuid(from))) return c.json([], 200);
    const fromAccountId = from ? from.toLowerCase() : undefined;
    const rows = await listNotifications(ctx, viewer.accountId, { ...pageOf(q), types, fromAccountId });
    setLinkHeader(
      c,
      ctx,
      rows.map((n) => n.id),
    );
    const presented = await presentNotifications(ctx, viewer.accountId, rows);
    return c.json(asEntity(z.array(NotificationEntity), presented), 200);
  });

  mount(app, contracts.unreadCount, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json({ count: await unreadCount(ctx, viewer.accountId, MASTODON_VISIBLE_TYPES) }, 200);
  });

  mount(app, contracts.clear, async (c) => {
    const viewer = requireViewer(c, 'write');
    await clearNotifications(ctx, viewer.accountId, MASTODON_VISIBLE_TYPES);
    return c.json({}, 200);
  });

  // The older form: POST /api/v1/notifications/dismiss with id in the body.
  mount(app, contracts.dismissInBody, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id } = c.req.valid('json');
    if (!isUuid(id)) throw notFound('Record');
    // As Mastodon: another account's notification (or one already dismissed) is not found, not "dismissed".
    if (!(await dismissNotification(ctx, viewer.accountId, id.toLowerCase()))) throw notFound('Record');
    return c.json({}, 200);
  });

  mount(app, contracts.get, async (c) => {
    const viewer = requireViewer(c, 'read');
    const row = await getNotification(ctx, viewer.accountId, c.req.valid('param').id.toLowerCase());
    if (!row) throw notFound('Record');
    const [presented] = await presentNotifications(ctx, viewer.accountId, [row]);
    if (!presented) throw notFound('Record');
    return c.json(asEntity(NotificationEntity, presented), 200);
  });

  mount(app, contracts.dismiss, async (c) => {
    const viewer = requireViewer(c, 'write');
    if (!(await dismissNotification(ctx, viewer.accountId, c.req.valid('param').id.toLowerCase())))
      throw notFound('Record');
    return c.json({}, 200);
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
    return asEntity(MarkersEntity, out);
  };

  mount(app, contracts.markers, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(await markers(viewer.accountId, c.req.valid('query').timeline), 200);
  });

  // Only the notifications marker is kept; a home marker is accepted and not stored.
  mount(app, contracts.saveMarkers, async (c) => {
    const viewer = requireViewer(c, 'write');
    const lastRead = c.req.valid('json').notifications?.last_read_id;
    if (lastRead !== undefined) await markRead(ctx, viewer.accountId, lastRead.toLowerCase());
    return c.json(await markers(viewer.accountId, ['notifications']), 200);
  });
};
