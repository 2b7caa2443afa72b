import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import fc from 'fast-check';
import { createRestAPIClient } from 'masto';
import { sql } from 'drizzle-orm';
import { xml2js } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { shopWithProduct } from '../../../../test/support/commerce';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { createAccount, createBrand } from '../../accounts';
import { products } from '../../../db/schema';
import * as social from '../../social';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';

let t: TestApp;
let ctx: social.SocialContext;
let app: string;
let ann: TestUser;
let ben: TestUser;
let viewer: TestUser;
const ids: Record<string, string> = {};

const post = async (who: { id: string }, key: string, text: string, extra: Partial<social.NewStatus> = {}) => {
  const s = await social.createStatus(ctx, who.id, { text, language: 'fr', ...extra });
  ids[key] = s.id;
  return s;
};

/** Texts of the statuses a query finds through our API, sorted. */
async function found(q: string, params = '', token?: string): Promise<string[]> {
  const body = await json(t.call('GET', `/api/v1/search?type=statuses&q=${encodeURIComponent(q)}${params}`, { token }));
  return body.statuses.map((s: { id: string }) => keyOf(s.id));
}
const keyOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;
const sorted = (a: string[]) => [...a].sort();

beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
  app = await appToken(t);
  ann = await signUpUser(t, app, 'ann');
  ben = await signUpUser(t, app, 'ben');
  viewer = await signUpUser(t, app, 'vera');
  await post(ann, 'shoes', 'Mes Chaussures élégantes en cuir #Soldes');
  await post(ann, 'boots', 'Des bottes en daim, pas de promo');
  await post(ann, 'promo', 'Chaussures en promo pour @ben');
  await post(ann, 'private', 'Chaussures privées', { visibility: 'private' });
  await post(ann, 'direct', 'Chaussures secrètes @ben', { visibility: 'direct' });
  await post(ann, 'unlisted', 'Chaussures discrètes', { visibility: 'unlisted' });
  await post(ben, 'english', 'Running shoes are so elegant', { language: 'en' });
  await post(ben, 'reply', 'Jolies chaussures !', { inReplyToId: ids.shoes });
  const gone = await post(ben, 'deleted', 'Chaussures supprimées');
  await social.deleteStatus(ctx, [ben.id], gone.id);
});
afterAll(() => t.close());

