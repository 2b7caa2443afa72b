import fs from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { outboxDir } from '../../../lib/mailer';
import { createBrand, setMember } from '../../accounts';
import { sentimentOf } from '../../analysis';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { runCrisisChecks, runDigests, deliverAlert } from './alerts';
import { matchStatuses, scanReviews } from './matcher';
import { MAX_WATCHES_PER_BRAND } from './watches';
import { createWatch as createWatchService } from './watches';
import { parseQuery, statusesMatching } from '../search';
import { products } from '../../../db/schema';

let t: TestApp;
let app: string;
let owner: TestUser;
let staff: TestUser;
let outsider: TestUser;
let otherOwner: TestUser;
let author: TestUser;
let brand: { id: string; username: string };
let otherBrand: { id: string; username: string };
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

const runJobs = async () => {
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const ran = await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    total += ran;
    if (ran === 0) break;
  }
  return total;
};

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
  owner = await signUpUser(t, app, `owner_${uniq()}`);
  staff = await signUpUser(t, app, `staff_${uniq()}`);
  outsider = await signUpUser(t, app, `out_${uniq()}`);
  otherOwner = await signUpUser(t, app, `other_${uniq()}`);
  author = await signUpUser(t, app, `author_${uniq()}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `fromagerie_${uniq()}`,
    displayName: 'Fromagerie',
  });
  brand = { id: b.id, username: b.username };
  await setMember({ db: t.ctx.db }, owner.id, brand.id, staff.id, 'staff');
  const o = await createBrand({ db: t.ctx.db }, otherOwner.id, { username: `rival_${uniq()}` });
  otherBrand = { id: o.id, username: o.username };
});
afterAll(() => t.close());

const createWatch = (token: string, body: unknown, brandId = brand.id) =>
  t.call('POST', `/api/v1/brands/${brandId}/watches`, { token, body });
const post = (who: TestUser, status: string, visibility = 'public') =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: who.token, body: { status, visibility } }));
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const matchesOf = (watchId: string, token = owner.token) =>
  json<any[]>(t.call('GET', `/api/v1/brands/${brand.id}/watches/${watchId}/matches`, { token }));

describe('watches API: access', () => {
  it('creates a watch: 201 with exactly id, rss_url, atom_url (absolute, carrying the token)', async () => {
    const res = await createWatch(owner.token, { name: 'Comté', query: 'comté' });
    const body = await json(res, 201);
    expect(Object.keys(body).sort()).toEqual(['atom_url', 'id', 'rss_url']);
    expect(body.rss_url).toMatch(
      new RegExp(`^http://localhost:3000/watches/${body.id}/feed\\.rss\\?token=[A-Za-z0-9_-]{32}$`),
    );
    expect(body.atom_url).toMatch(/\/feed\.atom\?token=/);
  });

  it('lets only the brand’s team see and manage its watches', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Brie', query: 'brie' }), 201);
    // staff may read, not manage
    expect((await t.call('GET', `/api/v1/brands/${brand.id}/watches`, { token: staff.token })).status).toBe(200);
    expect(
      (await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/matches`, { token: staff.token })).status,
    ).toBe(200);
    const refused = await createWatch(staff.token, { name: 'x', query: 'x' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('role_not_allowed');
    expect(
      (await t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, { token: staff.token, body: { name: 'y' } }))
        .status,
    ).toBe(403);
    // outsiders: 403 on the brand, 401 without a token
    for (const path of [
      `/api/v1/brands/${brand.id}/watches`,
      `/api/v1/brands/${brand.id}/watches/${id}`,
      `/api/v1/brands/${brand.id}/watches/${id}/matches`,
      `/api/v1/brands/${brand.id}/watches/${id}/stats`,
    ]) {
      expect((await t.call('GET', path, { token: outsider.token })).status).toBe(403);
      expect((await t.call('GET', path)).status).toBe(401);
    }
    expect((await createWatch(outsider.token, { name: 'x', query: 'x' })).status).toBe(403);
    // another brand's member, through their own brand: the watch is not theirs → 404
    for (const path of [
      `/api/v1/brands/${otherBrand.id}/watches/${id}`,
      `/api/v1/brands/${otherBrand.id}/watches/${id}/matches`,
      `/api/v1/brands/${otherBrand.id}/watches/${id}/stats`,
    ]) {
      expect((await t.call('GET', path, { token: otherOwner.token })).status).toBe(404);
    }
    expect(
      (await t.call('DELETE', `/api/v1/brands/${otherBrand.id}/watches/${id}`, { token: otherOwner.token })).status,
    ).toBe(404);
    expect(
      (await t.call('POST', `/api/v1/brands/${otherBrand.id}/watches/${id}/rotate_token`, { token: otherOwner.token }))
        .status,
    ).toBe(404);
    const mine = await json<any[]>(
      t.call('GET', `/api/v1/brands/${otherBrand.id}/watches`, { token: otherOwner.token }),
    );
    expect(mine.map((w) => w.id)).not.toContain(id);
    // pages: a non-member gets the 403 page, the member the dashboard
    expect((await t.call('GET', `/api/v1/brands/${uuidv7()}/watches`, { token: owner.token })).status).toBe(404);
  });

  it('refuses malformed queries with 400 invalid_query naming the problem, and writes nothing', async () => {
    const before = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from watches`);
    for (const query of ['"unbalanced', 'OR', '', 'since:2026-13-45', '   ']) {
      const res = await createWatch(owner.token, { name: 'bad', query });
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    expect((await createWatch(owner.token, { query: 'brie' })).status).toBe(400);
    expect((await createWatch(owner.token, { name: 'x'.repeat(101), query: 'brie' })).status).toBe(422);
    expect((await createWatch(owner.token, { name: 'ok', query: 42 })).status).toBe(400);
    const after = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from watches`);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('never answers 5xx to random queries or names (property), and writes only valid watches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 60 }),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('"', '-', 'OR', '#', '@', 'from:', 'since:2026-02-30', '((', 'lang:xx', 'rating:<=2'),
        ),
        async (name, query) => {
          const res = await createWatch(owner.token, { name, query });
          expect([201, 400, 422]).toContain(res.status);
          if (res.status === 201) {
            const { id } = await res.json();
            expect(
              (await t.call('DELETE', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token })).status,
            ).toBe(200);
          } else {
            expect((await res.json()).error.code).toMatch(/^(invalid_query|invalid_name|invalid_param|missing_param)$/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses wrong values on PATCH with a 4xx naming the field, and changes nothing', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Types', query: 'types' }), 201);
    for (const body of [{ active: 'maybe' }, { spike_k: 'lots' }, { spike_min_count: 2.5 }, { alert_email: 3 }]) {
      const res = await t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token, body });
      expect([400, 422], JSON.stringify(body)).toContain(res.status);
      expect((await res.json()).error.details.field).toBe(Object.keys(body)[0]);
    }
    const same = await json(t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token }));
    expect(same.active).toBe(true);
    expect(same.spike).toMatchObject({ k: 2, min_count: 5 });
  });

  it('holds the cap of watches per brand under parallel creations', async () => {
    const owner2 = await signUpUser(t, app, `cap_${uniq()}`);
    const b = await createBrand({ db: t.ctx.db }, owner2.id, { username: `cap_${uniq()}` });
    for (let i = 0; i < MAX_WATCHES_PER_BRAND - 3; i++)
      await createWatchService(t.ctx, owner2.id, b.id, { name: `w${i}`, query: `mot${i}` });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createWatch(owner2.token, { name: `p${i}`, query: `par${i}` }, b.id)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(3);
    expect(statuses.filter((x) => x === 422)).toHaveLength(7);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from watches where brand_id = ${b.id}`,
    );
    expect(Number(row.n)).toBe(MAX_WATCHES_PER_BRAND);
  });

  it('patches settings with checked values', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Raclette', query: 'raclette' }), 201);
    const updated = await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'digest', alert_email: true, spike_k: 3 },
      }),
    );
    expect(updated.alerts).toEqual({ mode: 'digest', in_app: true, email: true, webhook: false });
    expect(updated.spike.k).toBe(3);
    expect(
      (
        await t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
          token: owner.token,
          body: { alert_mode: 'hourly' },
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token, body: { spike_k: 99 } }))
        .status,
    ).toBe(422);
    expect(
      (
        await t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
          token: owner.token,
          body: { query: '"oops' },
        })
      ).status,
    ).toBe(400);
    expect((await t.call('DELETE', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token })).status).toBe(
      200,
    );
    expect((await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token })).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the watch routes, the feeds and propagation', async () => {
    const doc = await json(t.call('GET', '/api/openapi.json'));
    for (const path of [
      '/api/v1/brands/{id}/watches',
      '/api/v1/brands/{id}/watches/{watch_id}',
      '/api/v1/brands/{id}/watches/{watch_id}/matches',
      '/api/v1/brands/{id}/watches/{watch_id}/stats',
      '/api/v1/brands/{id}/watches/{watch_id}/rotate_token',
      '/api/v1/brands/{id}/watches/share_of_voice',
      '/api/v1/statuses/{id}/propagation',
      '/watches/{watch_id}/feed.rss',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/brands/{id}/watches'].post.responses['201']).toBeDefined();
    expect(doc.components.schemas.WatchCreated.required).toEqual(['id', 'rss_url', 'atom_url']);
  });
});

