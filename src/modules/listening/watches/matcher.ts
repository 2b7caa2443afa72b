/**
 * Matching: each new public post is tested against every active watch and recorded, once, with
 * its sentiment, author and the author's reach at that moment.
 *
 * How a post gets here: the `watches` status extension asks, in the post's own transaction, for
 * the `status.published` job (src/modules/social/extensions.ts); that job exists exactly when the
 * post commits, survives a restart, and runs `matchStatuses` once it is committed. A job that
 * runs twice records nothing new: (watch_id, item_id) is the primary key and inserts skip
 * conflicts. Immediate alerts are created in the same transaction as the matches they announce.
 *
 * Watches are tested with the search engine's own matcher (statusesMatching), so a watch finds
 * exactly what search would show an anonymous visitor. Parsed queries are kept in memory, keyed
 * by the query text, so editing a watch's query is picked up by the next post.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { pgArray, queryRows, type Db, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { preparedSqlRows } from '../../../db/prepared';
import { enqueue, keepScheduled } from '../../../jobs/queue';
import { sentimentOf } from '../../analysis';
import { authorVisibleTo, blockedPairs, type StatusExtension } from '../../social';
import { parseQuery, type ParsedQuery } from '../search';
// Search's own compiler and document filters, so a watch matches exactly what search would find;
// used here to test one batch of items against every watch in a single statement.
import { whereOf } from '../search/compile';
import { reviewFilters, reviewTarget, statusFilters, statusTarget } from '../search/documents';
import { hasReviews } from './watches';
import { couldMatch, needsFor } from './prefilter';
import { scanOutsideItems, type ScanContext } from './outside-items';
import { scanPlaceItems } from './place-items';
import type { AlertMode, MatchItemType } from './schema';

type ActiveWatch = { id: string; brand_id: string; query: string; alert_mode: AlertMode };

const compiled = new Map<string, ParsedQuery | null>();
/** The parsed form of a saved query (null if it no longer parses: the engine's grammar changed). */
function compile(query: string): ParsedQuery | null {
  if (compiled.has(query)) return compiled.get(query)!;
  let parsed: ParsedQuery | null = null;
  try {
    parsed = parseQuery(query);
  } catch {
    parsed = null;
  }
  if (compiled.size > 5000) compiled.clear();
  compiled.set(query, parsed);
  return parsed;
}

export async function activeWatches(db: Db): Promise<ActiveWatch[]> {
  return queryRows<ActiveWatch>(db, sql`select id, brand_id, query, alert_mode from watches where active order by id`);
}

const languageOf = (l: string | null): 'fr' | 'en' | undefined => (l === 'fr' || l === 'en' ? l : undefined);

/**
 * A new item to test: a public post, a published review, a public check-in or a published tip
 * (place-items.ts), or an item read from an outside source (outside-items.ts: no author here).
 */
export type Candidate = {
  id: string;
  type: MatchItemType;
  authorId: string | null;
  text: string;
  language: string | null;
  createdAt: Date;
  reach: number;
  lexemes?: Set<string>;
  /** Only these brands' watches may match it (an outside item: the brands listening to its source). */
  audience?: Set<string>;
};

/** Tests posts against every active watch and records the matches; returns how many were new. */
export async function matchStatuses(ctx: { db: Db }, statusIds: string[]): Promise<number> {
  if (statusIds.length === 0) return 0;
  // The post, its author's reach and its search document's lexemes (for the prefilter), at once.
  const rows = await queryRows<{
    id: string;
    account_id: string;
    text: string;
    spoiler_text: string;
    language: string | null;
    created_at: Date | string;
    followers_count: number;
    lexemes: string[] | string | null;
  }>(
    ctx.db,
    sql`select s.id, s.account_id, s.text, s.spoiler_text, s.language, s.created_at, a.followers_count, tsvector_to_array(d.tsv) as lexemes
        from statuses s join accounts a on a.id = s.account_id left join status_search d on d.status_id = s.id
        where s.id in ${statusIds} and s.visibility = 'public' and s.reblog_of_id is null
          and ${authorVisibleTo(null, sql`s.account_id`, { mutes: false })}`,
  );
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    type: 'status',
    authorId: r.account_id,
    text: [r.spoiler_text, r.text].filter(Boolean).join('\n'),
    language: r.language,
    createdAt: new Date(r.created_at),
    reach: Number(r.followers_count),
    lexemes: r.lexemes === null ? new Set() : new Set(pgArray(r.lexemes)),
  }));
  return recordMatches(ctx, candidates, (db, ids, tests) => matchAll(db, 'status', ids, tests));
}

