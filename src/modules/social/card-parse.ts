/**
 * Reads a link preview out of an HTML page: Open Graph, then Twitter cards, then the page's
 * `<title>` and meta description. Only the `<head>` is read (comments, scripts and styles taken
 * out first), attribute by attribute, so a `>` inside a quoted value or attributes in any order
 * do not confuse it. Pure: no I/O.
 */
import { excerpt } from '../../lib/text';

export type ParsedCard = {
  title: string;
  description: string;
  authorName: string;
  authorUrl: string;
  providerName: string;
  image: string | null;
  imageDescription: string;
  width: number;
  height: number;
  language: string | null;
  publishedAt: Date | null;
};

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  laquo: '«',
  raquo: '»',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, entity: string) => {
    if (entity[0] !== '#') return Object.hasOwn(NAMED, entity.toLowerCase()) ? NAMED[entity.toLowerCase()] : whole;
    const hex = entity[1] === 'x' || entity[1] === 'X';
    const code = hex ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Collapses whitespace, drops control characters and cuts at `max` characters. */
function clean(text: string | undefined, max: number): string {
  if (!text) return '';
  return excerpt(decodeEntities(text).replace(/[\u0000-\u001f\u007f]+/g, ' '), max);
}

/**
 * A start tag whose quoted values may hold `>`; a quote never runs past the next `<`, so an
 * unclosed quote costs one scan to the next tag, not one to the end of the page.
 */
const TAG = (name: string) => new RegExp(`<${name}\\b(?:[^>"'<]|"[^"<]*"|'[^'<]*')*>`, 'gi');

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const inner = tag.replace(/^<\s*[a-zA-Z]+/, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(ATTRIBUTE)) {
    const name = m[1].toLowerCase();
    if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The `<head>` of a document, without comments, scripts, styles or templates. */
function headOf(html: string): string {
  const stripped = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const end = stripped.search(/<\/head\s*>|<body[\s>]/i);
  return end >= 0 ? stripped.slice(0, end) : stripped.slice(0, 200_000);
}

/** An absolute http(s) address from a possibly relative one, or null. */
export function absoluteUrl(value: string | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(decodeEntities(value.trim()), base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.href.length <= 2000 ? url.href : null;
  } catch {
    return null;
  }
}

const dimension = (value: string | undefined) => {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 && n < 100_000 ? n : 0;
};

/** A card from a page fetched at `pageUrl`, or null when it has neither a title nor a description. */
export function parseCard(html: string, pageUrl: string): ParsedCard | null {
  const head = headOf(html);
  const meta = new Map<string, string>();
  for (const m of head.matchAll(TAG('meta'))) {
    const attrs = attributes(m[0]);
    const key = (attrs.get('property') ?? attrs.get('name') ?? attrs.get('itemprop'))?.toLowerCase();
    const content = attrs.get('content');
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  const first = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v !== undefined && v.trim() !== '');
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(head)?.[1];
  const title = clean(first('og:title', 'twitter:title') ?? titleTag, 200);
  const description = clean(first('og:description', 'twitter:description', 'description'), 500);
  if (!title && !description) return null;
  const htmlTag = TAG('html').exec(html)?.[0];
  const lang = (first('og:locale') ?? (htmlTag ? attributes(htmlTag).get('lang') : undefined) ?? '').toLowerCase();
  const author = first('author', 'article:author', 'twitter:creator');
  const authorUrl = absoluteUrl(author, pageUrl);
  const published = first('article:published_time', 'og:published_time', 'datepublished');
  const publishedAt = published ? new Date(published) : null;
  return {
    title,
    description,
    // An author given as an address is a link, not a name.
    authorName: authorUrl && /^https?:/i.test(author ?? '') ? '' : clean(author, 200),
    authorUrl: authorUrl && /^https?:/i.test(author ?? '') ? authorUrl : '',
    providerName: clean(first('og:site_name', 'application-name'), 200),
    image: absoluteUrl(
      first('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'),
      pageUrl,
    ),
    imageDescription: clean(first('og:image:alt', 'twitter:image:alt'), 500),
    width: dimension(first('og:image:width')),
    height: dimension(first('og:image:height')),
    language: /^[a-z]{2,3}(?:[-_][a-z0-9]+)*$/.test(lang) ? lang.slice(0, lang.search(/[-_]|$/)) : null,
    publishedAt: publishedAt && !Number.isNaN(publishedAt.getTime()) ? publishedAt : null,
  };
}

/** The text of an HTML body in the charset its Content-Type or `<meta charset>` names (UTF-8 otherwise). */
export function decodeHtml(body: Buffer, contentType: string): string {
  const head = body.subarray(0, 2048).toString('latin1');
  const charset =
    /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ??
    'utf-8';
  try {
    return new TextDecoder(charset.toLowerCase()).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