describe('matching', () => {
  it('records a matching public post with its sentiment, author and reach; not private or non-matching ones', async () => {
    const word = `tomme${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Tomme', query: word }), 201);
    const good = await post(author, `J'adore la ${word} de cette fromagerie, excellente !`);
    const other = await post(author, 'Rien à voir avec le fromage');
    const hidden = await post(author, `Ma ${word} secrète`, 'private');
    await runJobs();
    const matches = await matchesOf(id);
    expect(matches.map((m) => m.id)).toEqual([good.id]);
    const m = matches[0];
    expect(m.type).toBe('status');
    expect(m.author.username).toBe(author.username);
    expect(typeof m.author.reach).toBe('number');
    expect(m.url).toBe(`http://localhost:3000/@${author.username}/${good.id}`);
    const expected = sentimentOf(`J'adore la ${word} de cette fromagerie, excellente !`, 'fr');
    expect(['positive', 'neutral', 'negative']).toContain(m.sentiment.label);
    expect(m.sentiment.label).toBe(expected.label);
    expect(matches.map((x) => x.id)).not.toContain(other.id);
    expect(matches.map((x) => x.id)).not.toContain(hidden.id);
  });

  it('never records twice: the matcher run again, or many times at once', async () => {
    const word = `morbier${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Morbier', query: word }), 201);
    const p = await post(author, `Un ${word} au petit-déjeuner`);
    await runJobs();
    expect(await matchStatuses(t.ctx, [p.id])).toBe(0);
    await Promise.all(Array.from({ length: 8 }, () => matchStatuses(t.ctx, [p.id])));
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from watch_matches where watch_id = ${id}`,
    );
    expect(Number(row.n)).toBe(1);
  });

  it('keeps blocked authors out; deleted and moderation-hidden posts disappear from matches', async () => {
    const word = `munster${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Munster', query: word }), 201);
    const blocker = await signUpUser(t, app, `blk_${uniq()}`);
    await queryRows(t.ctx.db, sql`insert into blocks (account_id, target_id) values (${blocker.id}, ${brand.id})`);
    await post(blocker, `Le ${word} est mauvais`);
    const p = await post(author, `Le ${word} est parfait`);
    await runJobs();
    expect((await matchesOf(id)).map((m) => m.id)).toEqual([p.id]);
    // Hidden by moderation after it was matched: gone from the matches (and the feed's ETag changes).
    const later = await post(author, `Le ${word} encore`);
    await runJobs();
    expect((await matchesOf(id)).map((m) => m.id)).toEqual([later.id, p.id]);
    await queryRows(
      t.ctx.db,
      sql`insert into moderation_hidden_statuses (status_id, reason) values (${later.id}, 'rejected')`,
    );
    expect((await matchesOf(id)).map((m) => m.id)).toEqual([p.id]);
    expect((await t.call('DELETE', `/api/v1/statuses/${p.id}`, { token: author.token })).status).toBe(200);
    expect(await matchesOf(id)).toEqual([]);
  });

  it('pages matches newest first by keyset', async () => {
    const word = `cantal${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Cantal', query: word }), 201);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(author, `${word} numéro ${i}`)).id);
    await runJobs();
    const first = await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/matches?limit=2`, {
      token: owner.token,
    });
    const page1 = await json<any[]>(first);
    expect(page1.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
    const page2 = await json<any[]>(t.call('GET', pathOf(next), { token: owner.token }));
    expect(page2.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect(
      (await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/matches?max_id=nope`, { token: owner.token }))
        .status,
    ).toBe(400);
  });
});

