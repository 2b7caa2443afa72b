/**
 * Mastodon media uploads, polls, and our short links. Images are processed synchronously, so
 * v2 uploads answer 200 with the final URL (no 202 and polling). Each route is a contract
 * (src/http/contract.ts); the checks that answer Mastodon's own codes (file_missing,
 * description_too_long, invalid_choice) stay here.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { body, json, mastodonFailures, mount, route } from '../../http/contract';
import { notFound, unprocessable } from '../../http/errors';
import { requireViewer, viewerOf } from '../../http/middleware';
import { storeImage } from '../media';
import { entitySchema, pathId, stringList } from './api-contract-shared';
import { MediaAttachmentEntity, PollEntity } from './entities-status';
import { followShortLink } from './links';
import { presentMedia, presentPoll } from './present';
import { getPoll, ownVotes, vote } from './reactions';
import { mediaAttachments } from './schema';

export const MAX_DESCRIPTION = 1500;

const tags = ['Mastodon: media and polls'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const altText = z
  .string()
  .optional()
  .meta({ description: `Alt text, at most ${MAX_DESCRIPTION} characters` });

function checked(alt: string | undefined): string | undefined {
  if (alt !== undefined && [...alt].length > MAX_DESCRIPTION)
    throw unprocessable('description_too_long', `The image description has at most ${MAX_DESCRIPTION} characters`);
  return alt;
}

const uploadContract = (path: '/api/v1/media' | '/api/v2/media') =>
  route({
    method: 'post',
    path,
    tags,
    summary: 'Upload an image (processed at once: always 200 with its final URL)',
    ...writer,
    request: {
      body: body(
        z
          .object({
            // Optional here so that a missing file answers Mastodon's 422, not a generic 400.
            file: z.file().optional().meta({ description: 'The image (JPEG, PNG, WebP, GIF, AVIF)' }),
            description: altText,
          })
          .meta({ required: ['file'] }),
        { types: ['multipart/form-data'] },
      ),
    },
    responses: {
      200: json(entitySchema(MediaAttachmentEntity), 'MediaAttachment'),
      ...mastodonFailures(400, 401, 403, 413, 422),
    },
  });

const upload = pathId('The upload');
const poll = pathId('The poll');
const Media = () => entitySchema(MediaAttachmentEntity);
const Poll = () => entitySchema(PollEntity);

// Built when the routes are mounted, not when the module loads: social's index reaches this file
// before the contract helpers' own imports are done.
const contracts = () => ({
  v1: uploadContract('/api/v1/media'),
  v2: uploadContract('/api/v2/media'),
  get: route({
    method: 'get',
    path: '/api/v1/media/{id}',
    tags,
    summary: 'One of one’s uploads not yet attached to a post',
    auth: 'user',
    scope: 'read',
    request: { params: upload },
    responses: { 200: json(Media(), 'MediaAttachment'), ...mastodonFailures(401, 403, 404) },
  }),
  update: route({
    method: 'put',
    path: '/api/v1/media/{id}',
    tags,
    summary: 'Change the alt text of an upload not yet attached',
    ...writer,
    request: { params: upload, body: body(z.object({ description: altText }), { required: false }) },
    responses: { 200: json(Media(), 'MediaAttachment'), ...mastodonFailures(400, 401, 403, 404, 422) },
  }),
  poll: route({
    method: 'get',
    path: '/api/v1/polls/{id}',
    tags,
    summary: 'A poll, with the caller’s votes',
    auth: 'optional',
    request: { params: poll },
    responses: { 200: json(Poll(), 'Poll'), ...mastodonFailures(404) },
  }),
  vote: route({
    method: 'post',
    path: '/api/v1/polls/{id}/votes',
    tags,
    summary: 'Vote in a poll',
    ...writer,
    request: {
      params: poll,
      body: body(z.object({ choices: stringList('Option indexes (0, 1, …); one unless the poll is multiple') })),
    },
    responses: { 200: json(Poll(), 'Poll'), ...mastodonFailures(400, 401, 403, 404, 422) },
  }),
});

export const mediaRoutes: RouteModule = (app, ctx) => {
  const c = contracts();
  for (const contract of [c.v1, c.v2])
    mount(app, contract, async (c) => {
      const viewer = requireViewer(c, 'write');
      const { file, description } = c.req.valid('json');
      if (!(file instanceof Blob))
        throw unprocessable(
          'file_missing',
          'Validation failed: File can’t be blank (send it as the multipart field "file")',
        );
      const alt = checked(description) ?? '';
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
    });

  // As on Mastodon, an upload is the uploader's to read and edit until a post carries it.
  const ownUnattached = (id: string, accountId: string) =>
    and(eq(mediaAttachments.id, id), eq(mediaAttachments.accountId, accountId), isNull(mediaAttachments.statusId));

  mount(app, c.get, async (c) => {
    const viewer = requireViewer(c, 'read');
    const [row] = await ctx.db
      .select()
      .from(mediaAttachments)
      .where(ownUnattached(c.req.valid('param').id, viewer.accountId));
    if (!row) throw notFound('Record');
    return c.json(presentMedia(ctx.config, row), 200);
  });

  mount(app, c.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const alt = checked(c.req.valid('json').description);
    const where = ownUnattached(c.req.valid('param').id, viewer.accountId);
    const [row] =
      alt === undefined
        ? await ctx.db.select().from(mediaAttachments).where(where)
        : await ctx.db.update(mediaAttachments).set({ description: alt }).where(where).returning();
    if (!row) throw notFound('Record');
    return c.json(presentMedia(ctx.config, row), 200);
  });

  mount(app, c.poll, async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const { id } = c.req.valid('param');
    const found = await getPoll(ctx, viewerId, id);
    const mine = viewerId ? ((await ownVotes(ctx, viewerId, [id])).get(id) ?? []) : undefined;
    return c.json(presentPoll(found, mine), 200);
  });

  mount(app, c.vote, async (c) => {
    const viewer = requireViewer(c, 'write');
    const choices = c.req.valid('json').choices.map((choice) => {
      const n = Number(choice);
      if (!Number.isInteger(n)) throw unprocessable('invalid_choice', 'choices are option indexes (0, 1, …)');
      return n;
    });
    const updated = await vote(ctx, viewer.accountId, c.req.valid('param').id, choices);
    return c.json(presentPoll(updated, [...new Set(choices)]), 200);
  });
};

/** Our short links (/s/<code>): followed by browsers, so ours (an error page), not Mastodon's. */
export const shortLinkRoutes: RouteModule = (app, ctx) => {
  const contract = route({
    method: 'get',
    path: '/s/{code}',
    tags: ['Short links'],
    summary: 'Comptoir: follow a short link of a post',
    request: { params: z.object({ code: z.string().meta({ description: 'The short code' }) }) },
    responses: { 302: { description: 'To the link’s target' }, 404: { description: 'Unknown code' } },
  });
  mount(app, contract, async (c) => {
    const target = await followShortLink(ctx.db, c.req.valid('param').code);
    if (!target) throw notFound('Link');
    c.header('Cache-Control', 'no-store');
    return c.redirect(target, 302);
  });
};
