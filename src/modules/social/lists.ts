/**
 * Lists (Mastodon's): an account groups accounts it follows and reads their posts as a timeline of
 * their own. Everything is private to the list's owner: another account's list is a 404.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { notFound, unprocessable } from '../../lib/errors';
import { listRepliesPolicies, type ListRepliesPolicy } from './schema';
import { keyset, pageLimit, type Page } from './timelines';

export type List = {
  id: string;
  accountId: string;
  title: string;
  repliesPolicy: ListRepliesPolicy;
  exclusive: boolean;
  createdAt: Date;
};

export const MAX_LISTS = 100;
export const MAX_LIST_MEMBERS = 500;
const MAX_TITLE = 100;

type ListRow = {
  id: string;
  account_id: string;
  title: string;
  replies_policy: ListRepliesPolicy;
  exclusive: boolean;
  created_at: string | Date;
};
const toList = (r: ListRow): List => ({
  id: r.id,
  accountId: r.account_id,
  title: r.title,
  repliesPolicy: r.replies_policy,
  exclusive: r.exclusive,
  createdAt: new Date(r.created_at),
});

type ListInput = { title?: unknown; repliesPolicy?: unknown; exclusive?: unknown };

function checkInput(input: ListInput, current?: List) {
  const rawTitle = input.title === undefined ? current?.title : input.title;
  const title = typeof rawTitle === 'string' ? rawTitle.trim() : '';
  if (!title) throw unprocessable('invalid_title', 'A list needs a title');
  if ([...title].length > MAX_TITLE)
    throw unprocessable('invalid_title', `A list title has at most ${MAX_TITLE} characters`);
  const policy = input.repliesPolicy === undefined ? (current?.repliesPolicy ?? 'list') : input.repliesPolicy;
  if (!listRepliesPolicies.includes(policy as ListRepliesPolicy))
    throw unprocessable('invalid_replies_policy', `replies_policy is one of ${listRepliesPolicies.join(', ')}`);
  const rawExclusive = input.exclusive === undefined ? (current?.exclusive ?? false) : input.exclusive;
  if (![true, false, 'true', 'false', '1', '0'].includes(rawExclusive as never))
    throw unprocessable('invalid_exclusive', 'exclusive is true or false');
  return {
    title,
    repliesPolicy: policy as ListRepliesPolicy,
    exclusive: rawExclusive === true || rawExclusive === 'true' || rawExclusive === '1',
  };
}

/** The owner's list, or 404 for anyone else (a list's existence is private); `forUpdate` also locks it. */
export async function getList(
  db: DbOrTx,
  ownerId: string,
  listId: string,
  options: { forUpdate?: boolean } = {},
): Promise<List> {
  if (!isUuid(listId)) throw notFound('List');
  const [row] = await queryRows<ListRow>(
    db,
    sql`select id, account_id, title, replies_policy, exclusive, created_at from lists where id = ${listId} and account_id = ${ownerId} ${options.forUpdate ? sql`for update` : sql``}`,
  );
  if (!row) throw notFound('List');
  return toList(row);
}

export async function myLists(db: Db, ownerId: string): Promise<List[]> {
  const rows = await queryRows<ListRow>(
    db,
    sql`select id, account_id, title, replies_policy, exclusive, created_at from lists where account_id = ${ownerId} order by lower(title), id`,
  );
  return rows.map(toList);
}

