import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../context';
import { hmac, newToken, safeEqual } from '../lib/crypto';
import { resolveSession } from '../modules/accounts';
import { isEmbedPath } from '../modules/embeds';
import { pickLocale } from '../web/i18n';
import { AppError, forbidden, unauthorized } from './errors';
import type { AppEnv, Viewer } from './types';

export const SESSION_COOKIE = 'comptoir_session';
export const CSRF_COOKIE = 'comptoir_csrf';

/** Resolves the viewer from a session cookie or an OAuth bearer token, and the page language. */
export function identify(app: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let viewer: Viewer | null = null;
    let accountLocale: string | null = null;
    c.set('appToken', null);
    c.set('clientIp', remoteAddress(c, app.config.trustProxy));
    const auth = c.req.header('authorization');
    if (auth?.toLowerCase().startsWith('bearer ')) {
      const token = await app.tokens.submit(auth.slice(7).trim());
      if (!token) throw new AppError(401, 'invalid_token', 'The access token is invalid');
      if (token.accountId)
        viewer = { accountId: token.accountId, actingForId: null, via: 'token', scopes: token.scopes };
      else c.set('appToken', { appId: token.appId, scopes: token.scopes });
      accountLocale = token.locale;
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const session = cookie ? await resolveSession({ db: app.db }, cookie) : null;
      if (session) {
        viewer = {
          accountId: session.accountId,
          actingForId: session.actingForId,
          via: 'session',
          sessionHash: session.tokenHash,
          scopes: 'read write follow push',
        };
        accountLocale = session.locale;
      }
    }
    c.set('viewer', viewer);
    // Language: ?lang= for this page, then the account's setting, then the visitor's comptoir_lang cookie, then Accept-Language.
    c.set(
      'locale',
      pickLocale(
        [c.req.query('lang'), accountLocale, getCookie(c, 'comptoir_lang')].find((l) => l === 'fr' || l === 'en'),
        c.req.header('accept-language'),
      ),
    );
    await next();
  };
}

/**
 * CSRF for cookie-authenticated writes: the double-submit token is an HMAC of a random
 * per-browser cookie, sent back as the `_csrf` form field or the `X-CSRF-Token` header.
 * Bearer-token requests carry no ambient credentials and need no token.
 */
export function csrf(app: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let seed = getCookie(c, CSRF_COOKIE);
    if (!seed) {
      seed = newToken(18);
      // Widgets shown on other sites (and the images and files they load) need no token: no cookie
      // for their viewers, where it would be a third-party one.
      if (!cookieless(c.req.path))
        setCookie(c, CSRF_COOKIE, seed, {
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
          secure: app.config.secureCookies,
        });
    }
    const expected = hmac(app.secret, seed);
    c.set('csrfToken', expected);
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    const hasBearer = c.req.header('authorization')?.toLowerCase().startsWith('bearer ');
    if (unsafe && !hasBearer) {
      let given = c.req.header('x-csrf-token');
      const type = c.req.header('content-type') ?? '';
      if (!given && (type.includes('form-urlencoded') || type.includes('multipart/form-data'))) {
        const form = await c.req.raw
          .clone()
          .formData()
          .catch(() => null);
        const field = form?.get('_csrf');
        given = typeof field === 'string' ? field : undefined;
      }
      // API clients (Mastodon apps) post forms without cookies to /api and /oauth/token: nothing
      // ambient to forge there. Our own pages' forms, and anything riding a session, need the token.
      const isApiPath =
        c.req.path.startsWith('/api/') || c.req.path === '/oauth/token' || c.req.path === '/oauth/revoke';
      // The token endpoints authenticate the client by its secret, never by the session cookie.
      const isTokenEndpoint = c.req.path === '/oauth/token' || c.req.path === '/oauth/revoke';
      const needsToken =
        !isTokenEndpoint && (Boolean(getCookie(c, SESSION_COOKIE)) || (type.includes('form') && !isApiPath));
      if (needsToken && (!given || !safeEqual(given, expected)))
        throw forbidden('csrf_failed', 'The form expired or came from another site; reload the page and try again');
    }
    await next();
  };
}

/** Paths that never set the CSRF seed: the embeds' widgets, script and oEmbed, media and static files. */
const cookieless = (path: string) => isEmbedPath(path) || path.startsWith('/media/') || path.startsWith('/static/');

export function viewerOf(c: Context<AppEnv>): Viewer | null {
  return c.get('viewer') ?? null;
}

export function requireViewer(c: Context<AppEnv>, scope?: 'read' | 'write' | 'follow'): Viewer {
  const viewer = c.get('viewer');
  if (!viewer) throw unauthorized('This method requires an authenticated user');
  if (scope && !hasScope(viewer.scopes, scope))
    throw new AppError(403, 'insufficient_scope', `This action needs the ${scope} scope`);
  return viewer;
}

function hasScope(granted: string, needed: string): boolean {
  const scopes = granted.split(' ');
  // Mastodon: "follow" is covered by read+write; sub-scopes like write:statuses count for their part.
  return (
    scopes.includes(needed) ||
    scopes.some((s) => s.startsWith(`${needed}:`)) ||
    (needed === 'follow' && scopes.includes('write'))
  );
}

export function clientIp(c: Context<AppEnv>): string {
  return c.get('clientIp') ?? 'local';
}

function remoteAddress(c: Context, trustProxy: boolean): string {
  const forwarded = c.req.header('x-forwarded-for');
  if (forwarded && trustProxy) return forwarded.split(',')[0].trim();
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
