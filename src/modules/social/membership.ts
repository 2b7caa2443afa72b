/**
 * Stream membership, written once for both live engines (live.ts renders page cards,
 * streaming.ts Mastodon entities): given a new post's live event and a stream (its viewer, its
 * kind, its list), does the post belong? The answer mirrors the timeline the stream follows:
 * the same rules (hydrate.ts applyRules, so blocks, mutes, suspension and visibility), the same
 * home reply rule, exclusive lists and follow options as the skeletons of timelines.ts/lists.ts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { LiveEvent } from '../../lib/events';
import { loadVisible, type Hydrated } from './hydrate';
import { exclusivelyListed, type List } from './lists';
import type { Status } from './posts';
import { silenceAllows } from './rules';

/** What a stream shows: home, one of the viewer's lists, the public (local) feed, a tag, an account. */
export type StreamTarget =
  | { kind: 'home' }
  | { kind: 'list'; list: List }
  | { kind: 'public'; media?: boolean; remote?: boolean }
  | { kind: 'tag'; tag: string }
  | { kind: 'account'; id: string };

export type StatusEvent = Extract<LiveEvent, { type: 'status' }>;
export type Member = { hydrated: Hydrated; status: Status };

/** How long a stream trusts what it loaded about the viewer (follows, exclusive lists, list members). */
export const MEMBERSHIP_TTL_MS = 3_000;

type Followed = { reblogs: boolean; languages: string[] | null };
const followed = (r: { reblogs: boolean; languages: string[] | null }): Followed => ({
  reblogs: r.reblogs,
  languages: r.languages?.length ? r.languages : null,
});

/**
 * The home timeline's reply rule, in memory (homeSkeleton's SQL says the same): a reply shows
 * when it answers nobody else, the viewer, or an account the viewer follows.
 */
export function homeReplyShown(
  status: Pick<Status, 'accountId' | 'inReplyToAccountId'>,
  viewerId: string,
  follows: (id: string) => boolean,
) {
  const to = status.inReplyToAccountId;
  return !to || to === viewerId || to === status.accountId || follows(to);
}

/** The follow options of home (homeSkeleton's SQL says the same): reposts shown, languages kept. */
export function followOptionsAllow(status: Pick<Status, 'reblogOfId' | 'language'>, options: Followed | undefined) {
  if (!options) return true;
  if (status.reblogOfId && !options.reblogs) return false;
  return !options.languages || !status.language || options.languages.includes(status.language);
}

/** The viewer's follows with their options and exclusive lists, reloaded every MEMBERSHIP_TTL_MS. */
class FollowCache {
  private follows = new Map<string, Followed>();
  private exclusive = new Set<string>();
  private at = 0;

  constructor(
    private readonly db: Db,
    private readonly viewerId: string,
  ) {}

  private async load() {
    if (Date.now() - this.at <= MEMBERSHIP_TTL_MS) return false;
    const [rows, exclusive] = await Promise.all([
      queryRows<{ id: string; reblogs: boolean; languages: string[] | null }>(
        this.db,
        sql`select followee_id as id, show_reblogs as reblogs, languages from follows
            where follower_id = ${this.viewerId}`,
      ),
      exclusivelyListed(this.db, this.viewerId),
    ]);
    this.follows = new Map(rows.map((r) => [r.id, followed(r)]));
    this.exclusive = exclusive;
    this.at = Date.now();
    return true;
  }

  /** The follow's options, or undefined when not followed. A follow made a moment ago counts at once. */
  async options(accountId: string): Promise<Followed | undefined> {
    const fresh = await this.load();
    if (!fresh && !this.follows.has(accountId)) {
      const [row] = await queryRows<{ reblogs: boolean; languages: string[] | null }>(
        this.db,
        sql`select show_reblogs as reblogs, languages from follows
            where follower_id = ${this.viewerId} and followee_id = ${accountId}`,
      );
      if (row) this.follows.set(accountId, followed(row));
    }
    return this.follows.get(accountId);
  }

