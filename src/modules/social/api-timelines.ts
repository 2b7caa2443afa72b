/**
 * Mastodon timelines (home, public, hashtag), favourites and bookmarks: skeleton → loadVisible →
 * present, with Mastodon's `Link` header on every page. Each route is a contract (src/http/contract.ts).
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { flag, json, mastodonFailures, mount, route } from '../../http/contract';
import { requireViewer, viewerOf } from '../../http/middleware';
import { entitySchema, pageOf, pageQuery } from './api-contract-shared';
import { normalizeTagParam, statusList } from './api-shared';
import { StatusEntity } from './entities-status';
import { homeSkeleton, localSkeleton, reactionSkeleton, tagSkeleton } from './timelines';

// Kept here for the routes that import it from this file; it lives in api-shared.ts, which builds no
// contract while modules load (streaming.ts reaches it from the module's index).
export { normalizeTagParam } from './api-shared';

const tags = ['Mastodon: timelines'];
const reader = { auth: 'user' as const, scope: 'read' as const };
/** A page of posts, newest first; the `Link` header names the next and previous pages. */
export const statusPage = {
  200: json(z.array(entitySchema(StatusEntity)), 'Statuses, newest first (Link header: next and prev pages)'),
};
const filters = {
  local: flag('Only local posts (every post is local for now)'),
  remote: flag('Only remote posts: empty until federation'),
  only_media: flag('Only posts with images'),
};

const contracts = {
  home: route({
    method: 'get',
    path: '/api/v1/timelines/home',
    tags,
    summary: 'Home: posts of the accounts one follows, and one’s own',
    ...reader,
    request: { query: z.object(pageQuery()) },
    responses: { ...statusPage, ...mastodonFailures(400, 401, 403) },
  }),
  public: route({
    method: 'get',
    path: '/api/v1/timelines/public',
    tags,
    summary: 'Public posts of this server',
    auth: 'optional',
    request: { query: z.object({ ...filters, ...pageQuery() }) },
    responses: { ...statusPage, ...mastodonFailures(400) },
  }),
  tag: route({
    method: 'get',
    path: '/api/v1/timelines/tag/{hashtag}',
    tags,
    summary: 'Public posts with a hashtag',
    auth: 'optional',
    request: {
      params: z.object({ hashtag: z.string().meta({ description: 'Without the #, any case' }) }),
      query: z.object({ ...filters, ...pageQuery() }),
    },
    responses: { ...statusPage, ...mastodonFailures(400) },
  }),
};

const reactionPage = (table: 'favourites' | 'bookmarks') =>
  route({
    method: 'get',
    path: `/api/v1/${table}`,
    tags,
    summary: table === 'favourites' ? 'The posts one liked, last liked first' : 'The posts one bookmarked',
    ...reader,
    request: { query: z.object(pageQuery()) },
    responses: { ...statusPage, ...mastodonFailures(400, 401, 403) },
  });

export const timelineRoutes: RouteModule = (app, ctx) => {
  mount(app, contracts.home, async (c) => {
    const viewer = requireViewer(c, 'read');
    const page = pageOf(c.req.valid('query'));
    return statusList(c, ctx, viewer.accountId, await homeSkeleton(ctx.reads, viewer.accountId, page));
  });

  mount(app, contracts.public, async (c) => {
    const q = c.req.valid('query');
    const viewerId = viewerOf(c)?.accountId ?? null;
    // Every post here is local for now: remote=true (federated only) is empty until federation lands.
    const ids =
      q.remote && !q.local ? [] : await localSkeleton(ctx.reads, { ...pageOf(q), onlyMedia: q.only_media, viewerId });
    return statusList(c, ctx, viewerId, ids);
  });

  mount(app, contracts.tag, async (c) => {
    const q = c.req.valid('query');
    const tag = normalizeTagParam(c.req.valid('param').hashtag);
    const viewerId = viewerOf(c)?.accountId ?? null;
    const ids =
      q.remote && !q.local
        ? []
        : await tagSkeleton(ctx.reads, tag, { ...pageOf(q), onlyMedia: q.only_media, viewerId });
    return statusList(c, ctx, viewerId, ids);
  });

  for (const table of ['favourites', 'bookmarks'] as const) {
    mount(app, reactionPage(table), async (c) => {
      const viewer = requireViewer(c, 'read');
      const page = pageOf(c.req.valid('query'));
      const { ids, cursors } = await reactionSkeleton(ctx.db, table, viewer.accountId, page);
      // One's own list keeps posts of accounts one has since muted; visibility still applies.
      return statusList(c, ctx, viewer.accountId, ids, { keepMuted: true, cursors });
    });
  }
};
