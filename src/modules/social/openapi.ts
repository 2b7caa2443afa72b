/**
 * The social module's Mastodon routes in the OpenAPI document, each with its request parameters
 * and its real response entity (entities.ts, entities-status.ts): statuses, timelines, media and
 * polls here; the graph, lists, notifications and streaming in openapi-graph.ts.
 */
import type { ApiOperation, ApiParameter } from '../../http/openapi';
import { registerOperations } from '../../http/openapi';
import { mastodonErrors as errors, mastodonOk as ok, registerMastodonEntities } from '../accounts';
import './entities';
import './entities-status';
import { graphOperations } from './openapi-graph';

export const TIMELINES = ['Mastodon: timelines'];
const MEDIA = ['Mastodon: media and polls'];
export const read = { auth: 'user' as const, scopes: ['read'] };
export const write = { auth: 'user' as const, scopes: ['write'] };
export const optional = { auth: 'optional' as const };
const form = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export const s = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});
export const bool = (description: string) => ({ type: 'boolean', description });
export const strings = (description: string) => ({ type: 'array', items: { type: 'string' }, description });
export const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  schema: { type: 'object', properties, required },
  contentTypes: form,
  required: required.length > 0,
});
export const id = (description: string): ApiParameter => ({
  name: 'id',
  in: 'path',
  description,
  schema: { type: 'string' },
});
export const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) =>
  ({ name, in: 'query', description, schema }) satisfies ApiParameter;
/** A list parameter, as Mastodon clients send it: `name[]=a&name[]=b`. */
export const queryList = (name: string, description?: string): ApiParameter => ({
  name: `${name}[]`,
  in: 'query',
  ...(description ? { description } : {}),
  schema: { type: 'array', items: { type: 'string' } },
});

/** Mastodon's keyset paging; the `Link` header names the next (older) and previous (newer) pages. */
export function paging(fallback = 20, max = 40): ApiParameter[] {
  return [
    query('max_id', 'Older than this id (the `next` link)'),
    query('since_id', 'Newer than this id'),
    query('min_id', 'Just newer than this id (the `prev` link)'),
    query('limit', `1 to ${max}, default ${fallback}`, { type: 'integer' }),
  ];
}
const uploadBody = {
  schema: {
    type: 'object',
    properties: {
      file: s('The image (JPEG, PNG, WebP, GIF, AVIF)', { format: 'binary' }),
      description: s('Alt text, at most 1500 characters'),
    },
    required: ['file'],
  },
  contentTypes: ['multipart/form-data'],
};

const mediaOperations: ApiOperation[] = [
  ...(['/api/v1/media', '/api/v2/media'] as const).map(
    (path): ApiOperation => ({
      method: 'post',
      path,
      tags: MEDIA,
      summary: 'Upload an image (processed at once: always 200 with its final URL)',
      ...write,
      body: uploadBody,
      responses: { ...ok('MediaAttachment'), ...errors(401, 403, 413, 422) },
    }),
  ),
  {
    method: 'get',
    path: '/api/v1/media/{id}',
    tags: MEDIA,
    summary: 'One of one’s uploads not yet attached to a post',
    ...read,
    parameters: [id('The upload')],
    responses: { ...ok('MediaAttachment'), ...errors(401, 403, 404) },
  },
  {
    method: 'put',
    path: '/api/v1/media/{id}',
    tags: MEDIA,
    summary: 'Change the alt text of an upload not yet attached',
    ...write,
    parameters: [id('The upload')],
    body: body({ description: s('Alt text, at most 1500 characters') }),
    responses: { ...ok('MediaAttachment'), ...errors(401, 403, 404, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/polls/{id}',
    tags: MEDIA,
    summary: 'A poll, with the caller’s votes',
    ...optional,
    parameters: [id('The poll')],
    responses: { ...ok('Poll'), ...errors(404) },
  },
  {
    method: 'post',
    path: '/api/v1/polls/{id}/votes',
    tags: MEDIA,
    summary: 'Vote in a poll',
    ...write,
    parameters: [id('The poll')],
    body: body({ choices: strings('Option indexes (0, 1, …); one unless the poll is multiple') }, ['choices']),
    responses: { ...ok('Poll'), ...errors(401, 403, 404, 422) },
  },
  {
    method: 'get',
    path: '/s/{code}',
    tags: ['Short links'],
    summary: 'Comptoir: follow a short link of a post',
    parameters: [{ name: 'code', in: 'path', description: 'The short code', schema: { type: 'string' } }],
    responses: { 302: { description: 'To the link’s target' }, 404: { description: 'Unknown code' } },
  },
];

registerMastodonEntities();
registerOperations([...mediaOperations, ...graphOperations()]);