/** The same for published reviews (the e-reputation module's `reviews`). */
export async function matchReviews(ctx: { db: Db }, reviewIds: string[]): Promise<number> {
  if (reviewIds.length === 0 || !(await hasReviews(ctx.db))) return 0;
  const rows = await queryRows<{
    id: string;
    author_id: string;
    title: string | null;
    body: string;
    language: string | null;
    published_at: Date | string;
    followers_count: number;
  }>(
    ctx.db,
    sql`select r.id, r.author_id, r.title, r.body, r.language, coalesce(r.published_at, r.created_at) as published_at, a.followers_count
        from reviews r join accounts a on a.id = r.author_id
        where r.id in ${reviewIds} and r.status = 'published'
          and ${authorVisibleTo(null, sql`r.author_id`, { mutes: false })}`,
  );
  const candidates: Candidate[] = rows.map((r) => ({
    id: r.id,
    type: 'review',
    authorId: r.author_id,
    text: [r.title, r.body].filter(Boolean).join('\n'),
    language: r.language,
    createdAt: new Date(r.published_at),
    reach: Number(r.followers_count),
  }));
  return recordMatches(ctx, candidates, (db, ids, tests) => matchAll(db, 'review', ids, tests));
}

export type WatchTest = { index: number; parsed: ParsedQuery };
const WATCHES_PER_STATEMENT = 50;

/**
 * Which items each watch matches, one statement per 50 watches: every row (a post's search
 * document, or a review) is tested against each watch's compiled query, with search's filters,
 * and answers the indexes of the watches it matches. Same semantics as statusesMatching /
 * reviewsMatching (which test one query at a time), a hundred times fewer round trips.
 */
async function matchAll(
  db: Db,
  kind: 'status' | 'review',
  ids: string[],
  tests: WatchTest[],
): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (ids.length === 0 || tests.length === 0) return out;
  for (let start = 0; start < tests.length; start += WATCHES_PER_STATEMENT) {
    const chunk = tests.slice(start, start + WATCHES_PER_STATEMENT);
    const cases = chunk.map(({ index, parsed }) =>
      kind === 'status'
        ? sql`case when (${statusFilters(parsed)}) and (${whereOf(parsed, statusTarget)}) then ${index}::int end`
        : sql`case when (${reviewFilters(parsed)}) and (${whereOf(parsed, reviewTarget)}) then ${index}::int end`,
    );
    const rows = await queryRows<{ id: string; hits: number[] | string }>(
      db,
      kind === 'status'
        ? sql`select d.status_id as id, array_remove(array[${sql.join(cases, sql`, `)}], null) as hits from status_search d where d.status_id in ${ids}`
        : sql`select r.id, array_remove(array[${sql.join(cases, sql`, `)}], null) as hits from reviews r where r.id in ${ids}`,
    );
    for (const row of rows) {
      const hits =
        typeof row.hits === 'string' ? row.hits.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : row.hits;
      for (const h of hits) {
        let set = out.get(Number(h));
        if (!set) out.set(Number(h), (set = new Set()));
        set.add(row.id);
      }
    }
  }
  return out;
}

/**
 * Posts are tested only against watches they could match (prefilter.ts: a lexeme the query
 * needs is in the post's search document); reviews against every watch.
 */
async function prefiltered(db: Db, candidates: Candidate[], tests: WatchTest[]): Promise<WatchTest[]> {
  if (candidates.length === 0 || candidates.some((c) => !c.lexemes)) return tests;
  const kept: WatchTest[] = [];
  for (const test of tests) {
    const needs = await needsFor(db, test.parsed);
    if (candidates.some((c) => couldMatch(needs, c.lexemes))) kept.push(test);
  }
  return kept;
}