describe('search over posts', () => {
  it('stems French and English, ignores accents and case', async () => {
    expect(sorted(await found('chaussure'))).toEqual(['promo', 'reply', 'shoes']);
    expect(sorted(await found('CHAUSSURES'))).toEqual(['promo', 'reply', 'shoes']);
    expect(sorted(await found('elegante'))).toEqual(['english', 'shoes']);
    expect(sorted(await found('shoe'))).toEqual(['english']);
    expect(sorted(await found('run'))).toEqual(['english']);
  });

  it('handles phrases, OR, exclusion, groups, tags, mentions, from:, lang:, dates and has:', async () => {
    expect(await found('"chaussures élégantes"')).toEqual(['shoes']);
    expect(await found('"élégantes chaussures"')).toEqual([]);
    expect(sorted(await found('chaussures élégantes'))).toEqual(['shoes']);
    expect(sorted(await found('cuir OR daim'))).toEqual(['boots', 'shoes']);
    expect(sorted(await found('chaussures -promo'))).toEqual(['reply', 'shoes']);
    expect(sorted(await found('(cuir OR daim) -#soldes'))).toEqual(['boots']);
    expect(await found('#soldes')).toEqual(['shoes']);
    expect(await found('@ben')).toEqual(['promo']);
    expect(sorted(await found('from:ben'))).toEqual(['english', 'reply']);
    expect(await found('chaussures from:ben')).toEqual(['reply']);
    expect(await found('elegant lang:en')).toEqual(['english']);
    expect(await found('chaussures lang:en')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(sorted(await found(`chaussures since:${today}`))).toEqual(['promo', 'reply', 'shoes']);
    expect(await found(`chaussures until:2001-01-01`)).toEqual([]);
    expect(await found('chaussures rating:<=2')).toEqual([]);
  });

  it('finds posts with products through has:product', async () => {
    const shop = await shopWithProduct(t);
    const s = await post(shop.brand, 'shoppable', 'Notre comté affiné');
    await queryRows(
      t.ctx.db,
      sql`insert into status_products (status_id, product_id, position) values (${s.id}, ${shop.productId}, 0)`,
    );
    expect(await found('has:product')).toEqual(['shoppable']);
    expect(await found('comté -has:product')).toEqual([]);
  });

  it('never shows private, direct, unlisted, deleted or blocked posts', async () => {
    const all = await found('chaussures', '', viewer.token);
    for (const hidden of ['private', 'direct', 'unlisted', 'deleted']) expect(all).not.toContain(hidden);
    // Even to the author or someone mentioned: search is over public posts.
    expect(await found('secrètes', '', ben.token)).toEqual([]);
    await t.call('POST', `/api/v1/accounts/${ann.id}/block`, { token: viewer.token });
    expect(sorted(await found('chaussures', '', viewer.token))).toEqual(['reply']);
    await t.call('POST', `/api/v1/accounts/${ben.id}/mute`, { token: viewer.token });
    expect(await found('chaussures', '', viewer.token)).toEqual([]);
    // Who blocks the viewer is gone too.
    await t.call('POST', `/api/v1/accounts/${viewer.id}/block`, { token: ann.token });
    expect(await found('chaussures', '', viewer.token)).toEqual([]);
    expect(sorted(await found('chaussures'))).toEqual(['promo', 'reply', 'shoes']);
  });

  it('ranks by relevance, or newest first with keyset paging', async () => {
    const author = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'ranker' });
    await post(author, 'r_once', 'Un fromage de chèvre et du pain');
    await post(author, 'r_twice', 'Fromage, fromage : le fromage du Jura');
    await post(author, 'r_phrase', 'Un vrai fromage de chèvre fermier');
    const relevance = await found('fromage chèvre');
    expect(relevance).toHaveLength(2);
    expect(new Set(relevance)).toEqual(new Set(['r_once', 'r_phrase']));
    const byRank = await found('fromage');
    expect(byRank[0]).toBe('r_twice');
    expect(await found('fromage', '&sort=newest')).toEqual(['r_phrase', 'r_twice', 'r_once']);
    expect(await found('fromage', `&sort=newest&max_id=${ids.r_phrase}`)).toEqual(['r_twice', 'r_once']);
    expect(await found('fromage', '&sort=newest&limit=1&offset=1')).toEqual(['r_twice']);
  });

  it('highlights matched words as text segments, never HTML', async () => {
    const author = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'htmlish' });
    await post(author, 'html', 'Attention <script>alert(1)</script> aux sandales <b>dorées</b>');
    const body = await json(t.call('GET', `/api/v1/search?type=statuses&q=sandale`));
    const segments = body.statuses[0].highlight as { text: string; mark: boolean }[];
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['sandales']);
    expect(segments.map((s) => s.text).join('')).toContain('<script>alert(1)</script>');
    const page = await t.app.request('/search?q=sandale');
    const html = await page.text();
    expect(html).toContain('<mark class="search-mark">sandales</mark>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says which kinds found nothing, and keeps the query help behind a disclosure', async () => {
    const html = await (await t.app.request('/search?q=sandale')).text();
    expect(html).toContain('<mark class="search-mark">sandales</mark>');
    for (const none of ['Aucun compte', 'Aucun produit', 'Aucun avis', 'Aucun hashtag'])
      expect(html, none).toContain(none);
    expect(html).not.toContain('Aucune publication');
    expect(html).toMatch(/<details class="search-help"><summary>Aide : comment écrire une recherche<\/summary>/);
    const en = await (await t.app.request('/search?q=sandale', { headers: { 'accept-language': 'en' } })).text();
    expect(en).toContain('No accounts');
    expect(en).toContain('Help: how to write a search');
  });
});

