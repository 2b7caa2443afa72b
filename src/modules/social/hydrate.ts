import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { accounts } from '../../db/schema';
import type { Account } from '../accounts';
import { mediaAttachments, pollVotes, polls, statuses } from './schema';
import type { Status } from './posts';
import { hiddenByExtensions, hydrateExtensions } from './extensions';
import { statusShown } from './rules';

export { visibleTo } from './rules';

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
  /** Accounts the viewer blocks or mutes, or who block the viewer (blocked and muted together). */
  hidden: Set<string>;
  /** Accounts the viewer blocks, or who block the viewer. */
  blocked: Set<string>;
  /** Accounts the viewer mutes. */
  muted: Set<string>;
  /** Accounts the viewer follows (for private posts). */
  following: Set<string>;
  /** Remote servers of these posts' authors that are suspended, or that the viewer blocks (rules.ts). */
  hiddenDomains: Set<string>;
  /** Remote servers of these posts' authors that the platform silenced (public streams: rules.ts). */
  silencedDomains: Set<string>;
  /** What registered extensions (extensions.ts) loaded: extension name → post id → data. */
  extensions: Map<string, Map<string, unknown>>;
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

export type RulesOptions = {
  /** Keep posts of accounts the viewer mutes (a profile they visit, their notifications): see rules.ts. */
  keepMuted?: boolean;
};

/**
 * The rules applied to every list of posts (rules.ts, in memory): drop what is gone, what the
 * viewer may not see, what is held by a gate, what a suspended account wrote or reposted, and
 * what comes from (or reposts) an account that blocks the viewer or that the viewer blocks or
 * (unless keepMuted) mutes.
 */
export function applyRules(h: Hydrated, ids: string[], options: RulesOptions = {}): string[] {
  const rule = { mutes: !options.keepMuted };
  return ids.filter((id) => {
    const status = h.statuses.get(id);
    if (!status) return false;
    const shown = status.reblogOfId ? h.statuses.get(status.reblogOfId) : status;
    if (!shown || hiddenByExtensions(h.extensions, shown.id)) return false;
    return statusShown(h, status, rule) && statusShown(h, shown, rule);
  });
}

/** Hydrates ids and applies the rules: the middle of every timeline pipeline. */
export async function loadVisible(
  ctx: HydrateContext,
  viewerId: string | null,
  ids: string[],
  options: RulesOptions = {},
) {
  const hydrated = await hydrateStatuses(ctx, viewerId, ids);
  return { hydrated, ids: applyRules(hydrated, ids, options) };
}
