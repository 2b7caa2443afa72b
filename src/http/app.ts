import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { tileImageSource } from '../config';
import { matchedRoutes } from 'hono/route';
import type { AppContext } from '../context';
import { isFramablePath } from '../modules/embeds';
import { requestIdFrom, runInRequest } from '../lib/request-scope';
import { accessLog } from './access';
import { AppError } from './errors';
import { mastodonErrorHandler, mastodonNotFound, ourErrorHandler, ourNotFound } from './error-shapes';
import type { UnhandledErrorHook } from './error-shapes';
import { mountMetrics } from './metrics';
import { csrf, identify } from './middleware';
import { readYourWrites } from './read-your-writes';
import { rejectNulInUrl } from './params';
import type { AppEnv } from './types';

/**
 * Powerful browser features: none for other origins, and only those our own pages use for us. The
 * places check-in asks for the position (geolocation) and scans a venue's QR code (camera); the
 * ambassador page copies a link (clipboard-write). Everything else, ad tracking included, is off.
 */
const PERMISSIONS_POLICY = {
  geolocation: ['self'],
  camera: ['self'],
  clipboardWrite: ['self'],
  microphone: [],
  payment: [],
  usb: [],
  serial: [],
  hid: [],
  bluetooth: [],
  midi: [],
  displayCapture: [],
  accelerometer: [],
  gyroscope: [],
  magnetometer: [],
  browsingTopics: [],
  joinAdInterestGroup: [],
  runAdAuction: [],
  attributionReporting: [],
  // FLoC's directive, older than browsing-topics; browsers that still know it read it.
  interestCohort: [],
} as NonNullable<Parameters<typeof secureHeaders>[0]>['permissionsPolicy'];

export type RouteModule = (app: Hono<AppEnv>, ctx: AppContext) => void;

/**
 * The routes of the two families: Mastodon's client API (its own sub-app, Mastodon's error shape)
 * and ours (JSON routes in our shape, pages).
 */
export type RouteTable = { mastodon: RouteModule[]; ours: RouteModule[] };

/**
 * Assembles the HTTP app: shared middleware, our routes, then the Mastodon sub-app with its own
 * error handler (Hono keeps a mounted app's handler on its routes). The result is a plain fetch
 * handler, so tests drive it with `app.request()` and no socket.
 */
export function createHttpApp(ctx: AppContext, routes: RouteTable, onError?: UnhandledErrorHook): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const mastodon = new Hono<AppEnv>();
  mastodon.onError(mastodonErrorHandler(onError));
  for (const register of routes.mastodon) register(mastodon, ctx);
  // Mastodon owns /api/v1/* and /api/v2/*: a path nobody serves there answers in its shape.
  for (const path of ['/api/v1/*', '/api/v2/*']) mastodon.all(path, mastodonNotFound);

  const ours = ourErrorHandler(onError);
  const mastodonShaped = mastodonErrorHandler(onError);
  const mastodonRoutes = new WeakSet<object>();
  // Errors raised by the shared middleware (a bad token, CSRF, body size, NUL bytes) answer in
  // the shape of the app whose route the request was headed for.
  app.onError((error, c) => (headedFor(c, mastodonRoutes) === 'mastodon' ? mastodonShaped : ours)(error, c));
  app.notFound(ourNotFound);
  // First: everything after it, the logs included, runs inside the request's scope.
  app.use('*', async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.header('X-Request-Id', requestId);
    await runInRequest({ requestId, primaryReads: false }, next);
  });
  app.use('*', accessLog(ctx.log));
  const csp = (frameAncestors: string[]) => ({
    defaultSrc: ["'self'"],
    // The places map's tiles come from the tile server the operator set (PLACES_TILE_URL).
    imgSrc: ["'self'", 'data:', 'blob:', () => tileImageSource(ctx.config.placesTileUrl)],
    styleSrc: ["'self'", "'unsafe-inline'"],
    scriptSrc: ["'self'"],
    connectSrc: ["'self'"],
    frameAncestors,
  });
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: csp(["'none'"]),
    crossOriginResourcePolicy: false,
    permissionsPolicy: PERMISSIONS_POLICY,
  });
  // The widgets under /embed/ are the only pages other sites may frame: no X-Frame-Options, and
  // their own Content-Security-Policy (the brand's allowed origins, set by the embeds module) is
  // kept; one that sets none still refuses every frame.
  const embedHeaders = secureHeaders({
    contentSecurityPolicy: csp(["'none'"]),
    crossOriginResourcePolicy: false,
    permissionsPolicy: PERMISSIONS_POLICY,
    xFrameOptions: false,
    overwrite: false,
  });
  app.use('*', (c, next) => (isFramablePath(c.req.path) ? embedHeaders(c, next) : pageHeaders(c, next)));
  app.use('*', async (c, next) => {
    // Mastodon web clients call the API from other origins with bearer tokens.
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/oauth/') || c.req.path.startsWith('/.well-known/')) {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Comptoir-Acting-For');
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      c.header('Access-Control-Expose-Headers', 'Link, X-RateLimit-Remaining, Retry-After, X-Request-Id');
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
  app.use('*', (c, next) => {
    // Hono's bodyLimit asks the request for its body stream, which makes the Node adapter build a
    // whole fetch Request (headers, signal, stream) on every request, /health included. GET and
    // HEAD have no body, and a declared length is checked from the header as bodyLimit would.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const upload = (c.req.header('content-type') ?? '').includes('multipart/form-data');
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      const max = upload ? uploadMax : ctx.config.bodyMaxBytes;
      return Number.parseInt(length, 10) > max ? tooLarge(max)() : next();
    }
    return upload ? uploadLimit(c, next) : plainLimit(c, next);
  });
  app.use('*', async (c, next) => {
    c.set('app', ctx);
    await next();
  });
  app.use('*', rejectNulInUrl);
  mountMetrics(app, ctx);
  app.use('*', identify(ctx));
  app.use('*', csrf(ctx));
  app.use('*', readYourWrites(ctx));
  for (const register of routes.ours) register(app, ctx);
  // Mounted after ours so that its catch-all 404 comes last; the handlers keep its error handler.
  const before = app.routes.length;
  app.route('/', mastodon);
  for (const route of app.routes.slice(before)) mastodonRoutes.add(route);
  return app;
}

/** The family of the route that would answer this request: the first matched handler's app. */
function headedFor(c: Context<AppEnv>, mastodonRoutes: WeakSet<object>): 'mastodon' | 'ours' {
  const handlers = matchedRoutes(c).filter((route) => route.method !== 'ALL' || mastodonRoutes.has(route));
  return handlers.length && mastodonRoutes.has(handlers[0]) ? 'mastodon' : 'ours';
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}
