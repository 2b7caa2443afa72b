/**
 * The funnel's taps on other modules' pages, as middleware that lets the page answer first and
 * only pushes into the in-memory buffer (reach.ts) once it answered 200: the buy dialog or form
 * (GET /checkout/now with a source: a card opened and Buy pressed), a post's page seen signed out
 * (signed-in viewers are counted by the post extension), a pop-up's page. These must be mounted
 * before the pages they watch (src/http/routes.ts lists analytics' taps before social).
 */
import { createHash } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { clientIp } from '../../../http/middleware';
import type { AppEnv } from '../../../http/types';
import { REFERRAL_COOKIE } from '../../commerce';
import { noteTaps, noteViews, type Tap } from './reach';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const isUuid = (s: string | undefined): s is string => !!s && new RegExp(`^${UUID}$`).test(s);

/** A signed-out viewer: IP and user agent, hashed at once (the day's salt is applied at flush). */
const anonymous = (c: Context<AppEnv>) =>
  `anon:${createHash('sha256')
    .update(`${clientIp(c)}\0${c.req.header('user-agent') ?? ''}`)
    .digest('hex')}`;

export const funnelTaps: RouteModule = (app, ctx) => {
  app.use('/checkout/now', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    const source = c.req.query('source_status_id');
    const popup = c.req.query('popup_id');
    const visitor = getCookie(c, REFERRAL_COOKIE);
    const variantId = c.req.query('variant_id');
    const taps: Omit<Tap, 'at'>[] = [];
    const both = (t: Omit<Tap, 'at' | 'metric'>) =>
      taps.push({ ...t, metric: 'card_opens' }, { ...t, metric: 'buy_clicks' });
    if (isUuid(source)) both({ kind: 'status', id: source.toLowerCase(), variantId });
    if (isUuid(popup)) both({ kind: 'popup', id: popup.toLowerCase() });
    if (visitor && isUuid(variantId)) taps.push({ kind: 'visitor', id: visitor, variantId, metric: 'buy_clicks' });
    noteTaps(ctx.db, taps);
  });

  // A post's page: only signed-out readers here; the post extension counts everyone signed in.
  app.use(`/:handle{@[A-Za-z0-9_]{1,30}}/:id{${UUID}}`, async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200 || c.get('viewer')) return;
    noteViews(ctx.db, 'status', [c.req.param('id').toLowerCase()], anonymous(c));
  });

  app.use(`/popups/:id{${UUID}}`, async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    const viewer = c.get('viewer')?.accountId ?? anonymous(c);
    noteViews(ctx.db, 'popup', [c.req.param('id').toLowerCase()], viewer);
  });
};
