import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { jobHandlers } from '../../jobs/handlers';
import { runDueJobs } from '../../jobs/queue';
import { createBrand } from '../accounts';
import { products } from '../commerce/schema';
import { appToken, json, signUpUser, type TestUser } from './api-test-support';
import { fetchCard } from './cards';
import { previewCards } from './schema';

let t: TestApp;
let server: http.Server;
let base: string;
let alice: TestUser;
const hits = new Map<string, number>();

const ARTICLE = `<!doctype html><html lang="fr-FR"><head>
<meta charset="utf-8"><title>Fallback title</title>
<!-- <meta property="og:title" content="commented out"> -->
<meta content="Fromage &amp; &lt;vin&gt;" property="og:title">
<meta property="og:description" content='Un comté "24 mois" > 18 mois'>
<meta property="og:image" content="/images/comte.jpg"><meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630"><meta property="og:site_name" content="La Gazette">
<meta name="author" content="Jeanne Dupont"><meta property="article:published_time" content="2026-11-02T08:00:00Z">
<script>document.write('<meta property="og:title" content="scripted">')</script>
</head><body><meta property="og:description" content="in the body"></body></html>`;

const PLAIN = '<html><head><title>Just a title</title><meta name="description" content="And words."></head></html>';

beforeAll(async () => {
  t = await createTestApp({ cardsAllowPrivate: true });
  server = http.createServer((req, res) => {
    hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (req.url!.startsWith('/article')) return res.writeHead(200, html).end(ARTICLE);
    if (req.url === '/plain') return res.writeHead(200, html).end(PLAIN);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  alice = await signUpUser(t, await appToken(t), 'card_alice');
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

type Entity = Record<string, any>;
const post = async (status: string): Promise<Entity> =>
  json(t.call('POST', '/api/v1/statuses', { token: alice.token, body: { status } }));
const read = async (id: string): Promise<Entity> =>
  json(t.call('GET', `/api/v1/statuses/${id}`, { token: alice.token }));
async function pendingFetches() {
  const jobs = sql`select count(*)::int as n from jobs where kind = 'card.fetch' and done_at is null`;
  return Number((await queryRows<{ n: number }>(t.ctx.db, jobs))[0].n);
}

/** Runs due jobs until the post shows a card (the state we wait for), or there is nothing left to run. */
async function cardOnceJobsRan(id: string) {
  for (let i = 0; i < 50; i++) {
    const status = await read(id);
    if (status.card) return status.card;
    const ran = await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    if (ran === 0 && (await pendingFetches()) === 0) return (await read(id)).card;
  }
  throw new Error('the card job never finished');
}

describe('link preview cards', () => {
  it('previews the first link once the job has run: Open Graph, escaped on pages', async () => {
    const created = await post(`@nobody #fromage lisez ${base}/article?x=1 et ${base}/plain`);
    expect(created.card).toBeNull();
    const card = await cardOnceJobsRan(created.id);
    expect(card).toEqual({
      url: `${base}/article?x=1`,
      title: 'Fromage & <vin>',
      description: 'Un comté "24 mois" > 18 mois',
      type: 'link',
      author_name: 'Jeanne Dupont',
      author_url: '',
      provider_name: 'La Gazette',
      provider_url: '',
      html: '',
      width: 1200,
      height: 630,
      image: `${base}/images/comte.jpg`,
      image_description: '',
      embed_url: '',
      blurhash: null,
      language: 'fr',
      published_at: '2026-11-02T08:00:00.000Z',
      authors: [],
    });
    expect(hits.get('/plain')).toBeUndefined();

    const page = await (await t.app.request(`/@card_alice/${created.id}`)).text();
    expect(page).toContain('class="link-card"');
    expect(page).toContain('Fromage &amp; &lt;vin&gt;');
    expect(page).not.toContain('<vin>');
    // A remote image is not loaded by readers' browsers.
    expect(page).not.toContain('/images/comte.jpg');
  });

  it('reuses a kept card: a second post linking the page shows it at once, without fetching again', async () => {
    const first = await post(`${base}/plain`);
    expect((await cardOnceJobsRan(first.id)).title).toBe('Just a title');
    expect(hits.get('/plain')).toBe(1);
    const second = await post(`encore ${base}/plain`);
    expect(await pendingFetches()).toBe(0);
    expect((await read(second.id)).card).toMatchObject({ title: 'Just a title', description: 'And words.' });
    expect(hits.get('/plain')).toBe(1);
  });

  it('keeps a failed fetch for a while, so a bad address is not asked again', async () => {
    const first = await post(`${base}/missing`);
    expect(await cardOnceJobsRan(first.id)).toBeNull();
    const [row] = await t.ctx.db
      .select()
      .from(previewCards)
      .where(eq(previewCards.url, `${base}/missing`));
    expect(row).toMatchObject({ state: 'failed', error: 'status 404' });
    await post(`${base}/missing`);
    expect(await pendingFetches()).toBe(0);
    expect(hits.get('/missing')).toBe(1);
  });

  it('refuses private addresses unless allowed', async () => {
    const url = `${base}/article?private`;
    await fetchCard({ db: t.ctx.db, config: { ...t.ctx.config, cardsAllowPrivate: false } }, { url });
    const [row] = await t.ctx.db.select().from(previewCards).where(eq(previewCards.url, url));
    expect(row).toMatchObject({ state: 'failed', error: 'private address', title: '' });
    expect(hits.get('/article?private')).toBeUndefined();
  });

  it('previews a product page of this server from our own data, with no request', async () => {
    const brand = await createBrand({ db: t.ctx.db }, alice.id, {
      username: 'card_shop',
      displayName: 'Fromagerie Card',
    });
    const id = uuidv7();
    const product = { id, brandId: brand.id, title: 'Comté 24 mois', description: 'Un **grand** comté.' };
    await t.ctx.db.insert(products).values({ ...product, status: 'published' });
    const created = await post(`Regardez http://localhost:3000/@card_shop/products/${id} !`);
    expect(await pendingFetches()).toBe(0);
    expect(created.card).toMatchObject({
      url: `http://localhost:3000/@card_shop/products/${id}`,
      title: 'Comté 24 mois',
      description: 'Un grand comté.',
      type: 'link',
      author_name: 'Fromagerie Card',
      author_url: 'http://localhost:3000/@card_shop',
      provider_url: 'http://localhost:3000',
      image: null,
    });
    // As the data is now: a product taken off sale previews no more.
    await t.ctx.db.update(products).set({ status: 'draft' }).where(eq(products.id, id));
    expect((await read(created.id)).card).toBeNull();
  });
});
