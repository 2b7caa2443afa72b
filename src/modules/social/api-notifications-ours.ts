/**
 * Every notification, our own kinds included (orders, reviews, watch alerts, moderation outcomes),
 * in our shape: `GET /api/v1/comptoir/notifications`. The Mastodon routes show only the types
 * Mastodon clients know; this is where an app of ours reads the rest.
 */
import type { RouteModule } from '../../http/app';
import { badRequest } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { registerOperations } from '../../http/openapi';
import { queryParams } from '../../http/params';
import { getAccounts, presentAccount } from '../accounts';
import { listParam, pageParams, setLinkHeader } from './api-shared';
import { loadVisible } from './hydrate';
import { listNotifications, readMarker } from './notifications';
import { presentStatus } from './present';
import { notificationTypes, type NotificationType } from './schema';

const PATH = '/api/v1/comptoir/notifications';

export const ownNotificationRoutes: RouteModule = (app, ctx) => {
  app.get(PATH, async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const page = pageParams(q, { fallback: 40, max: 80 });
    const types = listParam(q, 'types');
    const unknown = types.find((type) => !(notificationTypes as readonly string[]).includes(type));
    if (unknown) {
      const message = `types: unknown type ${unknown}; use ${notificationTypes.join(', ')}`;
      throw badRequest('invalid_param', message, { field: 'types' });
    }
    const [rows, marker] = await Promise.all([
      listNotifications(ctx, viewer.accountId, { ...page, types: types as NotificationType[] }),
      readMarker(ctx, viewer.accountId),
    ]);
    const statusIds = [...new Set(rows.flatMap((n) => (n.statusId ? [n.statusId] : [])))];
    const [{ hydrated, ids }, senders] = await Promise.all([
      loadVisible(ctx, viewer.accountId, statusIds, { keepMuted: true }),
      getAccounts(
        { db: ctx.db },
        rows.map((n) => n.fromAccountId),
      ),
    ]);
    const visible = new Set(ids);
    setLinkHeader(
      c,
      ctx,
      rows.map((n) => n.id),
    );
    return c.json(
      rows.flatMap((n) => {
        const from = senders.get(n.fromAccountId);
        const status = n.statusId && visible.has(n.statusId) ? presentStatus(ctx.config, hydrated, n.statusId) : null;
        if (!from || (n.statusId && !status)) return [];
        return [
          {
            id: n.id,
            type: n.type,
            created_at: n.createdAt.toISOString(),
            unread: !marker || n.id > marker,
            account: presentAccount(ctx.config, from),
            status,
            subject_id: n.subjectId,
            detail: n.detail,
          },
        ];
      }),
    );
  });
};

const ownNotification = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string', enum: [...notificationTypes] },
    created_at: { type: 'string', format: 'date-time' },
    unread: { type: 'boolean' },
    account: { type: 'object', description: 'Mastodon Account entity of the sender' },
    status: { type: ['object', 'null'], description: 'Mastodon Status entity the notification is about' },
    subject_id: { type: ['string', 'null'], description: 'The order, review, watch or report it is about' },
    detail: { type: ['string', 'null'], description: 'What happened: shipped, post_rejected:insult…' },
  },
};

registerOperations([
  {
    method: 'get',
    path: PATH,
    tags: ['Notifications'],
    summary: 'Every notification of the signed-in account, our own kinds included, newest first',
    description:
      'The Mastodon routes (/api/v1/notifications, streams) show only the types Mastodon clients know; ' +
      'orders, reviews, watch alerts and moderation outcomes are listed here. ' +
      'Paging by max_id/since_id/min_id and Link.',
    auth: 'user',
    scopes: ['read'],
    parameters: [
      { name: 'types[]', in: 'query', description: `Only these types: ${notificationTypes.join(', ')}` },
      { name: 'limit', in: 'query', description: '1 to 80, default 40', schema: { type: 'integer' } },
      { name: 'max_id', in: 'query', description: 'Older than this id' },
    ],
    responses: { 200: { description: 'Notifications', schema: { type: 'array', items: ownNotification } } },
  },
]);
