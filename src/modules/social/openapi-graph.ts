/**
 * The social module's Mastodon routes around accounts (follows, blocks, mutes, relationships),
 * lists, notifications and markers, and streaming, for the OpenAPI document (openapi.ts registers
 * them).
 */
import type { ApiOperation } from '../../http/openapi';
import { mastodonErrors as errors, mastodonOk as ok } from '../accounts';
import { body, bool, id, optional, query, queryList, read, s, strings, write } from './openapi';

const LISTS = ['Mastodon: lists'];
const STREAMING = ['Mastodon: streaming'];
const account = () => id('The account');
const list = () => id('One of the caller’s lists');

function listOperations(): ApiOperation[] {
  const listBody = (required: string[]) =>
    body(
      {
        title: s('1 to 100 characters'),
        replies_policy: s('followed, list (default) or none: which replies of members show'),
        exclusive: bool('Leave members’ posts out of home'),
      },
      required,
    );
  const memberIds = strings('Account ids (accounts the caller follows)');
  return [
    {
      method: 'get',
      path: '/api/v1/lists',
      tags: LISTS,
      summary: 'The caller’s lists',
      ...read,
      responses: { ...ok(['List']), ...errors(401, 403) },
    },
    {
      method: 'post',
      path: '/api/v1/lists',
      tags: LISTS,
      summary: 'Create a list',
      ...write,
      body: listBody(['title']),
      responses: { ...ok('List'), ...errors(401, 403, 422) },
    },
    {
      method: 'get',
      path: '/api/v1/lists/{id}',
      tags: LISTS,
      summary: 'One of the caller’s lists',
      ...read,
      parameters: [list()],
      responses: { ...ok('List'), ...errors(401, 403, 404) },
    },
    {
      method: 'put',
      path: '/api/v1/lists/{id}',
      tags: LISTS,
      summary: 'Rename a list or change its policy',
      ...write,
      parameters: [list()],
      body: listBody([]),
      responses: { ...ok('List'), ...errors(401, 403, 404, 422) },
    },
    {
      method: 'delete',
      path: '/api/v1/lists/{id}',
      tags: LISTS,
      summary: 'Delete a list',
      ...write,
      parameters: [list()],
      responses: { ...ok('EmptyObject'), ...errors(401, 403, 404) },
    },
    {
      method: 'get',
      path: '/api/v1/lists/{id}/accounts',
      tags: LISTS,
      summary: 'A list’s members',
      ...read,
      parameters: [list(), query('limit', '1 to 80, default 40', { type: 'integer' })],
      responses: { ...ok(['Account']), ...errors(400, 401, 403, 404) },
    },
    {
      method: 'post',
      path: '/api/v1/lists/{id}/accounts',
      tags: LISTS,
      summary: 'Add members (accounts the caller follows)',
      ...write,
      parameters: [list()],
      body: body({ account_ids: memberIds }, ['account_ids']),
      responses: { ...ok('EmptyObject'), ...errors(401, 403, 404, 422) },
    },
    {
      method: 'delete',
      path: '/api/v1/lists/{id}/accounts',
      tags: LISTS,
      summary: 'Remove members (ids in the query string or the body)',
      ...write,
      parameters: [list(), queryList('account_ids')],
      body: { ...body({ account_ids: memberIds }), required: false },
      responses: { ...ok('EmptyObject'), ...errors(401, 403, 404, 422) },
    },
    {
      method: 'get',
      path: '/api/v1/accounts/{id}/lists',
      tags: LISTS,
      summary: 'The caller’s lists that hold an account',
      ...read,
      parameters: [account()],
      responses: { ...ok(['List']), ...errors(401, 403) },
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
  return [...listOperations(), ...streamingOperations()];
}