describe('other kinds', () => {
  it('finds products, brands and accounts, reviews with rating filters, hashtags', async () => {
    const owner = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'owner_s' });
    const brand = await createBrand({ db: t.ctx.db }, owner.id, {
      username: 'maisonbottier',
      displayName: 'Maison Bottier',
    });
    const productId = uuidv7();
    await t.ctx.db.insert(products).values({
      id: productId,
      brandId: brand.id,
      title: 'Bottines élégantes',
      description: 'Cuir de veau, semelle cousue',
      status: 'published',
    });
    await t.ctx.db
      .insert(products)
      .values({ id: uuidv7(), brandId: brand.id, title: 'Bottines brouillon', status: 'draft' });
    let reviewers = 0;
    const review = async (rating: number, body: string, status = 'published') => {
      const id = uuidv7();
      const reviewer = await createAccount({ db: t.ctx.db }, { kind: 'person', username: `critique${++reviewers}` });
      await queryRows(
        t.ctx.db,
        sql`insert into reviews (id, product_id, brand_id, author_id, verified, rating, title, body, language, status, published_at)
            values (${id}, ${productId}, ${brand.id}, ${reviewer.id}, false, ${rating}, ${'Avis'}, ${body}, 'fr', ${status}, now())`,
      );
      return id;
    };
    const bad = await review(1, 'Bottines décevantes, couture ratée');
    const good = await review(5, 'Bottines superbes et confortables');
    await review(2, 'Bottines en attente', 'pending');

    const all = await json(t.call('GET', `/api/v1/search?q=${encodeURIComponent('bottine')}`));
    expect(all.products.map((p: { id: string }) => p.id)).toEqual([productId]);
    expect(all.products[0].title.filter((s: { mark: boolean }) => s.mark).map((s: { text: string }) => s.text)).toEqual(
      ['Bottines'],
    );
    expect(new Set(all.reviews.map((r: { id: string }) => r.id))).toEqual(new Set([bad, good]));
    expect(all.accounts).toEqual([]);

    const low = await json(t.call('GET', `/api/v1/search?type=reviews&q=${encodeURIComponent('bottines rating:<=2')}`));
    expect(low.reviews.map((r: { id: string }) => r.id)).toEqual([bad]);
    const high = await json(t.call('GET', `/api/v1/search?type=reviews&q=${encodeURIComponent('rating:>=4')}`));
    expect(high.reviews.map((r: { id: string }) => r.id)).toEqual([good]);
    const exact = await json(t.call('GET', `/api/v1/search?type=reviews,products&q=${encodeURIComponent('rating:5')}`));
    expect(exact.reviews.map((r: { id: string }) => r.id)).toEqual([good]);
    expect(exact.products).toEqual([]);

    const brands = await json(t.call('GET', `/api/v1/search?type=accounts&q=${encodeURIComponent('maison')}`));
    expect(brands.accounts[0]).toMatchObject({ username: 'maisonbottier', kind: 'brand' });
    expect(brands.accounts[0].name).toEqual([
      { text: 'Maison', mark: true },
      { text: ' Bottier', mark: false },
    ]);
    const typed = await json(t.call('GET', `/api/v1/search?type=accounts&q=bottie`));
    expect(typed.accounts.map((a: { username: string }) => a.username)).toEqual(['maisonbottier']);

    const tags = await json(t.call('GET', `/api/v1/search?type=hashtags&q=sold`));
    expect(tags.hashtags).toEqual([{ name: 'soldes', url: 'http://localhost:3000/tags/soldes', uses: 1 }]);
    await post(owner, 'winter1', 'Vite #SoldesHiver');
    await post(owner, 'winter2', 'Encore #soldeshiver');
    await post(owner, 'winter3', 'En privé #soldeshiver', { visibility: 'private' });
    const prefixed = await json(t.call('GET', `/api/v1/search?type=hashtags&q=sold`));
    expect(prefixed.hashtags.map((h: { name: string; uses: number }) => [h.name, h.uses])).toEqual([
      ['soldeshiver', 2],
      ['soldes', 1],
    ]);
    const exactFirst = await json(t.call('GET', `/api/v1/search?type=hashtags&q=%23soldes`));
    expect(exactFirst.hashtags.map((h: { name: string }) => h.name)).toEqual(['soldes', 'soldeshiver']);
  });
});

