/**
 * Test helpers for the sources tests: a real HTTP server on 127.0.0.1 serving feeds and pages
 * (what the app fetches goes through the same outbound path as in production), and OPML files.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FeedServer = { origin: string; url(path: string): string; stop(): Promise<void> };

const xmlEscape = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function rss(
  title: string,
  items: { guid: string; title: string; text?: string }[],
  link = 'https://blog.example/',
) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${xmlEscape(title)}</title><link>${xmlEscape(link)}</link><description>d</description>
${items
  .map(
    (i) =>
      `<item><guid isPermaLink="false">${xmlEscape(i.guid)}</guid><title>${xmlEscape(i.title)}</title><link>https://blog.example/${encodeURIComponent(i.guid)}</link><description>${xmlEscape(i.text ?? i.title)}</description><pubDate>Mon, 07 Dec 2026 09:00:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export function atom(title: string, entries: { id: string; title: string }[]) {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${xmlEscape(title)}</title><id>urn:feed:${xmlEscape(title)}</id><updated>2026-12-07T09:00:00Z</updated>
${entries.map((e) => `<entry><id>${xmlEscape(e.id)}</id><title>${xmlEscape(e.title)}</title><updated>2026-12-07T09:00:00Z</updated><link href="https://news.example/${encodeURIComponent(e.id)}"/></entry>`).join('\n')}
</feed>`;
}

export const page = (head: string, body = '<p>Bonjour</p>') =>
  `<!doctype html><html><head><title>Page</title>${head}</head><body>${body}</body></html>`;

/** Serves `routes` (path → [content type, body]); anything else is a 404. */
export async function startFeedServer(routes: Record<string, [string, string]>): Promise<FeedServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OPML 2.0 document from outlines written as plain objects (folders have `children`). */
export type Outline = { text?: string; xmlUrl?: string; children?: Outline[] };
export function opml(outlines: Outline[], head = ''): string {
  const write = (list: Outline[]): string =>
    list
      .map((o) => {
        const attrs = [
          o.text !== undefined ? `text="${xmlEscape(o.text)}"` : '',
          o.xmlUrl !== undefined ? `type="rss" xmlUrl="${xmlEscape(o.xmlUrl)}"` : '',
        ].join(' ');
        return o.children ? `<outline ${attrs}>${write(o.children)}</outline>` : `<outline ${attrs}/>`;
      })
      .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>${head}\n<opml version="2.0"><head><title>Abonnements</title></head><body>\n${write(outlines)}\n</body></opml>`;
}
