/**
 * Read-your-writes beside a read replica: someone who just wrote must not read a replica that has
 * not replayed the write yet. For COMPTOIR_REPLICA_MAX_LAG seconds after a successful write
 * (POST, PUT, PATCH, DELETE answered below 400) the writer's requests read the primary: browsers
 * carry a small cookie (so any node honours it), and this node remembers the account of a
 * bearer-token client (other nodes do not: docs/operators.md, "Read replica"). Without a replica
 * nothing is set and every read goes to the primary anyway.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../context';
import { currentRequest } from '../lib/request-scope';
import { SESSION_COOKIE } from './middleware';
import type { AppEnv } from './types';

export const RECENT_WRITE_COOKIE = 'comptoir_rw';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readYourWrites(ctx: Pick<AppContext, 'config' | 'replica'>): MiddlewareHandler<AppEnv> {
  const boundMs = ctx.config.replicaMaxLag * 1000;
  // Account id -> until when its reads go to the primary (Date.now() time: replication is wall-clock).
  const recent = new Map<string, number>();
  const forget = (now: number) => {
    for (const [id, until] of recent) if (until <= now) recent.delete(id);
  };
  return async (c, next) => {
    if (!ctx.replica) return next();
    const scope = currentRequest();
    const viewer = c.get('viewer');
    const now = Date.now();
    const remembered = viewer ? (recent.get(viewer.accountId) ?? 0) > now : false;
    // A write reads the primary too: what it answers (a page re-rendered with an error, say) is fresh.
    const writing = unsafe.has(c.req.method);
    if (scope && (writing || remembered || getCookie(c, RECENT_WRITE_COOKIE))) scope.primaryReads = true;
    await next();
    if (!writing || c.res.status >= 400) return;
    if (viewer) {
      if (recent.size > 10_000) forget(now);
      recent.set(viewer.accountId, now + boundMs);
    }
    // A browser (no bearer token) that is signed in, or was just signed in by this request.
    const browser = viewer?.via === 'session' || (c.res.headers.get('set-cookie') ?? '').includes(`${SESSION_COOKIE}=`);
    if (browser) {
      setCookie(c, RECENT_WRITE_COOKIE, '1', {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: ctx.config.replicaMaxLag,
        secure: ctx.config.secureCookies,
      });
    }
  };
}
