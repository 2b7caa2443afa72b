/**
 * For the fetch engine's tests: a real HTTP server on 127.0.0.1 whose routes are functions a test
 * sets (so it can answer 304, fail, stream forever), the requests it saw, and sources written
 * straight to the tables (what a brand adding a source leaves behind, without the API).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import type { TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { brandSources, listeningSources } from './schema';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;
export type RoutedServer = {
  origin: string;
  routes: Map<string, Route>;
  /** Requests seen, by path: their headers, in order. */
  seen: Map<string, http.IncomingHttpHeaders[]>;
  stop(): Promise<void>;
};

export async function startRoutedServer(): Promise<RoutedServer> {
  const routes = new Map<string, Route>();
  const seen = new Map<string, http.IncomingHttpHeaders[]>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    seen.set(path, [...(seen.get(path) ?? []), req.headers]);
    const route = routes.get(path);
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const rssOf = (title: string, items: { guid?: string; link?: string; title: string; text?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://site.example/</link>
${items
  .map(
    (i) =>
      `<item>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}${i.link ? `<link>${i.link}</link>` : ''}<title>${i.title}</title><description>${i.text ?? i.title}</description></item>`,
  )
  .join('\n')}</channel></rss>`;

/** A source at `url` that `brandIds` listen to; answers the source's id. */
export async function addTestSource(t: TestApp, url: string, brandIds: string[]): Promise<string> {
  const id = uuidv7();
  await t.ctx.db.insert(listeningSources).values({ id, url, nextFetchAt: t.ctx.clock.now() });
  for (const brandId of brandIds)
    await t.ctx.db.insert(brandSources).values({ id: uuidv7(), brandId, sourceId: id, name: `Source ${url}` });
  return id;
}

export async function sourceRow(t: TestApp, id: string) {
  const [row] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, id));
  return row;
}

export async function itemsOf(t: TestApp, sourceId: string) {
  return queryRows<{ id: string; dedupe_key: string; title: string; text: string; url: string | null }>(
    t.ctx.db,
    sql`select id, dedupe_key, title, text, url from outside_items where source_id = ${sourceId} order by id`,
  );
}
