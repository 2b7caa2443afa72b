/**
 * Mastodon statuses: post (idempotent, rate-limited, optionally as a brand), read, delete, thread
 * context, who reacted, and the reactions themselves. Contracts in api-contracts-statuses.ts.
 */
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { forbidden, notFound, unprocessable } from '../../http/errors';
import { idempotent } from '../../http/idempotency';
import { requireViewer, viewerOf } from '../../http/middleware';
import { hitRateLimit } from '../../http/rate-limit';
import { actingAccountId, can, getAccounts, presentAccount } from '../accounts';
import { contracts, reactions, reactors, type StatusBody } from './api-contracts-statuses';
import { asAccounts, asStatus, asStatuses, presentOne, type Ctx } from './api-shared';
import { extensionInput } from './extensions';
import { hiddenAccountIds } from './graph';
import { loadVisible } from './hydrate';
import { canSee, createStatus, deleteStatus, findVisibleStatus, getStatusRow, type NewStatus } from './posts';
import { presentStatuses } from './present';
import { bookmark, favourite, reblog, unbookmark, unfavourite, unreblog } from './reactions';
import { contextSkeleton, reactorIds } from './timelines';

type Body = z.output<typeof StatusBody>;

/** An optional id in a body: a malformed one names nothing, as Mastodon's 404 says. */
function bodyId(...values: (string | undefined)[]): string | null {
  for (const value of values) {
    if (value === undefined || value === '') continue;
    if (!isUuid(value)) throw notFound('Record');
    return value.toLowerCase();
  }
  return null;
}

/** Mastodon's status parameters (validated by the contract) into the service's input. */
export function statusInput(p: Body): NewStatus {
  if (p.scheduled_at) throw unprocessable('scheduling_unsupported', 'Scheduled posts are not supported on this server');
  for (const id of p.media_ids)
    if (!isUuid(id))
      throw unprocessable('invalid_media', `Image ${id} does not exist, is not yours, or is already attached`);
  let poll: NewStatus['poll'] = null;
  if (p.poll) {
    const raw = p.poll.expires_in;
    // A duration that is no integer is the service's invalid_poll, as one out of range.
    const expiresIn = typeof raw === 'number' ? raw : raw === undefined || raw.trim() === '' ? NaN : Number(raw);
    poll = { options: p.poll.options, expiresIn, multiple: p.poll.multiple ?? false };
  }
  return {
    text: p.status ?? '',
    visibility: p.visibility || undefined,
    language: p.language || null,
    spoilerText: p.spoiler_text ?? '',
    sensitive: p.sensitive ?? false,
    inReplyToId: bodyId(p.in_reply_to_id),
    quoteOfId: bodyId(p.quoted_status_id, p.quote_id),
    mediaIds: p.media_ids.map((id) => id.toLowerCase()),
    poll,
    // product_ids[] and other linked modules' parameters (extensions.ts).
    extensions: extensionInput(p),
  };
}

/**
 * Who a post is published as: `as_account_id` (or the Comptoir-Acting-For header), else the web
 * session's current brand, else the person. Acting for a brand needs its 'post' permission.
 */
async function actingFor(c: Ctx, p: Body, db: { db: Db }) {
  const viewer = requireViewer(c, 'write');
  const explicit = p.as_account_id || c.req.header('comptoir-acting-for') || undefined;
  if (explicit !== undefined && !isUuid(explicit))
    throw unprocessable('invalid_param', 'as_account_id must be an account id');
  const wanted = explicit?.toLowerCase() ?? (viewer.via === 'session' ? viewer.actingForId : null);
  return { viewer, actingId: await actingAccountId(db, viewer.accountId, wanted, 'post') };
}

export const statusRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };

  // Several posts at once (Mastodon 4.3): those the viewer may see, in the order asked, unknown ids skipped.
  mount(app, contracts.many, async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const { hydrated, ids } = await loadVisible(ctx, viewerId, c.req.valid('query').id);
    return c.json(asStatuses(presentStatuses(ctx.config, hydrated, ids)), 200);
  });

  mount(app, contracts.create, async (c) => {
    const p = c.req.valid('json');
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
    return c.json(asStatus(result.body), 200);
  });

  mount(app, contracts.get, async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const row = await findVisibleStatus(ctx.db, viewerId, c.req.valid('param').id);
    if (row.reblogOfId) await findVisibleStatus(ctx.db, viewerId, row.reblogOfId);
    return c.json(asStatus(await presentOne(ctx, viewerId, row.id)), 200);
  });

  mount(app, contracts.delete, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id } = c.req.valid('param');
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
    return c.json(asStatus(presented), 200);
  });

  mount(app, contracts.context, async (c) => {
    const viewerId = viewerOf(c)?.accountId ?? null;
    const row = await findVisibleStatus(ctx.db, viewerId, c.req.valid('param').id);
    const thread = await contextSkeleton(ctx.db, row.reblogOfId ?? row.id);
    const [up, down] = await Promise.all([
      loadVisible(ctx, viewerId, thread.ancestors),
      loadVisible(ctx, viewerId, thread.descendants),
    ]);
    return c.json(
      {
        ancestors: asStatuses(presentStatuses(ctx.config, up.hydrated, up.ids)),
        descendants: asStatuses(presentStatuses(ctx.config, down.hydrated, down.ids)),
      },
      200,
    );
  });

  for (const kind of reactors) {
    mount(app, contracts.reactors[kind], async (c) => {
      const viewerId = viewerOf(c)?.accountId ?? null;
      const row = await findVisibleStatus(ctx.db, viewerId, c.req.valid('param').id);
      const limit = c.req.valid('query').limit ?? 40;
      const ids = await reactorIds(ctx.db, row.reblogOfId ?? row.id, kind, Math.min(limit, 80));
      const [found, hidden] = await Promise.all([
        getAccounts(db, ids),
        viewerId ? hiddenAccountIds(ctx.db, viewerId) : new Set<string>(),
      ]);
      const accounts = ids.flatMap((id) => {
        const account = found.get(id);
        return account && !hidden.has(id) ? [presentAccount(ctx.config, account)] : [];
      });
      return c.json(asAccounts(accounts), 200);
    });
  }

  const run = { favourite, unfavourite, bookmark, unbookmark, reblog, unreblog };
  for (const action of reactions) {
    mount(app, contracts.reactions[action], async (c) => {
      const viewer = requireViewer(c, 'write');
      const status = await run[action](ctx, viewer.accountId, c.req.valid('param').id);
      // reblog answers with the new repost wrapping the original; the others with the original.
      return c.json(asStatus(await presentOne(ctx, viewer.accountId, status.id)), 200);
    });
  }
};
