import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { tellActs } from './acts';
import { notify, publishNotifications } from './notifications';
import { blocks, follows, mutes } from './schema';

async function assertAccount(db: DbOrTx, id: string) {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id));
  if (!row) throw notFound('Account');
}

/** True when either account blocks the other: then they cannot follow, reply or mention. */
export async function blockedBetween(db: DbOrTx, a: string, b: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(blocks)
    .where(
      or(and(eq(blocks.accountId, a), eq(blocks.targetId, b)), and(eq(blocks.accountId, b), eq(blocks.targetId, a))),
    )
    .limit(1);
  return Boolean(row);
}

/** True when `a` blocks `b` (one way). */
export async function isBlocking(db: DbOrTx, a: string, b: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(blocks)
    .where(and(eq(blocks.accountId, a), eq(blocks.targetId, b)))
    .limit(1);
  return Boolean(row);
}

/**
 * Mastodon's follow options: show their reposts in my home (reblogs), tell me when they post
 * (notify), only their posts in these ISO 639-1 languages (null: every language).
 */
export type FollowOptions = { reblogs: boolean; notify: boolean; languages: string[] | null };
export const defaultFollowOptions: FollowOptions = { reblogs: true, notify: false, languages: null };

/** Follows an account, or, when already following, updates the options given (as Mastodon). */
export async function follow(
  ctx: SocialContext,
  followerId: string,
  followeeId: string,
  options: Partial<FollowOptions> = {},
) {
  if (followerId === followeeId) throw unprocessable('cannot_follow_self', 'You cannot follow yourself');
  await assertAccount(ctx.db, followeeId);
  if (await blockedBetween(ctx.db, followerId, followeeId))
    throw forbidden('blocked', 'You cannot follow this account');
  const given = {
    ...(options.reblogs === undefined ? {} : { showReblogs: options.reblogs }),
    ...(options.notify === undefined ? {} : { notify: options.notify }),
    ...(options.languages === undefined ? {} : { languages: options.languages?.length ? options.languages : null }),
  };
  const notificationId = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(follows)
      .values({ followerId, followeeId, ...given })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) {
      const theFollow = and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId));
      if (Object.keys(given).length) await tx.update(follows).set(given).where(theFollow);
      return null;
    }
    await tx
      .update(accounts)
      .set({ followingCount: sql`${accounts.followingCount} + 1` })
      .where(eq(accounts.id, followerId));
    await tx
      .update(accounts)
      .set({ followersCount: sql`${accounts.followersCount} + 1` })
      .where(eq(accounts.id, followeeId));
    await tellActs(tx, { type: 'follow', accountId: followerId, targetId: followeeId });
    return notify(tx, { accountId: followeeId, fromAccountId: followerId, type: 'follow' });
  });
  await publishNotifications(ctx, [{ id: notificationId, accountId: followeeId }]);
}

export async function unfollow(ctx: Pick<SocialContext, 'db'>, followerId: string, followeeId: string) {
  await ctx.db.transaction(async (tx) => removeFollow(tx, followerId, followeeId));
}

export async function removeFollow(tx: DbOrTx, followerId: string, followeeId: string) {
  const removed = await tx
    .delete(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followeeId, followeeId)))
    .returning();
  if (removed.length === 0) return;
  await tellActs(tx, { type: 'unfollow', accountId: followerId, targetId: followeeId });
  await tx
    .update(accounts)
    .set({ followingCount: sql`greatest(${accounts.followingCount} - 1, 0)` })
    .where(eq(accounts.id, followerId));
  await tx
    .update(accounts)
    .set({ followersCount: sql`greatest(${accounts.followersCount} - 1, 0)` })
    .where(eq(accounts.id, followeeId));
}

/** Blocking also removes follows both ways, as on Mastodon. */
export async function block(ctx: Pick<SocialContext, 'db'>, accountId: string, targetId: string) {
  if (accountId === targetId) throw unprocessable('cannot_block_self', 'You cannot block yourself');
  await assertAccount(ctx.db, targetId);
  await ctx.db.transaction(async (tx) => {
    const made = await tx.insert(blocks).values({ accountId, targetId }).onConflictDoNothing().returning();
    if (made.length) await tellActs(tx, { type: 'block', accountId, targetId });
    await removeFollow(tx, accountId, targetId);
    await removeFollow(tx, targetId, accountId);
  });
}

export async function unblock(ctx: Pick<SocialContext, 'db'>, accountId: string, targetId: string) {
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(blocks)
      .where(and(eq(blocks.accountId, accountId), eq(blocks.targetId, targetId)))
      .returning();
    if (removed.length) await tellActs(tx, { type: 'unblock', accountId, targetId });
  });
}

