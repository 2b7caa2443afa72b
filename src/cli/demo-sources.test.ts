import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/app';
import { startTestServer, type TestServer } from '../../test/support/server';
import { WAIT_LIMIT_MS } from '../../test/support/wait';
import { createBrand } from '../modules/accounts';
import { queueDemoFeeds } from '../modules/listening';
import { parseFeedDocument } from '../modules/listening/sources/parse';
import { appToken, json, signUpUser } from '../modules/social/api-test-support';
import { createDemoSources } from './demo-sources';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ demo: true });
});
afterAll(() => s?.stop());

describe('the demo’s outside sources', () => {
  it('serves fixed feeds with stable guids at /demo/feeds/, only while the demo is on', async () => {
    const first = await fetch(`${s.url}/demo/feeds/carnet-gourmand.xml`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const body = Buffer.from(await first.arrayBuffer());
    const feed = parseFeedDocument(body, 'application/rss+xml', { baseUrl: s.url });
    expect(feed.title).toBe('Le Carnet gourmand de Lyon');
    expect(feed.items.map((i) => i.dedupeKey)).toContain('carnet-2026-comte-canuts');
    expect(feed.items.some((i) => /Fromagerie des Canuts/.test(i.text))).toBe(true);
    const again = Buffer.from(await (await fetch(`${s.url}/demo/feeds/carnet-gourmand.xml`)).arrayBuffer());
    expect(again.equals(body)).toBe(true);
    const atom = await fetch(`${s.url}/demo/feeds/forum-fromages.xml`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect((await fetch(`${s.url}/demo/feeds/nope.xml`)).status).toBe(404);
    const plain = await createTestApp();
    try {
      expect((await plain.app.request('/demo/feeds/carnet-gourmand.xml')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('has the demo brand listen to them; their first fetch waits for the server, then fills the list', async () => {
    const app = await appToken(s);
    const owner = await signUpUser(s, app, 'demo_marie');
    const brand = await createBrand({ db: s.ctx.db }, owner.id, { username: 'fromagerie_canuts' });
    const teams = new Map([[brand.id, [{ account: { id: owner.id } as never, role: 'owner' as const }]]]);
    expect(await createDemoSources(s.ctx, [brand], teams)).toBe(3);
    const list = () => json<any[]>(s.call('GET', `/api/v1/brands/${brand.id}/sources`, { token: owner.token }));
    expect((await list()).map((x) => x.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await queueDemoFeeds(s.ctx)).toBe(3);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let sources = await list();
    while (sources.some((x) => x.status === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      sources = await list();
    }
    expect(sources.map((x) => [x.name, x.status, x.items_count])).toEqual([
      ['Carnet gourmand (blog)', 'ok', 3],
      ['Forum des amateurs de fromage', 'ok', 3],
      ['Lyon Actu', 'ok', 2],
    ]);
    // Fetched once: asking again queues nothing.
    expect(await queueDemoFeeds(s.ctx)).toBe(0);
  });
});
