/**
 * Every notification, our own kinds included (orders, reviews, watch alerts, moderation outcomes),
 * in our shape: `GET /api/v1/comptoir/notifications`. The Mastodon routes show only the types
 * Mastodon clients know; this is where an app of ours reads the rest.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { failures, json, mount, route } from '../../http/contract';
import { requireViewer } from '../../http/middleware';
import { AccountEntity, entityDatetime, getAccounts, presentAccount } from '../accounts';
import { asEntity, many, pageOf, pageQuery } from './api-contract-graph';
import { setLinkHeader } from './api-shared';
import { StatusEntity } from './entities-status';
import { loadVisible } from './hydrate';
import { listNotifications, readMarker } from './notifications';
import { presentStatus } from './present';
import { notificationTypes } from './schema';

const OwnNotification = z
  .object({
    id: z.string(),
    type: z.enum(notificationTypes),
    created_at: entityDatetime(),
    unread: z.boolean().meta({ description: 'Newer than the notifications marker' }),
    account: AccountEntity,
    status: StatusEntity.nullable().meta({ description: 'The post it is about, if any' }),
    subject_id: z.string().nullable().meta({ description: 'The order, review, watch or report it is about' }),
    detail: z.string().nullable().meta({ description: 'What happened: shipped, post_rejected:insult…' }),
  })
  .meta({ id: 'ComptoirNotification', description: 'A notification of any kind, ours included' });

const contract = route({
  method: 'get',
  path: '/api/v1/comptoir/notifications',
  tags: ['Notifications'],
  summary: 'Every notification of the signed-in account, our own kinds included, newest first',
  description:
    'The Mastodon routes (/api/v1/notifications, streams) show only the types Mastodon clients know; ' +
    'orders, reviews, watch alerts and moderation outcomes are listed here. ' +
    'Paging by max_id/since_id/min_id and Link.',
  auth: 'user',
  scope: 'read',
  request: {
    query: z.object({
      types: many(`Only these types (\`types[]=…\`): ${notificationTypes.join(', ')}`).pipe(
        z.array(z.enum(notificationTypes, { error: `unknown type; use ${notificationTypes.join(', ')}` })),
      ),
      ...pageQuery(40, 80),
    }),
  },
  responses: { 200: json(z.array(OwnNotification), 'Notifications'), ...failures(400, 401, 403) },
});

export const ownNotificationRoutes: RouteModule = (app, ctx) => {
  mount(app, contract, async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = c.req.valid('query');
    const [rows, marker] = await Promise.all([
      listNotifications(ctx, viewer.accountId, { ...pageOf(q), types: q.types }),
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
    const presented = rows.flatMap((n) => {
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
    });
    return c.json(asEntity(z.array(OwnNotification), presented), 200);
  });
};
