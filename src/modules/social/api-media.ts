/**
 * Mastodon media uploads, polls, and our short links. Images are processed synchronously, so
 * v2 uploads answer 200 with the final URL (no 202 and polling).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { RouteModule } from '../../http/app';
import { uuidv7 } from '../../db/ids';
import { notFound, unprocessable } from '../../http/errors';
import { requireViewer, viewerOf } from '../../http/middleware';
import { readParams, str, type Params } from '../../http/params';
import { storeImage } from '../media';
import { idParam, listParam, type Ctx } from './api-shared';
import { followShortLink } from './links';
import { presentMedia, presentPoll } from './present';
import { getPoll, ownVotes, vote } from './reactions';
import { mediaAttachments } from './schema';

export const MAX_DESCRIPTION = 1500;

function description(p: Params): string | undefined {
  const text = str(p, 'description');
  if (text !== undefined && [...text].length > MAX_DESCRIPTION) {
    throw unprocessable('description_too_long', `The image description has at most ${MAX_DESCRIPTION} characters`);
  }
  return text;
}

export const mediaRoutes: RouteModule = (app, ctx) => {
  const upload = async (c: Ctx) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    const file = p.file;
    if (!(file instanceof Blob))
      throw unprocessable(
        'file_missing',
        'Validation failed: File can’t be blank (send it as the multipart field "file")',
      );
    const alt = description(p) ?? '';
    const stored = await storeImage(ctx.media, new Uint8Array(await file.arrayBuffer()), 'attachment', {
      maxBytes: ctx.config.mediaMaxBytes,
    });
    const [row] = await ctx.db
      .insert(mediaAttachments)
      .values({
        id: uuidv7(),
        accountId: viewer.accountId,
        path: stored.path,
        previewPath: stored.previewPath,
        width: stored.width,
        height: stored.height,
        description: alt,
      })
      .returning();
    return c.json(presentMedia(ctx.config, row), 200);
  };
  app.post('/api/v1/media', upload);
  app.post('/api/v2/media', upload);

  // As on Mastodon, an upload is the uploader's to read and edit until a post carries it.
  const ownUnattached = (c: Ctx, accountId: string) =>
    and(
      eq(mediaAttachments.id, idParam(c)),
      eq(mediaAttachments.accountId, accountId),
      isNull(mediaAttachments.statusId),
    );

  app.get('/api/v1/media/:id', async (c) => {
    const viewer = requireViewer(c, 'read');
    const [row] = await ctx.db.select().from(mediaAttachments).where(ownUnattached(c, viewer.accountId));
    if (!row) throw notFound('Record');
    return c.json(presentMedia(ctx.config, row));
  });

  app.put('/api/v1/media/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const alt = description(await readParams(c));
    const where = ownUnattached(c, viewer.accountId);
    const [row] =
      alt === undefined
        ? await ctx.db.select().from(mediaAttachments).where(where)
        : await ctx.db.update(mediaAttachments).set({ description: alt }).where(where).returning();
    if (!row) throw notFound('Record');
    return c.json(presentMedia(ctx.config, row));
  });

  app.get('/api/v1/polls/:id', async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const id = idParam(c);
    const poll = await getPoll(ctx, viewerId, id);
    const mine = viewerId ? ((await ownVotes(ctx, viewerId, [id])).get(id) ?? []) : undefined;
    return c.json(presentPoll(poll, mine));
  });

  app.post('/api/v1/polls/:id/votes', async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = idParam(c);
    const choices = listParam(await readParams(c), 'choices').map((choice) => {
      const n = Number(choice);
      if (!Number.isInteger(n)) throw unprocessable('invalid_choice', 'choices are option indexes (0, 1, …)');
      return n;
    });
    const poll = await vote(ctx, viewer.accountId, id, choices);
    return c.json(presentPoll(poll, [...new Set(choices)]));
  });
};

/** Our short links (/s/<code>): followed by browsers, so ours (an error page), not Mastodon's. */
export const shortLinkRoutes: RouteModule = (app, ctx) => {
  app.get('/s/:code', async (c) => {
    const target = await followShortLink(ctx.db, c.req.param('code'));
    if (!target) throw notFound('Link');
    c.header('Cache-Control', 'no-store');
    return c.redirect(target, 302);
  });
};
