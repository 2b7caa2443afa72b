/**
 * The social module's Mastodon routes around accounts (follows, blocks, mutes, relationships),
 * lists, notifications and markers, and streaming, for the OpenAPI document (openapi.ts registers
 * them).
 */
import type { ApiOperation } from '../../http/openapi';
import { mastodonErrors as errors, mastodonOk as ok } from '../accounts';
import { body, bool, id, optional, paging, query, queryList, read, s, strings, TIMELINES, write } from './openapi';

const ACCOUNTS = ['Mastodon: accounts'];
const NOTIFICATIONS = ['Mastodon: notifications'];
const STREAMING = ['Mastodon: streaming'];
const follow = { auth: 'user' as const, scopes: ['follow'] };
const account = () => id('The account');

function accountOperations(): ApiOperation[] {
  const action = (name: string, summary: string, extra: Partial<ApiOperation> = {}): ApiOperation => ({
    method: 'post',
    path: `/api/v1/accounts/{id}/${name}`,
    tags: ACCOUNTS,
    summary,
    ...follow,
    parameters: [account()],
    responses: { ...ok('Relationship'), ...errors(401, 403, 404, 422) },
    ...extra,
  });
  return [
    {
      method: 'get',
      path: '/api/v1/accounts/relationships',
      tags: ACCOUNTS,
      summary: 'The caller’s relationships with some accounts (up to 100)',
      ...read,
      parameters: [queryList('id', 'Account ids')],
      responses: { ...ok(['Relationship']), ...errors(400, 401, 403) },
    },
    {
      method: 'get',
      path: '/api/v1/accounts/{id}/statuses',
      tags: ACCOUNTS,
      summary: 'An account’s posts, as the caller may see them',
      ...optional,
      parameters: [
        account(),
        query('pinned', 'Pinned posts only (none on Comptoir yet)', { type: 'boolean' }),
        query('exclude_replies', 'Leave replies out', { type: 'boolean' }),
        query('exclude_reblogs', 'Leave reposts out', { type: 'boolean' }),
        query('only_media', 'Only posts with images', { type: 'boolean' }),
        query('tagged', 'Only posts with this hashtag'),
        ...paging(),
      ],
      responses: { ...ok(['Status']), ...errors(400, 404) },
    },
    ...(['followers', 'following'] as const).map(
      (direction): ApiOperation => ({
        method: 'get',
        path: `/api/v1/accounts/{id}/${direction}`,
        tags: ACCOUNTS,
        summary: direction === 'followers' ? 'Who follows an account' : 'Whom an account follows',
        ...optional,
        parameters: [account(), ...paging(40, 80)],
        responses: { ...ok(['Account']), ...errors(400, 404) },
      }),
    ),
    action('follow', 'Follow an account', {
      body: {
        ...body({
          reblogs: bool('Show their reposts in home (default true)'),
          notify: bool('Be notified of each of their posts (default false)'),
          languages: strings('Only their posts in these languages (ISO 639-1); empty: all'),
        }),
        required: false,
      },
    }),
    action('unfollow', 'Stop following an account'),
    action('block', 'Block an account (and stop following each other)'),
    action('unblock', 'Unblock an account'),
    action('mute', 'Mute an account', {
      body: { ...body({ notifications: bool('Mute their notifications too (default true)') }), required: false },
    }),
    action('unmute', 'Unmute an account'),
    {
      method: 'get',
      path: '/api/v1/blocks',
      tags: ACCOUNTS,
      summary: 'The accounts the caller blocks',
      ...read,
      responses: { ...ok(['Account']), ...errors(401, 403) },
    },
    {
      method: 'get',
      path: '/api/v1/mutes',
      tags: ACCOUNTS,
      summary: 'The accounts the caller mutes',
      ...read,
      responses: { ...ok(['MutedAccount']), ...errors(401, 403) },
    },
  ];
}

