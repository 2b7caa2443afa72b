/**
 * What is left of the social module's hand-written route descriptions: the helpers openapi-graph.ts
 * uses for the routes not yet described by contracts (src/http/contract.ts), and the registration of
 * the Mastodon entities as document components.
 */
import type { ApiParameter } from '../../http/openapi';
import { registerOperations } from '../../http/openapi';
import { registerMastodonEntities } from '../accounts';
import './entities';
import './entities-status';
import { graphOperations } from './openapi-graph';

export const TIMELINES = ['Mastodon: timelines'];
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
registerMastodonEntities();
registerOperations(graphOperations());
