/**
 * The search service: one query over public posts and replies, reviews, products, accounts
 * (people and brand pages) and hashtags. Each kind returns a skeleton (ids, ranked); callers
 * hydrate and present them (posts go through social's pipeline, so the viewer's rules apply).
 *
 * Ranking: `relevance` scores the newest RELEVANCE_POOL matches with ts_rank_cd (ties: newest
 * first), so a common word costs a bounded amount; `newest` walks ids backwards (keyset with
 * max_id, or offset).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { badRequest } from '../../../lib/errors';
import { authorVisibleTo, graphAllows, notSilenced } from '../../social';
import { positiveQuery, whereOf } from './compile';
import {
  accountFilters,
  accountTarget,
  accountTsv,
  productFilters,
  productTarget,
  productTsv,
  reviewFilters,
  reviewTarget,
  reviewTsv,
  statusFilters,
  statusTarget,
} from './documents';
import type { ParsedQuery } from './query';

export type SearchSort = 'relevance' | 'newest';
export const searchTypes = ['statuses', 'reviews', 'products', 'accounts', 'hashtags'] as const;
export type SearchType = (typeof searchTypes)[number];

export type SearchOptions = {
  viewerId?: string | null;
  sort?: SearchSort;
  limit?: number;
  offset?: number;
  /** Keyset for `newest`: only ids older than this one. */
  maxId?: string;
  /** Posts of this account only (Mastodon's account_id). */
  accountId?: string;
  /** Posts and accounts of other servers (the fediverse): only them, or none; absent: both. */
  remote?: RemoteFilter;
};

export const remoteFilters = ['only', 'exclude'] as const;
export type RemoteFilter = (typeof remoteFilters)[number];

/** SQL: the remote filter on an account column (reviews and products are always ours). */
function remoteWhere(remote: RemoteFilter | undefined, account: SQL): SQL {
  if (!remote) return sql``;
  const elsewhere = sql`exists (select 1 from accounts ra where ra.id = ${account} and ra.domain is not null)`;
  return remote === 'only' ? sql`and ${elsewhere}` : sql`and not ${elsewhere}`;
}

export type SearchContext = { db: Db };

/** How many of the newest matches relevance ranking considers. */
export const RELEVANCE_POOL = 300;
export const MAX_OFFSET = 1000;

const bounds = (o: SearchOptions) => {
  const limit = Math.min(Math.max(o.limit ?? 20, 1), 40);
  const offset = Math.max(o.offset ?? 0, 0);
  if (offset > MAX_OFFSET) throw badRequest('invalid_param', `offset must be at most ${MAX_OFFSET}`);
  return { limit, offset };
};

/**
 * Social's rules (blocks both ways, the viewer's mutes: search results are a feed): what such an
 * account wrote is left out, and so is the account or brand itself. Posts and reviews also leave
 * out what suspended accounts wrote.
 */
const notHidden = (column: SQL, viewerId: string | null | undefined) => graphAllows(viewerId, column, { mutes: true });
const authorShown = (column: SQL, viewerId: string | null | undefined) =>
  authorVisibleTo(viewerId, column, { mutes: true });

/**
 * A post search looks at the newest day first, then widens its time window to where the wanted
 * number of matches should be (from the density just seen), then to everything. Each step asks
 * the GIN index for the matches within the window only (a bitmap AND with the created_at index),
 * so a common word costs what its newest matches cost, and a rare one a few index probes.
 * Scanning ids backwards with the text test as a filter (what the planner picks for
 * `order by id desc limit n`) is fast for common words but reads the whole table for a query
 * that matches nothing.
 */
const FIRST_WINDOW_DAYS = 1;
const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;

/** When the newest wanted post can be: now, or earlier with until: or a max_id cursor. */
function anchorOf(q: ParsedQuery, o: SearchOptions): number {
  let anchor = Date.now();
  if (q.until) anchor = Math.min(anchor, q.until.getTime());
  if (o.maxId) anchor = Math.min(anchor, Number.parseInt(o.maxId.replace(/-/g, '').slice(0, 12), 16));
  return anchor;
}

