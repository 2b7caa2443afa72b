/**
 * Remote HTML reduced to what Mastodon keeps: paragraphs, line breaks, links (made safe),
 * and inline spans for mentions and hashtags; every other tag dropped, text escaped.
 */
const ALLOWED = new Set(['p', 'br', 'a', 'span']);

const escapeText = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function sanitizeHtml(html: string): string {
  let out = '';
  const open: string[] = [];
  const tokens = html.slice(0, 100_000).split(/(<[^>]*>)/);
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      out += escapeText(decodeEntities(token));
      continue;
    }
    const tag = /^<\s*(\/?)\s*([a-zA-Z0-9]+)([^>]*)>$/.exec(token);
    if (!tag) continue;
    const [, closing, rawName, attributes] = tag;
    const name = rawName.toLowerCase();
    if (!ALLOWED.has(name)) continue;
    if (name === 'br') {
      out += '<br>';
      continue;
    }
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    open.push(name);
    if (name === 'a') {
      const href = /href\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attributes);
      const url = safeUrl(decodeEntities(href?.[2] ?? href?.[3] ?? ''));
      out += url ? `<a href="${escapeText(url)}" rel="nofollow noopener noreferrer" target="_blank">` : '<a>';
    } else out += `<${name}>`;
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

/** The text of remote HTML: paragraphs and breaks as new lines, tags dropped, entities decoded. */
export function toPlainText(html: string): string {
  return decodeEntities(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  ).trim();
}

function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return safeChar(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return safeChar(Number.parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[lower];
  });
}

const safeChar = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '');
