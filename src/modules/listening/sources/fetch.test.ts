import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { createBrand } from '../../accounts';
import { browserSession } from '../../accounts/api-testing';
import { appToken, signUpUser } from '../../social/api-test-support';
import { discoverFeed } from './discover';
import { fetchSource } from './fetch';
import { addTestSource, itemsOf, type RoutedServer, rssOf, sourceRow, startRoutedServer } from './fetch-test-support';
import { FAILING_NOTICE_AFTER_MS } from './health';
import { queueDueSources } from './schedule';
import { brandSources } from './schema';

let t: TestApp;
let server: RoutedServer;
let brandA: string;
let brandB: string;
let ownerId: string;
let n = 0;
/** A fresh path per test: sources are unique by URL. */
const path = (name: string) => `/${name}-${++n}.xml`;
const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };

beforeAll(async () => {
  server = await startRoutedServer();
  t = await createTestApp({ outboundAllowLocal: true });
  const app = await appToken(t);
  const owner = await signUpUser(t, app, 'fetch_owner');
  ownerId = owner.id;
  brandA = (await createBrand({ db: t.ctx.db }, owner.id, { username: 'fetch_brand_a', displayName: 'Brand A' })).id;
  brandB = (await createBrand({ db: t.ctx.db }, owner.id, { username: 'fetch_brand_b', displayName: 'Brand B' })).id;
});
afterAll(async () => {
  await server.stop();
  await t.close();
});
beforeEach(() => server.routes.clear());

