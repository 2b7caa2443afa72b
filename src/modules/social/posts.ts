import { tellActs } from './acts';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { enqueue } from '../../jobs/queue';
import { accounts } from '../../db/schema';
import type { SocialContext } from './context';
import { blockedBetween, isBlocking } from './graph';
import { statusVisibleTo } from './rules';
import { hiddenByGates } from './extensions';
import { detectLanguage } from './language';
import { shortenAll } from './links';
import { publishNotifications, type NewNotification } from './notifications';
import { recordNewPost } from './post-effects';
import { mediaAttachments, polls, statusMentions, statuses, statusTags, visibilities, type Visibility } from './schema';
import { parseText, renderText, textLength } from './text';

export type Status = typeof statuses.$inferSelect;

export type NewStatus = {
  text?: string;
  visibility?: string;
  language?: string | null;
  spoilerText?: string;
  sensitive?: boolean;
  inReplyToId?: string | null;
  quoteOfId?: string | null;
  mediaIds?: string[];
  poll?: { options: string[]; expiresIn: number; multiple?: boolean } | null;
  /** Input for registered extensions (extensions.ts), by extension name, e.g. { products: [ids] }. */
  extensions?: Record<string, unknown>;
};

export const MAX_MEDIA = 4;
export const POLL = { minOptions: 2, maxOptions: 4, maxOptionChars: 50, minExpiresIn: 300, maxExpiresIn: 2629746 };

/** Everything about a new post that can be checked before touching the database. */
function validate(ctx: SocialContext, input: NewStatus) {
  const text = (input.text ?? '').replace(/\r\n?/g, '\n');
  const mediaIds = [...new Set(input.mediaIds ?? [])];
  if (textLength(text) > ctx.config.postMaxChars) {
    throw unprocessable('text_too_long', `A post has at most ${ctx.config.postMaxChars} characters`, {
      max: ctx.config.postMaxChars,
    });
  }
  if (!text.trim() && mediaIds.length === 0 && !input.poll)
    throw unprocessable('text_empty', 'Write something, or attach an image');
  if (mediaIds.length > MAX_MEDIA) throw unprocessable('too_many_media', `A post has at most ${MAX_MEDIA} images`);
  if (input.poll && mediaIds.length)
    throw unprocessable('poll_with_media', 'A post cannot have both a poll and images');
  const visibility = (input.visibility ?? 'public') as Visibility;
  if (!visibilities.includes(visibility))
    throw unprocessable('invalid_visibility', `Visibility must be one of ${visibilities.join(', ')}`);
  const language = input.language ? String(input.language).toLowerCase().slice(0, 2) : detectLanguage(text);
  if (input.language && !/^[a-z]{2}$/.test(language ?? ''))
    throw unprocessable('invalid_language', 'Language must be an ISO 639-1 code such as fr or en');
  if (input.poll) {
    const { options, expiresIn } = input.poll;
    if (!Array.isArray(options) || options.length < POLL.minOptions || options.length > POLL.maxOptions) {
      throw unprocessable('invalid_poll', `A poll has ${POLL.minOptions} to ${POLL.maxOptions} options`);
    }
    if (options.some((o) => typeof o !== 'string' || !o.trim() || [...o].length > POLL.maxOptionChars)) {
      throw unprocessable('invalid_poll', `Each poll option has 1 to ${POLL.maxOptionChars} characters`);
    }
    if (new Set(options.map((o) => o.trim().toLowerCase())).size !== options.length)
      throw unprocessable('invalid_poll', 'Poll options must differ');
    if (!Number.isInteger(expiresIn) || expiresIn < POLL.minExpiresIn || expiresIn > POLL.maxExpiresIn) {
      throw unprocessable('invalid_poll', `A poll lasts between ${POLL.minExpiresIn} seconds and one month`);
    }
  }
  const spoilerText = (input.spoilerText ?? '').trim();
  if ([...spoilerText].length > 200)
    throw unprocessable('spoiler_too_long', 'The content warning has at most 200 characters');
  return { text, mediaIds, visibility, language, spoilerText };
}

/**
 * Publishes a post as `accountId` (a person, or a brand a team member writes for: writtenById).
 * Everything lands in one transaction: the post, its tags, mentions, images, poll, counters and
 * notifications; live events go out after the commit.
 */
