/**
 * Watches match what people do at places too (the places module's tables, named in SQL only):
 * - public check-ins (the person chose to share it; private ones never reach a watch), counted
 *   ones only: their document is the place's name and city plus the person's comment, so a watch
 *   naming a shop or a town finds check-ins there, and `@brand` finds check-ins at that brand's
 *   places (the fact of a check-in is the signal);
 * - published tips: their text plus the place's name; `@brand` finds tips about its places.
 * `from:` names the person. Ratings, and languages for check-ins (which have none), match nothing.
 * Scanned like reviews, by the `watches.reviews` job (matcher.ts), with their own cursor.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { authorVisibleTo } from '../../social';
import { whereOf, type Target } from '../search/compile';
import type { ParsedQuery } from '../search/query';
import { recordMatches, type Candidate, type WatchTest } from './matcher';

const accountByHandle = (handle: string) => sql`(select a.id from accounts a where lower(a.username) = ${handle})`;

/** A check-in `c` joined to its place `pl`. */
const checkinTarget: Target = {
  tsv: sql`comptoir_tsv(NULL, pl.name || ' ' || coalesce(pl.city, '') || ' ' || coalesce(c.comment, ''))`,
  predicate(node) {
    if (node.kind === 'from') return sql`c.account_id in ${accountByHandle(node.handle)}`;
    if (node.kind === 'mention') return sql`pl.brand_id in ${accountByHandle(node.handle)}`;
    return null;
  },
};
function checkinFilters(q: ParsedQuery): SQL {
  if (q.rating || q.lang) return sql`false`;
  const parts: SQL[] = [sql`c.visibility = 'public' and c.counted`];
  if (q.since) parts.push(sql`c.created_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`c.created_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

/** A tip `t` joined to its place `pl`. */
const tipTarget: Target = {
  tsv: sql`comptoir_tsv(t.language, t.text || ' ' || pl.name)`,
  predicate(node) {
    if (node.kind === 'from') return sql`t.author_id in ${accountByHandle(node.handle)}`;
    if (node.kind === 'mention') return sql`pl.brand_id in ${accountByHandle(node.handle)}`;
    return null;
  },
};
function tipFilters(q: ParsedQuery): SQL {
  if (q.rating) return sql`false`;
  const parts: SQL[] = [sql`t.status = 'published'`];
  if (q.lang) parts.push(sql`t.language = ${q.lang}`);
  if (q.since) parts.push(sql`t.published_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`t.published_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

type PlaceKind = 'checkin' | 'tip';
const WATCHES_PER_STATEMENT = 50;

/** Which items each watch matches, one statement per 50 watches (as matcher.ts does for posts). */
async function matchPlaceItems(db: Db, kind: PlaceKind, ids: string[], tests: WatchTest[]) {
  const out = new Map<number, Set<string>>();
  for (let start = 0; start < tests.length; start += WATCHES_PER_STATEMENT) {
    const cases = tests
      .slice(start, start + WATCHES_PER_STATEMENT)
      .map(({ index, parsed }) =>
        kind === 'checkin'
          ? sql`case when (${checkinFilters(parsed)}) and (${whereOf(parsed, checkinTarget)}) then ${index}::int end`
          : sql`case when (${tipFilters(parsed)}) and (${whereOf(parsed, tipTarget)}) then ${index}::int end`,
      );
    const hits = sql`array_remove(array[${sql.join(cases, sql`, `)}], null)`;
    const rows = await queryRows<{ id: string; hits: number[] | string }>(
      db,
      kind === 'checkin'
        ? sql`select c.id, ${hits} as hits from checkins c join places pl on pl.id = c.place_id where c.id in ${ids}`
        : sql`select t.id, ${hits} as hits from place_tips t join places pl on pl.id = t.place_id where t.id in ${ids}`,
    );
    for (const row of rows) {
      const list =
        typeof row.hits === 'string' ? row.hits.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : row.hits;
      for (const h of list) {
        let set = out.get(Number(h));
        if (!set) out.set(Number(h), (set = new Set()));
        set.add(row.id);
      }
    }
  }
  return out;
}

/** Tests public counted check-ins against every active watch and records the matches. */
export async function matchCheckins(ctx: { db: Db }, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{
    id: string;
    account_id: string;
    text: string;
    created_at: Date | string;
    followers_count: number;
  }>(
    ctx.db,
    sql`select c.id, c.account_id, concat_ws(E'\n', pl.name, c.comment) as text, c.created_at, a.followers_count
        from checkins c join places pl on pl.id = c.place_id join accounts a on a.id = c.account_id
        where c.id in ${ids} and c.visibility = 'public' and c.counted
          and ${authorVisibleTo(null, sql`c.account_id`, { mutes: false })}`,
  );
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    type: 'checkin',
    authorId: r.account_id,
    text: r.text,
    language: null,
    createdAt: new Date(r.created_at),
    reach: Number(r.followers_count),
  }));
  return recordMatches(ctx, candidates, (db, found, tests) => matchPlaceItems(db, 'checkin', found, tests));
}

/** Tests published tips against every active watch and records the matches. */
export async function matchTips(ctx: { db: Db }, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{
    id: string;
    author_id: string;
    text: string;
    language: string | null;
    published_at: Date | string;
    followers_count: number;
  }>(
    ctx.db,
    sql`select t.id, t.author_id, t.text, t.language, t.published_at, a.followers_count
        from place_tips t join accounts a on a.id = t.author_id
        where t.id in ${ids} and t.status = 'published'
          and ${authorVisibleTo(null, sql`t.author_id`, { mutes: false })}`,
  );
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    type: 'tip',
    authorId: r.author_id,
    text: r.text,
    language: r.language,
    createdAt: new Date(r.published_at),
    reach: Number(r.followers_count),
  }));
  return recordMatches(ctx, candidates, (db, found, tests) => matchPlaceItems(db, 'tip', found, tests));
}

