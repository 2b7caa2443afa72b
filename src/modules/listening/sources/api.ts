/**
 * Sources JSON API (errors `{"error": {"code", "message"}}`): a brand's outside feeds, their
 * health, OPML import and export. Bearer tokens and session cookies both work; the service
 * decides who may (the brand's team; anyone else gets 404).
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { hitRateLimit } from '../../../http/rate-limit';
import { nowOf } from '../../../lib/clock';
import { unprocessable } from '../../../lib/errors';
import { getBrand } from '../../accounts';
import {
  ImportResult,
  OpmlUpload,
  presentSource,
  SourceCreate,
  SourceCreated,
  SourceEntity,
  SourceUpdate,
} from './api-schemas';
import { importOpml, OPML_MAX_ENTRIES, writeOpml } from './opml';
import {
  ADDS_PER_WINDOW,
  addSource,
  assertSourcesManager,
  fetchSourceNow,
  getSource,
  listSources,
  MAX_SOURCES_PER_BRAND,
  removeSource,
  renameSource,
  type SourcesContext,
} from './service';

const tags = ['Sources'];
const brand = z.object({ id: id('The brand’s account id', 'Brand') });
const source = z.object({ id: id('The brand’s source id', 'Source') });
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const team = 'The brand’s team only: anyone else gets 404. Managing needs owner, admin or community manager (403).';

const contracts = {
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/sources',
    tags,
    summary: 'The brand’s outside sources (feeds) with their health, by name',
    description: team,
    ...reader,
    request: { params: brand },
    responses: { 200: json(z.array(SourceEntity), 'Sources'), ...failures(401, 403, 404) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/brands/{id}/sources',
    tags,
    summary: 'Listen to a feed, or to the feed a page announces',
    description:
      `${team} The URL is fetched once to find the feed: 422 not_a_feed when neither it nor its page gives one, ` +
      '422 invalid_url (not http(s)), 422 private_url (a private address). A feed the brand already listens to ' +
      `is 409 source_exists (details.id names it). At most ${MAX_SOURCES_PER_BRAND} per brand (422 too_many_sources); ` +
      `at most ${ADDS_PER_WINDOW[0]} adds per brand in ${ADDS_PER_WINDOW[1] / 60} minutes (429).`,
    ...writer,
    request: { params: brand, body: body(SourceCreate) },
    responses: {
      201: json(SourceCreated, 'Exactly {id, url, name, status}'),
      ...failures(400, 401, 403, 404, 409, 422),
    },
  }),
  importOpml: route({
    method: 'post',
    path: '/api/v1/brands/{id}/sources/import',
    tags,
    summary: 'Add the feeds of an OPML file (multipart field "file")',
    description:
      `${team} Folders are flattened; entries naming their feed (xmlUrl) are added at once and fetched by the ` +
      'queue shortly after (the import itself fetches nothing). Feeds already there or listed twice are skipped; ' +
      'refused addresses are listed in errors. A file over 1 MB is 413 file_too_large; more than ' +
      `${OPML_MAX_ENTRIES} feeds is 422 too_many_entries; a file that is not OPML is 422 invalid_opml; ` +
      'in those cases nothing is added.',
    ...writer,
    request: { params: brand, body: body(OpmlUpload, { types: ['multipart/form-data'] }) },
    responses: { 200: json(ImportResult, '{added, skipped, errors}'), ...failures(400, 401, 403, 404, 413, 422) },
  }),
  exportOpml: route({
    method: 'get',
    path: '/api/v1/brands/{id}/sources.opml',
    tags,
    summary: 'The brand’s sources as an OPML 2.0 file, for a feed reader',
    description: team,
    ...reader,
    request: { params: brand },
    responses: {
      200: { description: 'OPML 2.0 (an attachment)', content: { 'text/x-opml': { schema: z.string() } } },
      ...failures(401, 403, 404),
    },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/sources/{id}',
    tags,
    summary: 'One of the brand’s sources',
    description: team,
    ...reader,
    request: { params: source },
    responses: { 200: json(SourceEntity, 'The source'), ...failures(401, 403, 404) },
  }),
  rename: route({
    method: 'patch',
    path: '/api/v1/sources/{id}',
    tags,
    summary: 'Rename a source (the name the brand’s team sees)',
    description: team,
    ...writer,
    request: { params: source, body: body(SourceUpdate) },
    responses: { 200: json(SourceEntity, 'The source'), ...failures(400, 401, 403, 404, 422) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/v1/sources/{id}',
    tags,
    summary: 'Stop listening to a source',
    description:
      `${team} The brand’s watches forget the items that came from it; the feed and its items are deleted ` +
      'when no other brand listens to it.',
    ...writer,
    request: { params: source },
    responses: { 200: json(z.object({}), 'Removed; an empty object'), ...failures(401, 403, 404) },
  }),
  fetch: route({
    method: 'post',
    path: '/api/v1/sources/{id}/fetch',
    tags,
    summary: 'Fetch a source now (queued at once; one waiting fetch per feed)',
    description: team,
    ...writer,
    request: { params: source },
    responses: { 202: json(SourceEntity, 'Queued; the source as it is now'), ...failures(401, 403, 404) },
  }),
};

export const sourceApiRoutes: RouteModule = (app, ctx) => {
  const s: SourcesContext = ctx;
  const brandOf = (brandId: string) => getBrand(ctx, brandId.toLowerCase());

  mount(app, contracts.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    const b = await brandOf(c.req.valid('param').id);
    return c.json((await listSources(s, viewer.accountId, b.id)).map(presentSource), 200);
  });

  mount(app, contracts.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const b = await brandOf(c.req.valid('param').id);
    await assertSourcesManager(s, viewer.accountId, b.id);
    await hitRateLimit(ctx.db, `source-add:${b.id}`, ADDS_PER_WINDOW);
    const made = await addSource(s, viewer.accountId, b.id, c.req.valid('json'));
    return c.json({ id: made.id, url: made.url, name: made.name, status: made.status }, 201);
  });

  mount(app, contracts.importOpml, async (c) => {
    const viewer = requireViewer(c, 'write');
    const b = await brandOf(c.req.valid('param').id);
    const { file } = c.req.valid('json');
    if (!(file instanceof Blob))
      throw unprocessable('file_missing', 'Send the OPML file as the multipart field "file"', { field: 'file' });
    return c.json(await importOpml(s, viewer.accountId, b.id, new Uint8Array(await file.arrayBuffer())), 200);
  });

  mount(app, contracts.exportOpml, async (c) => {
    const viewer = requireViewer(c, 'read');
    const b = await brandOf(c.req.valid('param').id);
    const list = await listSources(s, viewer.accountId, b.id);
    const xml = writeOpml(`Comptoir · ${b.displayName || b.username}`, list, nowOf(ctx));
    return c.body(xml, 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': `attachment; filename="sources-${b.username}.opml"`,
      'cache-control': 'private, no-store',
    });
  });

  mount(app, contracts.show, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(presentSource(await getSource(s, viewer.accountId, c.req.valid('param').id)), 200);
  });

  mount(app, contracts.rename, async (c) => {
    const viewer = requireViewer(c, 'write');
    const renamed = await renameSource(s, viewer.accountId, c.req.valid('param').id, c.req.valid('json'));
    return c.json(presentSource(renamed), 200);
  });

  mount(app, contracts.remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    await removeSource(s, viewer.accountId, c.req.valid('param').id);
    return c.json({}, 200);
  });

  mount(app, contracts.fetch, async (c) => {
    const viewer = requireViewer(c, 'write');
    return c.json(presentSource(await fetchSourceNow(s, viewer.accountId, c.req.valid('param').id)), 202);
  });
};