export async function createList(db: Db, ownerId: string, input: ListInput): Promise<List> {
  const values = checkInput(input);
  return db.transaction(async (tx) => {
    // Serialized per owner: two parallel creations cannot both pass the cap.
    await queryRows(tx, sql`select id from accounts where id = ${ownerId} for update`);
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from lists where account_id = ${ownerId}`,
    );
    if (n >= MAX_LISTS) throw unprocessable('too_many_lists', `At most ${MAX_LISTS} lists`);
    const [row] = await queryRows<ListRow>(
      tx,
      sql`insert into lists (id, account_id, title, replies_policy, exclusive) values (${uuidv7()}, ${ownerId}, ${values.title}, ${values.repliesPolicy}, ${values.exclusive})
          returning id, account_id, title, replies_policy, exclusive, created_at`,
    );
    return toList(row);
  });
}

export async function updateList(db: Db, ownerId: string, listId: string, input: ListInput): Promise<List> {
  const current = await getList(db, ownerId, listId);
  const values = checkInput(input, current);
  const [row] = await queryRows<ListRow>(
    db,
    sql`update lists set title = ${values.title}, replies_policy = ${values.repliesPolicy}, exclusive = ${values.exclusive} where id = ${listId} and account_id = ${ownerId}
        returning id, account_id, title, replies_policy, exclusive, created_at`,
  );
  if (!row) throw notFound('List');
  return toList(row);
}

export async function deleteList(db: Db, ownerId: string, listId: string) {
  await getList(db, ownerId, listId);
  await queryRows(db, sql`delete from lists where id = ${listId} and account_id = ${ownerId}`);
}

export async function listMemberIds(
  db: Db,
  ownerId: string,
  listId: string,
  limit = MAX_LIST_MEMBERS,
): Promise<string[]> {
  await getList(db, ownerId, listId);
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`select account_id from list_accounts where list_id = ${listId} order by created_at, account_id limit ${limit}`,
  );
  return rows.map((r) => r.account_id);
}

function checkIds(accountIds: unknown): string[] {
  const ids = Array.isArray(accountIds) ? accountIds : accountIds === undefined ? [] : [accountIds];
  if (ids.length === 0) throw unprocessable('account_ids_required', 'Give account_ids[]');
  if (ids.length > 100) throw unprocessable('too_many_ids', 'At most 100 accounts at once');
  for (const id of ids) if (typeof id !== 'string' || !isUuid(id)) throw notFound('Account');
  return [...new Set(ids.map((id) => (id as string).toLowerCase()))];
}

/** Adds accounts the owner follows (Mastodon's rule: a list is made of follows). All or nothing. */
export async function addListMembers(db: Db, ownerId: string, listId: string, accountIds: unknown) {
  const ids = checkIds(accountIds);
  await db.transaction(async (tx) => {
    // Locked: parallel additions cannot both pass the member cap.
    await getList(tx, ownerId, listId, { forUpdate: true });
    const followed = await queryRows<{ followee_id: string }>(
      tx,
      sql`select followee_id from follows where follower_id = ${ownerId} and followee_id = any(${arrayLiteral(ids)}::uuid[])`,
    );
    const missing = ids.filter((id) => !followed.some((f) => f.followee_id === id));
    if (missing.length)
      throw unprocessable('not_following', 'Only accounts you follow can be added to a list', { account_ids: missing });
    await queryRows(
      tx,
      sql`insert into list_accounts (list_id, account_id) select ${listId}, unnest(${arrayLiteral(ids)}::uuid[]) on conflict do nothing`,
    );
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from list_accounts where list_id = ${listId}`,
    );
    if (n > MAX_LIST_MEMBERS)
      throw unprocessable('too_many_members', `A list holds at most ${MAX_LIST_MEMBERS} accounts`);
  });
}

export async function removeListMembers(db: Db, ownerId: string, listId: string, accountIds: unknown) {
  const ids = checkIds(accountIds);
  await getList(db, ownerId, listId);
  await queryRows(
    db,
    sql`delete from list_accounts where list_id = ${listId} and account_id = any(${arrayLiteral(ids)}::uuid[])`,
  );
}

/** The owner's lists that hold an account (Mastodon's GET /api/v1/accounts/:id/lists). */
export async function listsContaining(db: Db, ownerId: string, accountId: string): Promise<List[]> {
  if (!isUuid(accountId)) throw notFound('Account');
  const rows = await queryRows<ListRow>(
    db,
    sql`select l.id, l.account_id, l.title, l.replies_policy, l.exclusive, l.created_at from lists l join list_accounts m on m.list_id = l.id
        where l.account_id = ${ownerId} and m.account_id = ${accountId} order by lower(l.title), l.id`,
  );
  return rows.map(toList);
}

/**
 * The list's timeline skeleton: its members' posts newest first, as the home timeline merges
 * follows (at most `limit` per member through (account_id, id desc)). Replies per the list's
 * policy: to anyone the owner follows, to the list's members, or none (threads of one's own stay).
 */
export async function listSkeleton(db: Db, ownerId: string, list: List, page: Page): Promise<string[]> {
  const k = keyset(sql`s.id`, page);
  const limit = pageLimit(page);
  const replies =
    list.repliesPolicy === 'followed'
      ? sql`or exists (select 1 from follows f2 where f2.follower_id = ${ownerId} and f2.followee_id = s.in_reply_to_account_id)`
      : list.repliesPolicy === 'list'
        ? sql`or exists (select 1 from list_accounts m2 where m2.list_id = ${list.id} and m2.account_id = s.in_reply_to_account_id)`
        : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select p.id from list_accounts a
        cross join lateral (
          select s.id from statuses s
          where s.account_id = a.account_id and s.visibility <> 'direct' and ${k.where}
            and (s.in_reply_to_account_id is null or s.in_reply_to_account_id = ${ownerId} or s.in_reply_to_account_id = s.account_id ${replies})
          order by ${k.order} limit ${limit}
        ) p
        where a.list_id = ${list.id}
        order by p.id ${page.minId ? sql`asc` : sql`desc`} limit ${limit}`,
  );
  const out = rows.map((r) => r.id);
  return k.reverse ? out.reverse() : out;
}

export const presentList = (l: List) => ({
  id: l.id,
  title: l.title,
  replies_policy: l.repliesPolicy,
  exclusive: l.exclusive,
});

/** Accounts whose posts the owner reads in an exclusive list only: home leaves them out. */
export async function exclusivelyListed(db: DbOrTx, ownerId: string): Promise<Set<string>> {
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`select distinct m.account_id from lists l join list_accounts m on m.list_id = l.id where l.account_id = ${ownerId} and l.exclusive`,
  );
  return new Set(rows.map((r) => r.account_id));
}