export async function createStatus(
  ctx: SocialContext,
  accountId: string,
  input: NewStatus,
  writtenById: string | null = null,
): Promise<Status> {
  const { text, mediaIds, visibility, language, spoilerText } = validate(ctx, input);
  const parsed = parseText(text);
  const mentioned = parsed.mentions.length
    ? await ctx.db
        .select({
          id: accounts.id,
          username: accounts.username,
          // A remote account's profile is its page on its own server.
          remoteUrl: sql<string | null>`(select coalesce(r.url, r.uri) from remote_actors r
                                         where r.account_id = ${accounts.id})`,
        })
        .from(accounts)
        .where(inArray(sql`lower(${accounts.username})`, parsed.mentions))
    : [];
  const id = uuidv7();
  const created: { id: string | null; accountId: string }[] = [];

  const status = await ctx.db.transaction(async (tx) => {
    const parent = input.inReplyToId ? await visibleTarget(tx, accountId, input.inReplyToId, 'reply') : null;
    const quoted = input.quoteOfId ? await visibleTarget(tx, accountId, input.quoteOfId, 'quote') : null;
    const shortLinks = await shortenAll(tx, ctx.config.publicUrl, parsed.urls);
    const contentHtml = renderText(text, {
      mentions: new Map(
        mentioned.map((m) => [m.username.toLowerCase(), m.remoteUrl ?? `${ctx.config.publicUrl}/@${m.username}`]),
      ),
      shortLinks,
      tagBase: `${ctx.config.publicUrl}/tags`,
    });
    const [row] = await tx
      .insert(statuses)
      .values({
        id,
        accountId,
        writtenById,
        text,
        contentHtml,
        spoilerText,
        sensitive: Boolean(input.sensitive) || spoilerText !== '',
        visibility,
        language,
        inReplyToId: parent?.id ?? null,
        inReplyToAccountId: parent?.accountId ?? null,
        quoteOfId: quoted?.id ?? null,
      })
      .returning();
    if (parsed.tags.length) await tx.insert(statusTags).values(parsed.tags.map((tag) => ({ tag, statusId: id })));
    if (mentioned.length)
      await tx.insert(statusMentions).values(mentioned.map((m) => ({ statusId: id, accountId: m.id })));
    if (mediaIds.length) await attachMedia(tx, accountId, writtenById, id, mediaIds);
    if (input.poll) {
      const expiresAt = new Date(Date.now() + input.poll.expiresIn * 1000);
      const pollId = uuidv7();
      await tx.insert(polls).values({
        id: pollId,
        statusId: id,
        options: input.poll.options.map((title) => ({ title: title.trim(), votesCount: 0 })),
        multiple: Boolean(input.poll.multiple),
        expiresAt,
      });
      await enqueue(tx, 'poll.ended', { pollId }, expiresAt);
    }
    // Counters, replies, quotes and mentions told (a mentioned account that blocks or is blocked
    // is not), followers who asked, linked modules: the same as for a remote post.
    const mentionIds = mentioned.map((m) => m.id);
    const links = { parent, quoted, mentionIds, writtenById, extensions: input.extensions };
    const mayTell = async (n: NewNotification) =>
      n.type !== 'mention' || !(await blockedBetween(tx, n.accountId, n.fromAccountId));
    created.push(...(await recordNewPost(tx, row, links, mayTell)));
    return row;
  });

  await ctx.events.publish({
    type: 'status',
    statusId: status.id,
    accountId,
    visibility,
    tags: parsed.tags,
    mentions: mentioned.map((m) => m.id),
  });
  await publishNotifications(ctx, created);
  return status;
}

/**
 * Tells live streams about a post that became visible after it was written (a held staff post
 * approved): the same event as at creation, which the streams' rules then let through.
 */
export async function announceStatus(ctx: Pick<SocialContext, 'db' | 'events'>, statusId: string) {
  const [s] = await queryRows<{
    account_id: string;
    visibility: string;
    tags: string[] | null;
    mentions: string[] | null;
  }>(
    ctx.db,
    sql`select s.account_id, s.visibility,
          (select array_agg(tag) from status_tags where status_id = s.id) as tags,
          (select array_agg(account_id) from status_mentions where status_id = s.id) as mentions
        from statuses s where s.id = ${statusId}`,
  );
  if (!s) return;
  await ctx.events.publish({
    type: 'status',
    statusId,
    accountId: s.account_id,
    visibility: s.visibility,
    tags: s.tags ?? [],
    mentions: s.mentions ?? [],
  });
}

/** A post one may reply to or quote: it exists, is visible to the author, and no block stands between them. */
async function visibleTarget(tx: DbOrTx, accountId: string, statusId: string, action: 'reply' | 'quote') {
  const [target] = await tx.select().from(statuses).where(eq(statuses.id, statusId));
  if (!target || target.reblogOfId) throw notFound('Status');
  if (!(await canSee(tx, accountId, target))) {
    // One's own block is no secret to oneself: say why rather than "not found".
    if (target.visibility === 'public' && (await isBlocking(tx, accountId, target.accountId))) {
      throw forbidden('blocked', `You cannot ${action} to this account`);
    }
    throw notFound('Status');
  }
  if (action === 'quote' && !(target.visibility === 'public' || target.visibility === 'unlisted'))
    throw unprocessable('cannot_quote', 'Only public posts can be quoted');
  return target;
}