/** Ranked ids of public posts and replies matching the query. */
export async function searchStatusIds(ctx: SearchContext, q: ParsedQuery, o: SearchOptions = {}): Promise<string[]> {
  const { limit, offset } = bounds(o);
  // Search is a public feed: a silenced server's posts show only to their authors' followers.
  const shown = sql`${authorShown(sql`d.account_id`, o.viewerId)} and ${notSilenced(o.viewerId, sql`d.account_id`)}
    ${remoteWhere(o.remote, sql`d.account_id`)}`;
  const where = sql`${statusFilters(q)} and ${whereOf(q, statusTarget)} and ${shown}
    ${o.accountId ? sql`and d.account_id = ${o.accountId}` : sql``} ${o.maxId ? sql`and d.status_id < ${o.maxId}` : sql``}`;
  const rank = positiveQuery(q);
  const newest = o.sort === 'newest' || !rank;
  const needed = newest ? offset + limit : RELEVANCE_POOL;
  const anchor = anchorOf(q, o);
  let days: number | null = FIRST_WINDOW_DAYS;
  for (;;) {
    const since = days === null ? null : new Date(anchor - days * DAY_MS);
    if (since && q.since && since <= q.since) days = null; // since: is narrower than this window
    const window = days !== null && since ? sql`and d.created_at >= ${since.toISOString()}` : sql``;
    // Materialized: the planner must fetch the window's matches by index, not walk ids backwards.
    const matches = sql`with m as materialized (select d.status_id as id, d.tsv from status_search d where ${where} ${window})`;
    const rows = await queryRows<{ id: string; total: number }>(
      ctx.db,
      newest
        ? sql`${matches} select m.id, count(*) over () as total from m order by m.id desc limit ${limit} offset ${offset}`
        : sql`${matches} select x.id, x.total from (
                select m.id, m.tsv, count(*) over () as total from m order by m.id desc limit ${RELEVANCE_POOL}
              ) x order by ts_rank_cd(x.tsv, ${rank}) desc, x.id desc limit ${limit} offset ${offset}`,
    );
    const total = Number(rows[0]?.total ?? 0);
    if (days === null || total >= needed) return rows.map((r) => r.id);
    // Nothing yet: rare, or old: everything at once. Otherwise where `needed` should be, with margin.
    const next: number = total === 0 ? Infinity : Math.ceil((days * needed * 1.3) / total);
    days = next > MAX_WINDOW_DAYS ? null : Math.max(next, days * 2);
  }
}

/** Ranked ids of published reviews (empty until the reviews table exists). */
export async function searchReviewIds(ctx: SearchContext, q: ParsedQuery, o: SearchOptions = {}): Promise<string[]> {
  if (o.remote === 'only' || !(await reviewsExist(ctx))) return [];
  const { limit, offset } = bounds(o);
  const rank = positiveQuery(q);
  const order = o.sort === 'newest' || !rank ? sql`r.id desc` : sql`ts_rank_cd(${reviewTsv}, ${rank}) desc, r.id desc`;
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select r.id from reviews r
        where ${reviewFilters(q)} and ${whereOf(q, reviewTarget)} and ${authorShown(sql`r.author_id`, o.viewerId)}
          ${o.maxId && o.sort === 'newest' ? sql`and r.id < ${o.maxId}` : sql``}
        order by ${order} limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => r.id);
}

let reviewsTable: boolean | undefined;
async function reviewsExist(ctx: SearchContext): Promise<boolean> {
  if (reviewsTable) return true;
  const [row] = await queryRows<{ ok: boolean }>(ctx.db, sql`select to_regclass('public.reviews') is not null as ok`);
  reviewsTable = Boolean(row?.ok) || undefined;
  return Boolean(row?.ok);
}

