/**
 * Watches match items read from outside sources (listening/sources: blogs, forums, news feeds)
 * the way they match posts: the same compiler (search/compile.ts), the document being the item's
 * title and text in its language, exactly as a post's is its content warning and text. An item
 * is tested only against the watches of the brands that listen to its source (brand_sources):
 * a brand's sources are its own listening data, never another brand's.
 *
 * - `#tag` and `@handle` read the text with social's own parser (the rule that fills a post's
 *   tags and mentions), so "@brand" written in an article matches as it would in a post, and
 *   only when that account exists here (a post's unknown mention is plain text too);
 * - `from:` names an account of this network: an outside item has none, so it matches nothing
 *   (the feed's author name is free text anyone can write);
 * - `has:` and rating filters match nothing; `lang:`, `since:`, `until:` read the item's detected
 *   language and publication date.
 *
 * Scanned by the `watches.reviews` job (matcher.ts) in id order from a cursor in `settings`.
 */
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Database, type Db } from '../../../db/client';
import { uuidv7Floor } from '../../../db/ids';
import { parseText } from '../../social';
import { listeningLane } from '../lane';
import { whereOf, type Target } from '../search/compile';
import type { ParsedQuery } from '../search/query';
import { recordMatches, type Candidate, type WatchTest } from './matcher';

/** An outside item as the compiler reads it: a row `d` with id, tsv, language, published_at, mentions, tags. */
export const outsideTarget: Target = {
  tsv: sql`d.tsv`,
  predicate(node) {
    if (node.kind === 'tag') return sql`d.tags @> jsonb_build_array(${node.tag}::text)`;
    if (node.kind === 'mention')
      return sql`(d.mentions @> jsonb_build_array(${node.handle}::text) and exists (select 1 from accounts a where lower(a.username) = ${node.handle}))`;
    return null;
  },
};