describe('fetchSource', () => {
  it('stores a feed once, then asks with its validators and stores nothing new on 304', async () => {
    const p = path('conditional');
    server.routes.set(p, (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { ...xml, etag: '"v1"', 'last-modified': 'Mon, 07 Dec 2026 09:00:00 GMT' }).end(
        rssOf('Blog', [
          { guid: 'a', title: 'Premier' },
          { guid: 'b', title: 'Second' },
        ]),
      );
    });
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    expect(await fetchSource(t.ctx, id)).toEqual({ status: 'fetched', items: 2, added: 2 });
    const first = await sourceRow(t, id);
    expect(first).toMatchObject({ etag: '"v1"', lastModified: 'Mon, 07 Dec 2026 09:00:00 GMT', title: 'Blog' });
    expect(first.lastNewItemAt).not.toBeNull();

    t.clock.advance(60_000);
    expect(await fetchSource(t.ctx, id)).toEqual({ status: 'unchanged' });
    const asked = server.seen.get(p)!.at(-1)!;
    expect(asked['if-none-match']).toBe('"v1"');
    expect(asked['if-modified-since']).toBe('Mon, 07 Dec 2026 09:00:00 GMT');
    expect(await itemsOf(t, id)).toHaveLength(2);
    const second = await sourceRow(t, id);
    expect(second.lastSuccessAt!.getTime()).toBeGreaterThan(first.lastSuccessAt!.getTime());
    expect(second.lastNewItemAt).toEqual(first.lastNewItemAt);
  });

  it('stores each item once: by guid, else by link, across fetches and for every brand sharing the source', async () => {
    const p = path('dedupe');
    let items = [
      { guid: 'g1', title: 'Un' },
      { guid: 'g1', title: 'Un encore (same guid)' },
      { link: 'https://site.example/no-guid', title: 'Sans guid' },
    ];
    server.routes.set(p, (_req, res) => void res.writeHead(200, xml).end(rssOf('Dedupe', items)));
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA, brandB]);
    expect(await fetchSource(t.ctx, id)).toMatchObject({ status: 'fetched', added: 2 });
    items = [
      ...items,
      { guid: 'g2', title: 'Deux' },
      { link: 'https://site.example/no-guid', title: 'Sans guid, edited' },
    ];
    expect(await fetchSource(t.ctx, id)).toMatchObject({ status: 'fetched', added: 1 });
    const stored = await itemsOf(t, id);
    expect(stored.map((i) => i.dedupe_key).sort()).toEqual(['g1', 'g2', 'https://site.example/no-guid']);
    // Two brands, one source, one copy of each item.
    const [{ n: copies }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from outside_items where dedupe_key = 'g1'`,
    );
    expect(Number(copies)).toBe(1);
  });

  it('backs off on failures (the delay doubles) and a success resets it', async () => {
    const p = path('backoff');
    let failing = true;
    server.routes.set(p, (_req, res) => {
      if (failing) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
      res.writeHead(200, xml).end(rssOf('Back', [{ guid: 'x', title: 'Revenu' }]));
    });
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await fetchSource(t.ctx, id);
      expect(outcome).toMatchObject({ status: 'failed', code: 'server_error' });
      const row = await sourceRow(t, id);
      delays.push(row.nextFetchAt.getTime() - row.lastFetchedAt!.getTime());
      expect(row.failures).toBe(i + 1);
      expect(row.lastError).toMatch(/^server_error: .*503/);
      expect(await itemsOf(t, id)).toHaveLength(0);
    }
    // 900 s doubled per failure, plus up to a tenth by the source's phase.
    expect(delays[0]).toBeGreaterThanOrEqual(1800_000);
    expect(delays[0]).toBeLessThanOrEqual(1980_000);
    expect(delays[1]).toBeGreaterThanOrEqual(2 * delays[0] - 1);
    expect(delays[2]).toBeGreaterThanOrEqual(2 * delays[1] - 1);
    const failingSince = (await sourceRow(t, id)).failingSince;
    expect(failingSince).not.toBeNull();

    failing = false;
    expect(await fetchSource(t.ctx, id)).toMatchObject({ status: 'fetched', added: 1 });
    const row = await sourceRow(t, id);
    expect(row).toMatchObject({ failures: 0, failingSince: null, lastError: null });
    const next = row.nextFetchAt.getTime() - row.lastFetchedAt!.getTime();
    expect(next).toBeGreaterThanOrEqual(450_000);
    expect(next).toBeLessThan(1_350_000);
  });

  it('stores a broken but common feed (BOM, junk before the XML, bare ampersands)', async () => {
    const p = path('broken');
    server.routes.set(p, (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(`\uFEFF<b>Notice</b>: undefined index\n<?xml version="1.0"?><rss version="2.0"><channel><title>Fish & Chips</title>
<item><guid>1</guid><title>Salt & vinegar</title><description><![CDATA[<p>Crisp <script>steal()</script>and hot</p>]]></description></item></channel></rss>`),
    );
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    expect(await fetchSource(t.ctx, id)).toMatchObject({ status: 'fetched', added: 1 });
    expect((await itemsOf(t, id))[0]).toMatchObject({ title: 'Salt & vinegar', text: 'Crisp and hot' });
  });

  it('never expands a billion laughs nor reads an external entity', async () => {
    const laughs = path('laughs');
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`);
    server.routes.set(laughs, (_req, res) =>
      res
        .writeHead(200, xml)
        .end(
          `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol "lol">${entities.join('')}]><rss version="2.0"><channel><title>L</title><item><guid>l</guid><title>&lol9;</title></item></channel></rss>`,
        ),
    );
    const xxe = path('xxe');
    server.routes.set(xxe, (_req, res) =>
      res
        .writeHead(200, xml)
        .end(
          `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>X</title><item><guid>x</guid><title>&x;</title><description>&x;</description></item></channel></rss>`,
        ),
    );
    for (const p of [laughs, xxe]) {
      const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
      await fetchSource(t.ctx, id);
      for (const item of await itemsOf(t, id)) {
        expect(item.title.length + item.text.length).toBeLessThan(200);
        expect(`${item.title} ${item.text}`).not.toMatch(/root:|nologin/);
      }
      const row = await sourceRow(t, id);
      expect(`${row.title} ${row.lastError}`).not.toMatch(/root:|nologin/);
    }
  });

  it('refuses a feed over 5 MB, and a feed that never ends, storing nothing', async () => {
    const big = path('big');
    server.routes.set(big, (_req, res) => {
      const item = `<item><guid>${'g'.repeat(10)}</guid><title>${'x'.repeat(1000)}</title></item>`;
      res.writeHead(200, xml).end(`<rss version="2.0"><channel><title>Big</title>${item.repeat(6000)}</channel></rss>`);
    });
    const endless = path('endless');
    server.routes.set(endless, (req, res) => {
      res.writeHead(200, xml);
      res.write('<rss version="2.0"><channel><title>Endless</title>');
      const chunk = `<item><title>${'y'.repeat(60_000)}</title></item>`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      req.socket.on('close', () => res.destroy());
      pump();
    });
    const slow = path('slow');
    server.routes.set(slow, (req, res) => {
      res.writeHead(200, xml);
      res.write('<rss version="2.0"><channel><title>Slow</title><item><guid>s</guid><title>s</title></item>');
      const timer = setInterval(() => res.write('<!-- still here -->'), 50);
      req.socket.on('close', () => clearInterval(timer));
    });
    for (const [p, code, timeoutMs] of [
      [big, 'too_large', undefined],
      [endless, 'too_large', undefined],
      [slow, 'timeout', 1000],
    ] as const) {
      const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
      expect(await fetchSource(t.ctx, id, { timeoutMs })).toMatchObject({ status: 'failed', code });
      const row = await sourceRow(t, id);
      expect(row.lastError).toMatch(code === 'too_large' ? /^too_large: .*larger than 5 MB/ : /^timeout: /);
      expect(row.title).toBe('');
      expect(await itemsOf(t, id)).toHaveLength(0);
    }
  });

  it('tells a source that is no feed any more, and one that is gone', async () => {
    const p = path('html');
    server.routes.set(p, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Moved</p>'));
    const html = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    expect(await fetchSource(t.ctx, html)).toMatchObject({ status: 'failed', code: 'not_a_feed' });
    const gone = await addTestSource(t, `${server.origin}/nothing-here.xml`, [brandA]);
    expect(await fetchSource(t.ctx, gone)).toMatchObject({ status: 'failed', code: 'not_found' });
    expect((await sourceRow(t, gone)).lastError).toMatch(/^not_found: .*404/);
  });
});

