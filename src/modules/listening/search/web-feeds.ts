// The routes of the public feeds (feeds.ts builds them): /@alice.rss, /tags/soldes.atom.
import type { RouteModule } from '../../../http/app';
import { findByUsername } from '../../accounts';
import { CONTENT_TYPES, profileFeed, tagFeed, type FeedFormat } from './feeds';
import { forReads } from '../../../context';

const feedResponse = (body: string, format: FeedFormat) =>
  new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  });

export const feedRoutes: RouteModule = (app, ctx) => {
  // /@alice.rss: the profile route's handle pattern has no dot, so these never collide.
  app.get('/:feed{@[A-Za-z0-9_]{1,30}\\.(?:rss|atom)}', async (c) => {
    const raw = c.req.param('feed');
    const format = raw.endsWith('.rss') ? 'rss' : 'atom';
    const account = await findByUsername(ctx, raw.slice(1, raw.lastIndexOf('.')));
    if (!account) return c.text('Not found', 404);
    return feedResponse(await profileFeed(forReads(ctx), account, format, c.get('locale')), format);
  });

  app.get('/tags/:feed{[^/]+\\.(?:rss|atom)}', async (c) => {
    const raw = c.req.param('feed');
    const format = raw.endsWith('.rss') ? 'rss' : 'atom';
    const tag = raw.slice(0, raw.lastIndexOf('.')).replace(/^#/, '').normalize('NFC').toLowerCase();
    if (!/^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(tag)) return c.text('Not found', 404);
    return feedResponse(await tagFeed(forReads(ctx), tag, format, c.get('locale')), format);
  });
};
