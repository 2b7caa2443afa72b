import { excerpt } from '../../../lib/text';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
// Control characters go (NUL included: it marks link placeholders below); tabs and newlines stay.
export const stripControls = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');

const LINK = /\[([^\]\n]{1,500})\]\((https?:\/\/[^\s()<>"'\u0000]{1,2000})\)/gi;
// Emphasis never spans a tag ("<" only appears in tags we wrote: the text is escaped first).
const STRONG = /\*\*([^\s*<](?:[^*<]*[^\s*<])?)\*\*/g;
const EM = /\*([^\s*<](?:[^*<]*[^\s*<])?)\*/g;

function emphasis(escaped: string): string {
  return escaped.replace(STRONG, '<strong>$1</strong>').replace(EM, '<em>$1</em>');
}

function inline(raw: string): string {
  const links: string[] = [];
  const marked = raw.replace(LINK, (_, label: string, url: string) => {
    links.push(
      `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer ugc">${emphasis(escapeHtml(label))}</a>`,
    );
    return `\u0000${links.length - 1}\u0000`;
  });
  return emphasis(escapeHtml(marked)).replace(/\u0000(\d+)\u0000/g, (_, i: string) => links[Number(i)]);
}

const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+/;

/**
 * Renders a product description written in a small Markdown subset: paragraphs (blank lines),
 * line breaks, **bold**, *italic*, bulleted and numbered lists, and [links](https://…) with
 * http(s) addresses only. Everything else is escaped text: no HTML of the author's survives.
 */
export function renderDescription(markdown: string): string {
  const text = stripControls(String(markdown ?? ''))
    .replace(/\r\n?/g, '\n')
    .trim();
  if (!text) return '';
  return text
    .split(/\n[ \t]*\n+/)
    .map((block) => {
      const lines = block.split('\n').filter((line) => line.trim() !== '');
      if (lines.length === 0) return '';
      if (lines.every((line) => BULLET.test(line)))
        return `<ul>${lines.map((line) => `<li>${inline(line.replace(BULLET, ''))}</li>`).join('')}</ul>`;
      if (lines.every((line) => NUMBERED.test(line)))
        return `<ol>${lines.map((line) => `<li>${inline(line.replace(NUMBERED, ''))}</li>`).join('')}</ol>`;
      return `<p>${lines.map((line) => inline(line.trim())).join('<br>')}</p>`;
    })
    .join('');
}

/** The description as plain text (for meta descriptions, link previews, JSON-LD), at most `max` characters. */
export function descriptionText(markdown: string, max = 200): string {
  const flat = stripControls(String(markdown ?? ''))
    .replace(LINK, '$1')
    .split('\n')
    .map((line) => line.replace(BULLET, '').replace(NUMBERED, ''))
    .join(' ')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1');
  return excerpt(flat, max);
}
