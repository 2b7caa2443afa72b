/**
 * Outside HTML read with a real HTML parser (htmlparser2), never with regexes: an item's markup
 * reduced to plain text, and a page's `<link rel="alternate">` feeds for discovery. Nothing here
 * produces HTML: the text is escaped wherever it is shown, like any user's text.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is never text a reader sees (code, styles, embedded documents). */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title']);
/** Elements that break a line: their text must not run into the next word. */
// biome-ignore format: a word list
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'td', 'th', 'table', 'blockquote', 'pre', 'hr', 'section', 'article',
  'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'dd', 'dt', 'img',
]);

/**
 * An item's HTML as plain text: scripts, styles and their content gone, entities decoded, links'
 * text kept, whitespace collapsed; cut at `maxChars`.
 */
export function htmlToText(html: string, maxChars = 20_000): string {
  let out = '';
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) hiddenDepth++;
        else if (BLOCKS.has(name)) out += ' ';
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (BLOCKS.has(name)) out += ' ';
      },
      ontext(text) {
        if (hiddenDepth === 0 && out.length < maxChars * 2) out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return plainText(out, maxChars);
}

/** Plain text a feed declares as text (no markup): control characters gone, whitespace collapsed, cut. */
export function plainText(text: string, maxChars = 20_000): string {
  const collapsed = text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return collapsed.length > maxChars ? `${collapsed.slice(0, maxChars - 1).trimEnd()}…` : collapsed;
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
]);

/** The feeds a page announces (`<link rel="alternate" type="application/rss+xml" href>`), resolved, in page order. */
export function feedLinks(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes.href) {
          try {
            base = new URL(attributes.href, pageUrl).toString();
          } catch {}
          return;
        }
        if (name !== 'link' || !attributes.href) return;
        const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        const type = (attributes.type ?? '').toLowerCase().split(';')[0].trim();
        // application/json alone is any JSON: only a JSON Feed when the page calls it a feed.
        if (!rels.includes('alternate') || !FEED_TYPES.has(type)) return;
        if (type === 'application/json' && !/feed/i.test(attributes.title ?? '')) return;
        try {
          const url = new URL(attributes.href, base);
          if (url.protocol === 'http:' || url.protocol === 'https:') found.push(url.toString());
        } catch {}
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return [...new Set(found)];
}
