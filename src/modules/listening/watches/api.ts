/**
 * Watches JSON API (errors `{"error": {"code", "message"}}`), the private feeds, and the
 * propagation of a post. Described in the OpenAPI document from the zod schemas that check the
 * requests; the service checks the rules and who may do what.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { notFound } from '../../../http/errors';
import { requireViewer } from '../../../http/middleware';
import { errors, parseParams, registerOperations, registerSchema } from '../../../http/openapi';
import { int, queryParams, readParams, str } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { getBrand } from '../../accounts';
import { watchFeed } from './feeds';
import { presentPropagation, propagationOf } from './propagation';
import { alertModes } from './schema';
import { checkDays, shareOfVoice, watchStats } from './stats';
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

type Ctx = Context<AppEnv>;

// Schemas -------------------------------------------------------------------------------------------

export const WatchCreate = z.object({
  name: z.string().meta({ maxLength: 100, description: 'What the team calls it: the brand, a product, a competitor, a campaign' }),
  query: z.string().meta({ maxLength: 500, description: 'A search query (same language as search: words, "phrases", OR, -exclusion, #tag, @handle, from:, lang:, since:, until:…)' }),
});

const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])]);
export const WatchUpdate = z.object({
  name: z.string().meta({ maxLength: 100 }).optional(),
  query: z.string().meta({ maxLength: 500 }).optional(),
  active: flag.optional().meta({ description: 'Inactive watches record nothing' }),
  alert_mode: z.string().meta({ enum: [...alertModes], description: 'none, immediate (each batch of new matches) or digest (once a day, previous UTC day)' }).optional(),
  alert_in_app: flag.optional().meta({ description: 'Notify the brand’s team in the app' }),
  alert_email: flag.optional().meta({ description: 'E-mail the brand’s team' }),
  alert_webhook: flag.optional().meta({ description: 'Send watch.match / watch.digest / watch.crisis to the brand’s webhook endpoints subscribed to *' }),
  spike_k: z.union([z.number(), z.string()]).optional().meta({ description: 'Crisis threshold in standard deviations above the 7-day baseline (0.5–10, default 2)' }),
  spike_min_count: z.union([z.number(), z.string()]).optional().meta({ description: 'A crisis needs at least this many negative matches in 24 h (default 5)' }),
});

const feedLinks = { rss_url: { type: 'string', format: 'uri' }, atom_url: { type: 'string', format: 'uri' } };
const createdSchema = registerSchema('WatchCreated', {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, ...feedLinks },
  required: ['id', 'rss_url', 'atom_url'],
  additionalProperties: false,
});
const watchSchema = registerSchema('Watch', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    brand_id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    query: { type: 'string' },
    active: { type: 'boolean' },
    alerts: { type: 'object', properties: { mode: { type: 'string', enum: [...alertModes] }, in_app: { type: 'boolean' }, email: { type: 'boolean' }, webhook: { type: 'boolean' } } },
    spike: { type: 'object', properties: { k: { type: 'number' }, min_count: { type: 'integer' }, crisis_since: { type: ['string', 'null'], format: 'date-time' } } },
    ...feedLinks,
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'brand_id', 'name', 'query', 'rss_url', 'atom_url'],
});
const sentimentSchema = { type: 'object', properties: { label: { type: 'string', enum: ['positive', 'neutral', 'negative'] }, score: { type: 'number', minimum: -1, maximum: 1 } }, required: ['label', 'score'] };
const matchSchema = registerSchema('WatchMatch', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'The item’s id (a post or a review); also the paging key' },
    type: { type: 'string', enum: ['status', 'review'] },
    status_id: { type: ['string', 'null'] },
    review_id: { type: ['string', 'null'] },
    url: { type: ['string', 'null'], format: 'uri' },
    text: { type: 'string' },
    language: { type: ['string', 'null'] },
    author: { type: ['object', 'null'], properties: { id: { type: 'string' }, username: { type: 'string' }, display_name: { type: 'string' }, reach: { type: 'integer', description: 'Followers when matched' } } },
    sentiment: sentimentSchema,
    created_at: { type: 'string', format: 'date-time' },
    matched_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'type', 'sentiment', 'created_at'],
});
const count = { type: 'integer' };
const statsSchema = registerSchema('WatchStats', {
  type: 'object',
  properties: {
    days: count,
    totals: { type: 'object', properties: { total: count, positive: count, neutral: count, negative: count } },
    series: { type: 'array', items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, total: count, positive: count, neutral: count, negative: count } } },
    top_voices: { type: 'array', items: { type: 'object', properties: { account_id: { type: 'string' }, username: { type: 'string' }, display_name: { type: 'string' }, reach: count, items: count } } },
    top_words: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, count } } },
    top_hashtags: { type: 'array', items: { type: 'object', properties: { word: { type: 'string' }, count } } },
  },
});
const shareSchema = registerSchema('ShareOfVoice', {
  type: 'array',
  items: { type: 'object', properties: { watch_id: { type: 'string' }, name: { type: 'string' }, count, share: { type: 'number', minimum: 0, maximum: 1 } } },
});
const cascadeSchema = registerSchema('CascadeNode', {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['root', 'repost', 'quote', 'reply'] },
    created_at: { type: 'string', format: 'date-time' },
    url: { type: 'string', format: 'uri' },
    account: { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, display_name: { type: 'string' }, followers_count: count } },
    text: { type: 'string' },
    children: { type: 'array', items: { $ref: '#/components/schemas/CascadeNode' } },
  },
});
const propagationSchema = registerSchema('Propagation', {
  type: 'object',
  properties: {
    root: cascadeSchema,
    counts: { type: 'object', properties: { reposts: count, quotes: count, replies: count, accounts: count } },
    total_reach: count,
    truncated: { type: 'boolean' },
    reach: { type: 'array', items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, account_id: { type: 'string' }, kind: { type: 'string' }, followers: count, cumulative: count } } },
  },
});

const tags = ['Watches'];
const brandId = { name: 'id', in: 'path' as const, description: 'The brand’s account id', schema: { type: 'string', format: 'uuid' } };
const watchId = { name: 'watch_id', in: 'path' as const, schema: { type: 'string', format: 'uuid' } };
const days = { name: 'days', in: 'query' as const, description: 'Window in UTC days (1–90, default 30)', schema: { type: 'integer' } };
const read = { auth: 'user' as const, scopes: ['read'] };
const write = { auth: 'user' as const, scopes: ['write'] };
const teamOnly = 'Members of the brand’s team only (403 for others; another brand’s watch id is 404).';

registerOperations([
  { method: 'get', path: '/api/v1/brands/{id}/watches', tags, summary: 'The brand’s watches, newest first', description: teamOnly, ...read, parameters: [brandId], responses: { 200: { description: 'Watches', schema: { type: 'array', items: watchSchema } }, ...errors(401, 403, 404) } },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/watches',
    tags,
    summary: 'Save a query as a watch; answers its private feed URLs',
    description: 'Owner, admin or community manager. A malformed query is 400 invalid_query naming the problem. The feed URLs carry a secret token; rotate_token revokes it.',
    ...write,
    parameters: [brandId],
    body: { schema: WatchCreate },
    responses: { 201: { description: 'Exactly {id, rss_url, atom_url}', schema: createdSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  { method: 'get', path: '/api/v1/brands/{id}/watches/share_of_voice', tags, summary: 'Share of voice between the brand’s watches over a window', description: teamOnly, ...read, parameters: [brandId, days], responses: { 200: { description: 'Per watch: matches and share', schema: shareSchema }, ...errors(400, 401, 403, 404) } },
  { method: 'get', path: '/api/v1/brands/{id}/watches/{watch_id}', tags, summary: 'One watch', description: teamOnly, ...read, parameters: [brandId, watchId], responses: { 200: { description: 'The watch', schema: watchSchema }, ...errors(401, 403, 404) } },
  { method: 'patch', path: '/api/v1/brands/{id}/watches/{watch_id}', tags, summary: 'Edit a watch: name, query, active, alerts, crisis threshold', ...write, parameters: [brandId, watchId], body: { schema: WatchUpdate }, responses: { 200: { description: 'The watch', schema: watchSchema }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'delete', path: '/api/v1/brands/{id}/watches/{watch_id}', tags, summary: 'Delete a watch, its matches and alerts', ...write, parameters: [brandId, watchId], responses: { 200: { description: 'Deleted; an empty object', schema: { type: 'object' } }, ...errors(401, 403, 404) } },
  { method: 'post', path: '/api/v1/brands/{id}/watches/{watch_id}/rotate_token', tags, summary: 'Revoke the feed token at once and answer new feed URLs', ...write, parameters: [brandId, watchId], responses: { 200: { description: '{id, rss_url, atom_url}', schema: createdSchema }, ...errors(401, 403, 404) } },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/watches/{watch_id}/matches',
    tags,
    summary: 'Matches, newest first, with their sentiment',
    description: `${teamOnly} Keyset paging: max_id (an item id) and limit (1–100, default 20); a Link header names the next page. Deleted posts are gone.`,
    ...read,
    parameters: [brandId, watchId, { name: 'max_id', in: 'query', schema: { type: 'string', format: 'uuid' } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }],
    responses: { 200: { description: 'Matches', schema: { type: 'array', items: matchSchema } }, ...errors(400, 401, 403, 404) },
  },
  { method: 'get', path: '/api/v1/brands/{id}/watches/{watch_id}/stats', tags, summary: 'Dashboard data: volume and sentiment per day, top voices, words, hashtags', description: teamOnly, ...read, parameters: [brandId, watchId, days], responses: { 200: { description: 'Stats', schema: statsSchema }, ...errors(400, 401, 403, 404) } },
  {
    method: 'get',
    path: '/api/v1/statuses/{id}/propagation',
    tags,
    summary: 'The cascade of reposts, quotes and replies of a post, and its cumulative reach',
    description: 'Only what the caller may see: a hidden post hides its branch. Reach counts each sharing account’s followers once, in time order.',
    auth: 'optional',
    parameters: [{ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } }],
    responses: { 200: { description: 'The cascade', schema: propagationSchema }, ...errors(404) },
  },
  {
    method: 'get',
    path: '/watches/{watch_id}/feed.rss',
    tags,
    summary: 'RSS 2.0 feed of a watch’s newest matches (private: needs ?token=)',
    auth: 'none',
    parameters: [watchId, { name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
    responses: { 200: { description: 'RSS 2.0 (with an ETag)', contentType: 'application/rss+xml' }, 304: { description: 'Not modified since the If-None-Match ETag' }, 404: { description: 'Unknown watch, or a missing, wrong or revoked token' } },
  },
  {
    method: 'get',
    path: '/watches/{watch_id}/feed.atom',
    tags,
    summary: 'Atom 1.0 feed of a watch’s newest matches (private: needs ?token=)',
    auth: 'none',
    parameters: [watchId, { name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
    responses: { 200: { description: 'Atom 1.0 (with an ETag)', contentType: 'application/atom+xml' }, 304: { description: 'Not modified since the If-None-Match ETag' }, 404: { description: 'Unknown watch, or a missing, wrong or revoked token' } },
  },
]);

// Routes ----------------------------------------------------------------------------------------------

export function watchesContext(ctx: { db: WatchesContext['db']; config: WatchesContext['config']; secret: string }): WatchesContext {
  return { db: ctx.db, config: ctx.config, secret: ctx.secret };
}

export const watchApiRoutes: RouteModule = (app, ctx) => {
  const w = watchesContext(ctx);
  const brandOf = async (c: Ctx) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Brand');
    return getBrand(w, id.toLowerCase());
  };

  app.get('/api/v1/brands/:id/watches', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    const rows = await listWatches(w, viewer.accountId, brand.id);
    return c.json(rows.map((row) => presentWatch(w, row)));
  });

  app.post('/api/v1/brands/:id/watches', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(WatchCreate, await readParams(c));
    const watch = await createWatch(w, viewer.accountId, brand.id, input);
    return c.json({ id: watch.id, ...feedUrls(w, watch) }, 201);
  });

  app.get('/api/v1/brands/:id/watches/share_of_voice', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    await assertWatchReader(w, viewer.accountId, brand.id);
    return c.json(await shareOfVoice(w.db, brand.id, checkDays(c.req.query('days'))));
  });

  app.get('/api/v1/brands/:id/watches/:watch_id', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    return c.json(presentWatch(w, await getWatch(w, viewer.accountId, brand.id, c.req.param('watch_id'))));
  });

  app.patch('/api/v1/brands/:id/watches/:watch_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const input = parseParams(WatchUpdate, await readParams(c));
    return c.json(presentWatch(w, await updateWatch(w, viewer.accountId, brand.id, c.req.param('watch_id'), input)));
  });

  app.delete('/api/v1/brands/:id/watches/:watch_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    await deleteWatch(w, viewer.accountId, brand.id, c.req.param('watch_id'));
    return c.json({});
  });

  app.post('/api/v1/brands/:id/watches/:watch_id/rotate_token', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = await brandOf(c);
    const watch = await rotateToken(w, viewer.accountId, brand.id, c.req.param('watch_id'));
    return c.json({ id: watch.id, ...feedUrls(w, watch) });
  });

  app.get('/api/v1/brands/:id/watches/:watch_id/matches', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    const q = queryParams(c);
    const limit = int(q, 'limit', { min: 1, max: 100 }) ?? 20;
    const { watch, matches } = await listMatches(w, viewer.accountId, brand.id, c.req.param('watch_id'), { maxId: str(q, 'max_id'), limit });
    if (matches.length > 0) {
      const next = `${ctx.config.publicUrl}/api/v1/brands/${brand.id}/watches/${watch.id}/matches?limit=${limit}&max_id=${matches[matches.length - 1].item_id}`;
      c.header('Link', `<${next}>; rel="next"`);
    }
    return c.json(matches.map((m) => presentMatch(w, m)));
  });

  app.get('/api/v1/brands/:id/watches/:watch_id/stats', async (c) => {
    const viewer = requireViewer(c, 'read');
    const brand = await brandOf(c);
    const watch = await getWatch(w, viewer.accountId, brand.id, c.req.param('watch_id'));
    return c.json(await watchStats(w.db, watch.id, checkDays(c.req.query('days'))));
  });

  app.get('/api/v1/statuses/:id/propagation', async (c) => {
    const viewer = c.get('viewer');
    const viewerId = viewer ? (viewer.actingForId ?? viewer.accountId) : null;
    const p = await propagationOf(w.db, viewerId, c.req.param('id'));
    return c.json(presentPropagation(ctx.config.publicUrl, p));
  });

  for (const format of ['rss', 'atom'] as const) {
    app.get(`/watches/:watch_id/feed.${format}`, async (c) => {
      const locale = c.get('locale') === 'en' ? 'en' : 'fr';
      const { xml, etag } = await watchFeed(w, c.req.param('watch_id'), c.req.query('token'), format, locale, c.req.header('if-none-match'));
      c.header('Cache-Control', 'private, no-cache');
      c.header('X-Robots-Tag', 'noindex');
      c.header('ETag', etag);
      if (xml === null) return c.body(null, 304);
      return c.body(xml, 200, { 'content-type': format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8' });
    });
  }
};
