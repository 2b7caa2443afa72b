import { renderDescription } from '../catalog';

const HEADING = /^(#{1,3})\s+(.+)$/;

/**
 * Legal texts in the product descriptions' Markdown subset (catalog/description.ts: paragraphs,
 * lists, **bold**, *italic*, http(s) links, everything else escaped) plus `#`, `##` and `###`
 * headings, shown one level below the page's own title. Returns HTML safe to insert as is.
 */
export function renderLegalText(markdown: string): string {
  const blocks = String(markdown ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/);
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      const out: string[] = [];
      let rest: string[] = [];
      const flush = () => {
        if (rest.length) out.push(renderDescription(rest.join('\n')));
        rest = [];
      };
      for (const line of lines) {
        const m = HEADING.exec(line.trim());
        if (!m) {
          rest.push(line);
          continue;
        }
        flush();
        const level = m[1].length + 1;
        const inner = renderDescription(m[2]).replace(/^<p>|<\/p>$/g, '');
        out.push(`<h${level}>${inner}</h${level}>`);
      }
      flush();
      return out.join('');
    })
    .join('');
}