function notificationOperations(): ApiOperation[] {
  const empty = (path: string, summary: string, extra: Partial<ApiOperation> = {}): ApiOperation => ({
    method: 'post',
    path,
    tags: NOTIFICATIONS,
    summary,
    ...write,
    responses: { ...ok('EmptyObject'), ...errors(401, 403, 404) },
    ...extra,
  });
  const marker = (what: string) => ({ type: 'object', properties: { last_read_id: s(`The last ${what} read`) } });
  return [
    {
      method: 'get',
      path: '/api/v1/notifications',
      tags: NOTIFICATIONS,
      summary: 'The caller’s notifications, newest first',
      ...read,
      parameters: [
        queryList('types', 'Only these Mastodon types'),
        queryList('exclude_types', 'Leave these Mastodon types out'),
        query('account_id', 'Only notifications from this account'),
        ...paging(40, 80),
      ],
      responses: { ...ok(['Notification']), ...errors(400, 401, 403) },
    },
    {
      method: 'get',
      path: '/api/v1/notifications/unread_count',
      tags: NOTIFICATIONS,
      summary: 'How many notifications arrived after the notifications marker',
      ...read,
      responses: { ...ok('UnreadCount'), ...errors(401, 403) },
    },
    {
      method: 'get',
      path: '/api/v1/notifications/{id}',
      tags: NOTIFICATIONS,
      summary: 'One notification',
      ...read,
      parameters: [id('The notification')],
      responses: { ...ok('Notification'), ...errors(401, 403, 404) },
    },
    empty('/api/v1/notifications/clear', 'Dismiss every notification'),
    empty('/api/v1/notifications/{id}/dismiss', 'Dismiss one notification', { parameters: [id('The notification')] }),
    empty('/api/v1/notifications/dismiss', 'Dismiss one notification (older form, id in the body)', {
      body: body({ id: s('The notification') }, ['id']),
    }),
    {
      method: 'get',
      path: '/api/v1/markers',
      tags: TIMELINES,
      summary: 'Read positions (Comptoir keeps the notifications one)',
      ...read,
      parameters: [queryList('timeline', 'home, notifications')],
      responses: { ...ok('Markers'), ...errors(401, 403) },
    },
    {
      method: 'post',
      path: '/api/v1/markers',
      tags: TIMELINES,
      summary: 'Save read positions (a home marker is accepted and not kept)',
      ...write,
      body: body({ notifications: marker('notification'), home: marker('post') }),
      responses: { ...ok('Markers'), ...errors(401, 403, 422) },
    },
  ];
}

const STREAMS: [path: string, name: string, summary: string][] = [
  ['user', 'user', 'Home posts and notifications of the caller'],
  ['user/notification', 'user:notification', 'Notifications of the caller'],
  ['public', 'public', 'Public posts'],
  ['public/media', 'public:media', 'Public posts with images'],
  ['public/local', 'public:local', 'Public posts of this server'],
  ['public/local/media', 'public:local:media', 'Public posts of this server with images'],
  ['public/remote', 'public:remote', 'Public posts of other servers (silent until federation)'],
  ['public/remote/media', 'public:remote:media', 'Remote public posts with images (silent until federation)'],
  ['hashtag', 'hashtag', 'Public posts with a hashtag (tag parameter)'],
  ['hashtag/local', 'hashtag:local', 'Local public posts with a hashtag (tag parameter)'],
  ['list', 'list', 'Posts of a list’s members (list parameter)'],
];

function streamingOperations(): ApiOperation[] {
  const events = {
    description:
      'Server-Sent Events: `update` (data: a Status as JSON), `notification` (a Notification as JSON), `delete` ' +
      '(the id of a deleted post); comment lines keep the connection alive.',
    contentType: 'text/event-stream',
    schema: s('Server-Sent Events'),
  };
  const streamParams = [
    query('access_token', 'The token, when no Authorization header can be sent'),
    query('tag', 'hashtag streams: the hashtag'),
    query('list', 'list stream: the list id'),
  ];
  return [
    {
      method: 'get',
      path: '/api/v1/streaming/health',
      tags: STREAMING,
      summary: 'Whether streaming works',
      responses: { 200: { description: 'OK', contentType: 'text/plain', schema: s('OK') } },
    },
    {
      method: 'get',
      path: '/api/v1/streaming',
      tags: STREAMING,
      summary: 'One stream, named by the stream parameter (WebSocket upgrades are served here too)',
      ...optional,
      parameters: [query('stream', STREAMS.map(([, name]) => name).join(', ')), ...streamParams],
      responses: { 200: events, ...errors(400, 401, 403, 404) },
    },
    ...STREAMS.map(
      ([path, , summary]): ApiOperation => ({
        method: 'get',
        path: `/api/v1/streaming/${path}`,
        tags: STREAMING,
        summary,
        ...optional,
        parameters: streamParams,
        responses: { 200: events, ...errors(400, 401, 403, 404) },
      }),
    ),
  ];
}

/** Called by openapi.ts once its helpers exist (the two files import each other). */
export function graphOperations(): ApiOperation[] {
  return [...accountOperations(), ...notificationOperations(), ...streamingOperations()];
}
