import { queryRows } from '../../db/client';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../db/ids';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { enqueue } from '../../jobs/queue';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { blockedBetween } from './graph';
import { tellActs } from './acts';
import { notify, publishNotifications } from './notifications';
import { findVisibleStatus, type Status } from './posts';
import { bookmarks, favourites, pollVotes, polls, statuses } from './schema';

/** Reactions apply to the original post, even when the client points at a repost of it. */
async function original(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await findVisibleStatus(ctx.db, viewerId, id);
  return status.reblogOfId ? findVisibleStatus(ctx.db, viewerId, status.reblogOfId) : status;
}

export async function favourite(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  if (await blockedBetween(ctx.db, viewerId, status.accountId))
    throw forbidden('blocked', 'You cannot like posts of this account');
  const notificationId = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(favourites)
      .values({ id: uuidv7(), accountId: viewerId, statusId: status.id })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) return null;
    await tx
      .update(statuses)
      .set({ favouritesCount: sql`${statuses.favouritesCount} + 1` })
      .where(eq(statuses.id, status.id));
    await tellActs(tx, { type: 'favourite', accountId: viewerId, statusId: status.id });
    return notify(tx, { accountId: status.accountId, fromAccountId: viewerId, type: 'favourite', statusId: status.id });
  });
  await publishNotifications(ctx, [{ id: notificationId, accountId: status.accountId }]);
  return status;
}

export async function unfavourite(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(favourites)
      .where(and(eq(favourites.accountId, viewerId), eq(favourites.statusId, status.id)))
      .returning();
    if (removed.length === 0) return;
    await tx
      .update(statuses)
      .set({ favouritesCount: sql`greatest(${statuses.favouritesCount} - 1, 0)` })
      .where(eq(statuses.id, status.id));
    await tellActs(tx, { type: 'unfavourite', accountId: viewerId, statusId: status.id });
  });
  return status;
}

export async function bookmark(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  await ctx.db
    .insert(bookmarks)
    .values({ id: uuidv7(), accountId: viewerId, statusId: status.id })
    .onConflictDoNothing();
  return status;
}

export async function unbookmark(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  await ctx.db.delete(bookmarks).where(and(eq(bookmarks.accountId, viewerId), eq(bookmarks.statusId, status.id)));
  return status;
}

/** A repost is a status row pointing at the original; reposting twice returns the first one. */
export async function reblog(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  if (status.visibility !== 'public' && status.visibility !== 'unlisted')
    throw unprocessable('cannot_reblog', 'Only public posts can be reposted');
  if (await blockedBetween(ctx.db, viewerId, status.accountId))
    throw forbidden('blocked', 'You cannot repost posts of this account');
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(statuses)
      .values({ id: uuidv7(), accountId: viewerId, reblogOfId: status.id, visibility: 'public' })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(statuses)
        .where(and(eq(statuses.accountId, viewerId), eq(statuses.reblogOfId, status.id)));
      return { row: existing, notificationId: null };
    }
    await tx
      .update(statuses)
      .set({ reblogsCount: sql`${statuses.reblogsCount} + 1` })
      .where(eq(statuses.id, status.id));
    await tx
      .update(accounts)
      .set({ postsCount: sql`${accounts.postsCount} + 1`, lastPostAt: new Date() })
      .where(eq(accounts.id, viewerId));
    await tellActs(tx, { type: 'reblog', accountId: viewerId, statusId: row.id, originalId: status.id });
    const notificationId = await notify(tx, {
      accountId: status.accountId,
      fromAccountId: viewerId,
      type: 'reblog',
      statusId: status.id,
    });
    return { row, notificationId, fresh: true };
  });
  if ('fresh' in result) {
    await ctx.events.publish({
      type: 'status',
      statusId: result.row.id,
      accountId: viewerId,
      visibility: 'public',
      tags: [],
      mentions: [],
    });
    await publishNotifications(ctx, [{ id: result.notificationId, accountId: status.accountId }]);
  }
  return result.row;
}

export async function unreblog(ctx: SocialContext, viewerId: string, id: string): Promise<Status> {
  const status = await original(ctx, viewerId, id);
  const removed = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .delete(statuses)
      .where(and(eq(statuses.accountId, viewerId), eq(statuses.reblogOfId, status.id)))
      .returning();
    if (rows.length) {
      await tx
        .update(statuses)
        .set({ reblogsCount: sql`greatest(${statuses.reblogsCount} - 1, 0)` })
        .where(eq(statuses.id, status.id));
      await tx
        .update(accounts)
        .set({ postsCount: sql`greatest(${accounts.postsCount} - 1, 0)` })
        .where(eq(accounts.id, viewerId));
      for (const r of rows)
        await tellActs(tx, { type: 'unreblog', accountId: viewerId, statusId: r.id, originalId: status.id });
    }
    return rows;
  });
  for (const r of removed) await ctx.events.publish({ type: 'delete', statusId: r.id, accountId: viewerId });
  return status;
}

