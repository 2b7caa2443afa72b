/**
 * A fetched document read as a feed with feedsmith (RSS 0.9x/2.0, Atom 1.0, RSS 1.0/RDF, JSON
 * Feed), never a hand-written XML parser. feedsmith sits on fast-xml-parser with entity
 * processing off, so a DOCTYPE's entities (billion laughs, external `SYSTEM` files) are never
 * expanded nor read. Common breakage is forgiven: a byte order mark or junk before the XML, bare
 * `&` in text, control characters. Items come out cleaned: text without markup, links resolved
 * and only http(s), a key that identifies the item across fetches.
 */
import { createHash } from 'node:crypto';
import { type AnyFeed, parseFeed } from 'feedsmith';
import { unprocessable } from '../../../lib/errors';
import { detectLanguage } from '../../social';
import { htmlToText, plainText } from './html';

export type ParsedItem = {
  /** The item's guid (or Atom id, JSON Feed id), else its link, else a hash of its content. */
  dedupeKey: string;
  url: string | null;
  title: string;
  text: string;
  authorName: string | null;
  /** The date the feed gives (null when it gives none or one that does not parse). */
  publishedAt: Date | null;
  language: string | null;
};

export type ParsedFeed = {
  format: AnyFeed['format'];
  title: string;
  siteUrl: string | null;
  items: ParsedItem[];
};

/** Items read from one document at most: a feed of thousands (an archive) is not a stream of news. */
export const MAX_ITEMS_PER_FETCH = 200;
const MAX_TITLE = 500;
const MAX_TEXT = 20_000;
const MAX_KEY = 500;

export const notAFeed = () => unprocessable('not_a_feed', 'This address does not give an RSS, Atom, RDF or JSON feed');

