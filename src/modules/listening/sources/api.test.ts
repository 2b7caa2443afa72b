import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { createBrand, setMember } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { runSourcesTick } from './schedule';
import { ADDS_PER_WINDOW, MAX_SOURCES_PER_BRAND } from './service';
import { atom, type FeedServer, page, rss, startFeedServer } from './sources-test-support';

let t: TestApp;
let feeds: FeedServer;
let owner: TestUser;
let staff: TestUser;
let outsider: TestUser;
let otherOwner: TestUser;
let brand: { id: string; username: string };
let otherBrand: { id: string; username: string };
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/blog/feed.xml': [
      'application/rss+xml',
      rss('Le blog du fromage', [
        { guid: 'a1', title: 'Le comté des Canuts' },
        { guid: 'a2', title: 'Visite de la cave' },
      ]),
    ],
    '/blog/': [
      'text/html; charset=utf-8',
      page('<link rel="alternate" type="application/rss+xml" title="Flux" href="/blog/feed.xml">'),
    ],
    '/news.atom': ['application/atom+xml', atom('Actualités du goût', [{ id: 'urn:n1', title: 'Salon' }])],
    '/forum.xml': ['application/rss+xml', rss('Forum des amateurs', [{ guid: 'f1', title: 'Sujet' }])],
    '/plain.html': ['text/html', page('')],
    '/hostile.xml': ['application/rss+xml', rss('<script>alert(1)</script> & co', [])],
  });
  t = await createTestApp({ outboundAllowLocal: true });
  const app = await appToken(t);
  owner = await signUpUser(t, app, `src_owner_${uniq()}`);
  staff = await signUpUser(t, app, `src_staff_${uniq()}`);
  outsider = await signUpUser(t, app, `src_out_${uniq()}`);
  otherOwner = await signUpUser(t, app, `src_other_${uniq()}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `fromagerie_${uniq()}`,
    displayName: 'Fromagerie',
  });
  brand = { id: b.id, username: b.username };
  await setMember({ db: t.ctx.db }, owner.id, brand.id, staff.id, 'staff');
  const o = await createBrand({ db: t.ctx.db }, otherOwner.id, { username: `rival_${uniq()}` });
  otherBrand = { id: o.id, username: o.username };
});
afterAll(async () => {
  await t?.close();
  await feeds?.stop();
});

const add = (body: unknown, token = owner.token, brandId = brand.id) =>
  t.call('POST', `/api/v1/brands/${brandId}/sources`, { token, body });
const list = async (token = owner.token, brandId = brand.id) =>
  json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/sources`, { token }));
const errorOf = async (res: Response, status: number) => (await json(res, status)).error as { code: string };
const counts = async () => {
  const [row] = await queryRows<{ s: number; b: number; j: number }>(
    t.ctx.db,
    sql`select (select count(*) from listening_sources)::int as s, (select count(*) from brand_sources)::int as b,
          (select count(*) from jobs where kind = 'source.fetch')::int as j`,
  );
  return { sources: Number(row.s), brandSources: Number(row.b), jobs: Number(row.j) };
};
const waitingFetches = async (sourceUrl: string) => {
  const rows = await queryRows<{ n: number }>(
    t.ctx.db,
    sql`select count(*)::int as n from jobs j join listening_sources s on s.id::text = j.payload->>'sourceId'
        where j.kind = 'source.fetch' and j.done_at is null and s.url = ${sourceUrl}`,
  );
  return Number(rows[0].n);
};
const remove = (id: string, token = owner.token) => t.call('DELETE', `/api/v1/sources/${id}`, { token });

