/**
 * Mastodon timelines (home, public, hashtag), favourites and bookmarks: skeleton → loadVisible →
 * present, with Mastodon's `Link` header on every page.
 */
import type { RouteModule } from '../../http/app';
import { badRequest } from '../../http/errors';
import { requireViewer, viewerOf } from '../../http/middleware';
import { bool, queryParams } from '../../http/params';
import { pageParams, statusList } from './api-shared';
import { homeSkeleton, localSkeleton, reactionSkeleton, tagSkeleton } from './timelines';

/** A hashtag as stored: no leading #, NFC, lower case. */
export function normalizeTagParam(raw: string): string {
  const tag = raw.replace(/^#/, '').normalize('NFC').toLowerCase();
  if (!tag || tag.length > 100 || /[\s#]/.test(tag)) throw badRequest('invalid_param', 'Not a valid hashtag');
  return tag;
}

export const timelineRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/timelines/home', async (c) => {
    const viewer = requireViewer(c, 'read');
    const page = pageParams(queryParams(c));
    return statusList(c, ctx, viewer.accountId, await homeSkeleton(ctx.db, viewer.accountId, page));
  });

  app.get('/api/v1/timelines/public', async (c) => {
    const q = queryParams(c);
    const page = pageParams(q);
    const viewerId = viewerOf(c)?.accountId ?? null;
    // Every post here is local for now: remote=true (federated only) is empty until federation lands.
    const ids =
      bool(q, 'remote') && !bool(q, 'local')
        ? []
        : await localSkeleton(ctx.db, { ...page, onlyMedia: bool(q, 'only_media') });
    return statusList(c, ctx, viewerId, ids);
  });

  app.get('/api/v1/timelines/tag/:hashtag', async (c) => {
    const q = queryParams(c);
    const page = pageParams(q);
    const tag = normalizeTagParam(c.req.param('hashtag'));
    const ids =
      bool(q, 'remote') && !bool(q, 'local')
        ? []
        : await tagSkeleton(ctx.db, tag, { ...page, onlyMedia: bool(q, 'only_media') });
    return statusList(c, ctx, viewerOf(c)?.accountId ?? null, ids);
  });

  for (const table of ['favourites', 'bookmarks'] as const) {
    app.get(`/api/v1/${table}`, async (c) => {
      const viewer = requireViewer(c, 'read');
      const page = pageParams(queryParams(c), { fallback: 20, max: 40 });
      const { ids, cursors } = await reactionSkeleton(ctx.db, table, viewer.accountId, page);
      // One's own list keeps posts of accounts one has since muted; visibility still applies.
      return statusList(c, ctx, viewer.accountId, ids, { keepMuted: true, cursors });
    });
  }
};