  async isFollowed(accountId: string) {
    return accountId === this.viewerId || (await this.options(accountId)) !== undefined;
  }

  async isExclusive(accountId: string) {
    await this.load();
    return this.exclusive.has(accountId);
  }
}

/** A list's members, reloaded every MEMBERSHIP_TTL_MS. */
function listMembers(db: Db, list: List) {
  let members = new Set<string>();
  let at = 0;
  return async () => {
    if (Date.now() - at > MEMBERSHIP_TTL_MS) {
      const rows = await queryRows<{ account_id: string }>(
        db,
        sql`select account_id from list_accounts where list_id = ${list.id}`,
      );
      members = new Set(rows.map((r) => r.account_id));
      at = Date.now();
    }
    return members;
  };
}

/**
 * One stream's membership test. Cheap checks on the event first, then the post hydrated for the
 * stream's viewer through the rules, then what only the post says (a reply? a repost? images?).
 * Returns the hydrated post for the stream's presenter, or null when it does not belong.
 */
export function streamMembership(ctx: { db: Db }, viewerId: string | null, target: StreamTarget) {
  const follows = viewerId ? new FollowCache(ctx.db, viewerId) : null;
  const members = target.kind === 'list' ? listMembers(ctx.db, target.list) : null;

  const eventMayBelong = async (event: StatusEvent): Promise<boolean> => {
    if (event.visibility === 'direct') return false;
    switch (target.kind) {
      case 'home':
        if (!follows || !(await follows.isFollowed(event.accountId))) return false;
        return event.accountId === viewerId || !(await follows.isExclusive(event.accountId));
      case 'list':
        return (await members!()).has(event.accountId);
      case 'public':
        return event.visibility === 'public' && !target.remote; // every post is local until federation lands
      case 'tag':
        return event.visibility === 'public' && event.tags.includes(target.tag);
      case 'account':
        return event.accountId === target.id;
    }
  };

  const postBelongs = async (h: Hydrated, status: Status): Promise<boolean> => {
    const isFollowed = async (id: string) => Boolean(follows && (await follows.isFollowed(id)));
    // Public feeds leave out silenced servers' posts, except for their authors' followers (rules.ts).
    const author = h.accounts.get(status.accountId);
    if ((target.kind === 'public' || target.kind === 'tag') && author?.domain)
      if (!silenceAllows(h, author, await isFollowed(author.id))) return false;
    switch (target.kind) {
      case 'home': {
        const followed = status.inReplyToAccountId ? await isFollowed(status.inReplyToAccountId) : false;
        if (!homeReplyShown(status, viewerId!, () => followed)) return false;
        return status.accountId === viewerId || followOptionsAllow(status, await follows!.options(status.accountId));
      }
      case 'list': {
        // The replies the list's timeline shows (listSkeleton's rule).
        const to = status.inReplyToAccountId;
        if (!to || to === viewerId || to === status.accountId) return true;
        if (target.list.repliesPolicy === 'list') return (await members!()).has(to);
        return target.list.repliesPolicy === 'followed' && (await isFollowed(to));
      }
      case 'public':
        if (status.reblogOfId || status.inReplyToId) return false;
        return !target.media || (h.media.get(status.id)?.length ?? 0) > 0;
      case 'tag':
        return !status.reblogOfId;
      case 'account':
        return !status.inReplyToId || status.inReplyToAccountId === status.accountId;
    }
  };

  return async (event: StatusEvent): Promise<Member | null> => {
    if (!(await eventMayBelong(event))) return null;
    const { hydrated, ids } = await loadVisible(ctx, viewerId, [event.statusId]);
    const status = ids.length ? hydrated.statuses.get(event.statusId) : undefined;
    if (!status || !(await postBelongs(hydrated, status))) return null;
    return { hydrated, status };
  };
}
