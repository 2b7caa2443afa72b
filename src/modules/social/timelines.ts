import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { preparedSqlRows } from '../../db/prepared';
import { mutedBy, notSilenced } from './rules';

/**
 * Timeline skeletons: ids only, newest first, paged by keyset on the time-sortable ids
 * (max_id = older than, since_id = newer than, min_id = just after, oldest first then reversed).
 * Hydration and the viewer's rules (blocks, mutes, visibility) happen in hydrate.ts.
 */
export type Page = { maxId?: string; sinceId?: string; minId?: string; limit?: number };
export const pageLimit = (page: Page, fallback = 20, max = 40) => Math.min(Math.max(page.limit ?? fallback, 1), max);

export function keyset(column: SQL, page: Page): { where: SQL; order: SQL; reverse: boolean } {
  const parts: SQL[] = [];
  if (page.maxId) parts.push(sql`${column} < ${page.maxId}`);
  if (page.sinceId) parts.push(sql`${column} > ${page.sinceId}`);
  if (page.minId) parts.push(sql`${column} > ${page.minId}`);
  const where = parts.length ? sql.join(parts, sql` and `) : sql`true`;
  return page.minId
    ? { where, order: sql`${column} asc`, reverse: true }
    : { where, order: sql`${column} desc`, reverse: false };
}

async function ids(db: Db, query: SQL, reverse: boolean): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, query);
  const out = rows.map((r) => r.id);
  return reverse ? out.reverse() : out;
}

/**
 * Home: the viewer's own posts and those of the accounts they follow, reposts included
 * (fan-out on read: one index range per followed account, merged by the planner).
 * Replies show only when they answer the viewer or someone the viewer follows (homeReplyRule).
 * The follow's options apply: no reposts from an account followed with reblogs=false, only the
 * posts in the follow's languages (posts of unknown language stay).
 */
export async function homeSkeleton(db: Db, viewerId: string, page: Page): Promise<string[]> {
  const k = keyset(sql`s.id`, page);
  // Written into the text, not a parameter: a plan kept for any limit would not know it is small.
  const limit = sql.raw(String(Math.trunc(pageLimit(page))));
  // A bounded merge: at most `limit` rows per followed account through (account_id, id desc),
  // then the newest `limit` of those. Cost grows with follows, not with their post counts.
  // Prepared once per connection (planning was 0.4 ms of its 2.4–2.9 ms): one text per page
  // shape (which of max_id, since_id, min_id are given, and the limit).
  const rows = await preparedSqlRows<{ id: string }>(
    db,
    sql`select p.id from (
          select f.followee_id as id, f.show_reblogs, f.languages from follows f where f.follower_id = ${viewerId}
            -- Muted accounts are dropped by the rules after hydration anyway (rules.ts); leaving
            -- them out here too keeps a page full instead of returning it short of their posts.
            and not ${mutedBy(viewerId, sql`f.followee_id`)}
            -- Accounts in one of the viewer's exclusive lists are read there, not here.
            and not exists (select 1 from lists l join list_accounts la on la.list_id = l.id
                            where l.account_id = ${viewerId} and l.exclusive and la.account_id = f.followee_id)
          union all select ${viewerId}::uuid, true, null
        ) a
        cross join lateral (
          select s.id from statuses s
          where s.account_id = a.id and s.visibility <> 'direct' and ${k.where}
            and (a.show_reblogs or s.reblog_of_id is null)
            and (a.languages is null or s.language is null or s.language = any(a.languages))
            and (s.in_reply_to_account_id is null or s.in_reply_to_account_id = ${viewerId} or s.in_reply_to_account_id = s.account_id
                 or exists (select 1 from follows f2 where f2.follower_id = ${viewerId} and f2.followee_id = s.in_reply_to_account_id))
          order by ${k.order} limit ${limit}
        ) p
        order by p.id ${page.minId ? sql`asc` : sql`desc`} limit ${limit}`,
  );
  const out = rows.map((r) => r.id);
  return k.reverse ? out.reverse() : out;
}

const withMedia = sql`and exists (select 1 from media_attachments m where m.status_id = s.id)`;

/** A public feed's options: images only, and the viewer (a silenced server's posts still show to its followers). */
export type PublicFeedOptions = { onlyMedia?: boolean; viewerId?: string | null };

/** Local: every public top-level post of this server (only those with images on request). */
export async function localSkeleton(db: Db, page: Page & PublicFeedOptions): Promise<string[]> {
  const k = keyset(sql`s.id`, page);
  return ids(
    db,
    sql`select s.id from statuses s
        where s.visibility = 'public' and s.reblog_of_id is null and s.in_reply_to_id is null and ${k.where}
          and ${notSilenced(page.viewerId, sql`s.account_id`)}
          ${page.onlyMedia ? withMedia : sql``}
        order by ${k.order} limit ${pageLimit(page)}`,
    k.reverse,
  );
}