export function outsideFilters(q: ParsedQuery): SQL {
  if (q.rating) return sql`false`;
  const parts: SQL[] = [sql`true`];
  if (q.lang) parts.push(sql`d.language = ${q.lang}`);
  if (q.since) parts.push(sql`d.published_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`d.published_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

/** The item's search document, the same expression a post's status_search row holds. */
export const outsideTsv = (alias: string) =>
  sql.raw(`comptoir_tsv(${alias}.language, ${alias}.title || ' ' || ${alias}.text)`);

/** Mentions and tags as social's parser reads them, per item (for the `d` rows of the statement). */
export function entitiesOf(title: string, text: string): { mentions: string[]; tags: string[] } {
  const parsed = parseText(title ? `${title}\n${text}` : text);
  return { mentions: parsed.mentions.filter((m) => !m.includes('@')), tags: parsed.tags };
}

type Entities = Map<string, { mentions: string[]; tags: string[] }>;

/** The `d` rows: each item with its document, computed once per statement however many watches test it. */
function documents(ids: string[], entities: Entities): SQL {
  const extra = JSON.stringify(ids.map((id) => ({ id, ...(entities.get(id) ?? { mentions: [], tags: [] }) })));
  return sql`with d as materialized (
      select o.id, o.language, o.published_at, ${outsideTsv('o')} as tsv, x.mentions, x.tags
      from outside_items o
      join jsonb_to_recordset(${extra}::jsonb) as x(id uuid, mentions jsonb, tags jsonb) on x.id = o.id
    )`;
}

const WATCHES_PER_STATEMENT = 50;

async function matchOutside(db: Db, ids: string[], tests: WatchTest[], entities: Entities) {
  const out = new Map<number, Set<string>>();
  for (let start = 0; start < tests.length; start += WATCHES_PER_STATEMENT) {
    const cases = tests
      .slice(start, start + WATCHES_PER_STATEMENT)
      .map(
        ({ index, parsed }) =>
          sql`case when (${outsideFilters(parsed)}) and (${whereOf(parsed, outsideTarget)}) then ${index}::int end`,
      );
    const rows = await queryRows<{ id: string; hits: number[] | string }>(
      db,
      sql`${documents(ids, entities)} select d.id, array_remove(array[${sql.join(cases, sql`, `)}], null) as hits from d`,
    );
    for (const row of rows) {
      for (const h of typeof row.hits === 'string' ? pgArray(row.hits).map(Number) : row.hits) {
        let set = out.get(Number(h));
        if (!set) out.set(Number(h), (set = new Set()));
        set.add(row.id);
      }
    }
  }
  return out;
}

/** Tests outside items against the active watches of the brands listening to their sources; records the matches. */
export async function matchOutsideItems(ctx: { db: Db }, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{
    id: string;
    title: string;
    text: string;
    language: string | null;
    published_at: Date | string;
    brands: string[] | string | null;
    lexemes: string[] | string | null;
  }>(
    ctx.db,
    sql`select o.id, o.title, o.text, o.language, o.published_at,
          (select array_agg(bs.brand_id) from brand_sources bs where bs.source_id = o.source_id) as brands,
          tsvector_to_array(${outsideTsv('o')}) as lexemes
        from outside_items o where o.id in ${ids}`,
  );
  const entities: Entities = new Map();
  const candidates: Candidate[] = [];
  for (const r of rows) {
    const brands = r.brands === null ? [] : pgArray(r.brands);
    // Nobody listens to it any more (the last brand removed the source): nothing to test.
    if (brands.length === 0) continue;
    entities.set(r.id, entitiesOf(r.title, r.text));
    candidates.push({
      id: r.id,
      type: 'outside',
      authorId: null,
      text: [r.title, r.text].filter(Boolean).join('\n'),
      language: r.language,
      createdAt: new Date(r.published_at),
      reach: 0,
      lexemes: r.lexemes === null ? new Set() : new Set(pgArray(r.lexemes)),
      audience: new Set(brands),
    });
  }
  return recordMatches(ctx, candidates, (db, found, tests) => matchOutside(db, found, tests, entities));
}

// The scan ----------------------------------------------------------------------------------------

/** The last outside item id scanned; a benchmark waits on this key: keep its name. */
export const OUTSIDE_CURSOR_KEY = 'watches.outside_cursor';
/**
 * Items commit from parallel fetches, so one committing late can carry an id smaller than the
 * cursor: each scan looks again at the items whose id time is this close before the cursor.
 * A fetch's transaction lasts well under a second; the (watch, item) key makes the overlap harmless.
 */
export const OUTSIDE_OVERLAP_MS = 120_000;
/**
 * Items matched per statement. On PGlite a statement runs on the server's own thread for its whole
 * duration (200 items against 50 watches held visitors' requests for tens of milliseconds), so
 * its batches are smaller: more statements, each short.
 */
const BATCH = { pg: 200, pglite: 25 } as const;
/** Ids of the overlap window listed per query (only those not yet tested are matched). */
const OVERLAP_PAGE = 5000;
/**
 * At most this many items, and this long, per run (the next run, 10 s later, goes on from the
 * cursor): a run stays well inside the job's 5-minute lock even when every item matches.
 */
const PER_RUN = 20_000;
const RUN_BUDGET_MS = 60_000;

/** The millisecond a UUIDv7 was made. */
export const uuidTime = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

async function idsAfter(db: Db, after: string, upTo: string | null, limit: number): Promise<string[]> {
  const bound = upTo ? sql`and id <= ${upTo}` : sql``;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from outside_items where id > ${after} ${bound} order by id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Ids this process already tested, by database, with their time: the overlap skips them, so a
 * busy window costs a listing of ids, not a second matching. After a restart (or on another app
 * node) the set is empty and the window is tested again once: harmless, only slower.
 */
const tested = new WeakMap<Db, Map<string, number>>();

function testedIn(db: Db, floor: number): Map<string, number> {
  let seen = tested.get(db);
  if (!seen) tested.set(db, (seen = new Map()));
  for (const [id, at] of seen) if (at < floor) seen.delete(id);
  return seen;
}

/** The engine decides the batch size (`database` absent: a server's). */
export type ScanContext = { db: Db; database?: Pick<Database, 'kind'> };

/**
 * Outside items since the cursor (after the overlap window behind it), in id order, batch by
 * batch; the cursor moves after each batch of new items, so a restart resumes where it stopped.
 */
export async function scanOutsideItems(ctx: ScanContext): Promise<number> {
  const batch = BATCH[ctx.database?.kind ?? 'pg'];
  const [row] = await queryRows<{ value: string }>(
    ctx.db,
    sql`select value from settings where key = ${OUTSIDE_CURSOR_KEY}`,
  );
  const cursor = row?.value ?? null;
  const floor = cursor ? uuidTime(cursor) - OUTSIDE_OVERLAP_MS : 0;
  const seen = testedIn(ctx.db, floor);
  const test = async (ids: string[]) => {
    const fresh = ids.filter((id) => !seen.has(id));
    let n = 0;
    for (let i = 0; i < fresh.length; i += batch)
      n += await listeningLane.run(() => matchOutsideItems(ctx, fresh.slice(i, i + batch)));
    for (const id of fresh) seen.set(id, uuidTime(id));
    return n;
  };
  let matched = 0;
  // The overlap: items that committed after the last scan had read past their ids.
  if (cursor) {
    let after = uuidv7Floor(floor);
    for (;;) {
      const ids = await idsAfter(ctx.db, after, cursor, OVERLAP_PAGE);
      if (ids.length === 0) break;
      matched += await test(ids);
      after = ids[ids.length - 1]!;
      if (ids.length < OVERLAP_PAGE) break;
    }
  }
  let after = cursor ?? uuidv7Floor(0);
  const deadline = Date.now() + RUN_BUDGET_MS;
  for (let done = 0; done < PER_RUN && Date.now() < deadline; ) {
    const ids = await idsAfter(ctx.db, after, null, batch);
    if (ids.length === 0) break;
    matched += await test(ids);
    after = ids[ids.length - 1]!;
    done += ids.length;
    await queryRows(
      ctx.db,
      sql`insert into settings (key, value) values (${OUTSIDE_CURSOR_KEY}, ${after})
          on conflict (key) do update set value = excluded.value`,
    );
    if (ids.length < batch) break;
  }
  return matched;
}
