/**
 * The hydration as it was before issue 18 (eight Drizzle-built statements), kept only as the
 * reference that hydrate.test.ts compares the production path (hydrate.ts, one hand-written
 * statement) with: same posts, same viewer, same Hydrated. Not imported by production code.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { accounts } from '../../db/schema';
import type { Account } from '../accounts';
import { hydrateExtensions } from './extensions';
import type { Hydrated, HydrateContext, Media, PollRow } from './hydrate';
import { mediaAttachments, pollVotes, polls, statuses } from './schema';

const group = <T, K>(rows: T[], key: (row: T) => K) => {
  const out = new Map<K, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
};

export async function hydrateStatusesReference(
  ctx: HydrateContext,
  viewerId: string | null,
  ids: string[],
): Promise<Hydrated> {
  const db = ctx.db;
  const rows = ids.length ? await db.select().from(statuses).where(inArray(statuses.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Reposts and quotes point at other posts: load those one level down.
  const referenced = [
    ...new Set(
      rows.flatMap((r) => [r.reblogOfId, r.quoteOfId]).filter((id): id is string => Boolean(id) && !byId.has(id!)),
    ),
  ];
  if (referenced.length)
    for (const r of await db.select().from(statuses).where(inArray(statuses.id, referenced))) byId.set(r.id, r);
  const quoted = [...byId.values()].map((r) => r.quoteOfId).filter((id): id is string => Boolean(id) && !byId.has(id!));
  if (quoted.length)
    for (const r of await db.select().from(statuses).where(inArray(statuses.id, quoted))) byId.set(r.id, r);

  const allIds = [...byId.keys()];
  const contentIds = [...byId.values()].filter((s) => !s.reblogOfId).map((s) => s.id);
  const none = Promise.resolve([] as never[]);
  const authorIds = [...new Set([...byId.values()].map((s) => s.accountId))];
  const [media, pollRows, entityRows, viewerRows, extensions] = await Promise.all([
    contentIds.length
      ? db
          .select()
          .from(mediaAttachments)
          .where(inArray(mediaAttachments.statusId, contentIds))
          .orderBy(mediaAttachments.position)
      : none,
    contentIds.length ? db.select().from(polls).where(inArray(polls.statusId, contentIds)) : none,
    // Tags and mentions in one round trip: (kind, status, value).
    contentIds.length
      ? queryRows<{ k: 't' | 'm'; status_id: string; value: string }>(
          db,
          sql`select 't' as k, status_id, tag as value from status_tags where status_id in ${contentIds}
              union all select 'm', status_id, account_id::text from status_mentions where status_id in ${contentIds}`,
        )
      : none,
    // Everything about the viewer in one round trip: likes, reposts, bookmarks of these posts,
    // follows of their authors, and the accounts the viewer mutes (m) or blocked either way (x).
    viewerId
      ? queryRows<{ k: 'f' | 'r' | 'b' | 'w' | 'm' | 'x'; id: string }>(
          db,
          sql`${
            allIds.length
              ? sql`select 'f' as k, status_id as id from favourites
                where account_id = ${viewerId} and status_id in ${allIds}
              union all select 'r', reblog_of_id from statuses where account_id = ${viewerId} and reblog_of_id in ${allIds}
              union all select 'b', status_id from bookmarks where account_id = ${viewerId} and status_id in ${allIds}
              union all select 'w', followee_id from follows where follower_id = ${viewerId} and followee_id in ${authorIds}
              union all `
              : sql``
          }select 'm' as k, target_id as id from mutes where account_id = ${viewerId}
              union all select 'x', target_id from blocks where account_id = ${viewerId}
              union all select 'x', account_id from blocks where target_id = ${viewerId}`,
        )
      : none,
    // Linked modules' data (products on posts…): see extensions.ts.
    hydrateExtensions(db, contentIds, viewerId),
  ]);
  const tagRows = (entityRows as { k: string; status_id: string; value: string }[])
    .filter((r) => r.k === 't')
    .map((r) => ({ statusId: r.status_id, tag: r.value }));
  const mentionRows = (entityRows as { k: string; status_id: string; value: string }[])
    .filter((r) => r.k === 'm')
    .map((r) => ({ statusId: r.status_id, accountId: r.value }));
  const viewerSet = (k: string) =>
    new Set((viewerRows as { k: string; id: string }[]).filter((r) => r.k === k).map((r) => r.id));
  const pollIds = (pollRows as PollRow[]).map((p) => p.id);
  const voteRows =
    viewerId && pollIds.length
      ? await db
          .select()
          .from(pollVotes)
          .where(and(eq(pollVotes.accountId, viewerId), inArray(pollVotes.pollId, pollIds)))
      : [];
  const accountIds = new Set<string>(authorIds);
  for (const m of mentionRows) accountIds.add(m.accountId);
  const accountRows = accountIds.size
    ? await db
        .select()
        .from(accounts)
        .where(inArray(accounts.id, [...accountIds]))
    : [];

  return {
    viewerId,
    ...(await domainRulesAmong(db, viewerId, accountRows)),
    statuses: byId,
    accounts: new Map(accountRows.map((a) => [a.id, a])),
    media: group(media as Media[], (m) => m.statusId!),
    polls: new Map((pollRows as PollRow[]).map((p) => [p.statusId, p])),
    votes: new Map([...group(voteRows, (v) => v.pollId)].map(([k, v]) => [k, v.map((x) => x.choice)])),
    tags: new Map([...group(tagRows, (t) => t.statusId)].map(([k, v]) => [k, v.map((x) => x.tag)])),
    mentions: new Map([...group(mentionRows, (m) => m.statusId)].map(([k, v]) => [k, v.map((x) => x.accountId)])),
    favourited: viewerSet('f'),
    reblogged: viewerSet('r'),
    bookmarked: viewerSet('b'),
    hidden: new Set([...viewerSet('m'), ...viewerSet('x')]),
    blocked: viewerSet('x'),
    muted: viewerSet('m'),
    following: viewerSet('w'),
    extensions,
  };
}

/**
 * The servers among these accounts' that rules.ts hides from the viewer (suspended, or blocked by
 * the viewer) or keeps out of public feeds (silenced); no query when all the accounts are ours.
 */
async function domainRulesAmong(db: Db, viewerId: string | null, rows: Account[]) {
  const domains = [...new Set(rows.flatMap((a) => (a.domain ? [a.domain] : [])))];
  if (domains.length === 0) return { hiddenDomains: new Set<string>(), silencedDomains: new Set<string>() };
  const mine = viewerId
    ? sql` union all select domain, 'suspend' from account_domain_blocks
           where account_id = ${viewerId} and domain in ${domains}`
    : sql``;
  const found = await queryRows<{ domain: string; severity: string }>(
    db,
    sql`select domain, severity from domain_blocks where domain in ${domains}${mine}`,
  );
  const which = (severity: string) => new Set(found.filter((r) => r.severity === severity).map((r) => r.domain));
  return { hiddenDomains: which('suspend'), silencedDomains: which('silence') };
}
