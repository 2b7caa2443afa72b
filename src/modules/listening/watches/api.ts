/**
 * Watches JSON API (errors `{"error": {"code", "message"}}`), the private feeds, and the
 * propagation of a post. Each route is a contract (src/http/contract.ts): its schemas check the
 * requests, type the handlers and describe it in the OpenAPI document; the service checks the
 * rules and who may do what.
 */
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, int, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { getBrand } from '../../accounts';
import { watchFeed } from './feeds';
import {
  Propagation,
  ShareOfVoice,
  WatchCreate,
  WatchCreated,
  WatchEntity,
  WatchMatch,
  WatchStats,
  WatchUpdate,
} from './api-schemas';

import { presentPropagation, propagationOf } from './propagation';
import { MAX_DAYS, shareOfVoice } from './stats';
import { dashboardStats } from './stats-cache';
import {
  assertWatchReader,
  createWatch,
  deleteWatch,
  feedUrls,
  getWatch,
  listMatches,
  listWatches,
  presentMatch,
  presentWatch,
  rotateToken,
  updateWatch,
  type WatchesContext,
} from './watches';

export { WatchCreate, WatchUpdate };

// Contracts ---------------------------------------------------------------------------------------

const tags = ['Watches'];
const brand = z.object({ id: id('The brand’s account id', 'Brand') });
const watch = brand.extend({ watch_id: id('The watch', 'Watch') });
const days = z.object({ days: int(1, MAX_DAYS, 'Window in UTC days (1–90, default 30)') });
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const teamOnly = 'Members of the brand’s team only (403 for others; another brand’s watch id is 404).';
const feedResponses = (type: string, what: string) => ({
  200: { description: `${what} (with an ETag)`, content: { [type]: { schema: z.string() } } },
  304: { description: 'Not modified since the If-None-Match ETag' },
  404: { description: 'Unknown watch, or a missing, wrong or revoked token' },
});

const list = route({
  method: 'get',
  path: '/api/v1/brands/{id}/watches',
  tags,
  summary: 'The brand’s watches, newest first',
  description: teamOnly,
  ...reader,
  request: { params: brand },
  responses: { 200: json(z.array(WatchEntity), 'Watches'), ...failures(401, 403, 404) },
});
const create = route({
  method: 'post',
  path: '/api/v1/brands/{id}/watches',
  tags,
  summary: 'Save a query as a watch; answers its private feed URLs',
  description:
    'Owner, admin or community manager. A malformed query is 400 invalid_query naming the problem. The feed ' +
    'URLs carry a secret token; rotate_token revokes it.',
  ...writer,
  request: { params: brand, body: body(WatchCreate) },
  responses: { 201: json(WatchCreated, 'Exactly {id, rss_url, atom_url}'), ...failures(400, 401, 403, 404, 422) },
});
const share = route({
  method: 'get',
  path: '/api/v1/brands/{id}/watches/share_of_voice',
  tags,
  summary: 'Share of voice between the brand’s watches over a window',
  description: teamOnly,
  ...reader,
  request: { params: brand, query: days },
  responses: { 200: json(ShareOfVoice, 'Per watch: matches and share'), ...failures(400, 401, 403, 404) },
});
const show = route({
  method: 'get',
  path: '/api/v1/brands/{id}/watches/{watch_id}',
  tags,
  summary: 'One watch',
  description: teamOnly,
  ...reader,
  request: { params: watch },
  responses: { 200: json(WatchEntity, 'The watch'), ...failures(401, 403, 404) },
});
const edit = route({
  method: 'patch',
  path: '/api/v1/brands/{id}/watches/{watch_id}',
  tags,
  summary: 'Edit a watch: name, query, active, alerts, crisis threshold',
  ...writer,
  request: { params: watch, body: body(WatchUpdate) },
  responses: { 200: json(WatchEntity, 'The watch'), ...failures(400, 401, 403, 404, 422) },
});
const remove = route({
  method: 'delete',
  path: '/api/v1/brands/{id}/watches/{watch_id}',
  tags,
  summary: 'Delete a watch, its matches and alerts',
  ...writer,
  request: { params: watch },
  responses: { 200: json(z.object({}), 'Deleted; an empty object'), ...failures(401, 403, 404) },
});
const rotate = route({
  method: 'post',
  path: '/api/v1/brands/{id}/watches/{watch_id}/rotate_token',
  tags,
  summary: 'Revoke the feed token at once and answer new feed URLs',
  ...writer,
  request: { params: watch },
  responses: { 200: json(WatchCreated, '{id, rss_url, atom_url}'), ...failures(401, 403, 404) },
});
const matches = route({
  method: 'get',
  path: '/api/v1/brands/{id}/watches/{watch_id}/matches',
  tags,
  summary: 'Matches, newest first, with their sentiment',
  description:
    `${teamOnly} Keyset paging: max_id (an item id) and limit (1–100, default 20); ` +
    'a Link header names the next page. Deleted posts are gone.',
  ...reader,
  request: {
    params: watch,
    query: z.object({ max_id: z.string().refine(isUuid).meta({ format: 'uuid' }).optional(), limit: int(1, 100) }),
  },
  responses: { 200: json(z.array(WatchMatch), 'Matches'), ...failures(400, 401, 403, 404) },
});
const stats = route({
  method: 'get',
  path: '/api/v1/brands/{id}/watches/{watch_id}/stats',
  tags,
  summary: 'Dashboard data: volume and sentiment per day, top voices, words, hashtags',
  description: teamOnly,
  ...reader,
  request: { params: watch, query: days },
  responses: { 200: json(WatchStats, 'Stats'), ...failures(400, 401, 403, 404) },
});
const propagation = route({
  method: 'get',
  path: '/api/v1/statuses/{id}/propagation',
  tags,
  summary: 'The cascade of reposts, quotes and replies of a post, and its cumulative reach',
  description:
    'Only what the caller may see: a hidden post hides its branch. Reach counts each sharing account’s ' +
    'followers once, in time order.',
  auth: 'optional',
  request: { params: z.object({ id: id('The post', 'Status') }) },
  responses: { 200: json(Propagation, 'The cascade'), ...failures(404) },
});
const feed = (format: 'rss' | 'atom') =>
  route({
    method: 'get',
    path: `/watches/{watch_id}/feed.${format}`,
    tags,
    summary: `${format === 'rss' ? 'RSS 2.0' : 'Atom 1.0'} feed of a watch’s newest matches (private: needs ?token=)`,
    request: {
      params: z.object({ watch_id: id('The watch', 'Watch') }),
      query: z.object({ token: z.string().optional().meta({ description: 'The feed’s secret token (required)' }) }),
    },
    responses: feedResponses(
      format === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
      format === 'rss' ? 'RSS 2.0' : 'Atom 1.0',
    ),
  });