export async function recordMatches(
  ctx: { db: Db },
  candidates: Candidate[],
  matching: (db: Db, ids: string[], tests: WatchTest[]) => Promise<Map<number, Set<string>>>,
): Promise<number> {
  if (candidates.length === 0) return 0;
  const list = await activeWatches(ctx.db);
  if (list.length === 0) return 0;
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ids = candidates.map((c) => c.id);

  // Items meant for some brands only: the other brands' watches are not even tested.
  const audiences = candidates.map((c) => c.audience);
  const anyBrand = audiences.some((a) => !a);
  const brandsHeard = new Set(audiences.flatMap((a) => (a ? [...a] : [])));
  const tests: WatchTest[] = [];
  list.forEach((watch, index) => {
    if (!anyBrand && !brandsHeard.has(watch.brand_id)) return;
    const parsed = compile(watch.query);
    if (parsed) tests.push({ index, parsed });
  });
  if (tests.length === 0) return 0;
  const hits = await matching(ctx.db, ids, await prefiltered(ctx.db, candidates, tests));
  if (hits.size === 0) return 0;

  // Social's rules: a block either way between a watching brand and an author keeps the
  // author's items out (mutes do not: a watch counts what is said, muted or not).
  const brands = [...new Set([...hits.keys()].map((i) => list[i]!.brand_id))];
  const authors = [...new Set(candidates.flatMap((c) => (c.authorId ? [c.authorId] : [])))];
  const blocked = await blockedPairs(ctx.db, brands, authors);
  const found: { watch: ActiveWatch; ids: string[] }[] = [];
  for (const [index, matched] of hits) {
    const watch = list[index]!;
    const kept = [...matched].filter((id) => {
      const c = byId.get(id);
      if (!c || (c.audience && !c.audience.has(watch.brand_id))) return false;
      return !c.authorId || !blocked(watch.brand_id, c.authorId);
    });
    if (kept.length) found.push({ watch, ids: kept });
  }
  if (found.length === 0) return 0;

  const sentiments = new Map<string, { label: string; score: number }>();
  const sentimentFor = (c: Candidate) => {
    let s = sentiments.get(c.id);
    if (!s) sentiments.set(c.id, (s = sentimentOf(c.text, languageOf(c.language))));
    return s;
  };

  // Every match of the batch in one statement (one per watch cost a thousand-feed round 27,000
  // statements), in key order, so two matchers taking the same keys wait instead of deadlocking.
  const rows = found
    .flatMap(({ watch, ids: matchedIds }) =>
      matchedIds.map((id) => {
        const c = byId.get(id)!;
        const s = sentimentFor(c);
        return {
          watch_id: watch.id,
          item_id: id,
          item_type: c.type,
          status_id: c.type === 'status' ? id : null,
          review_id: c.type === 'review' ? id : null,
          author_id: c.authorId,
          author_reach: c.reach,
          sentiment: s.label,
          sentiment_score: s.score,
          item_created_at: c.createdAt.toISOString(),
        };
      }),
    )
    .sort((a, b) => (a.watch_id === b.watch_id ? compare(a.item_id, b.item_id) : compare(a.watch_id, b.watch_id)));
  return ctx.db.transaction(async (tx) => {
    const inserted = await preparedSqlRows<{ watch_id: string; item_id: string }>(
      tx,
      sql`insert into watch_matches (watch_id, item_id, item_type, status_id, review_id, author_id, author_reach, sentiment, sentiment_score, item_created_at)
          select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(watch_id uuid, item_id uuid, item_type text,
            status_id uuid, review_id uuid, author_id uuid, author_reach int, sentiment text, sentiment_score real, item_created_at timestamptz)
          on conflict (watch_id, item_id) do nothing returning watch_id, item_id`,
    );
    const newItems = new Map<string, string[]>();
    for (const r of inserted) {
      const items = newItems.get(r.watch_id);
      if (items) items.push(r.item_id);
      else newItems.set(r.watch_id, [r.item_id]);
    }
    for (const { watch } of found) {
      const items = newItems.get(watch.id);
      if (items && watch.alert_mode === 'immediate') await immediateAlert(tx, watch.id, items.sort());
    }
    return inserted.length;
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Immediate alerts go out at most twice a minute per watch, however busy it is. */
export const ALERT_BUCKET_MS = 60_000;

/**
 * Immediate alert for new matches (in the matcher's transaction; only new matches come here, so
 * a rerun alerts nobody twice). The first batch of a minute goes out at once; later ones in the
 * same minute gather into one more alert sent at the minute's end, so a busy watch does not
 * flood the team.
 */
async function immediateAlert(tx: DbOrTx, watchId: string, items: string[], now = Date.now()) {
  const bucketStart = Math.floor(now / ALERT_BUCKET_MS) * ALERT_BUCKET_MS;
  const bucket = new Date(bucketStart).toISOString().slice(0, 16);
  const first = await queryRows<{ id: string }>(
    tx,
    sql`insert into watch_alerts (id, watch_id, kind, period, item_ids) values (${uuidv7()}, ${watchId}, 'match', ${bucket}, ${JSON.stringify(items)}::jsonb)
        on conflict (watch_id, kind, period) do nothing returning id`,
  );
  if (first[0]) {
    await enqueue(tx, 'watch.alert', { alertId: first[0].id });
    return;
  }
  const rest = await queryRows<{ id: string; inserted: boolean }>(
    tx,
    sql`insert into watch_alerts (id, watch_id, kind, period, item_ids) values (${uuidv7()}, ${watchId}, 'match', ${`${bucket}+`}, ${JSON.stringify(items)}::jsonb)
        on conflict (watch_id, kind, period) do update set item_ids = watch_alerts.item_ids || excluded.item_ids
        returning id, (xmax = 0) as inserted`,
  );
  if (rest[0]?.inserted)
    await enqueue(tx, 'watch.alert', { alertId: rest[0].id }, new Date(bucketStart + ALERT_BUCKET_MS));
}

// Reviews ---------------------------------------------------------------------------------------------

const REVIEWS = 'watches.reviews';
const CURSOR_KEY = 'watches.reviews_cursor';
export const REVIEW_SCAN_MS = 10_000;
/** Reviews publish from several places (moderation decisions, auto-publication): the scan looks back this far past its cursor, so a slow commit is not missed; the match key makes overlaps harmless. */
const OVERLAP_MS = 120_000;

/**
 * Job `watches.reviews`: matches reviews published since the last scan, then runs again in
 * REVIEW_SCAN_MS. The cursor (a publication time) lives in `settings`, so a restart resumes.
 */
export async function scanReviews(ctx: { db: Db }, now = new Date()): Promise<number> {
  let matched = 0;
  if (await hasReviews(ctx.db)) {
    const [cursor] = await queryRows<{ value: string }>(
      ctx.db,
      sql`select value from settings where key = ${CURSOR_KEY}`,
    );
    const base = cursor ? Date.parse(cursor.value) : now.getTime();
    const rows = await queryRows<{ id: string; published_at: Date | string }>(
      ctx.db,
      sql`select id, published_at from reviews where status = 'published' and published_at > ${new Date(base - OVERLAP_MS).toISOString()}::timestamptz order by published_at limit 5000`,
    );
    for (let i = 0; i < rows.length; i += 200)
      matched += await matchReviews(
        ctx,
        rows.slice(i, i + 200).map((r) => r.id),
      );
    const next = new Date(Math.max(base, ...rows.map((r) => new Date(r.published_at).getTime())));
    await queryRows(
      ctx.db,
      sql`insert into settings (key, value) values (${CURSOR_KEY}, ${next.toISOString()}) on conflict (key) do update set value = excluded.value`,
    );
  }
  return matched;
}

/** Keeps one `watches.reviews` job waiting; old finished runs are swept so the queue stays small. */
export async function scheduleReviewScan(
  db: Db,
  counting: 'any' | 'future' = 'any',
  at = new Date(Date.now() + REVIEW_SCAN_MS),
): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = ${REVIEWS} and done_at < now() - interval '10 minutes'`);
  await keepScheduled(db, REVIEWS, at, counting);
}

export async function runReviewScan(ctx: ScanContext): Promise<void> {
  await scanReviews(ctx);
  // Check-ins and tips at places, the same way (place-items.ts).
  await scanPlaceItems(ctx);
  // Items read from outside sources (outside-items.ts).
  await scanOutsideItems(ctx);
  await scheduleReviewScan(ctx.db, 'future');
}

/**
 * The status extension: asks for the `status.published` job for every public original post
 * (in the post's transaction), then matches it once committed.
 */
export const watchMatcher: StatusExtension = {
  name: 'watches',
  async afterInsert(tx, { status }) {
    if (status.visibility !== 'public' || status.reblogOfId) return false;
    // No active watch anywhere (most small instances): no job, no work.
    const [any] = await queryRows<{ ok: boolean }>(tx, sql`select exists (select 1 from watches where active) as ok`);
    if (!any?.ok) return false;
    // The status.published job wakes the workers when the post commits: matches land in milliseconds.
    return true;
  },
  async published(app: AppContext, statusId: string) {
    await matchStatuses(app, [statusId]);
  },
};
