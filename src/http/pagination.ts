// The Link header of the next page of a list read by max_id (our JSON API and Mastodon's).
import type { Context } from 'hono';
import type { AppEnv } from './types';

/** When the page is full, `Link: <…?max_id=last>; rel="next"` (since_id dropped: the next page goes back). */
export function setNextLink(c: Context<AppEnv>, publicUrl: string, ids: string[], limit: number) {
  if (ids.length < limit) return;
  const url = new URL(c.req.url);
  const query = new URLSearchParams(url.search);
  query.delete('since_id');
  query.set('max_id', ids[ids.length - 1]);
  c.header('Link', `<${publicUrl}${url.pathname}?${query.toString()}>; rel="next"`);
}
