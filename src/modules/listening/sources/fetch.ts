/**
 * One scheduled fetch of an outside source (job `source.fetch`): a conditional GET (the stored
 * ETag and Last-Modified), the feed read, its new items stored once, and the source's health and
 * next due time written. A failure writes only the source's state (its error in plain words, the
 * backoff), never a part of the feed: the items of one fetch are stored in one statement.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { uuidv7 } from '../../../db/ids';
import { nowOf } from '../../../lib/clock';
import { DomainError } from '../../../lib/errors';
import { getSourceDocument, SourceFetchError } from './get';
import { notifyFailingSource } from './health';
import { listeningLane } from '../lane';
import { parseFeedDocument } from './parse';
import { nextFetchAt } from './plan';
import { brandSources, listeningSources, outsideItems, sourceItemDays } from './schema';

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
      await succeeded(ctx, source, now, { added: 0 });
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

async function store(
  ctx: FetchContext,
  source: SourceRow,
  feed: ReturnType<typeof readFeed>,
  now: Date,
  validators: { etag: string | null; lastModified: string | null },
): Promise<number> {
  const sourceId = source.id;
  return ctx.db.transaction(async (tx) => {
    // Oldest first, so ids (UUIDv7, the matcher's cursor) follow the feed's own order of publication.
    const rows = [...feed.items].reverse().map((item) => ({
      id: uuidv7(),
      sourceId,
      dedupeKey: item.dedupeKey,
      url: item.url,
      title: item.title,
      text: item.text,
      authorName: item.authorName,
      language: item.language,
      // A date in the future (a wrong clock, a scheduled post) would sort above everything: capped at now.
      publishedAt: item.publishedAt && item.publishedAt <= now ? item.publishedAt : now,
      fetchedAt: now,
    }));
    const inserted = rows.length
      ? await tx
          .insert(outsideItems)
          .values(rows)
          .onConflictDoNothing({ target: [outsideItems.sourceId, outsideItems.dedupeKey] })
          .returning({ id: outsideItems.id })
      : [];
    if (inserted.length)
      await tx
        .insert(sourceItemDays)
        .values({ sourceId, day: now.toISOString().slice(0, 10), items: inserted.length })
        .onConflictDoUpdate({
          target: [sourceItemDays.sourceId, sourceItemDays.day],
          set: { items: sql`${sourceItemDays.items} + ${inserted.length}` },
        });
    await succeeded(tx, source, now, {
      added: inserted.length,
      ...validators,
      title: feed.title || source.title,
      siteUrl: feed.siteUrl ?? source.siteUrl,
    });
    return inserted.length;
  });
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
type Writer = Pick<FetchContext['db'], 'update'>;

async function succeeded(
  db: Writer | FetchContext,
  source: SourceRow,
  now: Date,
  change: {
    added: number;
    etag?: string | null;
    lastModified?: string | null;
    title?: string;
    siteUrl?: string | null;
  },
) {
  const writer = 'db' in db ? db.db : db;
  const { added, ...rest } = change;
  await writer
    .update(listeningSources)
    .set({
      ...rest,
      lastFetchedAt: now,
      lastSuccessAt: now,
      ...(added > 0 ? { lastNewItemAt: now, itemsCount: sql`${listeningSources.itemsCount} + ${added}` } : {}),
      lastError: null,
      failures: 0,
      failingSince: null,
      nextFetchAt: nextFetchAt(source.id, source.intervalSeconds, 0, now),
    })
    .where(eq(listeningSources.id, source.id));
  // The source works again: a later failing episode is told to the teams again.
  if (source.failingSince)
    await writer
      .update(brandSources)
      .set({ failingNotifiedAt: null })
      .where(and(eq(brandSources.sourceId, source.id), sql`${brandSources.failingNotifiedAt} is not null`));
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
