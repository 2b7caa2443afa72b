/**
 * The social graph's rules, in one place: who may see what an account wrote. Every reader of
 * posts, reviews, likes or purchases (timelines, single-post reads, search, watches, social
 * proof, propagation, streams) applies them through one of the two forms below, so a rule is
 * changed here or nowhere.
 *
 * - Blocks apply both ways and everywhere: if either account blocks the other, neither sees the
 *   other's posts, likes, purchases or reviews.
 * - Mutes are the reader's choice of what to read, so they apply where the reader reads a feed
 *   (timelines, streams, search results, social proof), not in single-post reads (Mastodon still
 *   shows a muted account's post when one opens it directly, or visits its profile) nor in
 *   analytics tools whose counts they would falsify (propagation, watch matches).
 * - A platform moderator's suspension hides an account's posts from everyone, itself included.
 * - Remote servers (accounts with a `domain`): a platform moderator's `suspend` of the domain hides
 *   its accounts' posts from everyone, as an account's suspension does; a person's own domain block
 *   hides them from that person, everywhere, as a block does. A `silence` only keeps them out of
 *   public feeds (public timelines, hashtags, search) except for their followers: notSilenced.
 *   Our own accounts (domain null) never reach these lookups.
 * - Visibility: public and unlisted posts for everyone, private ones for the author's followers,
 *   any post for its author and the accounts it mentions.
 * - Gates registered by other modules (moderation holding a post) hide a post from everyone:
 *   extensions.ts, asked by canSee and applyRules.
 *
 * The SQL form is a Drizzle fragment to put in a `where`; the in-memory form is a predicate over
 * what hydrate.ts loaded. Both say the same thing; rules.test.ts checks the readers obey them.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import type { Account } from '../accounts';
import type { Hydrated } from './hydrate';
import type { Status } from './posts';

/** Whether the viewer's mutes apply (see above: feeds yes, single reads and analytics no). */
export type RuleOptions = { mutes: boolean };

/** SQL: the viewer has muted `author` (a column or value). */
export const mutedBy = (viewerId: string, author: SQL): SQL =>
  sql`exists (select 1 from mutes m where m.account_id = ${viewerId} and m.target_id = ${author})`;

/** SQL: a block stands between the viewer and `author`, either way. */
export const blockedEitherWay = (viewerId: string, author: SQL): SQL =>
  sql`exists (select 1 from blocks b where (b.account_id = ${viewerId} and b.target_id = ${author})
                or (b.account_id = ${author} and b.target_id = ${viewerId}))`;

/** SQL: no block either way between the viewer and `author` (and no mute, when mutes apply). */
export function graphAllows(viewerId: string | null | undefined, author: SQL, options: RuleOptions): SQL {
  if (!viewerId) return sql`true`;
  const block = sql`not ${blockedEitherWay(viewerId, author)}`;
  return options.mutes ? sql`(${block} and not ${mutedBy(viewerId, author)})` : block;
}

/** SQL: the remote server `domain` (a column) is suspended by the platform, or blocked by the viewer. */
function domainHidden(domain: SQL, viewerId: SQL | string | null | undefined): SQL {
  const suspended = sql`select 1 from domain_blocks sd where sd.domain = ${domain} and sd.severity = 'suspend'`;
  if (!viewerId) return sql`exists (${suspended})`;
  return sql`exists (${suspended} union all
    select 1 from account_domain_blocks vd where vd.account_id = ${viewerId} and vd.domain = ${domain})`;
}

/**
 * SQL: `author` is not suspended by the platform, nor on a suspended server (nor, given a viewer,
 * on a server the viewer blocks). One lookup of the author; ours stop at `domain is null`.
 */
export const notSuspended = (author: SQL, viewerId?: string | null): SQL =>
  sql`not exists (select 1 from accounts sa where sa.id = ${author} and (sa.suspended_at is not null
        or (sa.domain is not null and ${domainHidden(sql`sa.domain`, viewerId)})))`;

/**
 * SQL: `author` is not on a suspended server (nor, given a viewer, on one the viewer blocks):
 * notifications (notifications.ts) and analytics lists that keep suspended accounts' items.
 */
export const notFromHiddenDomain = (viewerId: SQL | string | null, author: SQL): SQL =>
  sql`not exists (select 1 from accounts ha where ha.id = ${author} and ha.domain is not null
                  and ${domainHidden(sql`ha.domain`, viewerId)})`;

/**
 * SQL, for public feeds only (public timelines, hashtags, search): `author` is not on a server the
 * platform silenced, unless the viewer follows them. With no silenced server at all, the first
 * test (evaluated once per statement) settles it.
 */
