// The routes of a space's feeds (feeds.ts builds them): /spaces/<id>.rss, /spaces/<id>.atom.
import type { RouteModule } from '../../../http/app';
import { isUuid } from '../../../db/ids';
import { DomainError } from '../../../lib/errors';
import { CONTENT_TYPES, spaceFeed } from './feeds';
import { forReads } from '../../../context';

export const spaceFeedRoutes: RouteModule = (app, ctx) => {
  app.get('/spaces/:feed{[0-9a-fA-F-]{36}\\.(?:rss|atom)}', async (c) => {
    const raw = c.req.param('feed');
    const format = raw.endsWith('.rss') ? 'rss' : 'atom';
    const id = raw.slice(0, raw.lastIndexOf('.')).toLowerCase();
    if (!isUuid(id)) return c.text('Not found', 404);
    const viewerId = c.get('viewer')?.accountId ?? null;
    const body = await spaceFeed(forReads(ctx), viewerId, id, format, c.get('locale')).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    });
    if (body === null) return c.text('Not found', 404);
    return new Response(body, {
      headers: {
        'Content-Type': CONTENT_TYPES[format],
        // A members-only space's feed is personal: never kept by a shared cache.
        'Cache-Control': 'private, max-age=300',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
};
