/**
 * Social's door for posts written on other servers (federation's inbound side): stored once per
 * ActivityPub id (statuses.uri), with the same effects as a local post (counters, the replies,
 * quotes and mentions told to our accounts, followers who asked to be told, the linked modules'
 * hooks and the live event), so timelines, streams and watches cannot tell them apart.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { enqueue } from '../../jobs/queue';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { blockedBetween, unfollow } from './graph';
import { publishNotifications, type NewNotification } from './notifications';
import { deleteStatus, type Status } from './posts';
import { recordNewPost } from './post-effects';
import { reblog } from './reactions';
import { mediaAttachments, polls, statusMentions, statuses, statusTags, type Visibility } from './schema';

export type RemotePoll = { options: string[]; counts: number[]; multiple: boolean; expiresAt: Date; voters: number };
export type RemoteMedia = { remoteUrl: string; description: string; width: number; height: number };

/** A remote post as federation read it: text already sanitised, references already resolved to our ids. */
export type RemoteStatus = {
  accountId: string;
  uri: string;
  url: string | null;
  text: string;
  contentHtml: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: Visibility;
  language: string | null;
  createdAt: Date;
  inReplyToId: string | null;
  quoteOfId: string | null;
  /** Accounts mentioned (ours and remote ones we know). */
  mentionIds: string[];
  tags: string[];
  media: RemoteMedia[];
  poll: RemotePoll | null;
};

/** The stored post with this ActivityPub id. */
export async function statusByUri(db: DbOrTx, uri: string): Promise<Status | null> {
  const [row] = await db.select().from(statuses).where(eq(statuses.uri, uri));
  return row ?? null;
}