export function notSilenced(viewerId: string | null | undefined, author: SQL): SQL {
  const followed = viewerId
    ? sql` or exists (select 1 from follows sf where sf.follower_id = ${viewerId} and sf.followee_id = ${author})`
    : sql``;
  return sql`(not exists (select 1 from domain_blocks where severity = 'silence')
    or not exists (select 1 from accounts la join domain_blocks ld on ld.domain = la.domain and ld.severity = 'silence'
                   where la.id = ${author} and la.domain is not null)${followed})`;
}

/** SQL: the viewer may see what `author` wrote: the graph allows it and the author is not suspended. */
export function authorVisibleTo(viewerId: string | null | undefined, author: SQL, options: RuleOptions): SQL {
  return sql`(${notSuspended(author, viewerId)} and ${graphAllows(viewerId, author, options)})`;
}

/**
 * SQL: the viewer may see the post in the row aliased `alias` (a `statuses` row): its author's
 * rules, then its visibility. A repost row is public: apply this to the original too.
 */
export function statusVisibleTo(viewerId: string | null | undefined, alias: string, options: RuleOptions): SQL {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a table alias: ${alias}`);
  const s = (column: string) => sql.raw(`${alias}.${column}`);
  const author = s('account_id');
  if (!viewerId) return sql`(${s('visibility')} in ('public', 'unlisted') and ${notSuspended(author)})`;
  const graph = graphAllows(viewerId, author, options);
  return sql`(${notSuspended(author, viewerId)} and (${author} = ${viewerId} or (${graph} and (
    ${s('visibility')} in ('public', 'unlisted')
    or exists (select 1 from status_mentions sm where sm.status_id = ${s('id')} and sm.account_id = ${viewerId})
    or (${s('visibility')} = 'private'
        and exists (select 1 from follows vf where vf.follower_id = ${viewerId} and vf.followee_id = ${author}))))))`;
}

/**
 * In memory, for one batch of items that pair an account with another (a watching brand and an
 * author): the pairs a block stands between, either way, loaded in one statement.
 */
export async function blockedPairs(
  db: DbOrTx,
  left: string[],
  right: string[],
): Promise<(a: string, b: string) => boolean> {
  if (left.length === 0 || right.length === 0) return () => false;
  const rows = await queryRows<{ a: string; b: string }>(
    db,
    sql`select account_id as a, target_id as b from blocks
        where (account_id in ${left} and target_id in ${right}) or (account_id in ${right} and target_id in ${left})`,
  );
  const pairs = new Set(rows.flatMap((r) => [`${r.a}:${r.b}`, `${r.b}:${r.a}`]));
  return (a, b) => pairs.has(`${a}:${b}`);
}

/** What the in-memory rules need about the viewer (hydrate.ts loads it with the posts). */
export type ViewerGraph = Pick<Hydrated, 'viewerId' | 'blocked' | 'muted' | 'following' | 'mentions' | 'hiddenDomains'>;

/** In memory: whether the viewer may see one post by its visibility (the author's rules apart). */
export function visibleTo(h: ViewerGraph, status: Status): boolean {
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (!h.viewerId) return false;
  if (status.accountId === h.viewerId) return true;
  if (h.mentions.get(status.id)?.includes(h.viewerId)) return true;
  return status.visibility === 'private' && h.following.has(status.accountId);
}

/** In memory: the viewer may see what this account wrote (graphAllows and notSuspended above). */
export function authorShown(
  h: ViewerGraph,
  author: Pick<Account, 'id' | 'suspendedAt' | 'domain'> | undefined,
  options: RuleOptions,
): boolean {
  if (!author || author.suspendedAt) return false;
  if (author.domain && h.hiddenDomains.has(author.domain)) return false;
  if (author.id === h.viewerId) return true;
  return !h.blocked.has(author.id) && !(options.mutes && h.muted.has(author.id));
}

/** In memory: notSilenced above, for the author of a post in a public feed (public and hashtag streams). */
export function silenceAllows(
  h: Pick<Hydrated, 'silencedDomains'>,
  author: Pick<Account, 'domain'> | undefined,
  viewerFollowsAuthor: boolean,
): boolean {
  return !author?.domain || !h.silencedDomains.has(author.domain) || viewerFollowsAuthor;
}

/** In memory: statusVisibleTo above, for a hydrated post. */
export function statusShown(
  h: ViewerGraph & Pick<Hydrated, 'accounts'>,
  status: Status,
  options: RuleOptions,
): boolean {
  return visibleTo(h, status) && authorShown(h, h.accounts.get(status.accountId), options);
}