/** The document's text: the charset the server or the XML declaration names, UTF-8 otherwise. */
export function decodeBody(body: Buffer | string, contentType: string): string {
  if (typeof body === 'string') return body;
  const head = body.subarray(0, 200).toString('latin1');
  const charset =
    /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder((charset ?? 'utf-8').toLowerCase()).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** Versions of a broken document to try after the document itself, each a little more forgiving. */
function repairs(text: string): string[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  // Junk before the document (a PHP notice, a blank line before the declaration): start at the root.
  const start = trimmed.search(/<(\?xml|rss|feed|rdf:RDF)\b/);
  const rooted = start > 0 ? trimmed.slice(start) : trimmed;
  // Characters XML forbids, and `&` that starts no entity ("Fish & Chips"), as hand-made feeds write them.
  const cleaned = rooted
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&(?!(#\d+|#x[\da-fA-F]+|[A-Za-z][\w.-]*);)/g, '&amp;');
  return [...new Set([trimmed, rooted, cleaned])];
}

function readAny(text: string, contentType: string): AnyFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (/json/i.test(contentType) || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw notAFeed();
    }
    try {
      return parseFeed(json);
    } catch {
      throw notAFeed();
    }
  }
  for (const attempt of repairs(text)) {
    try {
      return parseFeed(attempt);
    } catch {}
  }
  throw notAFeed();
}

/** Reads a fetched document as a feed; throws `not_a_feed` (422) when it is none. */
export function parseFeedDocument(
  body: Buffer | string,
  contentType: string,
  options: { baseUrl?: string; maxItems?: number } = {},
): ParsedFeed {
  const any = readAny(decodeBody(body, contentType), contentType);
  const mapped = mapFeed(any, options.baseUrl);
  const siteUrl = safeUrl(mapped.siteUrl, options.baseUrl);
  const base = siteUrl ?? options.baseUrl;
  const items: ParsedItem[] = [];
  for (const raw of mapped.items.slice(0, options.maxItems ?? MAX_ITEMS_PER_FETCH)) {
    const title = raw.titleIsHtml ? htmlToText(raw.title ?? '', MAX_TITLE) : plainText(raw.title ?? '', MAX_TITLE);
    const text = raw.textIsHtml ? htmlToText(raw.text ?? '', MAX_TEXT) : plainText(raw.text ?? '', MAX_TEXT);
    const url = safeUrl(raw.link, base);
    const id = raw.id?.trim() || null;
    if (!title && !text && !url) continue;
    const declared = (raw.language ?? mapped.language ?? '').trim().toLowerCase().split(/[-_]/)[0];
    items.push({
      dedupeKey: key(id ?? url ?? `${title}\n${text}`, !id && !url),
      url,
      title,
      text,
      authorName: raw.author ? plainText(raw.author, 200) || null : null,
      publishedAt: parseDate(raw.date),
      language: detectLanguage(`${title}\n${text}`) ?? (/^[a-z]{2,3}$/.test(declared) ? declared : null),
    });
  }
  return { format: any.format, title: plainText(mapped.title ?? '', MAX_TITLE), siteUrl, items };
}

/** Long keys (and content used as a key) are hashed: the unique index stays small, the key stable. */
function key(value: string, isContent: boolean): string {
  if (!isContent && value.length <= MAX_KEY) return value;
  return `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

function safeUrl(value: string | undefined | null, base?: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function parseDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

type RawItem = {
  id?: string;
  link?: string;
  title?: string;
  titleIsHtml: boolean;
  text?: string;
  textIsHtml: boolean;
  author?: string;
  date?: string;
  language?: string;
};
type RawFeed = { title?: string; siteUrl?: string; language?: string; items: RawItem[] };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Each format's fields, in one shape. Titles in RSS often carry escaped markup: read as HTML. */
function mapFeed(any: AnyFeed, baseUrl?: string): RawFeed {
  switch (any.format) {
    case 'rss': {
      const feed = any.feed;
      return {
        title: feed.title,
        siteUrl: feed.link,
        language: feed.language ?? feed.dc?.languages?.[0],
        items: (feed.items ?? []).map((item) => ({
          id: item.guid?.value,
          link:
            item.link ?? (item.guid?.isPermaLink !== false ? safeUrl(item.guid?.value, baseUrl) : null) ?? undefined,
          title: item.title,
          titleIsHtml: true,
          text: item.content?.encoded ?? item.description,
          textIsHtml: true,
          author: item.authors?.[0]?.name ?? item.dc?.creators?.[0] ?? item.authors?.[0]?.email,
          date: str(item.pubDate) ?? str(item.dc?.dates?.[0]),
          language: item.dc?.languages?.[0],
        })),
      };
    }
    case 'atom': {
      const feed = any.feed;
      const alternate = (links?: { href?: string; rel?: string }[]) =>
        (links ?? []).find((l) => !l.rel || l.rel === 'alternate')?.href;
      const isHtml = (type?: string) => type === 'html' || type === 'xhtml' || type === 'text/html';
      return {
        title: feed.title?.value,
        siteUrl: alternate(feed.links),
        language: feed.xml?.lang,
        items: (feed.entries ?? []).map((entry) => {
          const body = entry.content?.value ? entry.content : entry.summary;
          return {
            id: entry.id,
            link: alternate(entry.links),
            title: entry.title?.value,
            titleIsHtml: isHtml(entry.title?.type),
            text: body?.value,
            textIsHtml: isHtml(body?.type),
            author: entry.authors?.[0]?.name,
            date: str(entry.published) ?? str(entry.updated),
            language: entry.xml?.lang,
          };
        }),
      };
    }
    case 'rdf': {
      const feed = any.feed;
      return {
        title: feed.title,
        siteUrl: feed.link,
        language: feed.dc?.languages?.[0],
        items: (feed.items ?? []).map((item) => ({
          id: item.rdf?.about,
          link: item.link,
          title: item.title,
          titleIsHtml: true,
          text: item.content?.encoded ?? item.description,
          textIsHtml: true,
          author: item.dc?.creators?.[0],
          date: str(item.dc?.dates?.[0]),
          language: item.dc?.languages?.[0],
        })),
      };
    }
    case 'json': {
      const feed = any.feed;
      return {
        title: feed.title,
        siteUrl: feed.home_page_url,
        language: feed.language,
        items: (feed.items ?? []).map((item) => ({
          id: item.id === undefined ? undefined : String(item.id),
          link: item.url ?? item.external_url,
          title: item.title,
          titleIsHtml: false,
          text: item.content_html ?? item.content_text ?? item.summary,
          textIsHtml: item.content_html !== undefined,
          author: item.authors?.[0]?.name,
          date: str(item.date_published) ?? str(item.date_modified),
          language: item.language,
        })),
      };
    }
  }
}
