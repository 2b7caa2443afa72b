import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from '../context';
import { renderError } from '../web/page';
import { AppError } from './errors';
import { csrf, identify } from './middleware';
import type { AppEnv } from './types';

export type RouteModule = (app: Hono<AppEnv>, ctx: AppContext) => void;

/**
 * Assembles the HTTP app: shared middleware, then each module's routes. The result is a plain
 * fetch handler, so tests drive it with `app.request()` and no socket.
 */
export function createHttpApp(ctx: AppContext, modules: RouteModule[], onError?: (error: unknown) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(async (error, c) => {
    const mastodon = c.get('errorStyle') === 'mastodon' || isMastodonPath(c.req.path);
    if (error instanceof AppError) {
      if (error.status === 429 && error.details?.retry_after) c.header('Retry-After', String(error.details.retry_after));
      const body = mastodon
        ? { error: error.message, error_code: error.code, ...(error.details ? { details: error.details } : {}), ...(isOAuthPath(c.req.path) ? { error: error.code, error_description: error.message } : {}) }
        : { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
      if (wantsHtml(c.req.header('accept')) && !c.req.path.startsWith('/api/')) {
        // The shell needs the locale and viewer; errors raised before identify() ran get a plain page.
        if (c.get('locale')) return renderError(c, error.status, error.message).catch(() => c.html(errorPage(error.status, error.message), error.status));
        return c.html(errorPage(error.status, error.message), error.status);
      }
      return c.json(body, error.status);
    }
    onError?.(error);
    const message = 'Internal error';
    return mastodon ? c.json({ error: message }, 500) : c.json({ error: { code: 'internal', message } }, 500);
  });
  app.notFound((c) => {
    if (wantsHtml(c.req.header('accept')) && !c.req.path.startsWith('/api/')) return c.html(errorPage(404, 'Page not found — page introuvable'), 404);
    return isMastodonPath(c.req.path) ? c.json({ error: 'Record not found' }, 404) : c.json({ error: { code: 'not_found', message: 'No such route' } }, 404);
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: false,
    }),
  );
  app.use('*', async (c, next) => {
    // Mastodon web clients call the API from other origins with bearer tokens.
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/oauth/') || c.req.path.startsWith('/.well-known/')) {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Comptoir-Acting-For');
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      c.header('Access-Control-Expose-Headers', 'Link, X-RateLimit-Remaining, Retry-After');
      if (c.req.method === 'OPTIONS') return c.body(null, 204);
    }
    await next();
  });
  // Uploads (multipart: up to 4 images in one post) get room for the images; anything else
  // stays small, so a JSON or form body cannot tie up memory.
  const tooLarge = (max: number) => () => {
    throw new AppError(413, 'payload_too_large', `The request body is larger than ${formatBytes(max)}`);
  };
  const uploadMax = 4 * ctx.config.mediaMaxBytes + 256 * 1024;
  const uploadLimit = bodyLimit({ maxSize: uploadMax, onError: tooLarge(uploadMax) });
  const plainLimit = bodyLimit({ maxSize: ctx.config.bodyMaxBytes, onError: tooLarge(ctx.config.bodyMaxBytes) });
  app.use('*', (c, next) => ((c.req.header('content-type') ?? '').includes('multipart/form-data') ? uploadLimit(c, next) : plainLimit(c, next)));
  app.use('*', async (c, next) => {
    c.set('app', ctx);
    await next();
  });
  app.use('*', identify(ctx));
  app.use('*', csrf(ctx));
  for (const register of modules) register(app, ctx);
  return app;
}

const MASTODON_PREFIXES = ['/api/v1/accounts', '/api/v1/statuses', '/api/v1/timelines', '/api/v1/notifications', '/api/v1/favourites', '/api/v1/bookmarks', '/api/v1/polls', '/api/v1/media', '/api/v2/media', '/api/v1/apps', '/api/v1/instance', '/api/v2/instance', '/api/v1/streaming', '/api/v2/search', '/api/v1/reports', '/api/v1/follow_requests', '/api/v1/blocks', '/api/v1/mutes', '/api/v1/markers', '/api/v1/custom_emojis', '/api/v1/filters', '/api/v2/filters', '/api/v1/lists', '/api/v1/preferences', '/api/v1/trends', '/oauth/'];
export const isMastodonPath = (path: string) => MASTODON_PREFIXES.some((prefix) => path.startsWith(prefix));
const isOAuthPath = (path: string) => path === '/oauth/token' || path === '/oauth/revoke';
const wantsHtml = (accept: string | undefined) => Boolean(accept?.includes('text/html'));

function errorPage(status: number, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status}</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="page narrow"><h1>${status}</h1><p>${escaped}</p><p><a href="/">Comptoir</a></p></main></body></html>`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}
