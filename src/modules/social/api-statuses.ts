/**
 * Mastodon statuses: post (idempotent, rate-limited, optionally as a brand), read, delete, thread
 * context, who reacted, and the reactions themselves.
 */
import type { Db } from '../../db/client';
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { forbidden, notFound, unprocessable } from '../../http/errors';
import { idempotent } from '../../http/idempotency';
import { requireViewer, viewerOf } from '../../http/middleware';
import { bool, int, queryParams, readParams, str, type Params } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import { actingAccountId, can, getAccounts, presentAccount } from '../accounts';
import { idParam, listParam, manyIds, objectParam, presentOne, type Ctx } from './api-shared';
import { extensionInput } from './extensions';
import { hiddenAccountIds } from './graph';
import { loadVisible } from './hydrate';
import { canSee, createStatus, deleteStatus, findVisibleStatus, getStatusRow, type NewStatus } from './posts';
import { presentStatuses } from './present';
import { bookmark, favourite, reblog, unbookmark, unfavourite, unreblog } from './reactions';
import { contextSkeleton, reactorIds } from './timelines';

/** An optional id in a body: a malformed one names nothing, as Mastodon's 404 says. */
function bodyId(p: Params, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = str(p, key);
    if (value === undefined || value === '') continue;
    if (!isUuid(value)) throw notFound('Record');
    return value.toLowerCase();
  }
  return null;
}

/** Mastodon's status parameters, JSON or form, into the service's input. */
export function statusInput(p: Params): NewStatus {
  if (str(p, 'scheduled_at'))
    throw unprocessable('scheduling_unsupported', 'Scheduled posts are not supported on this server');
  const mediaIds = listParam(p, 'media_ids');
  for (const id of mediaIds)
    if (!isUuid(id))
      throw unprocessable('invalid_media', `Image ${id} does not exist, is not yours, or is already attached`);
  const pollParams = objectParam(p, 'poll');
  let poll: NewStatus['poll'] = null;
  if (pollParams) {
    const options = listParam(pollParams, 'options');
    const expiresRaw = pollParams.expires_in;
    const expiresIn = typeof expiresRaw === 'number' ? expiresRaw : Number(expiresRaw ?? NaN);
    poll = { options, expiresIn, multiple: bool(pollParams, 'multiple') ?? false };
  }
  return {
    text: str(p, 'status') ?? '',
    visibility: str(p, 'visibility') || undefined,
    language: str(p, 'language') || null,
    spoilerText: str(p, 'spoiler_text') ?? '',
    sensitive: bool(p, 'sensitive') ?? false,
    inReplyToId: bodyId(p, 'in_reply_to_id'),
    quoteOfId: bodyId(p, 'quoted_status_id', 'quote_id'),
    mediaIds: mediaIds.map((id) => id.toLowerCase()),
    poll,
    // product_ids[] and other linked modules' parameters (extensions.ts).
    extensions: extensionInput(p),
  };
}

/**
 * Who a post is published as: `as_account_id` (or the Comptoir-Acting-For header), else the web
 * session's current brand, else the person. Acting for a brand needs its 'post' permission.
 */
async function actingFor(c: Ctx, p: Params, db: { db: Db }) {
  const viewer = requireViewer(c, 'write');
  const explicit = str(p, 'as_account_id') || c.req.header('comptoir-acting-for') || undefined;
  if (explicit !== undefined && !isUuid(explicit))
    throw unprocessable('invalid_param', 'as_account_id must be an account id');
  const wanted = explicit?.toLowerCase() ?? (viewer.via === 'session' ? viewer.actingForId : null);
  return { viewer, actingId: await actingAccountId(db, viewer.accountId, wanted, 'post') };
}