export async function searchProductIds(ctx: SearchContext, q: ParsedQuery, o: SearchOptions = {}): Promise<string[]> {
  if (o.remote === 'only') return [];
  const { limit, offset } = bounds(o);
  const rank = positiveQuery(q);
  const order = o.sort === 'newest' || !rank ? sql`p.id desc` : sql`ts_rank_cd(${productTsv}, ${rank}) desc, p.id desc`;
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select p.id from products p
        where ${productFilters(q)} and ${whereOf(q, productTarget)} and ${notHidden(sql`p.brand_id`, o.viewerId)}
        order by ${order} limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Accounts and brand pages: full text over username, display name and bio, or a username /
 * display name containing a single typed word (so "ali" finds alice as one types).
 */
export async function searchAccountIds(
  ctx: SearchContext,
  q: ParsedQuery,
  o: SearchOptions & { kind?: 'person' | 'brand'; following?: boolean } = {},
): Promise<string[]> {
  // Mastodon's following=true: only accounts the viewer follows (none for a visitor).
  if (o.following && !o.viewerId) return [];
  const { limit, offset } = bounds(o);
  const rank = positiveQuery(q);
  // One word or handle: also matched inside usernames and names; "alice@our.host" means alice.
  const single =
    q.root && (q.root.kind === 'term' || q.root.kind === 'mention')
      ? (q.root.kind === 'term' ? q.root.text : q.root.handle).toLowerCase().replace(/^@/, '').split('@')[0] || null
      : null;
  const like = single
    ? sql`or lower(a.username || ' ' || a.display_name) like ${`%${single.replace(/[%_\\]/g, '\\$&')}%`}`
    : sql``;
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select a.id from accounts a
        where ${accountFilters(q)} and (${whereOf(q, accountTarget)} ${like}) and ${notHidden(sql`a.id`, o.viewerId)}
          ${o.kind ? sql`and a.kind = ${o.kind}` : sql``}
          ${o.remote ? sql`and a.domain is ${o.remote === 'only' ? sql`not null` : sql`null`}` : sql``}
          ${o.following ? sql`and a.id in (select f.followee_id from follows f where f.follower_id = ${o.viewerId})` : sql``}
        order by ${single ? sql`lower(a.username) = ${single} desc,` : sql``}
          ${rank ? sql`ts_rank_cd(${accountTsv}, ${rank}) desc,` : sql``} a.followers_count desc, a.id desc
        limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => r.id);
}

export type HashtagHit = { name: string; uses: number };

/** Counting a tag's public uses stops here ("1000+" is enough to rank suggestions). */
export const HASHTAG_COUNT_CAP = 1000;
const TAG_PREFIX_NAMES = 50;

/**
 * Hashtags starting with the query's words (or named by its #tags): the exact names first, then
 * the most used (public posts only, counted up to HASHTAG_COUNT_CAP). Distinct tag names come from
 * a loose index scan of status_tags' primary key (tag, status_id): one index probe per name, never
 * a scan of a popular tag's rows.
 */
export async function searchHashtags(ctx: SearchContext, q: ParsedQuery, o: SearchOptions = {}): Promise<HashtagHit[]> {
  const { limit, offset } = bounds(o);
  if (q.rating || q.lang || q.since || q.until || !q.root) return [];
  const names = tagCandidates(q.root);
  if (names.length === 0) return [];
  const found = new Set<string>();
  for (const prefix of names) {
    const rows = await queryRows<{ tag: string | null }>(
      ctx.db,
      sql`with recursive t(tag, n) as (
            (select tag, 1 from status_tags where tag >= ${prefix} order by tag limit 1)
            union all
            select (select s.tag from status_tags s where s.tag > t.tag order by s.tag limit 1), t.n + 1
            from t where t.tag is not null and starts_with(t.tag, ${prefix}) and t.n < ${TAG_PREFIX_NAMES}
          ) select tag from t where tag is not null and starts_with(tag, ${prefix})`,
    );
    for (const r of rows) if (r.tag) found.add(r.tag);
  }
  if (found.size === 0) return [];
  const tags = [...found];
  const rows = await queryRows<{ name: string; uses: number }>(
    ctx.db,
    sql`select c.tag as name, (select count(*) from (
              select 1 from status_tags s join status_search d on d.status_id = s.status_id where s.tag = c.tag limit ${HASHTAG_COUNT_CAP}
            ) z)::int as uses
        from unnest(${sql.raw('ARRAY[')}${sql.join(
          tags.map((t) => sql`${t}`),
          sql`, `,
        )}${sql.raw(']::text[]')}) as c(tag)`,
  );
  return rows
    .map((r) => ({ name: r.name, uses: Number(r.uses) }))
    .filter((r) => r.uses > 0)
    .sort(
      (a, b) =>
        Number(names.includes(b.name)) - Number(names.includes(a.name)) ||
        b.uses - a.uses ||
        (a.name < b.name ? -1 : 1),
    )
    .slice(offset, offset + limit);
}

function tagCandidates(node: NonNullable<ParsedQuery['root']>): string[] {
  const out = new Set<string>();
  const walk = (n: NonNullable<ParsedQuery['root']>) => {
    if (n.kind === 'tag') out.add(n.tag);
    else if (n.kind === 'term') {
      const t = n.text
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}_]/gu, '');
      if (t) out.add(t);
    } else if (n.kind === 'and' || n.kind === 'or') n.nodes.forEach(walk);
  };
  walk(node);
  return [...out].slice(0, 8);
}