describe('adding a source', () => {
  it('adds a feed: 201 with exactly id, url, name (the feed’s title), status; its first fetch is queued', async () => {
    const res = await add({ url: feeds.url('/blog/feed.xml') });
    const body = await json(res, 201);
    expect(Object.keys(body).sort()).toEqual(['id', 'name', 'status', 'url']);
    expect(body).toMatchObject({ url: feeds.url('/blog/feed.xml'), name: 'Le blog du fromage', status: 'pending' });
    expect(await waitingFetches(feeds.url('/blog/feed.xml'))).toBe(1);
    const [listed] = (await list()).filter((s) => s.id === body.id);
    expect(listed).toMatchObject({
      id: body.id,
      url: feeds.url('/blog/feed.xml'),
      name: 'Le blog du fromage',
      status: 'pending',
      last_fetched_at: null,
      last_error: null,
      items_count: 0,
      items_this_week: 0,
      failing_since: null,
    });
    await remove(body.id);
  });

  it('finds the feed a page announces, and keeps the name the team gave', async () => {
    const body = await json(add({ url: feeds.url('/blog/'), name: '  Blog   fromager ' }), 201);
    expect(body).toMatchObject({ url: feeds.url('/blog/feed.xml'), name: 'Blog fromager' });
    // The same feed again, by the page, by the feed with a fragment, by an upper-case host: 409 naming it.
    for (const url of [
      feeds.url('/blog/'),
      `${feeds.url('/blog/feed.xml')}#top`,
      feeds.url('/blog/feed.xml').replace('http://', 'HTTP://'),
    ]) {
      const again = await add({ url });
      const error = (await json(again, 409)).error;
      expect(error).toMatchObject({ code: 'source_exists', details: { id: body.id } });
    }
    expect((await list()).filter((s) => s.url === feeds.url('/blog/feed.xml'))).toHaveLength(1);
    await remove(body.id);
  });

  it('refuses what is not a feed, not http(s), or private, writing nothing', async () => {
    const before = await counts();
    expect(await errorOf(await add({ url: feeds.url('/plain.html') }), 422)).toMatchObject({ code: 'not_a_feed' });
    expect(await errorOf(await add({ url: feeds.url('/missing.xml') }), 422)).toMatchObject({ code: 'fetch_failed' });
    for (const url of [
      'ftp://example.com/feed.xml',
      'javascript:alert(1)',
      'pas une adresse',
      'http://user:pw@example.com/f',
    ])
      expect(await errorOf(await add({ url }), 422)).toMatchObject({ code: 'invalid_url' });
    for (const url of [
      'http://10.0.0.1/feed.xml',
      'http://192.168.1.20/rss',
      'http://[::ffff:10.0.0.1]/f',
      'http://169.254.169.254/',
    ])
      expect(await errorOf(await add({ url }), 422)).toMatchObject({ code: 'private_url' });
    expect((await add({})).status).toBe(400);
    expect(await errorOf(await add({ url: feeds.url('/news.atom'), name: 'x'.repeat(101) }), 422)).toMatchObject({
      code: 'invalid_name',
    });
    // Without the development setting, this machine's loopback is private too.
    t.ctx.config.outboundAllowLocal = false;
    try {
      expect(await errorOf(await add({ url: feeds.url('/news.atom') }), 422)).toMatchObject({ code: 'private_url' });
    } finally {
      t.ctx.config.outboundAllowLocal = true;
    }
    expect(await counts()).toEqual(before);
  });

  it('stores a feed once for every brand listening to it; only a new feed gets a fetch queued', async () => {
    const mine = await json(add({ url: feeds.url('/forum.xml') }), 201);
    const before = await counts();
    const theirs = await json(
      add({ url: feeds.url('/forum.xml'), name: 'Forum' }, otherOwner.token, otherBrand.id),
      201,
    );
    const after = await counts();
    expect(after).toEqual({ sources: before.sources, brandSources: before.brandSources + 1, jobs: before.jobs });
    expect(theirs.id).not.toBe(mine.id);
    // Removing one brand's subscription keeps the shared feed and its items for the other.
    const [src] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from listening_sources where url = ${feeds.url('/forum.xml')}`,
    );
    await queryRows(
      t.ctx.db,
      sql`insert into outside_items (id, source_id, dedupe_key, title, published_at) values (${uuidv7()}, ${src.id}, 'f1', 'Sujet', now())`,
    );
    // Its counts, as a fetch keeps them (fetch.ts).
    await queryRows(t.ctx.db, sql`update listening_sources set items_count = 1 where id = ${src.id}`);
    await queryRows(
      t.ctx.db,
      sql`insert into source_item_days (source_id, day, items) values (${src.id}, (now() at time zone 'UTC')::date, 1)`,
    );
    // Each brand's watch matched the item: removing the source clears only the remover's matches.
    const [item] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from outside_items where source_id = ${src.id}`,
    );
    const watchOf = async (token: string, brandId: string) =>
      (
        await json(
          t.call('POST', `/api/v1/brands/${brandId}/watches`, { token, body: { name: 'Sujet', query: 'sujet' } }),
          201,
        )
      ).id;
    const watches = [await watchOf(owner.token, brand.id), await watchOf(otherOwner.token, otherBrand.id)];
    for (const watchId of watches)
      await queryRows(
        t.ctx.db,
        sql`insert into watch_matches (watch_id, item_id, item_type, item_created_at) values (${watchId}, ${item.id}, 'outside', now())`,
      );
    const matchesOf = async (watchId: string) =>
      Number(
        (
          await queryRows<{ n: number }>(
            t.ctx.db,
            sql`select count(*)::int as n from watch_matches where watch_id = ${watchId}`,
          )
        )[0].n,
      );
    expect((await remove(mine.id)).status).toBe(200);
    expect([await matchesOf(watches[0]), await matchesOf(watches[1])]).toEqual([0, 1]);
    expect((await list()).some((s) => s.id === mine.id)).toBe(false);
    const [kept] = await list(otherOwner.token, otherBrand.id);
    expect(kept).toMatchObject({ id: theirs.id, items_count: 1, items_this_week: 1 });
    // The last one out takes the feed and its items with it.
    expect((await remove(theirs.id, otherOwner.token)).status).toBe(200);
    const left = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select (select count(*) from listening_sources where id = ${src.id}) + (select count(*) from outside_items where source_id = ${src.id}) as n`,
    );
    expect(Number(left[0].n)).toBe(0);
    expect((await remove(theirs.id, otherOwner.token)).status).toBe(404);
  });

  it(`refuses a brand’s source past ${MAX_SOURCES_PER_BRAND} with 422 too_many_sources`, async () => {
    const full = await createBrand({ db: t.ctx.db }, owner.id, { username: `plein_${uniq()}` });
    await queryRows(
      t.ctx.db,
      sql`with s as (
            insert into listening_sources (id, url)
            select gen_random_uuid(), 'https://full.example/' || g || '/feed' from generate_series(1, ${MAX_SOURCES_PER_BRAND}) g
            returning id)
          insert into brand_sources (id, brand_id, source_id, name) select gen_random_uuid(), ${full.id}, id, 'x' from s`,
    );
    const before = await counts();
    expect(await errorOf(await add({ url: feeds.url('/news.atom') }, owner.token, full.id), 422)).toMatchObject({
      code: 'too_many_sources',
    });
    expect(await counts()).toEqual(before);
  });
});

describe('adding too fast', () => {
  it(`answers 429 past ${ADDS_PER_WINDOW[0]} adds per brand in ${ADDS_PER_WINDOW[1] / 60} minutes, fetching nothing`, async () => {
    const busy = await createBrand({ db: t.ctx.db }, owner.id, { username: `presse_${uniq()}` });
    await queryRows(
      t.ctx.db,
      sql`insert into rate_limits (bucket, window_start, hits) values (${`source-add:${busy.id}`}, now(), ${ADDS_PER_WINDOW[0]})`,
    );
    const before = await counts();
    const res = await add({ url: feeds.url('/news.atom') }, owner.token, busy.id);
    expect([res.status, (await res.json()).error.code]).toEqual([429, 'rate_limited']);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await counts()).toEqual(before);
  });
});

describe('health', () => {
  it('shows the first fetch’s result once the queue has run it: items, last fetch, status ok', async () => {
    const made = await json(add({ url: feeds.url('/blog/feed.xml'), name: 'Blog' }), 201);
    for (let i = 0; i < 10 && (await runDueJobs(t.ctx.database, jobHandlers(t.ctx))) > 0; i++);
    const source = (await list()).find((s) => s.id === made.id);
    expect(source).toMatchObject({
      status: 'ok',
      last_error: null,
      items_count: 2,
      items_this_week: 2,
      failing_since: null,
    });
    expect(Date.parse(source.last_fetched_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(source.last_new_item_at).not.toBeNull();
    // Fetched again: the same items are not counted twice.
    await json(t.call('POST', `/api/v1/sources/${made.id}/fetch`, { token: owner.token }), 202);
    for (let i = 0; i < 10 && (await runDueJobs(t.ctx.database, jobHandlers(t.ctx))) > 0; i++);
    expect((await list()).find((s) => s.id === made.id)).toMatchObject({ items_count: 2, items_this_week: 2 });
    // Items of ten days ago count in the total, not in this week, and the sources tick forgets their day.
    const [{ source_id }] = await queryRows<{ source_id: string }>(
      t.ctx.db,
      sql`select source_id from brand_sources where id = ${made.id}`,
    );
    await queryRows(t.ctx.db, sql`update listening_sources set items_count = items_count + 5 where id = ${source_id}`);
    await queryRows(
      t.ctx.db,
      sql`insert into source_item_days (source_id, day, items) values (${source_id}, current_date - 10, 5)`,
    );
    expect((await list()).find((s) => s.id === made.id)).toMatchObject({ items_count: 7, items_this_week: 2 });
    await runSourcesTick(t.ctx);
    const days = await queryRows<{ items: number }>(
      t.ctx.db,
      sql`select items from source_item_days where source_id = ${source_id}`,
    );
    expect(days.map((d) => d.items)).toEqual([2]);
    await remove(made.id);
  });
});

describe('who may', () => {
  it('lets the team read, managers manage, and answers 404 to everyone else', async () => {
    const made = await json(add({ url: feeds.url('/news.atom') }), 201);
    expect((await list(staff.token)).map((s) => s.id)).toContain(made.id);
    expect((await json(t.call('GET', `/api/v1/sources/${made.id}`, { token: staff.token }))).name).toBe(
      'Actualités du goût',
    );
    // staff reads, does not manage
    expect(await errorOf(await add({ url: feeds.url('/forum.xml') }, staff.token), 403)).toMatchObject({
      code: 'role_not_allowed',
    });
    expect(
      (await t.call('PATCH', `/api/v1/sources/${made.id}`, { token: staff.token, body: { name: 'y' } })).status,
    ).toBe(403);
    expect((await t.call('POST', `/api/v1/sources/${made.id}/fetch`, { token: staff.token })).status).toBe(403);
    expect((await remove(made.id, staff.token)).status).toBe(403);
    // A plain person and another brand's owner: 404 everywhere, nothing changes.
    for (const who of [outsider, otherOwner]) {
      for (const [method, path] of [
        ['GET', `/api/v1/brands/${brand.id}/sources`],
        ['POST', `/api/v1/brands/${brand.id}/sources`],
        ['GET', `/api/v1/brands/${brand.id}/sources.opml`],
        ['GET', `/api/v1/sources/${made.id}`],
        ['PATCH', `/api/v1/sources/${made.id}`],
        ['DELETE', `/api/v1/sources/${made.id}`],
        ['POST', `/api/v1/sources/${made.id}/fetch`],
      ]) {
        const body = method === 'GET' ? undefined : { url: feeds.url('/forum.xml'), name: 'z' };
        const res = await t.call(method, path, { token: who.token, body });
        expect([method, path, res.status]).toEqual([method, path, 404]);
        expect((await res.json()).error.code).toBe('not_found');
      }
    }
    expect((await t.call('GET', `/api/v1/brands/${brand.id}/sources`)).status).toBe(401);
    expect((await t.call('GET', `/api/v1/sources/not-an-id`, { token: owner.token })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/brands/${uuidv7()}/sources`, { token: owner.token })).status).toBe(404);
    expect((await json(t.call('GET', `/api/v1/sources/${made.id}`, { token: owner.token }))).name).toBe(
      'Actualités du goût',
    );
    await remove(made.id);
  });
});