export const statusRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };

  // Several posts at once (Mastodon 4.3): those the viewer may see, in the order asked, unknown ids skipped.
  app.get('/api/v1/statuses', async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const { hydrated, ids } = await loadVisible(ctx, viewerId, manyIds(queryParams(c)));
    return c.json(presentStatuses(ctx.config, hydrated, ids));
  });

  app.post('/api/v1/statuses', async (c) => {
    requireViewer(c, 'write');
    const p = await readParams(c);
    const input = statusInput(p);
    const { viewer, actingId } = await actingFor(c, p, db);
    const { as_account_id: _ignored, ...request } = p;
    const result = await idempotent(
      ctx.db,
      {
        scope: 'statuses',
        principal: viewer.accountId,
        key: c.req.header('idempotency-key'),
        body: { ...request, acting: actingId },
      },
      async () => {
        // Inside the idempotent work: a replayed retry is not a new post and spends nothing.
        await hitRateLimit(ctx.db, `post:${viewer.accountId}`, ctx.config.rateLimits.post);
        const status = await createStatus(
          ctx,
          actingId,
          input,
          actingId === viewer.accountId ? null : viewer.accountId,
        );
        return { status: 200, body: await presentOne(ctx, actingId, status.id) };
      },
    );
    return c.json(result.body, 200);
  });

  app.get('/api/v1/statuses/:id', async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const row = await findVisibleStatus(ctx.db, viewerId, idParam(c));
    if (row.reblogOfId) await findVisibleStatus(ctx.db, viewerId, row.reblogOfId);
    return c.json(await presentOne(ctx, viewerId, row.id));
  });

  app.delete('/api/v1/statuses/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = idParam(c);
    const row = await getStatusRow(ctx.db, id);
    if (!row) throw notFound('Record');
    const actors = [viewer.accountId];
    if (row.accountId !== viewer.accountId && (await can(db, viewer.accountId, row.accountId, 'post')))
      actors.push(row.accountId);
    if (!actors.includes(row.accountId)) {
      if (await canSee(ctx.db, viewer.accountId, row))
        throw forbidden('not_author', 'You can only delete your own posts');
      throw notFound('Record');
    }
    // Mastodon answers with the deleted post, source text included, so clients can "delete and redraft".
    const presented = await presentOne(ctx, row.accountId, id);
    if (row.reblogOfId) await unreblog(ctx, row.accountId, row.reblogOfId);
    else await deleteStatus(ctx, actors, id);
    return c.json(presented);
  });

  app.get('/api/v1/statuses/:id/context', async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const row = await findVisibleStatus(ctx.db, viewerId, idParam(c));
    const thread = await contextSkeleton(ctx.db, row.reblogOfId ?? row.id);
    const [up, down] = await Promise.all([
      loadVisible(ctx, viewerId, thread.ancestors),
      loadVisible(ctx, viewerId, thread.descendants),
    ]);
    return c.json({
      ancestors: presentStatuses(ctx.config, up.hydrated, up.ids),
      descendants: presentStatuses(ctx.config, down.hydrated, down.ids),
    });
  });

  for (const kind of ['favourited_by', 'reblogged_by'] as const) {
    app.get(`/api/v1/statuses/:id/${kind}`, async (c) => {
      const viewerId = viewerOf(c)?.accountId ?? null;
      const row = await findVisibleStatus(ctx.db, viewerId, idParam(c));
      const limit = int(queryParams(c), 'limit', { min: 1 }) ?? 40;
      const ids = await reactorIds(ctx.db, row.reblogOfId ?? row.id, kind, Math.min(limit, 80));
      const [found, hidden] = await Promise.all([
        getAccounts(db, ids),
        viewerId ? hiddenAccountIds(ctx.db, viewerId) : new Set<string>(),
      ]);
      return c.json(
        ids.flatMap((id) => (found.has(id) && !hidden.has(id) ? [presentAccount(ctx.config, found.get(id)!)] : [])),
      );
    });
  }

  const reactions = { favourite, unfavourite, bookmark, unbookmark, reblog, unreblog };
  for (const [action, run] of Object.entries(reactions)) {
    app.post(`/api/v1/statuses/:id/${action}`, async (c) => {
      const viewer = requireViewer(c, 'write');
      const status = await run(ctx, viewer.accountId, idParam(c));
      // reblog answers with the new repost wrapping the original; the others with the original.
      return c.json(await presentOne(ctx, viewer.accountId, status.id));
    });
  }
};
