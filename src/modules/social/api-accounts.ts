/**
 * The social side of Mastodon's accounts API: an account's posts, followers and followings, the
 * follow/block/mute actions and relationships, and the viewer's blocks and mutes. Fetching one
 * account, lookup and search live in the accounts module.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { mount } from '../../http/contract';
import { AppError, notFound, unprocessable } from '../../http/errors';
import { requireViewer, viewerOf } from '../../http/middleware';
import { AccountEntity, getAccount, MutedAccountEntity, presentAccount, type Account } from '../accounts';
import { contracts } from './api-accounts-contracts';
import { asEntity, pageOf } from './api-contract-graph';
import { setLinkHeader, type Ctx } from './api-shared';
import { normalizeTagParam } from './api-timelines';
import { StatusEntity } from './entities-status';
import { loadVisible } from './hydrate';
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
import { presentRelationship, presentStatuses } from './present';
import { accountSkeleton } from './timelines';

export const accountRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const existing = async (id: string): Promise<Account> => {
    const account = await getAccount(db, id).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw notFound('Record');
      throw error;
    });
    // A closed account is gone, not merely suspended.
    if (account.deletedAt) throw notFound('Record');
    return account;
  };

  mount(app, contracts.relationships, async (c) => {
    const viewer = requireViewer(c, 'read');
    const ids = [
      ...new Set(
        c.req
          .valid('query')
          .id.filter(isUuid)
          .map((id) => id.toLowerCase()),
      ),
    ].slice(0, 100);
    return c.json((await relationships(ctx.db, viewer.accountId, ids)).map(presentRelationship), 200);
  });

  mount(app, contracts.statuses, async (c) => {
    const account = await existing(c.req.valid('param').id.toLowerCase());
    const q = c.req.valid('query');
    const viewerId = viewerOf(c)?.accountId ?? null;
    // Nothing is pinned on Comptoir yet; an account that blocks the viewer shows them nothing.
    if (q.pinned) return c.json([], 200);
    const hidden = viewerId ? await hiddenAccountIds(ctx.db, viewerId) : new Set<string>();
    if (viewerId && hidden.has(account.id)) {
      const [rel] = await relationships(ctx.db, viewerId, [account.id]);
      if (rel.blockedBy) return c.json([], 200);
    }
    const ids = await accountSkeleton(ctx.db, viewerId, account.id, {
      ...pageOf(q),
      excludeReplies: q.exclude_replies,
      excludeReblogs: q.exclude_reblogs,
      onlyMedia: q.only_media,
      tagged: q.tagged ? normalizeTagParam(q.tagged) : undefined,
    });
    // Visiting the profile of someone one muted still shows their posts, as on Mastodon.
    const { hydrated, ids: visible } = await loadVisible(ctx, viewerId, ids, { keepMuted: hidden.has(account.id) });
    setLinkHeader(c, ctx, ids);
    return c.json(asEntity(z.array(StatusEntity), presentStatuses(ctx.config, hydrated, visible)), 200);
  });

  for (const direction of ['followers', 'following'] as const) {
    mount(app, contracts[direction], async (c) => {
      const account = await existing(c.req.valid('param').id.toLowerCase());
      const rows = await followList(ctx.db, account.id, direction, pageOf(c.req.valid('query')));
      setLinkHeader(
        c,
        ctx,
        rows.map((r) => r.id),
      );
      return c.json(
        asEntity(
          z.array(AccountEntity),
          rows.map((r) => presentAccount(ctx.config, r)),
        ),
        200,
      );
    });
  }

  const relationshipOf = async (c: Ctx, viewerId: string, id: string) => {
    const [rel] = await relationships(ctx.db, viewerId, [id]);
    return c.json(presentRelationship(rel), 200);
  };

  // Mastodon's options: reblogs (show their reposts in home), notify (a `status` notification
  // when they post), languages[] (only these ISO 639-1 languages; empty: all). Re-following updates them.
  mount(app, contracts.follow, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    const p = c.req.valid('json');
    const languages =
      p.languages === undefined ? undefined : [...new Set(p.languages.map((l) => l.trim().toLowerCase()))];
    if (languages?.some((l) => !/^[a-z]{2}$/.test(l))) {
      throw unprocessable('invalid_language', 'languages are ISO 639-1 codes such as fr or en');
    }
    if (languages && languages.length > 20) throw unprocessable('invalid_language', 'At most 20 languages');
    await follow(ctx, viewer.accountId, id, { reblogs: p.reblogs, notify: p.notify, languages });
    return relationshipOf(c, viewer.accountId, id);
  });
  mount(app, contracts.unfollow, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    await existing(id);
    await unfollow(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  mount(app, contracts.block, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    await block(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  mount(app, contracts.unblock, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    await existing(id);
    await unblock(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });
  mount(app, contracts.mute, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    await mute(ctx, viewer.accountId, id, c.req.valid('json').notifications ?? true);
    return relationshipOf(c, viewer.accountId, id);
  });
  mount(app, contracts.unmute, async (c) => {
    const viewer = requireViewer(c, 'follow');
    const id = c.req.valid('param').id.toLowerCase();
    await existing(id);
    await unmute(ctx, viewer.accountId, id);
    return relationshipOf(c, viewer.accountId, id);
  });

  mount(app, contracts.blocks, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await blockedAndMutedLists(ctx.db, viewer.accountId, 'blocks');
    return c.json(
      asEntity(
        z.array(AccountEntity),
        rows.map((r) => presentAccount(ctx.config, r.account)),
      ),
      200,
    );
  });
  mount(app, contracts.mutes, async (c) => {
    const viewer = requireViewer(c, 'read');
    const rows = await blockedAndMutedLists(ctx.db, viewer.accountId, 'mutes');
    // Mastodon's MutedAccount says when a mute ends; ours never do.
    const muted = rows.map((r) => ({ ...presentAccount(ctx.config, r.account), mute_expires_at: null }));
    return c.json(asEntity(z.array(MutedAccountEntity), muted), 200);
  });
};