const CURSOR_KEY = 'watches.places_cursor';
/** As for reviews: a slow commit behind the cursor is still seen; the match key makes overlaps harmless. */
const OVERLAP_MS = 120_000;

/** Check-ins and tips since the last scan (the cursor lives in `settings`, so a restart resumes). */
export async function scanPlaceItems(ctx: { db: Db }, now = new Date()): Promise<number> {
  const [cursor] = await queryRows<{ value: string }>(
    ctx.db,
    sql`select value from settings where key = ${CURSOR_KEY}`,
  );
  const base = cursor ? Date.parse(cursor.value) : now.getTime();
  const since = new Date(base - OVERLAP_MS).toISOString();
  const checkins = await queryRows<{ id: string; at: Date | string }>(
    ctx.db,
    sql`select id, created_at as at from checkins where visibility = 'public' and counted
      and created_at > ${since}::timestamptz
        order by created_at limit 5000`,
  );
  const tips = await queryRows<{ id: string; at: Date | string }>(
    ctx.db,
    sql`select id, published_at as at from place_tips where status = 'published'
      and published_at > ${since}::timestamptz
        order by published_at limit 5000`,
  );
  let matched = 0;
  for (let i = 0; i < checkins.length; i += 200)
    matched += await matchCheckins(
      ctx,
      checkins.slice(i, i + 200).map((r) => r.id),
    );
  for (let i = 0; i < tips.length; i += 200)
    matched += await matchTips(
      ctx,
      tips.slice(i, i + 200).map((r) => r.id),
    );
  const next = new Date(Math.max(base, ...[...checkins, ...tips].map((r) => new Date(r.at).getTime())));
  await queryRows(
    ctx.db,
    sql`insert into settings (key, value) values (${CURSOR_KEY}, ${next.toISOString()})
      on conflict (key) do update set value = excluded.value`,
  );
  return matched;
}