export type Poll = typeof polls.$inferSelect;

export async function getPoll(ctx: Pick<SocialContext, 'db'>, viewerId: string | null, pollId: string): Promise<Poll> {
  const [poll] = await ctx.db.select().from(polls).where(eq(polls.id, pollId));
  if (!poll) throw notFound('Poll');
  await findVisibleStatus(ctx.db, viewerId, poll.statusId);
  return poll;
}

/**
 * One vote per account (several choices only for multiple-choice polls), never after the
 * deadline. The primary key and a row lock on the poll make double submissions count once.
 */
export async function vote(ctx: SocialContext, viewerId: string, pollId: string, choices: number[]): Promise<Poll> {
  const poll = await getPoll(ctx, viewerId, pollId);
  const unique = [...new Set(choices)];
  if (unique.length === 0) throw unprocessable('invalid_choice', 'Choose an option');
  if (!poll.multiple && unique.length > 1) throw unprocessable('invalid_choice', 'This poll takes a single choice');
  if (unique.some((c) => !Number.isInteger(c) || c < 0 || c >= poll.options.length))
    throw unprocessable('invalid_choice', 'No such option');
  const [status] = await ctx.db
    .select({ accountId: statuses.accountId })
    .from(statuses)
    .where(eq(statuses.id, poll.statusId));
  if (status && (await blockedBetween(ctx.db, viewerId, status.accountId)))
    throw forbidden('blocked', 'You cannot vote in this poll');
  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(polls).where(eq(polls.id, pollId)).for('update');
    if (locked.expiresAt.getTime() <= Date.now()) throw unprocessable('poll_closed', 'The poll has ended');
    const [already] = await tx
      .select({ one: sql`1` })
      .from(pollVotes)
      .where(and(eq(pollVotes.pollId, pollId), eq(pollVotes.accountId, viewerId)))
      .limit(1);
    if (already) throw unprocessable('already_voted', 'You have already voted in this poll');
    await tx.insert(pollVotes).values(unique.map((choice) => ({ pollId, accountId: viewerId, choice })));
    const options = locked.options.map((o, i) => ({ ...o, votesCount: o.votesCount + (unique.includes(i) ? 1 : 0) }));
    const [updated] = await tx
      .update(polls)
      .set({ options, votesCount: locked.votesCount + unique.length, votersCount: locked.votersCount + 1 })
      .where(eq(polls.id, pollId))
      .returning();
    await tellActs(tx, { type: 'vote', accountId: viewerId, pollId, choices: unique });
    return updated;
  });
}

export async function ownVotes(ctx: Pick<SocialContext, 'db'>, viewerId: string, pollIds: string[]) {
  if (!viewerId || pollIds.length === 0) return new Map<string, number[]>();
  const rows = await ctx.db
    .select()
    .from(pollVotes)
    .where(and(eq(pollVotes.accountId, viewerId), sql`${pollVotes.pollId} in ${pollIds}`));
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.pollId, [...(out.get(r.pollId) ?? []), r.choice]);
  return out;
}

/** Job: when a poll closes, tell its author and every voter (once: the job is idempotent per poll). */
export async function notifyPollEnded(ctx: SocialContext, pollId: string) {
  const [poll] = await ctx.db.select().from(polls).where(eq(polls.id, pollId));
  if (!poll) return;
  if (poll.expiresAt.getTime() > Date.now() + 1000) {
    await enqueue(ctx.db, 'poll.ended', { pollId }, poll.expiresAt);
    return;
  }
  const [status] = await ctx.db
    .select({ accountId: statuses.accountId })
    .from(statuses)
    .where(eq(statuses.id, poll.statusId));
  if (!status) return;
  const voters = await ctx.db
    .selectDistinct({ id: pollVotes.accountId })
    .from(pollVotes)
    .where(eq(pollVotes.pollId, pollId));
  const recipients = [status.accountId, ...voters.map((v) => v.id)];
  const created: { id: string | null; accountId: string }[] = [];
  for (const accountId of new Set(recipients)) {
    const [exists] = await queryRows(
      ctx.db,
      sql`select 1 from notifications where account_id = ${accountId} and type = 'poll' and status_id = ${poll.statusId}`,
    );
    if (exists) continue;
    // The author is told too, as the sender of their own poll's notice.
    const n = { accountId, fromAccountId: status.accountId, type: 'poll' as const, statusId: poll.statusId };
    const id = await notify(ctx.db, n, { toSelf: true });
    created.push({ id, accountId });
  }
  await publishNotifications(ctx, created);
}