describe('outbound rules', () => {
  it('refuses the loopback without COMPTOIR_OUTBOUND_ALLOW_LOCAL, without sending a request', async () => {
    const p = path('private');
    server.routes.set(p, (_req, res) => void res.writeHead(200, xml).end(rssOf('P', [{ guid: 'p', title: 'p' }])));
    const strict = { ...t.ctx, config: { ...t.ctx.config, outboundAllowLocal: false } };
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    expect(await fetchSource(strict, id)).toMatchObject({ status: 'failed', code: 'private_url' });
    await expect(discoverFeed(strict, `${server.origin}${p}`)).rejects.toMatchObject({ code: 'private_url' });
    expect(server.seen.get(p)).toBeUndefined();
    // Allowed: the same feed with the setting (the rest of this file), and this app's own origin without it.
    const own = { ...t.ctx, config: { ...t.ctx.config, outboundAllowLocal: false, publicUrl: server.origin } };
    expect(await fetchSource(own, id)).toMatchObject({ status: 'fetched', added: 1 });
  });

  it('still refuses other private ranges with the setting', async () => {
    for (const url of [
      'http://10.0.0.1/feed',
      'http://192.168.1.10/feed',
      'http://[fd00::1]/feed',
      'http://169.254.169.254/',
    ]) {
      const id = await addTestSource(t, url, [brandA]);
      expect(await fetchSource(t.ctx, id), url).toMatchObject({ status: 'failed', code: 'private_url' });
      await expect(discoverFeed(t.ctx, url), url).rejects.toMatchObject({ code: 'private_url' });
    }
  });

  it('refuses what is not an http(s) address, or carries credentials', async () => {
    for (const url of [
      'ftp://feeds.example/x',
      'file:///etc/passwd',
      'https://user:pw@feeds.example/',
      'not a url',
      `https://x.example/${'a'.repeat(3000)}`,
    ])
      await expect(discoverFeed(t.ctx, url), url).rejects.toMatchObject({ code: 'invalid_url' });
  });
});

