/**
 * The social side of Mastodon's accounts API: an account's posts, followers and followings, the
 * follow/block/mute actions and relationships, and the viewer's blocks and mutes. Fetching one
 * account, lookup and search live in the accounts module.
 */
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { AppError, notFound, unprocessable } from '../../http/errors';
import { requireViewer, viewerOf } from '../../http/middleware';
import { bool, queryParams, readParams, str } from '../../http/params';
import { getAccount, presentAccount, type Account } from '../accounts';
import { idParam, listParam, pageParams, setLinkHeader, statusList, type Ctx } from './api-shared';
import { normalizeTagParam } from './api-timelines';
import {
  block,
  blockedAndMutedLists,
  follow,
  followList,
  hiddenAccountIds,
  mute,
  relationships,
  unblock,
  unfollow,
  unmute,
} from './graph';
import { presentRelationship } from './present';
import { accountSkeleton } from './timelines';

export const accountRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const existing = async (id: string): Promise<Account> =>
    getAccount(db, id).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw notFound('Record');
      throw error;
    });

  app.get('/api/v1/accounts/relationships', async (c) => {
    const viewer = requireViewer(c, 'read');
    const ids = [
      ...new Set(
        listParam(queryParams(c), 'id')
          .filter(isUuid)
          .map((id) => id.toLowerCase()),
      ),
    ].slice(0, 100);
    return c.json((await relationships(ctx.db, viewer.accountId, ids)).map(presentRelationship));
  });

  app.get('/api/v1/accounts/:id/statuses', async (c) => {
    const account = await existing(idParam(c));
    const q = queryParams(c);
    const page = pageParams(q);
    const viewerId = viewerOf(c)?.accountId ?? null;
    // Nothing is pinned on Comptoir yet; an account that blocks the viewer shows them nothing.
    if (bool(q, 'pinned')) return c.json([]);
    const hidden = viewerId ? await hiddenAccountIds(ctx.db, viewerId) : new Set<string>();
    if (viewerId && hidden.has(account.id)) {
      const [rel] = await relationships(ctx.db, viewerId, [account.id]);
      if (rel.blockedBy) return c.json([]);
    }
    const tagged = str(q, 'tagged');
    const ids = await accountSkeleton(ctx.db, viewerId, account.id, {
      ...page,
      excludeReplies: bool(q, 'exclude_replies'),
      excludeReblogs: bool(q, 'exclude_reblogs'),
      onlyMedia: bool(q, 'only_media'),
      tagged: tagged ? normalizeTagParam(tagged) : undefined,
    });
    // Visiting the profile of someone one muted still shows their posts, as on Mastodon.
    return statusList(c, ctx, viewerId, ids, { keepMuted: hidden.has(account.id) });
  });

  for (const direction of ['followers', 'following'] as const) {
    app.get(`/api/v1/accounts/:id/${direction}`, async (c) => {
      const account = await existing(idParam(c));
      const page = pageParams(queryParams(c), { fallback: 40, max: 80 });
      const rows = await followList(ctx.db, account.id, direction, page);
      setLinkHeader(
        c,
        ctx,
        rows.map((r) => r.id),
      );
      return c.json(rows.map((r) => presentAccount(ctx.config, r)));
    });
  }

  const relationshipOf = async (c: Ctx, viewerId: string, id: string) => {
    const [rel] = await relationships(ctx.db, viewerId, [id]);
    return c.json(presentRelationship(rel));
  };

  // Mastodon's options: reblogs (show their reposts in home), notify (a `status` notification
  // when they post), languages[] (only these ISO 639-1 languages; empty: all). Re-following updates them.
  app.post('/api/v1/accounts/:id/follow', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    const p = await readParams(c);
    const hasLanguages = 'languages' in p || 'languages[]' in p;
    const asked = listParam(p, 'languages').map((l) => l.trim().toLowerCase());
    const languages = hasLanguages ? [...new Set(asked)] : undefined;
    if (languages?.some((l) => !/^[a-z]{2}$/.test(l))) {
      throw unprocessable('invalid_language', 'languages are ISO 639-1 codes such as fr or en');
    }
    if (languages && languages.length > 20) throw unprocessable('invalid_language', 'At most 20 languages');
    await follow(ctx, viewer.accountId, id, { reblogs: bool(p, 'reblogs'), notify: bool(p, 'notify'), languages });
    return relationshipOf(c, viewer.accountId, id);
  });
  app.post('/api/v1/accounts/:id/unfollow', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    await existing(id);
    await unfollow(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  app.post('/api/v1/accounts/:id/block', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    await block(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  app.post('/api/v1/accounts/:id/unblock', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    await existing(id);
    await unblock(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  app.post('/api/v1/accounts/:id/mute', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    const p = await readParams(c);
    await mute(ctx, viewer.accountId, id, bool(p, 'notifications') ?? true);
    return relationshipOf(c, viewer.accountId, id);
  });
  app.post('/api/v1/accounts/:id/unmute', async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = idParam(c);
    await existing(id);
    await unmute(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });

  for (const which of ['blocks', 'mutes'] as const) {
    app.get(`/api/v1/${which}`, async (c) => {
      const viewer = requireViewer(c, 'read');
      const rows = await blockedAndMutedLists(ctx.db, viewer.accountId, which);
      // Mastodon's MutedAccount says when a mute ends; ours never do.
      const extra = which === 'mutes' ? { mute_expires_at: null } : {};
      return c.json(rows.map((r) => ({ ...presentAccount(ctx.config, r.account), ...extra })));
    });
  }
};
