/**
 * The contracts of Mastodon's streaming routes (src/http/contract.ts): Server-Sent Events over
 * plain GETs, one path per stream or `?stream=` on /api/v1/streaming (whose WebSocket upgrades
 * streaming-ws.ts serves). Built when the routes are mounted: social's index reaches streaming.ts
 * before the contract helpers' own imports are done.
 */
import { z } from 'zod';
import { mastodonFailures, route } from '../../http/contract';
import type { StreamName } from './streaming';

/** Each stream's path under /api/v1/streaming/, its name, and what it carries. */
export const STREAM_PATHS: readonly [path: string, name: StreamName, summary: string][] = [
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

const tags = ['Mastodon: streaming'];
const events = {
  description:
    'Server-Sent Events: `update` (data: a Status as JSON), `notification` (a Notification as JSON), `delete` ' +
    '(the id of a deleted post); comment lines keep the connection alive.',
  content: { 'text/event-stream': { schema: z.string().meta({ description: 'Server-Sent Events' }) } },
};
const streamQuery = {
  access_token: z.string().optional().meta({ description: 'The token, when no Authorization header can be sent' }),
  tag: z.string().optional().meta({ description: 'hashtag streams: the hashtag' }),
  list: z.string().optional().meta({ description: 'list stream: the list id' }),
};

export const streamingContracts = () => ({
  health: route({
    method: 'get',
    path: '/api/v1/streaming/health',
    tags,
    summary: 'Whether streaming works',
    responses: { 200: { description: 'OK', content: { 'text/plain': { schema: z.string() } } } },
  }),
  any: route({
    method: 'get',
    path: '/api/v1/streaming',
    tags,
    summary: 'One stream, named by the stream parameter (WebSocket upgrades are served here too)',
    auth: 'optional',
    request: {
      query: z.object({
        stream: z
          .string()
          .optional()
          .meta({ description: STREAM_PATHS.map(([, name]) => name).join(', ') }),
        ...streamQuery,
      }),
    },
    responses: { 200: events, ...mastodonFailures(400, 401, 403, 404) },
  }),
  each: STREAM_PATHS.map(([path, name, summary]) => ({
    name,
    contract: route({
      method: 'get',
      path: `/api/v1/streaming/${path}`,
      tags,
      summary,
      auth: 'optional',
      request: { query: z.object(streamQuery) },
      responses: { 200: events, ...mastodonFailures(400, 401, 403, 404) },
    }),
  })),
});