export async function mute(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  targetId: string,
  hideNotifications = true,
) {
  if (accountId === targetId) throw unprocessable('cannot_mute_self', 'You cannot mute yourself');
  await assertAccount(ctx.db, targetId);
  await ctx.db
    .insert(mutes)
    .values({ accountId, targetId, hideNotifications })
    .onConflictDoUpdate({ target: [mutes.accountId, mutes.targetId], set: { hideNotifications } });
}

export async function unmute(ctx: Pick<SocialContext, 'db'>, accountId: string, targetId: string) {
  await ctx.db.delete(mutes).where(and(eq(mutes.accountId, accountId), eq(mutes.targetId, targetId)));
}

export type Relationship = {
  id: string;
  following: boolean;
  followedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  mutingNotifications: boolean;
  /** The viewer's follow options for this account (defaults when not following). */
  follow: FollowOptions;
};

export async function relationships(db: Db, viewerId: string, ids: string[]): Promise<Relationship[]> {
  if (ids.length === 0) return [];
  const [following, followedBy, blocking, blockedBy, muting] = await Promise.all([
    db
      .select({
        id: follows.followeeId,
        reblogs: follows.showReblogs,
        notify: follows.notify,
        languages: follows.languages,
      })
      .from(follows)
      .where(and(eq(follows.followerId, viewerId), inArray(follows.followeeId, ids))),
    db
      .select({ id: follows.followerId })
      .from(follows)
      .where(and(eq(follows.followeeId, viewerId), inArray(follows.followerId, ids))),
    db
      .select({ id: blocks.targetId })
      .from(blocks)
      .where(and(eq(blocks.accountId, viewerId), inArray(blocks.targetId, ids))),
    db
      .select({ id: blocks.accountId })
      .from(blocks)
      .where(and(eq(blocks.targetId, viewerId), inArray(blocks.accountId, ids))),
    db
      .select({ id: mutes.targetId, hide: mutes.hideNotifications })
      .from(mutes)
      .where(and(eq(mutes.accountId, viewerId), inArray(mutes.targetId, ids))),
  ]);
  const has = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
  const [fo, fb, bl, bb] = [has(following), has(followedBy), has(blocking), has(blockedBy)];
  const mu = new Map(muting.map((m) => [m.id, m.hide]));
  const options = new Map(following.map(({ id, ...o }) => [id, o]));
  return ids.map((id) => ({
    id,
    following: fo.has(id),
    followedBy: fb.has(id),
    blocking: bl.has(id),
    blockedBy: bb.has(id),
    muting: mu.has(id),
    mutingNotifications: mu.get(id) ?? false,
    follow: options.get(id) ?? defaultFollowOptions,
  }));
}

export type AccountPage = { maxId?: string; sinceId?: string; minId?: string; limit?: number };

/**
 * Followers or followings, newest first; pages by the follow's time (the cursors are account ids
 * we map back to that follow: max_id = older, since_id/min_id = newer).
 */
export async function followList(
  db: Db,
  accountId: string,
  direction: 'followers' | 'following',
  page: AccountPage = {},
) {
  const limit = Math.min(Math.max(page.limit ?? 40, 1), 80);
  const mine = direction === 'followers' ? follows.followeeId : follows.followerId;
  const theirs = direction === 'followers' ? follows.followerId : follows.followeeId;
  const timeOf = async (id: string | undefined) => {
    if (!id) return undefined;
    const [cursor] = await db
      .select({ at: follows.createdAt })
      .from(follows)
      .where(and(eq(mine, accountId), eq(theirs, id)));
    return cursor?.at;
  };
  const before = await timeOf(page.maxId);
  const after = await timeOf(page.minId ?? page.sinceId);
  const rows = await db
    .select({ account: accounts, at: follows.createdAt })
    .from(follows)
    .innerJoin(accounts, eq(accounts.id, theirs))
    .where(
      and(
        eq(mine, accountId),
        before ? lt(follows.createdAt, before) : undefined,
        after ? gt(follows.createdAt, after) : undefined,
      ),
    )
    .orderBy(page.minId ? asc(follows.createdAt) : desc(follows.createdAt))
    .limit(limit);
  if (page.minId) rows.reverse();
  return rows.map((r) => r.account);
}

/** Ids the viewer has muted or blocked, or who block them: filtered out of timelines. */
export async function hiddenAccountIds(db: Db, viewerId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select target_id as id from mutes where account_id = ${viewerId}
        union select target_id from blocks where account_id = ${viewerId}
        union select account_id from blocks where target_id = ${viewerId}`,
  );
  return new Set(rows.map((r) => r.id));
}

export async function blockedAndMutedLists(db: Db, viewerId: string, which: 'blocks' | 'mutes') {
  const table = which === 'blocks' ? blocks : mutes;
  return db
    .select({ account: accounts })
    .from(table)
    .innerJoin(accounts, eq(accounts.id, table.targetId))
    .where(eq(table.accountId, viewerId))
    .orderBy(desc(table.createdAt))
    .limit(200);
}
