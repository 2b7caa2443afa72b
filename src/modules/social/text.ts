/**
 * Post text: entity extraction (mentions, hashtags, URLs), safe HTML rendering
 * and Mastodon-style length counting. Pure and dependency-free.
 *
 * Everything the user typed is escaped; the only markup emitted is
 * `<p>`, `<br>`, `<a>` and `<span>` built here, with escaped attribute values.
 */

export type ParsedText = { mentions: string[]; tags: string[]; urls: string[] };

export type RenderOptions = {
  /**
   * username (lowercased, without @; `name@host` for a remote account) -> profile URL, only for
   * mentions that resolve to a known account; unknown mentions stay plain text
   */
  mentions: Map<string, string>;
  /** original URL -> short URL (e.g. https://host/s/abc123); a URL missing from the map is linked to itself */
  shortLinks: Map<string, string>;
  /** base URL for hashtag links: `${tagBase}/${encodeURIComponent(tag)}` */
  tagBase: string;
};

/** How many characters a URL counts for in {@link textLength}, whatever its real length (as Mastodon). */
export const URL_LENGTH = 23;
/** Longest displayed part of a link (scheme removed) before it is cut with an ellipsis. */
const URL_DISPLAY_MAX = 30;

type Token =
  | { kind: 'text'; value: string }
  | { kind: 'url'; value: string }
  /** username as typed; domain lowercased, present for remote `@user@domain.tld` */
  | { kind: 'mention'; raw: string; username: string; domain: string | null }
  /** raw: as typed (without #); tag: NFC, lowercased */
  | { kind: 'tag'; raw: string; tag: string };

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/**
 * One scan, left to right; at a given position a URL wins over a mention or a tag,
 * so `https://host/@bob#x` stays one link.
 * 1: URL candidate (trimmed afterwards); 2: username; 3: remote domain (with its port, if any); 4: tag body.
 */
const ENTITY_RE = new RegExp(
  [
    '([Hh][Tt][Tt][Pp][Ss]?:\\/\\/[^\\s<>]+)',
    `(?<![\\p{L}\\p{M}\\p{N}_])@([A-Za-z0-9_]{1,30})(?:@(${LABEL}(?:\\.${LABEL})+(?::\\d{1,5})?))?(?![A-Za-z0-9_])`,
    '(?<![\\p{L}\\p{M}\\p{N}_&])#([\\p{L}\\p{M}\\p{N}_]+)',
  ].join('|'),
  'gu',
);
const HAS_LETTER = /\p{L}/u;
const SCHEME_RE = /^https?:\/\//i;
const TRAILING_PUNCT = new Set(['.', ',', ';', ':', '!', '?', ')', "'", '"', '»']);

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** Strips trailing punctuation, keeping a closing parenthesis that balances an opening one. */
function trimUrl(candidate: string): string {
  let url = candidate;
  while (url.length > 0) {
    const last = url[url.length - 1];
    if (!TRAILING_PUNCT.has(last)) break;
    if (last === ')' && count(url, '(') >= count(url, ')')) break;
    url = url.slice(0, -1);
  }
  return url;
}