describe('matching semantics', () => {
  it('finds, in one batched statement per 50 watches, exactly what search’s statusesMatching finds for each query', async () => {
    const tag = `t${uniq()}`;
    const w = `gruyere${uniq()}`;
    const queries = [
      w,
      `${w} -salé`,
      `"${w} affiné"`,
      `${w} OR emmental${tag}`,
      `#${tag}`,
      `from:${author.username} ${w}`,
      `${w} lang:en`,
      `chèvre${tag}`,
      `élégant${tag}`,
      `-${w} élégant${tag}`,
      `(${w} OR brie${tag}) élégant${tag}`,
      `le`,
      `${w} #${tag}`,
    ];
    const ids: string[] = [];
    for (const q of queries)
      ids.push((await json(createWatch(owner.token, { name: q.slice(0, 90), query: q }), 201)).id);
    const texts = [
      `Le ${w} affiné est élégant${tag}`,
      `Un ${w} trop salé`,
      `emmental${tag} ou rien #${tag}`,
      `The ${w} is great`,
      `Les CHEVRE${tag}S élégantes`,
      `Rien du tout`,
    ];
    const posts: string[] = [];
    for (const text of texts) posts.push((await post(author, text)).id);
    const other = await signUpUser(t, app, `o_${uniq()}`);
    posts.push((await post(other, `${w} d'un autre`)).id);
    await runJobs();
    for (const [i, q] of queries.entries()) {
      const expected = await statusesMatching(t.ctx.db, posts, parseQuery(q));
      const got = await queryRows<{ item_id: string }>(
        t.ctx.db,
        sql`select item_id from watch_matches where watch_id = ${ids[i]} order by item_id`,
      );
      expect(got.map((r) => r.item_id).sort(), q).toEqual([...expected].sort());
    }
    // and the queries do discriminate: not everything matches everything
    const total = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from watch_matches where watch_id in ${ids}`,
    );
    expect(Number(total[0].n)).toBeGreaterThan(4);
    expect(Number(total[0].n)).toBeLessThan((queries.length * posts.length) / 2);
  });
});

describe('reviews', () => {
  it('records published reviews found by the periodic scan, once, and drops them when withdrawn', async () => {
    const word = `epoisses${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Époisses', query: word }), 201);
    const productId = uuidv7();
    await t.ctx.db
      .insert(products)
      .values({ id: productId, brandId: otherBrand.id, title: 'Époisses AOP', status: 'published' });
    const reviewId = uuidv7();
    const pendingId = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into reviews (id, product_id, brand_id, author_id, verified, rating, title, body, language, status, published_at) values
            (${reviewId}, ${productId}, ${otherBrand.id}, ${author.id}, true, 1, 'Déçu', ${`Mon ${word} était immangeable, très déçu`}, 'fr', 'published', now()),
            (${pendingId}, ${productId}, ${otherBrand.id}, ${staff.id}, true, 5, null, ${`Un ${word} pas encore publié`}, 'fr', 'pending', null)`,
    );
    expect(await scanReviews(t.ctx)).toBe(1);
    expect(await scanReviews(t.ctx)).toBe(0); // the overlap window sees it again: nothing new
    const matches = await matchesOf(id);
    expect(matches.map((m) => [m.type, m.id])).toEqual([['review', reviewId]]);
    expect(matches[0].url).toBe(
      `http://localhost:3000/@${otherBrand.username}/products/${productId}#review-${reviewId}`,
    );
    expect(matches[0].text).toContain('immangeable');
    await queryRows(t.ctx.db, sql`update reviews set status = 'withdrawn' where id = ${reviewId}`);
    expect(await matchesOf(id)).toEqual([]);
  });
});