describe('discoverFeed', () => {
  it('finds the feed a page announces, and says when there is none', async () => {
    const feed = path('announced');
    server.routes.set(
      feed,
      (_req, res) => void res.writeHead(200, xml).end(rssOf('Annoncé', [{ guid: 'a', title: 'A' }])),
    );
    server.routes.set('/blog/', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="..${feed}"></head><body>Blog</body></html>`,
        ),
    );
    server.routes.set('/plain/', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>No feed</title></head></html>'),
    );
    const found = await discoverFeed(t.ctx, `${server.origin}/blog/`);
    expect(found).toMatchObject({ feedUrl: `${server.origin}${feed}`, title: 'Annoncé' });
    expect(found.items).toHaveLength(1);
    await expect(discoverFeed(t.ctx, `${server.origin}/plain/`)).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'not_a_feed',
    });
    await expect(discoverFeed(t.ctx, `${server.origin}/missing/`)).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'fetch_failed',
    });
  });
});

describe('scheduling and health', () => {
  it('queues due sources that a brand listens to, once, and runs them through the queue', async () => {
    const p = path('tick');
    server.routes.set(p, (_req, res) => void res.writeHead(200, xml).end(rssOf('Tick', [{ guid: 't', title: 'T' }])));
    // Every source of the earlier tests is due later (they were fetched) or fails; start from a clean queue.
    await queryRows(t.ctx.db, sql`update listening_sources set next_fetch_at = now() + interval '1 day'`);
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA]);
    const orphan = await addTestSource(t, `${server.origin}${p}?orphan`, []);
    expect(await queueDueSources(t.ctx)).toBe(1);
    expect(await queueDueSources(t.ctx)).toBe(0);
    const queued = await queryRows<{ payload: { sourceId: string } }>(
      t.ctx.db,
      sql`select payload from jobs where kind = 'source.fetch' and done_at is null`,
    );
    expect(queued.map((j) => j.payload.sourceId)).toEqual([id]);
    for (let i = 0; i < 5 && (await runDueJobs(t.ctx.database, jobHandlers(t.ctx))) > 0; i++);
    expect(await itemsOf(t, id)).toHaveLength(1);
    expect(await itemsOf(t, orphan)).toHaveLength(0);
    // Fetched: due again only at its next time.
    expect(await queueDueSources(t.ctx)).toBe(0);
  });

  it('tells each listening team once when a source fails for two days, and again after it recovered', async () => {
    const p = path('health');
    let failing = true;
    server.routes.set(p, (_req, res) => {
      if (failing) return void res.writeHead(500).end();
      res.writeHead(200, xml).end(rssOf('H', [{ guid: 'h', title: 'H' }]));
    });
    const id = await addTestSource(t, `${server.origin}${p}`, [brandA, brandB]);
    const notices = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            t.ctx.db,
            sql`select count(*)::int as n from notifications n join brand_sources b on b.id = n.subject_id
                where b.source_id = ${id} and n.detail = 'source_failing' and n.account_id = ${ownerId}`,
          )
        )[0].n,
      );
    await fetchSource(t.ctx, id);
    expect(await notices()).toBe(0);
    t.clock.advance(FAILING_NOTICE_AFTER_MS + 60_000);
    await fetchSource(t.ctx, id);
    // The owner is in both brands' teams: one notice per brand.
    expect(await notices()).toBe(2);
    // In plain words on the notifications page, leading to the brand's sources page.
    const { cookie } = await browserSession(t, ownerId);
    const html = await (await t.app.request('/notifications', { headers: { cookie } })).text();
    expect(html).toContain('Une source de Brand A ne répond plus depuis deux jours');
    expect(html).toContain('href="/brands/fetch_brand_a/sources"');
    t.clock.advance(3600_000);
    await fetchSource(t.ctx, id);
    expect(await notices()).toBe(2);
    const marked = await t.ctx.db.select().from(brandSources).where(eq(brandSources.sourceId, id));
    expect(marked.every((b) => b.failingNotifiedAt !== null)).toBe(true);

    failing = false;
    await fetchSource(t.ctx, id);
    const reset = await t.ctx.db.select().from(brandSources).where(eq(brandSources.sourceId, id));
    expect(reset.every((b) => b.failingNotifiedAt === null)).toBe(true);
    failing = true;
    await fetchSource(t.ctx, id);
    t.clock.advance(FAILING_NOTICE_AFTER_MS + 60_000);
    await fetchSource(t.ctx, id);
    expect(await notices()).toBe(4);
  });
});
