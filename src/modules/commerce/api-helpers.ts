// Small helpers of the JSON routes: path ids, and the Link header of the next page.
import type { Context } from 'hono';
import { isUuid } from '../../db/ids';
import { notFound } from '../../http/errors';
import type { AppEnv } from '../../http/types';

export type Ctx = Context<AppEnv>;

// Helpers shared by the JSON routes ---------------------------------------------------------

export function pathUuid(c: Ctx, name: string, what: string): string {
  const value = c.req.param(name);
  if (!isUuid(value)) throw notFound(what);
  return value;
}

export function setNextLink(c: Ctx, publicUrl: string, ids: string[], limit: number) {
  if (ids.length < limit) return;
  const url = new URL(c.req.url);
  const query = new URLSearchParams(url.search);
  query.delete('since_id');
  query.set('max_id', ids[ids.length - 1]);
  c.header('Link', `<${publicUrl}${url.pathname}?${query.toString()}>; rel="next"`);
}