describe('feeds', () => {
  it('serves RSS 2.0 and Atom that parse as XML with the right items; token required; revoked at once', async () => {
    const word = `reblochon${uniq()}`;
    const created = await json(createWatch(owner.token, { name: 'Reblochon <&> "test"', query: word }), 201);
    const a = await post(author, `Le ${word} & la tartiflette <b>miam</b>`);
    const b = await post(author, `Encore du ${word}`);
    await post(author, 'sans rapport');
    await runJobs();

    const rss = await t.call('GET', pathOf(created.rss_url));
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    const rssDoc = xml2js(await rss.text(), { compact: true }) as any;
    const items = [rssDoc.rss.channel.item].flat();
    expect(items.map((i: any) => i.link._text)).toEqual([
      `http://localhost:3000/@${author.username}/${b.id}`,
      `http://localhost:3000/@${author.username}/${a.id}`,
    ]);
    // Shown as words, never as markup: readers take descriptions as HTML.
    expect(JSON.stringify(items[1])).toContain('tartiflette &lt;b&gt;miam&lt;/b&gt;');
    expect(JSON.stringify(items[0].category)).toMatch(/sentiment:(positive|neutral|negative)/);

    const atom = await t.call('GET', pathOf(created.atom_url));
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const atomDoc = xml2js(await atom.text(), { compact: true }) as any;
    const entries = [atomDoc.feed.entry].flat();
    expect(entries).toHaveLength(2);
    expect(entries[0].link._attributes.href).toBe(`http://localhost:3000/@${author.username}/${b.id}`);
    expect(atomDoc.feed.title._text).toContain('Reblochon <&> "test"');

    // Conditional GET: 304 while nothing changed; a new match changes the ETag.
    const etag = rss.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const same = await t.call('GET', pathOf(created.rss_url), { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    await post(author, `Et un ${word} de plus`);
    await runJobs();
    const changed = await t.call('GET', pathOf(created.rss_url), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);

    const bare = `/watches/${created.id}/feed.rss`;
    expect((await t.call('GET', bare)).status).toBe(404);
    expect((await t.call('GET', `${bare}?token=${'x'.repeat(32)}`)).status).toBe(404);
    expect(
      (
        await t.call(
          'GET',
          `/watches/${uuidv7()}/feed.atom?token=${new URL(created.atom_url).searchParams.get('token')}`,
        )
      ).status,
    ).toBe(404);

    const rotated = await json(
      t.call('POST', `/api/v1/brands/${brand.id}/watches/${created.id}/rotate_token`, { token: owner.token }),
    );
    expect(Object.keys(rotated).sort()).toEqual(['atom_url', 'id', 'rss_url']);
    expect(rotated.rss_url).not.toBe(created.rss_url);
    expect((await t.call('GET', pathOf(created.rss_url))).status).toBe(404);
    expect((await t.call('GET', pathOf(created.atom_url))).status).toBe(404);
    expect((await t.call('GET', pathOf(rotated.rss_url))).status).toBe(200);
  });
});

/** Seeds a match directly, at a chosen time, as the matcher would have written it. */
async function seedMatch(watchId: string, at: Date, sentiment: string, reach = 10) {
  const statusId = uuidv7(at.getTime());
  await queryRows(
    t.ctx.db,
    sql`insert into statuses (id, account_id, text, created_at) values (${statusId}, ${author.id}, ${`seed ${sentiment}`}, ${at.toISOString()}::timestamptz)`,
  );
  await queryRows(
    t.ctx.db,
    sql`insert into watch_matches (watch_id, item_id, item_type, status_id, author_id, author_reach, sentiment, sentiment_score, item_created_at)
        values (${watchId}, ${statusId}, 'status', ${statusId}, ${author.id}, ${reach}, ${sentiment}, ${sentiment === 'negative' ? -0.8 : 0}, ${at.toISOString()}::timestamptz)`,
  );
  return statusId;
}

describe('alerts', () => {
  it('sends an immediate in-app alert to the team when new matches come', async () => {
    const word = `comte${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Immédiat', query: word }), 201);
    await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'immediate' },
      }),
    );
    await post(author, `Vive le ${word}`);
    await runJobs();
    const notes = await queryRows<{ account_id: string; detail: string }>(
      t.ctx.db,
      sql`select account_id, detail from notifications where type = 'watch' and subject_id = ${id}`,
    );
    expect(notes.map((x) => x.account_id).sort()).toEqual([owner.id, staff.id].sort());
    expect(notes.every((x) => x.detail === 'match')).toBe(true);
    // Mastodon clients do not know this kind: our own notifications route lists it.
    const api = await json<any[]>(t.call('GET', '/api/v1/comptoir/notifications', { token: staff.token }));
    expect(api.some((x) => x.type === 'watch')).toBe(true);
    const mastodon = await json<any[]>(t.call('GET', '/api/v1/notifications', { token: staff.token }));
    expect(mastodon.some((x) => x.comptoir_type === 'watch')).toBe(false);
  });

  it('gathers a busy minute into at most two immediate alerts, every match told', async () => {
    const word = `ossau${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Rafale', query: word }), 201);
    await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'immediate' },
      }),
    );
    const posted: string[] = [];
    for (let i = 0; i < 4; i++) {
      posted.push((await post(author, `${word} numéro ${i}`)).id);
      await runJobs();
    }
    const alerts = await queryRows<{ period: string; item_ids: string[] | string }>(
      t.ctx.db,
      sql`select period, item_ids from watch_alerts where watch_id = ${id} order by period`,
    );
    expect(alerts.length).toBeLessThanOrEqual(4);
    expect(alerts.length).toBeGreaterThanOrEqual(2); // one at once, the rest gathered (or a new minute began)
    const told = alerts.flatMap((a) => (typeof a.item_ids === 'string' ? JSON.parse(a.item_ids) : a.item_ids));
    expect(told.sort()).toEqual([...posted].sort());
    // the gathered alert waits for the end of its minute; run it now
    await queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = 'watch.alert' and done_at is null`);
    await runJobs();
    const notes = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from notifications where type = 'watch' and subject_id = ${id} and account_id = ${staff.id}`,
    );
    expect(Number(notes[0].n)).toBe(alerts.length);
  });

  it('sends alerts to the brand’s webhook endpoints subscribed to * as watch.match events', async () => {
    const endpoint = await json(
      t.call('POST', `/api/v1/brands/${brand.id}/webhooks`, {
        token: owner.token,
        body: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
      }),
      201,
    );
    const word = `abondance${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Webhook', query: word }), 201);
    await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'immediate', alert_webhook: true, alert_in_app: false },
      }),
    );
    const p = await post(author, `Un ${word} de garde`);
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx)); // the match, then its alert (delivery attempts fail: nobody listens)
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    const deliveries = await queryRows<{ event: string; payload: any }>(
      t.ctx.db,
      sql`select event, payload from webhook_deliveries where endpoint_id = ${endpoint.id}`,
    );
    expect(deliveries.map((d) => d.event)).toEqual(['watch.match']);
    const payload =
      typeof deliveries[0].payload === 'string' ? JSON.parse(deliveries[0].payload) : deliveries[0].payload;
    expect(payload.data.watch.id).toBe(id);
    expect(payload.data.items.map((i: any) => i.id)).toEqual([p.id]);
    expect(['positive', 'neutral', 'negative']).toContain(payload.data.items[0].sentiment);
    const notes = await queryRows(
      t.ctx.db,
      sql`select 1 from notifications where type = 'watch' and subject_id = ${id}`,
    );
    expect(notes).toHaveLength(0); // in-app off
  });

  it('raises one crisis alert per episode, with the most reached items first', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Crise', query: `crise${uniq()}` }), 201);
    const now = new Date();
    const hour = 3_600_000;
    for (let d = 1; d <= 7; d++) await seedMatch(id, new Date(now.getTime() - d * 24 * hour - 2 * hour), 'negative');
    const big = await seedMatch(id, new Date(now.getTime() - hour), 'negative', 50_000);
    for (let i = 0; i < 7; i++) await seedMatch(id, new Date(now.getTime() - (i + 2) * hour), 'negative', 100 + i);
    await seedMatch(id, new Date(now.getTime() - hour), 'positive', 1_000_000);

    const raced = await Promise.all([
      runCrisisChecks(t.ctx, now),
      runCrisisChecks(t.ctx, now),
      runCrisisChecks(t.ctx, now),
    ]);
    expect(raced.reduce((a, b) => a + b, 0)).toBe(1); // three checks at once: one alert
    expect(await runCrisisChecks(t.ctx, new Date(now.getTime() + hour))).toBe(0); // same episode
    const alerts = await queryRows<{ id: string; item_ids: string[] | string; kind: string }>(
      t.ctx.db,
      sql`select id, item_ids, kind from watch_alerts where watch_id = ${id}`,
    );
    expect(alerts).toHaveLength(1);
    const items = typeof alerts[0].item_ids === 'string' ? JSON.parse(alerts[0].item_ids) : alerts[0].item_ids;
    expect(items[0]).toBe(big);
    expect(items).toHaveLength(8);
    const watch = await json(t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token }));
    expect(watch.spike.crisis_since).not.toBeNull();
    await runJobs();
    const notes = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from notifications where type = 'watch' and subject_id = ${id} and detail = 'crisis'`,
    );
    expect(Number(notes[0].n)).toBe(2); // owner and staff, once each
    await deliverAlert(t.ctx, alerts[0].id); // a rerun tells nobody twice
    const again = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from notifications where type = 'watch' and subject_id = ${id} and detail = 'crisis'`,
    );
    expect(Number(again[0].n)).toBe(2);
    // two days later the window is calm: the episode ends
    expect(await runCrisisChecks(t.ctx, new Date(now.getTime() + 48 * hour))).toBe(0);
    const after = await json(t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}`, { token: owner.token }));
    expect(after.spike.crisis_since).toBeNull();
  });

  it('does not raise a crisis on a small baseline below the minimum count', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Calme', query: `calme${uniq()}` }), 201);
    const now = new Date();
    for (let i = 0; i < 3; i++) await seedMatch(id, new Date(now.getTime() - (i + 1) * 3_600_000), 'negative');
    await runCrisisChecks(t.ctx, now);
    const alerts = await queryRows(t.ctx.db, sql`select 1 from watch_alerts where watch_id = ${id}`);
    expect(alerts).toHaveLength(0);
  });

  it('sends the daily digest once per day, by e-mail to the team', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Digest', query: `digest${uniq()}` }), 201);
    await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'digest', alert_email: true, alert_in_app: false },
      }),
    );
    const today = new Date();
    const now = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 1));
    const yesterday = new Date(now.getTime() - 13 * 3_600_000);
    await seedMatch(id, yesterday, 'positive');
    await seedMatch(id, new Date(yesterday.getTime() + 60_000), 'neutral');
    const outbox = outboxDir(t.ctx.config.dataDir);
    const mailsBefore = fs.existsSync(outbox) ? fs.readdirSync(outbox).length : 0;
    await Promise.all([runDigests(t.ctx, now), runDigests(t.ctx, now)]);
    await runDigests(t.ctx, new Date(now.getTime() + 3_600_000));
    const digests = await queryRows<{ period: string }>(
      t.ctx.db,
      sql`select period from watch_alerts where watch_id = ${id} and kind = 'digest'`,
    );
    expect(digests.map((d) => d.period)).toEqual([yesterday.toISOString().slice(0, 10)]);
    await runJobs();
    await runJobs();
    const mails = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(mails.length - mailsBefore).toBe(2); // owner and staff
    const text = mails.map((f) => fs.readFileSync(path.join(outbox, f), 'utf8')).join('\n');
    expect(text).toContain('Digest');
  });
});

