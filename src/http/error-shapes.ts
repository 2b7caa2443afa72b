/**
 * The two error shapes, one per family of routes: ours (`{"error": {"code", "message"}}`, or an
 * HTML page for a browser on a page) and Mastodon's (`{"error": "message", "error_code"}`, RFC
 * 6749's `{"error", "error_description"}` on the OAuth token endpoints). Which one answers follows
 * from the app a route is mounted on (see app.ts), never from a list of path prefixes.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { isDatabaseUnreachable } from '../db/client';
import { databaseUnavailable } from '../lib/errors';
import { renderError } from '../web/page';
import { AppError } from './errors';
import type { AppEnv } from './types';

type Ctx = Context<AppEnv>;
export type UnhandledErrorHook = (error: unknown) => void;

const INTERNAL = 'Internal error';
const UNAVAILABLE_PAGE =
  'La base de données est injoignable ; réessayez dans un instant. — The database is unreachable; try again in a moment.';

function retryAfter(c: Ctx, error: AppError) {
  if ((error.status === 429 || error.status === 503) && error.details?.retry_after) {
    c.header('Retry-After', String(error.details.retry_after));
  }
}

/**
 * The database server going away (a restart, a failover) is no bug of ours and passes by itself:
 * the client is told so with a 503 and a stable code, in the route's shape, instead of a 500.
 */
const known = (error: unknown): unknown => (isDatabaseUnreachable(error) ? databaseUnavailable() : error);

/** Mastodon's shape; the token endpoints answer in OAuth's (RFC 6749 section 5.2). */
export function mastodonErrorHandler(onError?: UnhandledErrorHook): ErrorHandler<AppEnv> {
  return (thrown, c) => {
    const error = known(thrown);
    if (!(error instanceof AppError)) {
      onError?.(error);
      return c.json({ error: INTERNAL }, 500);
    }
    retryAfter(c, error);
    if (c.req.path === '/oauth/token' || c.req.path === '/oauth/revoke') {
      const body = { error: error.code, error_description: error.message, error_code: error.code, ...details(error) };
      return c.json(body, error.status);
    }
    return c.json({ error: error.message, error_code: error.code, ...details(error) }, error.status);
  };
}

const details = (error: AppError) => (error.details ? { details: error.details } : {});

/** Our shape, and for a browser asking for a page, the error page in the site's layout. */
export function ourErrorHandler(onError?: UnhandledErrorHook): ErrorHandler<AppEnv> {
  return async (thrown, c) => {
    const error = known(thrown);
    if (!(error instanceof AppError)) {
      onError?.(error);
      return c.json({ error: { code: 'internal', message: INTERNAL } }, 500);
    }
    retryAfter(c, error);
    if (wantsPage(c)) {
      // The site's layout reads the database: without it, the plain page.
      if (error.status === 503) return c.html(errorPage(503, UNAVAILABLE_PAGE), 503);
      // The shell needs the locale and viewer; errors raised before identify() ran get a plain page.
      const plain = () => c.html(errorPage(error.status, error.message), error.status);
      return c.get('locale') ? renderError(c, error.status, error.message).catch(plain) : plain();
    }
    return c.json({ error: { code: error.code, message: error.message, ...details(error) } }, error.status);
  };
}

/** Any unknown path under Mastodon's `/api/v1/` and `/api/v2/`, whoever else has routes there. */
export const mastodonNotFound: NotFoundHandler<AppEnv> = (c) => c.json({ error: 'Record not found' }, 404);

export const ourNotFound: NotFoundHandler<AppEnv> = (c) => {
  if (wantsPage(c)) return c.html(errorPage(404, 'Page not found — page introuvable'), 404);
  return c.json({ error: { code: 'not_found', message: 'No such route' } }, 404);
};

const wantsPage = (c: Ctx) => Boolean(c.req.header('accept')?.includes('text/html')) && !c.req.path.startsWith('/api/');

function errorPage(status: number, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return [
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${status}</title><link rel="stylesheet" href="/static/app.css"></head>`,
    `<body><main class="page narrow"><h1>${status}</h1><p>${escaped}</p>`,
    '<p><a href="/">Comptoir</a></p></main></body></html>',
  ].join('');
}
