import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../accounts/schema';
import type { Account } from '../accounts/service';
import { bookmarks, favourites, follows, mediaAttachments, pollVotes, polls, statusMentions, statuses, statusTags } from './schema';
import type { Status } from './posts';
import { hiddenAccountIds } from './graph';

export type HydrateContext = { db: Db };
export type Media = typeof mediaAttachments.$inferSelect;
export type PollRow = typeof polls.$inferSelect;

/** Everything needed to present a set of posts to one viewer, loaded in a fixed number of queries. */
export type Hydrated = {
  viewerId: string | null;
  statuses: Map<string, Status>;
  accounts: Map<string, Account>;
  media: Map<string, Media[]>;
  polls: Map<string, PollRow>;
  votes: Map<string, number[]>;
  tags: Map<string, string[]>;
  mentions: Map<string, string[]>;
  favourited: Set<string>;
  reblogged: Set<string>;
  bookmarked: Set<string>;
  /** Accounts the viewer blocks or mutes, or who block the viewer. */
  hidden: Set<string>;
  /** Accounts the viewer follows (for private posts). */
  following: Set<string>;
};

const group = <T, K>(rows: T[], key: (row: T) => K) => {
  const out = new Map<K, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
};

export async function hydrateStatuses(ctx: HydrateContext, viewerId: string | null, ids: string[]): Promise<Hydrated> {
  const db = ctx.db;
  const rows = ids.length ? await db.select().from(statuses).where(inArray(statuses.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Reposts and quotes point at other posts: load those one level down.
  const referenced = [...new Set(rows.flatMap((r) => [r.reblogOfId, r.quoteOfId]).filter((id): id is string => Boolean(id) && !byId.has(id!)))];
  if (referenced.length) for (const r of await db.select().from(statuses).where(inArray(statuses.id, referenced))) byId.set(r.id, r);
  const quoted = [...byId.values()].map((r) => r.quoteOfId).filter((id): id is string => Boolean(id) && !byId.has(id!));
  if (quoted.length) for (const r of await db.select().from(statuses).where(inArray(statuses.id, quoted))) byId.set(r.id, r);

  const allIds = [...byId.keys()];
  const contentIds = [...byId.values()].filter((s) => !s.reblogOfId).map((s) => s.id);
  const none = Promise.resolve([] as never[]);
  const [media, pollRows, tagRows, mentionRows, favs, reblogs, marks, hidden, followingRows] = await Promise.all([
    contentIds.length ? db.select().from(mediaAttachments).where(inArray(mediaAttachments.statusId, contentIds)).orderBy(mediaAttachments.position) : none,
    contentIds.length ? db.select().from(polls).where(inArray(polls.statusId, contentIds)) : none,
    contentIds.length ? db.select().from(statusTags).where(inArray(statusTags.statusId, contentIds)) : none,
    contentIds.length ? db.select().from(statusMentions).where(inArray(statusMentions.statusId, contentIds)) : none,
    viewerId && allIds.length ? db.select({ id: favourites.statusId }).from(favourites).where(and(eq(favourites.accountId, viewerId), inArray(favourites.statusId, allIds))) : none,
    viewerId && allIds.length ? db.select({ id: statuses.reblogOfId }).from(statuses).where(and(eq(statuses.accountId, viewerId), inArray(statuses.reblogOfId, allIds))) : none,
    viewerId && allIds.length ? db.select({ id: bookmarks.statusId }).from(bookmarks).where(and(eq(bookmarks.accountId, viewerId), inArray(bookmarks.statusId, allIds))) : none,
    viewerId ? hiddenAccountIds(db, viewerId) : Promise.resolve(new Set<string>()),
    viewerId && allIds.length
      ? db.select({ id: follows.followeeId }).from(follows).where(and(eq(follows.followerId, viewerId), inArray(follows.followeeId, [...new Set([...byId.values()].map((s) => s.accountId))])))
      : none,
  ]);
  const pollIds = (pollRows as PollRow[]).map((p) => p.id);
  const voteRows = viewerId && pollIds.length ? await db.select().from(pollVotes).where(and(eq(pollVotes.accountId, viewerId), inArray(pollVotes.pollId, pollIds))) : [];
  const accountIds = new Set<string>([...byId.values()].map((s) => s.accountId));
  for (const m of mentionRows as { accountId: string }[]) accountIds.add(m.accountId);
  const accountRows = accountIds.size ? await db.select().from(accounts).where(inArray(accounts.id, [...accountIds])) : [];

  return {
    viewerId,
    statuses: byId,
    accounts: new Map(accountRows.map((a) => [a.id, a])),
    media: group(media as Media[], (m) => m.statusId!),
    polls: new Map((pollRows as PollRow[]).map((p) => [p.statusId, p])),
    votes: new Map([...group(voteRows, (v) => v.pollId)].map(([k, v]) => [k, v.map((x) => x.choice)])),
    tags: new Map([...group(tagRows as { tag: string; statusId: string }[], (t) => t.statusId)].map(([k, v]) => [k, v.map((x) => x.tag)])),
    mentions: new Map([...group(mentionRows as { statusId: string; accountId: string }[], (m) => m.statusId)].map(([k, v]) => [k, v.map((x) => x.accountId)])),
    favourited: new Set((favs as { id: string }[]).map((f) => f.id)),
    reblogged: new Set((reblogs as { id: string | null }[]).map((r) => r.id!).filter(Boolean)),
    bookmarked: new Set((marks as { id: string }[]).map((b) => b.id)),
    hidden: hidden as Set<string>,
    following: new Set((followingRows as { id: string }[]).map((f) => f.id)),
  };
}

/** Whether the viewer may see one post (visibility only; blocks and mutes are separate rules). */
export function visibleTo(h: Hydrated, status: Status): boolean {
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (!h.viewerId) return false;
  if (status.accountId === h.viewerId) return true;
  if (h.mentions.get(status.id)?.includes(h.viewerId)) return true;
  return status.visibility === 'private' && h.following.has(status.accountId);
}

/**
 * The rules applied to every list of posts: drop what is gone, what the viewer may not see, and
 * what comes from (or reposts) an account the viewer blocks or mutes, or that blocks them.
 */
export function applyRules(h: Hydrated, ids: string[], options: { keepHiddenAuthors?: boolean } = {}): string[] {
  return ids.filter((id) => {
    const status = h.statuses.get(id);
    if (!status) return false;
    const shown = status.reblogOfId ? h.statuses.get(status.reblogOfId) : status;
    if (!shown || !visibleTo(h, shown) || !visibleTo(h, status)) return false;
    if (options.keepHiddenAuthors) return true;
    return !h.hidden.has(status.accountId) && !h.hidden.has(shown.accountId);
  });
}

/** Hydrates ids and applies the rules: the middle of every timeline pipeline. */
export async function loadVisible(ctx: HydrateContext, viewerId: string | null, ids: string[], options: { keepHiddenAuthors?: boolean } = {}) {
  const hydrated = await hydrateStatuses(ctx, viewerId, ids);
  return { hydrated, ids: applyRules(hydrated, ids, options) };
}