function isValidUrl(url: string): boolean {
  if (url.replace(SCHEME_RE, '').length === 0) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

export function normalizeTag(raw: string): string {
  return raw.normalize('NFC').toLowerCase().normalize('NFC');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let plainStart = 0;
  const pushText = (end: number) => {
    if (end > plainStart) tokens.push({ kind: 'text', value: text.slice(plainStart, end) });
  };
  const re = new RegExp(ENTITY_RE.source, ENTITY_RE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (m[1] !== undefined) {
      const url = trimUrl(m[1]);
      if (!isValidUrl(url)) {
        // Not a usable link: the whole run stays plain text (nothing inside it is an entity).
        continue;
      }
      pushText(start);
      tokens.push({ kind: 'url', value: url });
      plainStart = start + url.length;
      re.lastIndex = plainStart;
    } else if (m[2] !== undefined) {
      pushText(start);
      tokens.push({
        kind: 'mention',
        raw: m[0],
        username: m[2],
        domain: m[3] !== undefined ? m[3].toLowerCase() : null,
      });
      plainStart = start + m[0].length;
    } else if (m[4] !== undefined) {
      if (!HAS_LETTER.test(m[4])) continue;
      pushText(start);
      tokens.push({ kind: 'tag', raw: m[4], tag: normalizeTag(m[4]) });
      plainStart = start + m[0].length;
    }
  }
  pushText(text.length);
  return tokens;
}

function pushUnique(list: string[], seen: Set<string>, value: string): void {
  if (seen.has(value)) return;
  seen.add(value);
  list.push(value);
}

/** Mentions (lowercased, `user` or `user@domain.tld`), tags (NFC, lowercased) and URLs, each deduplicated in order of appearance. */
export function parseText(text: string): ParsedText {
  const result: ParsedText = { mentions: [], tags: [], urls: [] };
  const seenMentions = new Set<string>();
  const seenTags = new Set<string>();
  const seenUrls = new Set<string>();
  for (const token of tokenize(text)) {
    if (token.kind === 'mention') {
      const name = token.username.toLowerCase();
      pushUnique(result.mentions, seenMentions, token.domain ? `${name}@${token.domain}` : name);
    } else if (token.kind === 'tag') {
      pushUnique(result.tags, seenTags, token.tag);
    } else if (token.kind === 'url') {
      pushUnique(result.urls, seenUrls, token.value);
    }
  }
  return result;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function displayUrl(url: string): string {
  const bare = Array.from(url.replace(SCHEME_RE, ''));
  return bare.length > URL_DISPLAY_MAX ? `${bare.slice(0, URL_DISPLAY_MAX).join('')}…` : bare.join('');
}

function renderToken(token: Token, options: RenderOptions, tagBase: string): string {
  switch (token.kind) {
    case 'text':
      return escapeHtml(token.value).replace(/\n/g, '<br>');
    case 'url': {
      const href = options.shortLinks.get(token.value) ?? token.value;
      return `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(displayUrl(token.value))}</a>`;
    }
    case 'mention': {
      // A remote account is known by its whole handle, `name@host`: its profile is on its own server.
      const key =
        token.domain === null ? token.username.toLowerCase() : `${token.username.toLowerCase()}@${token.domain}`;
      const profile = options.mentions.get(key);
      if (profile === undefined) return escapeHtml(token.raw);
      return `<span class="h-card"><a href="${escapeHtml(profile)}" class="u-url mention">@<span>${escapeHtml(token.username)}</span></a></span>`;
    }
    case 'tag':
      return `<a href="${escapeHtml(`${tagBase}/${encodeURIComponent(token.tag)}`)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(token.raw)}</span></a>`;
  }
}

/**
 * Safe HTML for a post: paragraphs on blank lines, `<br>` on single newlines,
 * links, resolved mentions and hashtags. Empty or blank text gives ''.
 */
export function renderText(text: string, options: RenderOptions): string {
  const tagBase = options.tagBase.replace(/\/+$/, '');
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n/)
    .map((p) => p.replace(/^(?:[^\S\n]*\n)+/, '').replace(/\s+$/, ''))
    .filter((p) => p.trim().length > 0);
  return paragraphs
    .map(
      (p) =>
        `<p>${tokenize(p)
          .map((t) => renderToken(t, options, tagBase))
          .join('')}</p>`,
    )
    .join('');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function countGraphemes(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** User-perceived characters (grapheme clusters); every URL counts as {@link URL_LENGTH}. */
export function textLength(text: string): number {
  let n = 0;
  let run = '';
  for (const token of tokenize(text)) {
    if (token.kind === 'url') {
      n += countGraphemes(run) + URL_LENGTH;
      run = '';
    } else if (token.kind === 'text') run += token.value;
    else run += token.kind === 'mention' ? token.raw : `#${token.raw}`;
  }
  return n + countGraphemes(run);
}
