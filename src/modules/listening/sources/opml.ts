/**
 * OPML, the file feed readers (Netvibes, Feedly, Inoreader...) import and export: a brand
 * brings its list in one file and takes it away the same way. Read and written with feedsmith
 * (on fast-xml-parser, which expands no DTD entity: a billion-laughs file stays a few literal
 * `&lol;`, an external entity is refused as malformed).
 *
 * Import adds the entries that name their feed (`xmlUrl`) at once, without fetching them: ten
 * thousand discoveries would hold the request for minutes. The queue fetches each new feed
 * soon after; a dead one shows as failing on the sources page like any other.
 */
import { generateOpml, parseOpml } from 'feedsmith';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { enqueueMany } from '../../../jobs/queue';
import { DomainError, tooLarge, unprocessable } from '../../../lib/errors';
import {
  assertSourcesManager,
  MAX_SOURCES_PER_BRAND,
  nameFrom,
  type SourcesContext,
  type SourceView,
  upsertSource,
} from './service';
import { normaliseFeedUrl, refusePrivateLiteral } from './urls';

export const OPML_MAX_BYTES = 1024 * 1024;
export const OPML_MAX_ENTRIES = 1000;
/** Folders within folders: deeper than this is no reader's export, and recursion stays bounded. */
const MAX_DEPTH = 20;

export type OpmlEntry = { url: string; name: string };
export type ImportError = { url: string; code: string; message: string };
export type ImportResult = { added: number; skipped: number; errors: ImportError[] };

type Outline = { text?: string; title?: string; xmlUrl?: string; outlines?: Outline[] };

/** The feeds of an OPML file, folders flattened, in document order. 422 for a file that is not OPML. */
export function readOpml(bytes: Uint8Array): { entries: OpmlEntry[]; errors: ImportError[] } {
  if (bytes.byteLength > OPML_MAX_BYTES)
    throw tooLarge('file_too_large', `The OPML file is larger than ${OPML_MAX_BYTES / 1024 / 1024} MB`, {
      limit: OPML_MAX_BYTES,
    });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unprocessable('invalid_opml', 'The file is not UTF-8 text: export it again as OPML from your reader');
  }
  let outlines: Outline[];
  try {
    outlines = (parseOpml(text).body?.outlines ?? []) as Outline[];
  } catch {
    throw unprocessable('invalid_opml', 'The file is not OPML (an XML file with <opml> and <outline> elements)');
  }
  const entries: OpmlEntry[] = [];
  const errors: ImportError[] = [];
  let seen = 0;
  const walk = (list: Outline[], depth: number) => {
    if (depth > MAX_DEPTH) throw unprocessable('invalid_opml', `Folders nest more than ${MAX_DEPTH} deep`);
    for (const outline of list) {
      if (outline.xmlUrl !== undefined) {
        if (++seen > OPML_MAX_ENTRIES)
          throw unprocessable(
            'too_many_entries',
            `The file lists more than ${OPML_MAX_ENTRIES} feeds; split it into several files`,
            { limit: OPML_MAX_ENTRIES },
          );
        const raw = String(outline.xmlUrl);
        try {
          const url = normaliseFeedUrl(raw, 'xmlUrl');
          entries.push({ url, name: nameFrom(outline.text || outline.title, url) });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          errors.push({ url: raw.slice(0, 2048), code: error.code, message: error.message });
        }
      }
      if (outline.outlines) walk(outline.outlines, depth + 1);
    }
  };
  walk(outlines, 0);
  return { entries, errors };
}

/**
 * Adds the feeds of an OPML file to the brand, all in one transaction: feeds it already listens
 * to (or listed twice) are skipped, addresses refused by the outbound rules are errors, and past
 * the brand's limit the rest are errors too. A feed new to the server gets its first fetch queued.
 */
export async function importOpml(
  ctx: SourcesContext,
  actorId: string,
  brandId: string,
  bytes: Uint8Array,
): Promise<ImportResult> {
  await assertSourcesManager(ctx, actorId, brandId);
  const { entries, errors } = readOpml(bytes);
  const result = await listenToFeeds(ctx, actorId, brandId, entries);
  return { ...result, errors: [...errors, ...result.errors] };
}

