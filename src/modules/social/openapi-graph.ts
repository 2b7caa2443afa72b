/**
 * The Mastodon streaming routes (Server-Sent Events) in the OpenAPI document, still described by
 * hand (openapi.ts registers them); every other social route is a contract (src/http/contract.ts).
 */
import type { ApiOperation } from '../../http/openapi';
import { mastodonErrors as errors } from '../accounts';
import { optional, query, s } from './openapi';

const STREAMING = ['Mastodon: streaming'];
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
  return streamingOperations();
}