describe('Mastodon GET /api/v2/search', () => {
  it('answers in Mastodon’s shape with full Status entities', async () => {
    const body = await json(t.call('GET', `/api/v2/search?q=${encodeURIComponent('élégantes')}&type=statuses`));
    expect(Object.keys(body).sort()).toEqual(['accounts', 'hashtags', 'statuses']);
    expect(body.accounts).toEqual([]);
    const status = body.statuses.find((s: { id: string }) => s.id === ids.shoes);
    expect(status).toMatchObject({ id: ids.shoes, visibility: 'public', account: { username: 'ann' } });
    expect(status.content).toContain('Chaussures');
    expect(status.tags).toEqual([{ name: 'soldes', url: 'http://localhost:3000/tags/soldes' }]);

    const withDomain = await json(
      t.call('GET', `/api/v2/search?type=accounts&q=${encodeURIComponent('ann@localhost:3000')}`),
    );
    expect(withDomain.accounts.map((a: { username: string }) => a.username)).toEqual(['ann']);
    await t.call('POST', `/api/v1/accounts/${ann.id}/follow`, { token: ben.token });
    const followed = await json(
      t.call('GET', `/api/v2/search?type=accounts&following=true&q=${encodeURIComponent('ann OR vera')}`, {
        token: ben.token,
      }),
    );
    expect(followed.accounts.map((a: { username: string }) => a.username)).toEqual(['ann']);
    const everything = await json(t.call('GET', `/api/v2/search?q=ann`));
    expect(everything.accounts.map((a: { username: string }) => a.username)).toContain('ann');
    const tags = await json(t.call('GET', `/api/v2/search?q=%23soldes&type=hashtags`));
    expect(tags.hashtags[0]).toEqual({
      id: 'soldes',
      name: 'soldes',
      url: 'http://localhost:3000/tags/soldes',
      history: [],
      following: false,
    });
    const scoped = await json(t.call('GET', `/api/v2/search?q=chaussures&type=statuses&account_id=${ben.id}`));
    expect(scoped.statuses.map((s: { id: string }) => s.id)).toEqual([ids.reply]);
  });

  it('works with an unmodified Mastodon client (masto.js)', async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const client = createRestAPIClient({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        accessToken: ben.token,
      });
      const result = await client.v2.search.list({ q: 'daim', type: 'statuses' });
      expect(result.statuses.map((s) => s.id)).toEqual([ids.boots]);
      expect(result.statuses[0]!.account.username).toBe('ann');
      // The client rejects with its MastoHttpError (statusCode) or, depending on how it reads the
      // answer, with the Response itself (status): either way the server said 400.
      const refused = await client.v2.search.list({ q: '"daim' }).then(
        () => null,
        (error: { statusCode?: number; status?: number }) => error,
      );
      expect(refused?.statusCode ?? refused?.status).toBe(400);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('rejects bad queries with 400 invalid_query naming the problem', async () => {
    const v2 = await t.call('GET', `/api/v2/search?q=${encodeURIComponent('"chaussures')}`);
    expect(v2.status).toBe(400);
    expect(await v2.json()).toMatchObject({
      error: expect.stringMatching(/Unbalanced quotes/),
      error_code: 'invalid_query',
    });
    const v1 = await t.call('GET', `/api/v1/search?q=${encodeURIComponent('cuir OR')}`);
    expect(v1.status).toBe(400);
    expect(await v1.json()).toMatchObject({
      error: { code: 'invalid_query', message: expect.stringMatching(/Lone operator "OR"/) },
    });
    for (const [q, message] of [
      ['since:2026-02-31', /not a real date/],
      ['foo:bar', /Unknown operator/],
      ['-', /Lone operator "-"/],
    ] as const) {
      const res = await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await t.call('GET', '/api/v1/search')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/search?q=a&type=nope')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/search?q=a&sort=best')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/search?q=a&max_id=zzz')).status).toBe(400);
    // The page speaks the page's language: French by default, English when asked.
    const page = await t.app.request(`/search?q=${encodeURIComponent('(cuir')}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Parenthèses déséquilibrées : « ( » au caractère 1 n’est jamais fermée');
    const english = await t.app.request(`/search?q=${encodeURIComponent('(cuir')}`, {
      headers: { 'accept-language': 'en' },
    });
    expect(await english.text()).toContain('Unbalanced parentheses');
    const badDate = await t.app.request(`/search?q=cuir&since=2026-02-31`);
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain('since:2026-02-31 n’est pas une date qui existe');
    const filtersOnly = await t.app.request(`/search?lang=en&type=statuses`);
    expect(filtersOnly.status).toBe(200);
    expect(await filtersOnly.text()).toContain('elegant');
  });

  it('never answers 5xx, whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc
            .array(
              fc.constantFrom(
                'chaussure',
                'OR',
                '-',
                '(',
                ')',
                '"',
                '#soldes',
                '@ben',
                'from:ann',
                'lang:fr',
                'since:2026-01-01',
                'rating:<=2',
                'has:product',
                'é',
                '&',
                '|',
                '!',
                ':*',
                "'",
                '\\',
              ),
              { maxLength: 12 },
            )
            .map((a) => a.join(' ')),
        ),
        async (q) => {
          const res = await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
          expect([200, 400]).toContain(res.status);
          if (res.status === 400)
            expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('public RSS and Atom feeds', () => {
  const parse = (xml: string) => xml2js(xml, { compact: true }) as Record<string, any>;
  const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

  it('serves a profile’s public posts as RSS and Atom, linked from the profile page', async () => {
    const rss = await t.app.request('/@ann.rss');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    const channel = parse(await rss.text()).rss.channel;
    const links = list(channel.item).map((i: any) => i.link._text);
    expect(links).toContain(`http://localhost:3000/@ann/${ids.shoes}`);
    expect(links).toContain(`http://localhost:3000/@ann/${ids.boots}`);
    for (const hidden of ['private', 'direct', 'unlisted'])
      expect(links).not.toContain(`http://localhost:3000/@ann/${ids[hidden]}`);

    const atom = await t.app.request('/@ann.atom');
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const entries = list(parse(await atom.text()).feed.entry);
    expect(entries.map((e: any) => e.id._text)).toContain(`http://localhost:3000/@ann/${ids.shoes}`);

    const html = await (await t.app.request('/@ann')).text();
    expect(html).toContain('<link rel="alternate" type="application/rss+xml"');
    expect(html).toContain('href="/@ann.rss"');
    expect(html).toContain('href="/@ann.atom"');
    expect((await t.app.request('/@nobody.rss')).status).toBe(404);
    expect((await t.app.request('/@ann')).status).toBe(200);
  });

  it('serves a hashtag’s public posts, escaping what users wrote', async () => {
    const author = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'tagger' });
    await post(author, 'tagged', 'Des <b>éclairs</b> & "macarons" ]]> #Patisserie');
    await post(author, 'tagged_private', 'Secret #patisserie', { visibility: 'private' });
    const rss = await t.app.request('/tags/patisserie.rss');
    expect(rss.status).toBe(200);
    const items = list(parse(await rss.text()).rss.channel.item);
    expect(items.map((i: any) => i.link._text)).toEqual([`http://localhost:3000/@tagger/${ids.tagged}`]);
    expect([items[0].title._text ?? items[0].title._cdata].flat().join('')).toContain(
      '<b>éclairs</b> & "macarons" ]]>',
    );
    const atom = await t.app.request('/tags/patisserie.atom');
    expect(list(parse(await atom.text()).feed.entry)).toHaveLength(1);
    const page = await (await t.app.request('/tags/patisserie')).text();
    expect(page).toContain('href="/tags/patisserie.atom"');
    expect((await t.app.request('/tags/bad%20tag.rss')).status).toBe(404);
  });
});