describe('dashboards', () => {
  it('answers volume, sentiment, top voices, words, hashtags and share of voice', async () => {
    const word = `roquefort${uniq()}`;
    const { id } = await json(createWatch(owner.token, { name: 'Roquefort', query: word }), 201);
    await post(author, `Le ${word} de Causses #fromage #aveyron, délicieux`);
    await post(author, `Encore ${word} #fromage`);
    await runJobs();
    const stats = await json(
      t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/stats?days=7`, { token: owner.token }),
    );
    expect(stats.series).toHaveLength(7);
    expect(stats.totals.total).toBe(2);
    expect(stats.series[6].total).toBe(2);
    expect(stats.top_voices[0].username).toBe(author.username);
    expect(stats.top_hashtags[0]).toEqual({ word: 'fromage', count: 2 });
    expect(stats.top_words.map((w: any) => w.word)).toEqual(
      expect.arrayContaining(['roquefort', 'causses', 'délicieux']),
    );
    expect(stats.top_words.map((w: any) => w.word)).not.toContain('le');
    const share = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brand.id}/watches/share_of_voice?days=7`, { token: owner.token }),
    );
    expect(share.find((s) => s.watch_id === id).count).toBe(2);
    expect(share.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 5);
    expect(
      (await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/stats?days=0`, { token: owner.token })).status,
    ).toBe(400);
    expect(
      (await t.call('GET', `/api/v1/brands/${brand.id}/watches/share_of_voice`, { token: outsider.token })).status,
    ).toBe(403);
  });

  it('renders the watch pages for the team only', async () => {
    const { id } = await json(createWatch(owner.token, { name: 'Page', query: `page${uniq()}` }), 201);
    const { BrowserSession } = await import('../../../../test/support/browser-session');
    const member = new BrowserSession(t);
    await member.actAs(staff.id);
    const list = await member.get(`/brands/${brand.username}/watches`);
    expect(list.status).toBe(200);
    const page = await member.get(`/brands/${brand.username}/watches/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain('feed.rss?token=');
    const manager = new BrowserSession(t);
    await manager.actAs(owner.id);
    const bad = await manager.post(`/brands/${brand.username}/watches`, { name: 'Mauvaise', query: '"pas fermée' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('watch-error');
    const noCsrf = await manager.post(`/brands/${brand.username}/watches`, { name: 'x', query: 'x' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    const good = await manager.post(`/brands/${brand.username}/watches`, { name: 'Bonne', query: 'bonne' });
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toMatch(/\/watches\/[0-9a-f-]{36}\?created=1$/);
    expect((await member.post(`/brands/${brand.username}/watches`, { name: 'Staff', query: 'staff' })).status).toBe(
      403,
    );
    const stranger = new BrowserSession(t);
    await stranger.actAs(outsider.id);
    expect((await stranger.get(`/brands/${brand.username}/watches/${id}`)).status).toBe(403);
    const rival = new BrowserSession(t);
    await rival.actAs(otherOwner.id);
    expect((await rival.get(`/brands/${otherBrand.username}/watches/${id}`)).status).toBe(404);
  });
});

describe('propagation', () => {
  it('builds the tree of a seeded cascade with timestamps and cumulative reach, showing only what the viewer may see', async () => {
    const alice = await signUpUser(t, app, `alice_${uniq()}`);
    const bob = await signUpUser(t, app, `bob_${uniq()}`);
    const carol = await signUpUser(t, app, `carol_${uniq()}`);
    const dave = await signUpUser(t, app, `dave_${uniq()}`);
    const eve = await signUpUser(t, app, `eve_${uniq()}`);
    await queryRows(
      t.ctx.db,
      sql`update accounts set followers_count = case id when ${alice.id} then 100 when ${bob.id} then 50 when ${carol.id} then 20 when ${dave.id} then 5 else 1 end where id in (${alice.id}, ${bob.id}, ${carol.id}, ${dave.id}, ${eve.id})`,
    );
    const root = await post(alice, 'Notre nouveau fromage est arrivé');
    await json(t.call('POST', `/api/v1/statuses/${root.id}/reblog`, { token: bob.token }));
    const quote = await json(
      t.call('POST', '/api/v1/statuses', { token: carol.token, body: { status: 'Regardez ça', quote_id: root.id } }),
    );
    const reply = await json(
      t.call('POST', '/api/v1/statuses', { token: dave.token, body: { status: 'Bien vu', in_reply_to_id: quote.id } }),
    );
    await json(t.call('POST', `/api/v1/accounts/${eve.id}/follow`, { token: dave.token }));
    const secret = await json(
      t.call('POST', '/api/v1/statuses', {
        token: eve.token,
        body: { status: 'Entre nous', in_reply_to_id: root.id, visibility: 'private' },
      }),
    );

    const anon = await json(t.call('GET', `/api/v1/statuses/${root.id}/propagation`));
    expect(anon.root.id).toBe(root.id);
    expect(anon.root.kind).toBe('root');
    const kinds = anon.root.children.map((c: any) => `${c.kind}:${c.account.username}`).sort();
    expect(kinds).toEqual([`quote:${carol.username}`, `repost:${bob.username}`].sort());
    const q = anon.root.children.find((c: any) => c.kind === 'quote');
    expect(q.id).toBe(quote.id);
    expect(q.children.map((c: any) => [c.kind, c.id])).toEqual([['reply', reply.id]]);
    expect(anon.counts).toEqual({ reposts: 1, quotes: 1, replies: 1, accounts: 4 });
    expect(anon.total_reach).toBe(175);
    expect(anon.reach.map((r: any) => r.cumulative)).toEqual([100, 150, 170, 175]);
    expect(Date.parse(anon.reach[0].at)).toBeLessThanOrEqual(Date.parse(anon.reach[3].at));
    expect(JSON.stringify(anon)).not.toContain(secret.id);
    // a quote hidden by moderation hides its branch, for everyone
    await queryRows(
      t.ctx.db,
      sql`insert into moderation_hidden_statuses (status_id, reason) values (${quote.id}, 'rejected')`,
    );
    const gated = await json(t.call('GET', `/api/v1/statuses/${root.id}/propagation`, { token: carol.token }));
    expect(JSON.stringify(gated)).not.toContain(quote.id);
    expect(JSON.stringify(gated)).not.toContain(reply.id);
    await queryRows(t.ctx.db, sql`delete from moderation_hidden_statuses where status_id = ${quote.id}`);

    const follower = await json(t.call('GET', `/api/v1/statuses/${root.id}/propagation`, { token: dave.token }));
    expect(follower.root.children.map((c: any) => c.id)).toContain(secret.id);

    expect((await t.call('GET', `/api/v1/statuses/${secret.id}/propagation`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/statuses/${uuidv7()}/propagation`)).status).toBe(404);
    expect((await t.call('GET', '/api/v1/statuses/nope/propagation')).status).toBe(404);
    const page = await app_get(`/@${alice.username}/${root.id}/propagation`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(carol.username);
  });
});

const app_get = (url: string) => Promise.resolve(t.app.request(url, { headers: { accept: 'text/html' } }));