export type Segment = { text: string; mark: boolean };
const START = '\u0001';
const STOP = '\u0002';

// ts_headline's parser drops what looks like HTML tags and entities: '<', '>' and '&' travel
// masked as control characters (stripped from the text beforehand) and come back as themselves.
const MASKS = '\u0003\u0004\u0005';
const CONTROL = START + STOP + MASKS;
const UNMASK: Record<string, string> = { '\u0003': '<', '\u0004': '>', '\u0005': '&' };

/** Splits ts_headline's output (marked with control characters) into plain and marked segments. */
export function segmentsOf(marked: string): Segment[] {
  const out: Segment[] = [];
  let mark = false;
  let buf = '';
  for (const ch of marked) {
    if (ch === START || ch === STOP) {
      if (buf) out.push({ text: buf, mark });
      buf = '';
      mark = ch === START;
      continue;
    }
    buf += UNMASK[ch] ?? ch;
  }
  if (buf) out.push({ text: buf, mark });
  return out;
}

const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=40, MinWords=20, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const WHOLE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;

/**
 * Highlighted excerpts of some texts, by id: the text's words matching the query are marked.
 * Control characters are stripped from the text first so only our markers remain; the result is
 * plain text segments, rendered (and escaped) by JSX or JSON, never as HTML.
 */
async function headlines(
  ctx: SearchContext,
  q: ParsedQuery,
  rows: SQL,
  whole = false,
): Promise<Map<string, Segment[]>> {
  const rank = positiveQuery(q);
  const options = whole ? WHOLE_OPTIONS : HEADLINE_OPTIONS;
  const found = await queryRows<{ id: string; h: string }>(
    ctx.db,
    rank
      ? sql`select x.id, ts_headline(case when x.lang = 'en' then 'public.comptoir_en'::regconfig else 'public.comptoir_fr'::regconfig end,
              translate(translate(x.body, ${CONTROL}, ''), '<>&', ${MASKS}), ${rank}, ${options}) as h from (${rows}) x`
      : sql`select x.id, left(translate(translate(x.body, ${CONTROL}, ''), '<>&', ${MASKS}), 300) as h from (${rows}) x`,
  );
  return new Map(found.map((r) => [r.id, segmentsOf(r.h)]));
}

export const statusHeadlines = (ctx: SearchContext, q: ParsedQuery, ids: string[]) =>
  ids.length
    ? headlines(
        ctx,
        q,
        sql`select id, language as lang, trim(spoiler_text || ' ' || text) as body from statuses where id in ${ids}`,
      )
    : Promise.resolve(new Map<string, Segment[]>());

export const reviewHeadlines = (ctx: SearchContext, q: ParsedQuery, ids: string[]) =>
  ids.length
    ? headlines(ctx, q, sql`select id, language as lang, body from reviews where id in ${ids}`)
    : Promise.resolve(new Map<string, Segment[]>());

export const productHeadlines = (ctx: SearchContext, q: ParsedQuery, ids: string[]) =>
  ids.length
    ? headlines(ctx, q, sql`select id, null as lang, description as body from products where id in ${ids}`)
    : Promise.resolve(new Map<string, Segment[]>());

/** Items read from outside sources (search/outside.ts): their text, in their language. */
export const outsideHeadlines = (ctx: SearchContext, q: ParsedQuery, ids: string[]) =>
  ids.length
    ? headlines(ctx, q, sql`select id, language as lang, text as body from outside_items where id in ${ids}`)
    : Promise.resolve(new Map<string, Segment[]>());

/** Titles and names are short: marked whole. */
export const titleHeadlines = (
  ctx: SearchContext,
  q: ParsedQuery,
  table: 'products' | 'reviews' | 'accounts',
  ids: string[],
) =>
  ids.length
    ? headlines(
        ctx,
        q,
        table === 'accounts'
          ? sql`select id, null as lang, display_name as body from accounts where id in ${ids}`
          : table === 'products'
            ? sql`select id, null as lang, title as body from products where id in ${ids}`
            : sql`select id, language as lang, coalesce(title, '') as body from reviews where id in ${ids}`,
        true,
      )
    : Promise.resolve(new Map<string, Segment[]>());
