/**
 * One scheduled fetch of an outside source (job `source.fetch`): a conditional GET (the stored
 * ETag and Last-Modified), the feed read, its new items stored once, and the source's health and
 * next due time written. A failure writes only the source's state (its error in plain words, the
 * backoff), never a part of the feed: the items of one fetch are stored in one statement.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { uuidv7 } from '../../../db/ids';
import { preparedSqlRows } from '../../../db/prepared';
import { nowOf } from '../../../lib/clock';
import { DomainError } from '../../../lib/errors';
import { getSourceDocument, SourceFetchError } from './get';
import { notifyFailingSource } from './health';
import { listeningLane } from '../lane';
import { parseFeedDocument } from './parse';
import { nextFetchAt } from './plan';
import { listeningSources } from './schema';

export type FetchContext = Pick<AppContext, 'db' | 'config' | 'clock' | 'log' | 'events'>;

export type FetchOutcome =
  | { status: 'gone' }
  | { status: 'unchanged' }
  | { status: 'fetched'; items: number; added: number }
  | { status: 'failed'; code: string; message: string };

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || null;

/** `timeoutMs` bounds the whole exchange (20 s by default: get.ts). */
export async function fetchSource(
  ctx: FetchContext,
  sourceId: string,
  options: { timeoutMs?: number } = {},
): Promise<FetchOutcome> {
  const [source] = await ctx.db.select().from(listeningSources).where(eq(listeningSources.id, sourceId));
  if (!source) return { status: 'gone' };
  const headers: Record<string, string> = {};
  if (source.etag) headers['if-none-match'] = source.etag;
  if (source.lastModified) headers['if-modified-since'] = source.lastModified;
  try {
    const page = await getSourceDocument(ctx, source.url, { headers, timeoutMs: options.timeoutMs });
    const now = nowOf(ctx);
    const validators = { etag: header(page.headers.etag), lastModified: header(page.headers['last-modified']) };
    if (page.status === 304) {
      await succeeded(ctx, source, now);
      return { status: 'unchanged' };
    }
    const { feed, added } = await listeningLane.run(async () => {
      const feed = readFeed(page.body, page.contentType, page.url);
      return { feed, added: await store(ctx, source, feed, now, validators) };
    });
    return { status: 'fetched', items: feed.items.length, added };
  } catch (error) {
    if (!(error instanceof SourceFetchError)) throw error;
    await failed(ctx, source, error);
    return { status: 'failed', code: error.code, message: error.message };
  }
}

/**
 * The feed's new items, the day's count and the source's health in one statement (atomic as a
 * transaction, one round trip instead of six: a round of a thousand feeds is this process's
 * statements more than its parsing).
 */
async function store(
  ctx: FetchContext,
  source: SourceRow,
  feed: ReturnType<typeof readFeed>,
  now: Date,
  validators: { etag: string | null; lastModified: string | null },
): Promise<number> {
  // Oldest first, so ids (UUIDv7, the matcher's cursor) follow the feed's own order of publication.
  const rows = [...feed.items].reverse().map((item) => ({
    id: uuidv7(),
    dedupe_key: item.dedupeKey,
    url: item.url,
    title: item.title,
    text: item.text,
    author_name: item.authorName,
    language: item.language,
    // A date in the future (a wrong clock, a scheduled post) would sort above everything: capped at now.
    published_at: (item.publishedAt && item.publishedAt <= now ? item.publishedAt : now).toISOString(),
  }));
  const at = now.toISOString();
  const [row] = await preparedSqlRows<{ added: number }>(
    ctx.db,
    sql`with inserted as (
          insert into outside_items (id, source_id, dedupe_key, url, title, text, author_name, language, published_at, fetched_at)
          select r.id, ${source.id}::uuid, r.dedupe_key, r.url, r.title, r.text, r.author_name, r.language, r.published_at, ${at}::timestamptz
          from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, dedupe_key text, url text, title text, text text,
            author_name text, language text, published_at timestamptz)
          on conflict (source_id, dedupe_key) do nothing returning 1),
        counted as (select count(*)::int as added from inserted),
        days as (
          insert into source_item_days (source_id, day, items)
          select ${source.id}::uuid, ${at.slice(0, 10)}::date, added from counted where added > 0
          on conflict (source_id, day) do update set items = source_item_days.items + excluded.items),
        ${successClauses(source, now, sql`(select added from counted)`, {
          ...validators,
          title: feed.title || source.title,
          siteUrl: feed.siteUrl ?? source.siteUrl,
        })}
        select added from counted`,
  );
  return row?.added ?? 0;
}

function readFeed(body: Buffer, contentType: string, baseUrl: string) {
  try {
    return parseFeedDocument(body, contentType, { baseUrl });
  } catch (error) {
    if (error instanceof DomainError)
      throw new SourceFetchError('not_a_feed', 'The address does not give a feed (RSS, Atom, RDF or JSON) any more');
    throw error;
  }
}

type SourceRow = typeof listeningSources.$inferSelect;

/** A fetch that changed nothing (304): the source's health only. */
async function succeeded(ctx: FetchContext, source: SourceRow, now: Date) {
  await preparedSqlRows(ctx.db, sql`with ${successClauses(source, now, sql`0`, {})} select 1`);
}

/**
 * `with` clauses writing a successful fetch into the source's row (`added`: the SQL count of its
 * new items; the validators, title and site only when given). A source that was failing works
 * again: a later failing episode is told to the teams again.
 */
function successClauses(
  source: SourceRow,
  now: Date,
  added: SQL,
  change: { etag?: string | null; lastModified?: string | null; title?: string; siteUrl?: string | null },
): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const given = (value: string | null | undefined, column: string) =>
    value === undefined ? sql.raw(column) : sql`${value}::text`;
  const health = sql`health as (
      update listening_sources set etag = ${given(change.etag, 'etag')}, last_modified = ${given(change.lastModified, 'last_modified')},
        title = ${given(change.title, 'title')}, site_url = ${given(change.siteUrl, 'site_url')},
        last_fetched_at = ${at}, last_success_at = ${at},
        last_new_item_at = case when ${added} > 0 then ${at} else last_new_item_at end,
        items_count = items_count + ${added},
        last_error = null, failures = 0, failing_since = null,
        next_fetch_at = ${nextFetchAt(source.id, source.intervalSeconds, 0, now).toISOString()}::timestamptz
      where id = ${source.id}::uuid)`;
  if (!source.failingSince) return health;
  return sql`${health}, told_again as (
      update brand_sources set failing_notified_at = null where source_id = ${source.id}::uuid and failing_notified_at is not null)`;
}

async function failed(ctx: FetchContext, source: SourceRow, error: SourceFetchError) {
  const now = nowOf(ctx);
  const failures = source.failures + 1;
  ctx.log.info({ sourceId: source.id, code: error.code, failures }, 'source fetch failed');
  await ctx.db
    .update(listeningSources)
    .set({
      lastFetchedAt: now,
      lastError: `${error.code}: ${error.message}`,
      lastErrorAt: now,
      failures,
      failingSince: source.failingSince ?? now,
      nextFetchAt: nextFetchAt(source.id, source.intervalSeconds, failures, now),
    })
    .where(eq(listeningSources.id, source.id));
  await notifyFailingSource(ctx, source.id, source.failingSince ?? now, now);
}
