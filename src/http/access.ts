/**
 * One access-log line and one duration observation per request. The route is the matched
 * route's pattern (`/api/v1/statuses/:id`): bounded, so the metrics keep a fixed set of series,
 * and free of ids. Nothing of the query string is kept: a token may travel there (a streaming
 * client's `?access_token=`, an OAuth `code`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Log } from '../lib/log';
import { recordRequest } from '../lib/metrics';
import type { AppEnv } from './types';

export function accessLog(log: Log): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const ms = performance.now() - started;
      const status = failed ? 500 : c.res.status;
      const route = routeOf(c);
      recordRequest(route, c.req.method, status, ms / 1000);
      log.info({ method: c.req.method, route, status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}

/**
 * The pattern of the route that answered; when a shared middleware answered for it (a 401, a
 * 429, a preflight), the pattern of the route the request was headed for. A request answered by a
 * middleware of its own (Fedify's actors and inboxes) gets a coarse pattern of its path when it
 * succeeded (only served paths do: a bounded set), `unmatched` otherwise.
 */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== 'ALL') return answered.path;
  const headedFor = routes.find((r) => r.method !== 'ALL');
  if (headedFor) return headedFor.path;
  if (answered && answered.path !== '*' && answered.path !== '/*') return answered.path;
  return c.res.status < 400 ? coarsePattern(c.req.path) : 'unmatched';
}

function coarsePattern(path: string): string {
  const [first = '', second] = path.split('/').slice(1);
  if (first.startsWith('@')) return second === undefined ? '/@:handle' : '/@:handle/*';
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(first)) return 'unmatched';
  if (first === '.well-known' && second && /^[a-z-]{1,40}$/.test(second)) return `/.well-known/${second}`;
  return second === undefined ? `/${first}` : `/${first}/*`;
}