// Routes ----------------------------------------------------------------------------------------------

export function watchesContext(ctx: {
  db: WatchesContext['db'];
  config: WatchesContext['config'];
  secret: string;
}): WatchesContext {
  return { db: ctx.db, config: ctx.config, secret: ctx.secret };
}

export const watchApiRoutes: RouteModule = (app, ctx) => {
  const w = watchesContext(ctx);
  const brandOf = async (brandId: string) => getBrand(w, brandId.toLowerCase());

  mount(app, list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c.req.valid('param').id);
    const rows = await listWatches(w, viewer.accountId, brand.id);
    return c.json(
      rows.map((row) => presentWatch(w, row)),
      200,
    );
  });

  mount(app, create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c.req.valid('param').id);
    const watch = await createWatch(w, viewer.accountId, brand.id, c.req.valid('json'));
    return c.json({ id: watch.id, ...feedUrls(w, watch) }, 201);
  });

  mount(app, share, async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c.req.valid('param').id);
    await assertWatchReader(w, viewer.accountId, brand.id);
    return c.json(await shareOfVoice(w.db, brand.id, c.req.valid('query').days ?? 30), 200);
  });

  mount(app, show, async (c) => {
    const viewer = requireViewer(c, 'read');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    return c.json(presentWatch(w, await getWatch(w, viewer.accountId, brand.id, watch_id)), 200);
  });

  mount(app, edit, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    return c.json(
      presentWatch(w, await updateWatch(w, viewer.accountId, brand.id, watch_id, c.req.valid('json'))),
      200,
    );
  });

  mount(app, remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    await deleteWatch(w, viewer.accountId, brand.id, watch_id);
    return c.json({}, 200);
  });

  mount(app, rotate, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    const watch = await rotateToken(w, viewer.accountId, brand.id, watch_id);
    return c.json({ id: watch.id, ...feedUrls(w, watch) }, 200);
  });

  mount(app, matches, async (c) => {
    const viewer = requireViewer(c, 'read');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    const query = c.req.valid('query');
    const limit = query.limit ?? 20;
    const { watch, matches: rows } = await listMatches(w, viewer.accountId, brand.id, watch_id, {
      maxId: query.max_id,
      limit,
    });
    if (rows.length > 0) {
      const page = `limit=${limit}&max_id=${rows[rows.length - 1].item_id}`;
      const next = `${ctx.config.publicUrl}/api/v1/brands/${brand.id}/watches/${watch.id}/matches?${page}`;
      c.header('Link', `<${next}>; rel="next"`);
    }
    return c.json(
      rows.map((m) => presentMatch(w, m)),
      200,
    );
  });

  mount(app, stats, async (c) => {
    const viewer = requireViewer(c, 'read');
    const { id: brandId, watch_id } = c.req.valid('param');
    const brand = await brandOf(brandId);
    const watch = await getWatch(w, viewer.accountId, brand.id, watch_id);
    return c.json(await dashboardStats(ctx.reads, watch.id, c.req.valid('query').days ?? 30), 200);
  });

  mount(app, propagation, async (c) => {
    const viewer = c.get('viewer');
    const viewerId = viewer ? (viewer.actingForId ?? viewer.accountId) : null;
    const p = await propagationOf(w.db, viewerId, c.req.valid('param').id);
    // presentCascade types its recursive nodes loosely; the contract test checks them against CascadeNode.
    return c.json(presentPropagation(ctx.config.publicUrl, p) as unknown as z.input<typeof Propagation>, 200);
  });

  for (const format of ['rss', 'atom'] as const) {
    mount(app, feed(format), async (c) => {
      const locale = c.get('locale') === 'en' ? 'en' : 'fr';
      const { xml, etag } = await watchFeed(
        { ...w, reads: ctx.reads },
        c.req.valid('param').watch_id,
        c.req.valid('query').token,
        format,
        locale,
        c.req.header('if-none-match'),
      );
      c.header('Cache-Control', 'private, no-cache');
      c.header('X-Robots-Tag', 'noindex');
      c.header('ETag', etag);
      if (xml === null) return c.body(null, 304);
      return c.body(xml, 200, {
        'content-type': format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
      });
    });
  }
};
