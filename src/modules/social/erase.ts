/**
 * An account closing (privacy's erasure): everything it has in the social graph goes, in the
 * caller's transaction, through the same paths as the person's own deletions, so counters, the
 * search index, timelines and the acts federation listens to stay right.
 */
import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { removeFollow } from './graph';
import { removeStatusInTx } from './posts';
import { blocks, bookmarks, favourites, listAccounts, lists, mutes, notifications, statuses } from './schema';

/** A post gone, for the live streams once the transaction is committed. */
export type DeletedPost = { id: string; accountId: string };

export async function closeSocialPresence(tx: DbOrTx, accountId: string): Promise<DeletedPost[]> {
  const gone: DeletedPost[] = [];
  const posts = await tx
    .select()
    .from(statuses)
    .where(and(eq(statuses.accountId, accountId), isNull(statuses.reblogOfId)));
  for (const post of posts) {
    gone.push({ id: post.id, accountId }, ...(await removeStatusInTx(tx, post)));
  }
  // Their reposts of others' posts: the repost rows go and the originals count one fewer.
  const reposts = await tx
    .delete(statuses)
    .where(and(eq(statuses.accountId, accountId), isNotNull(statuses.reblogOfId)))
    .returning({ id: statuses.id, originalId: statuses.reblogOfId });
  for (const r of reposts) {
    if (r.originalId)
      await tx
        .update(statuses)
        .set({ reblogsCount: sql`greatest(${statuses.reblogsCount} - 1, 0)` })
        .where(eq(statuses.id, r.originalId));
    gone.push({ id: r.id, accountId });
  }
  const liked = await tx.delete(favourites).where(eq(favourites.accountId, accountId)).returning();
  for (const f of liked)
    await tx
      .update(statuses)
      .set({ favouritesCount: sql`greatest(${statuses.favouritesCount} - 1, 0)` })
      .where(eq(statuses.id, f.statusId));
  if (posts.length || reposts.length)
    await tx.update(accounts).set({ postsCount: 0, lastPostAt: null }).where(eq(accounts.id, accountId));
  await tx.delete(bookmarks).where(eq(bookmarks.accountId, accountId));
  const pairs = await queryRows<{ follower_id: string; followee_id: string }>(
    tx,
    sql`select follower_id, followee_id from follows where follower_id = ${accountId} or followee_id = ${accountId}`,
  );
  for (const f of pairs) await removeFollow(tx, f.follower_id, f.followee_id);
  await tx.delete(blocks).where(or(eq(blocks.accountId, accountId), eq(blocks.targetId, accountId)));
  await tx.delete(mutes).where(or(eq(mutes.accountId, accountId), eq(mutes.targetId, accountId)));
  await tx.delete(listAccounts).where(eq(listAccounts.accountId, accountId));
  await tx.delete(lists).where(eq(lists.accountId, accountId));
  await tx
    .delete(notifications)
    .where(or(eq(notifications.accountId, accountId), eq(notifications.fromAccountId, accountId)));
  return gone;
}

/** After the commit: the live streams drop the posts that went. */
export async function publishDeletedPosts(ctx: Pick<SocialContext, 'events'>, gone: DeletedPost[]): Promise<void> {
  for (const post of gone) await ctx.events.publish({ type: 'delete', statusId: post.id, accountId: post.accountId });
}
