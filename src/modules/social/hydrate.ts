import { arrayLiteral, type Db } from '../../db/client';
import { prepared, preparedRows } from '../../db/prepared';
import { accounts } from '../../db/schema';
import type { Account } from '../accounts';
import { mediaAttachments, polls, statuses } from './schema';
import type { Status } from './posts';
import { extensionCandidates, hiddenByExtensions, hydrateExtensions } from './extensions';
import { jsonRowMapper } from './rows';
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

type Pair = [string, string];
/** What the hydration statement answers: one row, one JSON list per kind (null when empty). */
type HydrationRow = {
  statuses: Record<string, unknown>[] | null;
  media: Record<string, unknown>[] | null;
  polls: Record<string, unknown>[] | null;
  votes: [string, number][] | null;
  tags: Pair[] | null;
  mentions: Pair[] | null;
  accounts: Record<string, unknown>[] | null;
  viewer: Pair[] | null;
  domains: Pair[] | null;
  extensions: Record<string, string[] | null> | null;
};

const toStatus = jsonRowMapper(statuses);
const toAccount = jsonRowMapper(accounts);
const toMedia = jsonRowMapper(mediaAttachments);
const toPoll = jsonRowMapper(polls);

/** Pairs (key, value) grouped by key, values in the order the statement gave them. */
function groupPairs<V>(pairs: [string, V][] | null): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const [key, value] of pairs ?? []) {
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/**
 * Everything about these posts and their viewer in ONE statement (the home timeline's cost was
 * the eight statements this replaced and their query building: issue 18). The posts, the posts
 * their reposts and quotes point at (one level down, then the quotes of those), their images,
 * polls (and the viewer's votes), tags, mentions, authors and mentioned accounts, what the viewer
 * liked, reposted, bookmarked, follows, mutes or blocks (either way), and the rules of the remote
 * servers among those accounts. Each list is a json_agg built by PostgreSQL in C; the JS side
 * only maps rows (rows.ts). hydrate.test.ts checks it against the former statements.
 */
const hydrationText = (
  extensionColumn: string,
) => `with l0 as (select s.* from statuses s where s.id = any($1::uuid[])),
    l1 as (select s.* from statuses s
           where s.id = any(array(select reblog_of_id from l0 union select quote_of_id from l0)) and s.id <> all($1::uuid[])),
    l2 as (select s.* from statuses s
           where s.id = any(array(select quote_of_id from l1)) and s.id <> all($1::uuid[]) and s.id <> all(array(select id from l1))),
    st as (select * from l0 union all select * from l1 union all select * from l2),
    content as (select array_agg(id) as ids from st where reblog_of_id is null),
    ment as (select sm.status_id, sm.account_id from status_mentions sm where sm.status_id = any((select ids from content)::uuid[])),
    acc as (select a.* from accounts a where a.id = any(array(select account_id from st union select account_id from ment))),
    pl as (select p.* from polls p where p.status_id = any((select ids from content)::uuid[])),
    doms as (select distinct domain from acc where domain is not null)
    select
      (select json_agg(st) from st) as statuses,
      (select json_agg(m order by m.position) from media_attachments m where m.status_id = any((select ids from content)::uuid[])) as media,
      (select json_agg(pl) from pl) as polls,
      (select json_agg(json_build_array(v.poll_id, v.choice)) from poll_votes v
        where v.account_id = $2::uuid and v.poll_id = any(array(select id from pl))) as votes,
      (select json_agg(json_build_array(t.status_id, t.tag)) from status_tags t where t.status_id = any((select ids from content)::uuid[])) as tags,
      (select json_agg(json_build_array(status_id, account_id)) from ment) as mentions,
      (select json_agg(acc) from acc) as accounts,
      (select json_agg(json_build_array(vr.k, vr.id)) from (
        select 'f' as k, f.status_id as id from favourites f where f.account_id = $2::uuid and f.status_id = any(array(select id from st))
        union all select 'r', r.reblog_of_id from statuses r where r.account_id = $2::uuid and r.reblog_of_id = any(array(select id from st))
        union all select 'b', b.status_id from bookmarks b where b.account_id = $2::uuid and b.status_id = any(array(select id from st))
        union all select 'w', fo.followee_id from follows fo
          where fo.follower_id = $2::uuid and fo.followee_id = any(array(select account_id from st))
        union all select 'm', mu.target_id from mutes mu where mu.account_id = $2::uuid
        union all select 'x', bl.target_id from blocks bl where bl.account_id = $2::uuid
        union all select 'x', bd.account_id from blocks bd where bd.target_id = $2::uuid) vr) as viewer,
      (select json_agg(json_build_array(d.domain, d.severity)) from (
        select db.domain, db.severity from domain_blocks db where db.domain = any(array(select domain from doms))
        union all select ad.domain, 'suspend' from account_domain_blocks ad
          where ad.account_id = $2::uuid and ad.domain = any(array(select domain from doms))) d) as domains,
      ${extensionColumn} as extensions`;

/**
 * The extensions' candidate posts (extensions.ts `candidates`) ride in the same statement: one
 * json object, extension name -> ids. The registry is complete once the app is assembled; the
 * statement is made again only if it changes (tests register extensions of their own).
 */
let hydration: { key: string; statement: ReturnType<typeof prepared> } | undefined;
function hydrationStatement() {
  const candidates = extensionCandidates('(select ids from content)::uuid[]');
  const key = JSON.stringify(candidates);
  if (hydration?.key !== key) {
    for (const c of candidates) if (!/^[a-z_][a-z0-9_]*$/.test(c.name)) throw new Error(`extension name ${c.name}`);
    const column = candidates.length
      ? `json_build_object(${candidates.map((c) => `'${c.name}', (select json_agg(x.id) from (${c.select}) x(id))`).join(', ')})`
      : 'null::json';
    hydration = {
      key,
      statement: prepared({ name: 'social_hydrate', types: ['uuid[]', 'uuid'], text: hydrationText(column) }),
    };
  }
  return hydration.statement;
}

export async function hydrateStatuses(ctx: HydrateContext, viewerId: string | null, ids: string[]): Promise<Hydrated> {
  const [row] = await preparedRows<HydrationRow>(ctx.db, hydrationStatement(), [arrayLiteral(ids), viewerId]);
  const byId = new Map<string, Status>();
  for (const r of row?.statuses ?? []) {
    const status = toStatus(r);
    byId.set(status.id, status);
  }
  const contentIds = [...byId.values()].filter((s) => !s.reblogOfId).map((s) => s.id);
  // Linked modules' data (products on posts…): see extensions.ts.
  const candidates = new Map(Object.entries(row?.extensions ?? {}).map(([name, found]) => [name, found ?? []]));
  const extensions = await hydrateExtensions(ctx.db, contentIds, viewerId, candidates);

  const media = new Map<string, Media[]>();
  for (const r of row?.media ?? []) {
    const m = toMedia(r);
    const list = media.get(m.statusId!);
    if (list) list.push(m);
    else media.set(m.statusId!, [m]);
  }
  const viewer = groupPairs(viewerId ? (row?.viewer ?? null) : null);
  const viewerSet = (k: string) => new Set(viewer.get(k) ?? []);
  const domains = groupPairs((row?.domains ?? []).map(([domain, severity]): Pair => [severity, domain]));
  return {
    viewerId,
    hiddenDomains: new Set(domains.get('suspend') ?? []),
    silencedDomains: new Set(domains.get('silence') ?? []),
    statuses: byId,
    accounts: new Map((row?.accounts ?? []).map((r) => toAccount(r)).map((a) => [a.id, a])),
    media,
    polls: new Map((row?.polls ?? []).map((r) => toPoll(r)).map((p) => [p.statusId, p])),
    votes: viewerId ? groupPairs(row?.votes ?? null) : new Map(),
    tags: groupPairs(row?.tags ?? null),
    mentions: groupPairs(row?.mentions ?? null),
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