/** Which of these accounts are ours (notifications are for them only). */
async function localAmong(tx: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(inArray(accounts.id, ids), isNull(accounts.domain)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores a remote post with everything a local post implies. Null when a post with this uri is
 * already stored (deliveries repeat). Returns the media rows' ids, for federation to cache.
 */
export async function insertRemoteStatus(
  ctx: SocialContext,
  input: RemoteStatus,
): Promise<{ status: Status; mediaIds: string[] } | null> {
  const id = uuidv7();
  const created: { id: string | null; accountId: string }[] = [];
  const mediaIds: string[] = [];
  const status = await ctx.db.transaction(async (tx) => {
    const parent = input.inReplyToId ? await statusRow(tx, input.inReplyToId) : null;
    const quoted = input.quoteOfId ? await statusRow(tx, input.quoteOfId) : null;
    const [row] = await tx
      .insert(statuses)
      .values({
        id,
        accountId: input.accountId,
        text: input.text,
        contentHtml: input.contentHtml,
        spoilerText: input.spoilerText.slice(0, 500),
        sensitive: input.sensitive || input.spoilerText !== '',
        visibility: input.visibility,
        language: input.language,
        inReplyToId: parent?.id ?? null,
        inReplyToAccountId: parent?.accountId ?? null,
        quoteOfId: quoted?.id ?? null,
        createdAt: input.createdAt,
        uri: input.uri,
        url: input.url,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const tags = [...new Set(input.tags)].slice(0, 30);
    const mentionIds = [...new Set(input.mentionIds)].filter((m) => m !== input.accountId).slice(0, 50);
    if (tags.length) await tx.insert(statusTags).values(tags.map((tag) => ({ tag, statusId: id })));
    if (mentionIds.length)
      await tx.insert(statusMentions).values(mentionIds.map((accountId) => ({ statusId: id, accountId })));
    for (const [position, m] of input.media.slice(0, 4).entries()) {
      const mediaId = uuidv7();
      mediaIds.push(mediaId);
      await tx.insert(mediaAttachments).values({
        id: mediaId,
        accountId: input.accountId,
        statusId: id,
        position,
        path: '',
        previewPath: '',
        width: m.width,
        height: m.height,
        description: m.description.slice(0, 1500),
        remoteUrl: m.remoteUrl,
      });
    }
    if (input.poll) {
      const pollId = uuidv7();
      await tx.insert(polls).values({
        id: pollId,
        statusId: id,
        options: input.poll.options.map((title, i) => ({ title, votesCount: input.poll?.counts[i] ?? 0 })),
        multiple: input.poll.multiple,
        expiresAt: input.poll.expiresAt,
        votesCount: input.poll.counts.reduce((a, b) => a + b, 0),
        votersCount: input.poll.voters,
      });
      // Our voters are told when it closes, as for our polls.
      await enqueue(tx, 'poll.ended', { pollId }, input.poll.expiresAt);
    }
    const local = await localAmong(tx, [
      ...mentionIds,
      ...(parent ? [parent.accountId] : []),
      ...(quoted ? [quoted.accountId] : []),
    ]);
    // Our accounts only, and never across a block (a remote reply cannot be refused as a local one is).
    const mayTell = async (n: NewNotification) =>
      local.has(n.accountId) && !(await blockedBetween(tx, n.accountId, n.fromAccountId));
    const links = { parent, quoted, mentionIds, writtenById: null };
    created.push(...(await recordNewPost(tx, row, links, mayTell)));
    return { row, tags, mentionIds };
  });
  if (!status) return null;
  await ctx.events.publish({
    type: 'status',
    statusId: id,
    accountId: input.accountId,
    visibility: input.visibility,
    tags: status.tags,
    mentions: status.mentionIds,
  });
  await publishNotifications(ctx, created);
  return { status: status.row, mediaIds };
}

async function statusRow(tx: DbOrTx, id: string): Promise<Status | null> {
  const [row] = await tx.select().from(statuses).where(eq(statuses.id, id));
  return row && !row.reblogOfId ? row : null;
}

export type RemoteEdit = Pick<
  RemoteStatus,
  'text' | 'contentHtml' | 'spoilerText' | 'sensitive' | 'language' | 'tags' | 'poll'
>;

/** An edit of a remote post by its author: new text, tags and poll counts; edited_at set. */
export async function updateRemoteStatus(
  ctx: Pick<SocialContext, 'db'>,
  accountId: string,
  uri: string,
  edit: RemoteEdit,
): Promise<Status | null> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(statuses)
      .set({
        text: edit.text,
        contentHtml: edit.contentHtml,
        spoilerText: edit.spoilerText.slice(0, 500),
        sensitive: edit.sensitive || edit.spoilerText !== '',
        language: edit.language,
        // Mastodon sends an Update for every change of a poll's counts: only a new text is an edit.
        editedAt: sql`case when ${statuses.contentHtml} is distinct from ${edit.contentHtml}
          or ${statuses.spoilerText} is distinct from ${edit.spoilerText.slice(0, 500)}
          then now() else ${statuses.editedAt} end`,
      })
      .where(and(eq(statuses.uri, uri), eq(statuses.accountId, accountId)))
      .returning();
    if (!row) return null;
    await tx.delete(statusTags).where(eq(statusTags.statusId, row.id));
    const tags = [...new Set(edit.tags)].slice(0, 30);
    if (tags.length) await tx.insert(statusTags).values(tags.map((tag) => ({ tag, statusId: row.id })));
    if (edit.poll) {
      const poll = edit.poll;
      // Counts only: the options of a poll with votes are not rewritten under the voters.
      await queryRows(
        tx,
        sql`update polls set options = (select jsonb_agg(jsonb_set(o.value, '{votesCount}', to_jsonb(coalesce(
                 (${JSON.stringify(poll.counts)}::jsonb ->> (o.ordinality::int - 1))::int, 0))) order by o.ordinality)
               from jsonb_array_elements(polls.options) with ordinality o),
              votes_count = ${poll.counts.reduce((a, b) => a + b, 0)}, voters_count = ${poll.voters},
              expires_at = ${poll.expiresAt.toISOString()}::timestamptz
            where status_id = ${row.id}`,
      );
    }
    return row;
  });
}

/**
 * A remote account deleted on its server: its posts go (through deleteStatus, so counters and
 * streams stay right), its follows both ways too, and the account is kept suspended so nothing
 * of it shows if an old delivery arrives late.
 */
export async function removeRemoteAccount(ctx: SocialContext, accountId: string): Promise<void> {
  const [account] = await ctx.db.select({ domain: accounts.domain }).from(accounts).where(eq(accounts.id, accountId));
  if (!account?.domain) return;
  await ctx.db.update(accounts).set({ suspendedAt: new Date() }).where(eq(accounts.id, accountId));
  const posts = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from statuses where account_id = ${accountId} and reblog_of_id is null order by id limit 2000`,
  );
  for (const p of posts) await deleteStatus(ctx, [accountId], p.id).catch(() => {});
  const reposts = await ctx.db
    .delete(statuses)
    .where(and(eq(statuses.accountId, accountId), sql`${statuses.reblogOfId} is not null`))
    .returning({ id: statuses.id, originalId: statuses.reblogOfId });
  for (const r of reposts) {
    if (r.originalId)
      await ctx.db
        .update(statuses)
        .set({ reblogsCount: sql`greatest(${statuses.reblogsCount} - 1, 0)` })
        .where(eq(statuses.id, r.originalId));
    await ctx.events.publish({ type: 'delete', statusId: r.id, accountId });
  }
  const pairs = await queryRows<{ follower_id: string; followee_id: string }>(
    ctx.db,
    sql`select follower_id, followee_id from follows where follower_id = ${accountId} or followee_id = ${accountId}`,
  );
  for (const f of pairs) await unfollow(ctx, f.follower_id, f.followee_id);
}

/** A remote account's repost (Announce): social's reblog, remembered by the Announce's id for its Undo. */
export async function reblogAsRemote(ctx: SocialContext, accountId: string, originalId: string, uri: string) {
  const row = await reblog(ctx, accountId, originalId);
  await ctx.db
    .update(statuses)
    .set({ uri })
    .where(and(eq(statuses.id, row.id), isNull(statuses.uri)))
    .catch(() => {});
  return row;
}
