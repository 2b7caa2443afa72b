/**
 * The contracts of Mastodon's notifications and markers routes (src/http/contract.ts), from which
 * api-notifications.ts's handlers are typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { isUuid } from '../../db/ids';
import { body, id, json, mastodonFailures, route } from '../../http/contract';
import { EmptyObjectEntity } from '../accounts';
import { many, pageQuery } from './api-contract-graph';
import { MarkersEntity, NotificationEntity, UnreadCountEntity } from './entities';

const tags = ['Mastodon: notifications'];
const markerTags = ['Mastodon: timelines'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const notification = z.object({ id: id('The notification') });
const empty = { 200: json(EmptyObjectEntity, 'Done: `{}`'), ...mastodonFailures(401, 403, 404) };

const marker = (what: string, rule?: (v: string) => boolean) =>
  z
    .object({
      last_read_id: (rule ? z.string().refine(rule, `must be ${what} id`) : z.string())
        .optional()
        .meta({ description: `The last ${what} read` }),
    })
    .optional();

export const contracts = {
  list: route({
    method: 'get',
    path: '/api/v1/notifications',
    tags,
    summary: 'The caller’s notifications, newest first (Mastodon 4.3 types only)',
    description:
      'Our own kinds (orders, reviews, watch alerts, moderation outcomes) are listed by ' +
      '/api/v1/comptoir/notifications. Replies are `mention`s.',
    ...reader,
    request: {
      query: z.object({
        types: many('Only these Mastodon types (`types[]=mention&types[]=follow`)'),
        exclude_types: many('Leave these Mastodon types out (`exclude_types[]=…`)'),
        account_id: z
          .string()
          .optional()
          .meta({ description: 'Only notifications from this account (an id naming no account matches nothing)' }),
        ...pageQuery(40, 80),
      }),
    },
    responses: {
      200: json(z.array(NotificationEntity), 'Notifications; `Link` names the pages'),
      ...mastodonFailures(400, 401, 403),
    },
  }),
  unreadCount: route({
    method: 'get',
    path: '/api/v1/notifications/unread_count',
    tags,
    summary: 'How many notifications arrived after the notifications marker',
    ...reader,
    responses: { 200: json(UnreadCountEntity, 'The count'), ...mastodonFailures(401, 403) },
  }),
  clear: route({
    method: 'post',
    path: '/api/v1/notifications/clear',
    tags,
    summary: 'Dismiss every notification',
    ...writer,
    responses: empty,
  }),
  dismissInBody: route({
    method: 'post',
    path: '/api/v1/notifications/dismiss',
    tags,
    summary: 'Dismiss one notification (older form, id in the body)',
    ...writer,
    request: {
      body: body(z.object({ id: z.string().meta({ description: 'The notification (an unknown id is a 404)' }) })),
    },
    responses: { ...empty, ...mastodonFailures(400, 401, 403, 404) },
  }),
  get: route({
    method: 'get',
    path: '/api/v1/notifications/{id}',
    tags,
    summary: 'One notification',
    ...reader,
    request: { params: notification },
    responses: { 200: json(NotificationEntity, 'The notification'), ...mastodonFailures(401, 403, 404) },
  }),
  dismiss: route({
    method: 'post',
    path: '/api/v1/notifications/{id}/dismiss',
    tags,
    summary: "Dismiss one notification (another account's, or one already dismissed, is a 404)",
    ...writer,
    request: { params: notification },
    responses: empty,
  }),
  markers: route({
    method: 'get',
    path: '/api/v1/markers',
    tags: markerTags,
    summary: 'Read positions (Comptoir keeps the notifications one)',
    ...reader,
    request: { query: z.object({ timeline: many('home, notifications (`timeline[]=…`); none: all') }) },
    responses: { 200: json(MarkersEntity, 'Markers by timeline'), ...mastodonFailures(400, 401, 403) },
  }),
  saveMarkers: route({
    method: 'post',
    path: '/api/v1/markers',
    tags: markerTags,
    summary: 'Save read positions (a home marker is accepted and not kept)',
    ...writer,
    request: {
      body: body(
        z.object({
          notifications: marker('a notification', isUuid),
          home: marker('a post'),
        }),
      ),
    },
    responses: { 200: json(MarkersEntity, 'Markers now'), ...mastodonFailures(400, 401, 403, 422) },
  }),
};