async function attachMedia(
  tx: DbOrTx,
  accountId: string,
  writtenById: string | null,
  statusId: string,
  mediaIds: string[],
) {
  // Media is uploaded by the person; when they post for a brand it may carry either id.
  const owners = writtenById ? [accountId, writtenById] : [accountId];
  for (const [position, mediaId] of mediaIds.entries()) {
    const updated = await tx
      .update(mediaAttachments)
      .set({ statusId, position, accountId })
      .where(
        and(
          eq(mediaAttachments.id, mediaId),
          inArray(mediaAttachments.accountId, owners),
          isNull(mediaAttachments.statusId),
        ),
      )
      .returning({ id: mediaAttachments.id });
    if (updated.length === 0)
      throw unprocessable('invalid_media', `Image ${mediaId} does not exist, is not yours, or is already attached`);
  }
}

/**
 * Whether a viewer (or an anonymous visitor: null) may see a post when they open it: the graph's
 * rules of rules.ts (blocks both ways, suspension, visibility) and other modules' gates. Mutes do
 * not apply: as on Mastodon, a muted account's post still opens when one asks for it directly
 * (a link, a notification, a profile one visits); muting only keeps it out of one's feeds.
 */
export async function canSee(db: DbOrTx, viewerId: string | null, status: Pick<Status, 'id'>): Promise<boolean> {
  if (await hiddenByGates(db, status.id)) return false;
  const rows = await queryRows(
    db,
    sql`select 1 from statuses s where s.id = ${status.id} and ${statusVisibleTo(viewerId, 's', { mutes: false })}`,
  );
  return rows.length > 0;
}

export async function getStatusRow(db: DbOrTx, id: string): Promise<Status | null> {
  const [row] = await db.select().from(statuses).where(eq(statuses.id, id));
  return row ?? null;
}

/** Loads a post the viewer may see, or throws 404 (never reveals that a hidden post exists). */
export async function findVisibleStatus(db: DbOrTx, viewerId: string | null, id: string): Promise<Status> {
  const row = await getStatusRow(db, id);
  if (!row || !(await canSee(db, viewerId, row))) throw notFound('Status');
  return row;
}

/** Deletes a post (and its reposts, via the reblog rows), fixing the counters it touched. */
export async function deleteStatus(ctx: SocialContext, actorAccountIds: string[], id: string): Promise<Status> {
  const row = await getStatusRow(ctx.db, id);
  if (!row || row.reblogOfId) throw notFound('Status');
  if (!actorAccountIds.includes(row.accountId)) throw forbidden('not_author', 'You can only delete your own posts');
  const reblogs = await ctx.db.transaction(async (tx) => removeStatusInTx(tx, row));
  for (const r of [{ id, accountId: row.accountId }, ...reblogs])
    await ctx.events.publish({ type: 'delete', statusId: r.id, accountId: r.accountId });
  return row;
}

/**
 * A post's deletion inside the caller's transaction (its author's or an account closing): the
 * `status.deleted` act, its reposts, and the counters it touched. Returns the reposts removed.
 */
export async function removeStatusInTx(tx: DbOrTx, row: Status): Promise<{ id: string; accountId: string }[]> {
  const id = row.id;
  const mentions = await tx
    .select({ accountId: statusMentions.accountId })
    .from(statusMentions)
    .where(eq(statusMentions.statusId, id));
  await tellActs(tx, {
    type: 'status.deleted',
    accountId: row.accountId,
    statusId: id,
    visibility: row.visibility,
    mentionIds: mentions.map((m) => m.accountId),
  });
  const reposts = await tx
    .delete(statuses)
    .where(eq(statuses.reblogOfId, id))
    .returning({ id: statuses.id, accountId: statuses.accountId });
  await tx.delete(statuses).where(eq(statuses.id, id));
  await tx
    .update(accounts)
    .set({ postsCount: sql`greatest(${accounts.postsCount} - 1, 0)` })
    .where(eq(accounts.id, row.accountId));
  for (const r of reposts)
    await tx
      .update(accounts)
      .set({ postsCount: sql`greatest(${accounts.postsCount} - 1, 0)` })
      .where(eq(accounts.id, r.accountId));
  if (row.inReplyToId)
    await tx
      .update(statuses)
      .set({ repliesCount: sql`greatest(${statuses.repliesCount} - 1, 0)` })
      .where(eq(statuses.id, row.inReplyToId));
  if (row.quoteOfId)
    await tx
      .update(statuses)
      .set({ quotesCount: sql`greatest(${statuses.quotesCount} - 1, 0)` })
      .where(eq(statuses.id, row.quoteOfId));
  return reposts;
}