export async function tagSkeleton(db: Db, tag: string, page: Page & PublicFeedOptions): Promise<string[]> {
  const k = keyset(sql`t.status_id`, page);
  return ids(
    db,
    sql`select t.status_id as id from status_tags t join statuses s on s.id = t.status_id
        where t.tag = ${tag} and s.visibility = 'public' and ${k.where} ${page.onlyMedia ? withMedia : sql``}
          and ${notSilenced(page.viewerId, sql`s.account_id`)}
        order by ${k.order} limit ${pageLimit(page)}`,
    k.reverse,
  );
}

export type AccountTimelineOptions = Page & {
  excludeReplies?: boolean;
  excludeReblogs?: boolean;
  onlyMedia?: boolean;
  tagged?: string;
};

/** A profile's posts as the viewer may see them (private ones only for followers). */
export async function accountSkeleton(
  db: Db,
  viewerId: string | null,
  accountId: string,
  options: AccountTimelineOptions,
): Promise<string[]> {
  const k = keyset(sql`s.id`, options);
  const canSeePrivate = viewerId
    ? sql`(${viewerId}::uuid = ${accountId}::uuid or exists (select 1 from follows where follower_id = ${viewerId} and followee_id = ${accountId}))`
    : sql`false`;
  return ids(
    db,
    sql`select s.id from statuses s
        where s.account_id = ${accountId} and ${k.where}
          and (s.visibility in ('public', 'unlisted') or (s.visibility = 'private' and ${canSeePrivate}))
          ${options.excludeReplies ? sql`and (s.in_reply_to_id is null or s.in_reply_to_account_id = s.account_id)` : sql``}
          ${options.excludeReblogs ? sql`and s.reblog_of_id is null` : sql``}
          ${options.onlyMedia ? withMedia : sql``}
          ${options.tagged ? sql`and exists (select 1 from status_tags t where t.status_id = s.id and t.tag = ${options.tagged})` : sql``}
        order by ${k.order} limit ${pageLimit(options)}`,
    k.reverse,
  );
}

/** Favourites or bookmarks, paged by when they were made (the reaction's own id). */
export async function reactionSkeleton(db: Db, table: 'favourites' | 'bookmarks', viewerId: string, page: Page) {
  const k = keyset(sql`r.id`, page);
  const rows = await queryRows<{ id: string; cursor: string }>(
    db,
    sql`select r.status_id as id, r.id as cursor from ${sql.raw(table)} r
        where r.account_id = ${viewerId} and ${k.where} order by ${k.order} limit ${pageLimit(page)}`,
  );
  if (k.reverse) rows.reverse();
  return { ids: rows.map((r) => r.id), cursors: rows.map((r) => r.cursor) };
}

/** A thread around a post: its ancestors (oldest first) and all its descendants (depth-first by time). */
export async function contextSkeleton(db: Db, statusId: string) {
  const ancestors = await queryRows<{ id: string }>(
    db,
    sql`with recursive up as (
          select in_reply_to_id as id, 1 as depth from statuses where id = ${statusId}
          union all
          select s.in_reply_to_id, up.depth + 1 from statuses s join up on s.id = up.id where up.depth < 100
        ) select id from up where id is not null order by depth desc`,
  );
  const descendants = await queryRows<{ id: string }>(
    db,
    sql`with recursive down as (
          select id, array[id] as path from statuses where in_reply_to_id = ${statusId}
          union all
          select s.id, down.path || s.id from statuses s join down on s.in_reply_to_id = down.id where array_length(down.path, 1) < 100
        ) select id from down order by path limit 1000`,
  );
  return { ancestors: ancestors.map((r) => r.id), descendants: descendants.map((r) => r.id) };
}

/** Accounts who liked or reposted a post, newest first. */
export async function reactorIds(
  db: Db,
  statusId: string,
  kind: 'favourited_by' | 'reblogged_by',
  limit = 40,
): Promise<string[]> {
  const rows =
    kind === 'favourited_by'
      ? await queryRows<{ id: string }>(
          db,
          sql`select account_id as id from favourites where status_id = ${statusId} order by id desc limit ${limit}`,
        )
      : await queryRows<{ id: string }>(
          db,
          sql`select account_id as id from statuses where reblog_of_id = ${statusId} order by id desc limit ${limit}`,
        );
  return rows.map((r) => r.id);
}