describe('rename, fetch now', () => {
  it('renames (blank or too long is 422) and queues one fetch however often it is asked', async () => {
    const made = await json(add({ url: feeds.url('/news.atom') }), 201);
    const renamed = await json(
      t.call('PATCH', `/api/v1/sources/${made.id}`, { token: owner.token, body: { name: ' Actus ' } }),
    );
    expect(renamed).toMatchObject({ id: made.id, name: 'Actus' });
    for (const name of ['', '   ', 'x'.repeat(101)])
      expect(
        await errorOf(await t.call('PATCH', `/api/v1/sources/${made.id}`, { token: owner.token, body: { name } }), 422),
      ).toMatchObject({ code: 'invalid_name' });
    expect((await list()).find((s) => s.id === made.id).name).toBe('Actus');
    const first = await t.call('POST', `/api/v1/sources/${made.id}/fetch`, { token: owner.token });
    expect(first.status).toBe(202);
    expect((await first.json()).id).toBe(made.id);
    expect((await t.call('POST', `/api/v1/sources/${made.id}/fetch`, { token: owner.token })).status).toBe(202);
    expect(await waitingFetches(feeds.url('/news.atom'))).toBe(1);
    await remove(made.id);
  });

  it('keeps a hostile feed title as plain text in JSON', async () => {
    const made = await json(add({ url: feeds.url('/hostile.xml') }), 201);
    expect(made.name).toBe('<script>alert(1)</script> & co');
    await remove(made.id);
  });
});