/**
 * Adds feeds whose address is known (an OPML file's, the demo's) without fetching them: the
 * checks an address needs without a request, then one transaction. Feeds the brand already
 * listens to, or listed twice, are skipped; past the brand's limit the rest are errors. A feed
 * new to the server gets its first fetch queued, unless `firstFetchAt` says when the schedule
 * should take it (the demo's feeds wait for the server to answer). The caller has checked who may.
 */
export async function listenToFeeds(
  ctx: SourcesContext,
  actorId: string | null,
  brandId: string,
  entries: OpmlEntry[],
  options: { firstFetchAt?: Date } = {},
): Promise<ImportResult> {
  const errors: ImportError[] = [];
  const unique = new Map<string, OpmlEntry>();
  let skipped = 0;
  for (const entry of entries) {
    if (unique.has(entry.url)) skipped++;
    else unique.set(entry.url, entry);
  }
  const candidates: OpmlEntry[] = [];
  const ownOrigin = new URL(ctx.config.publicUrl).origin;
  for (const entry of unique.values()) {
    try {
      // As discovery does: the app's own origin (the demo's feeds) is always reachable.
      if (new URL(entry.url).origin !== ownOrigin)
        refusePrivateLiteral(entry.url, ctx.config.outboundAllowLocal, 'xmlUrl');
      candidates.push(entry);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push({ url: entry.url, code: error.code, message: error.message });
    }
  }
  const added = await ctx.db.transaction(async (tx) => {
    const existing = new Set(
      (
        await queryRows<{ url: string }>(
          tx,
          sql`select s.url from brand_sources b join listening_sources s on s.id = b.source_id where b.brand_id = ${brandId}`,
        )
      ).map((r) => r.url),
    );
    let room = MAX_SOURCES_PER_BRAND - existing.size;
    const fresh: string[] = [];
    let count = 0;
    for (const entry of candidates) {
      if (existing.has(entry.url)) {
        skipped++;
        continue;
      }
      if (room <= 0) {
        errors.push({
          url: entry.url,
          code: 'too_many_sources',
          message: `A brand listens to at most ${MAX_SOURCES_PER_BRAND} sources`,
        });
        continue;
      }
      const source = await upsertSource(tx, {
        url: entry.url,
        title: '',
        siteUrl: null,
        nextFetchAt: options.firstFetchAt,
      });
      await insertBrandSource(tx, brandId, source.id, entry.name, actorId);
      if (source.created && !options.firstFetchAt) fresh.push(source.id);
      room--;
      count++;
    }
    await enqueueMany(
      tx,
      'source.fetch',
      fresh.map((sourceId) => ({ sourceId })),
    );
    return count;
  });
  return { added, skipped, errors };
}

async function insertBrandSource(tx: DbOrTx, brandId: string, sourceId: string, name: string, actorId: string | null) {
  await queryRows(
    tx,
    sql`insert into brand_sources (id, brand_id, source_id, name, created_by_id)
        values (${uuidv7()}, ${brandId}, ${sourceId}, ${name}, ${actorId})`,
  );
}

const xmlText = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The brand's sources as an OPML 2.0 document (names as `text`, feeds as `xmlUrl`). */
export function writeOpml(title: string, sources: SourceView[], now: Date): string {
  // The library refuses a body without outlines (OPML says "one or more"); readers take an empty one.
  if (sources.length === 0)
    return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n    <title>${xmlText(title)}</title>\n    <dateCreated>${now.toUTCString()}</dateCreated>\n  </head>\n  <body/>\n</opml>\n`;
  return generateOpml({
    head: { title, dateCreated: now },
    body: {
      outlines: sources.map((s) => ({
        text: s.name,
        title: s.name,
        type: 'rss',
        xmlUrl: s.url,
        ...(s.siteUrl ? { htmlUrl: s.siteUrl } : {}),
      })),
    },
  });
}
