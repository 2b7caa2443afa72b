import { parseOpml } from 'feedsmith';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { createBrand } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { OPML_MAX_BYTES, OPML_MAX_ENTRIES } from './opml';
import { type FeedServer, opml, rss, startFeedServer } from './sources-test-support';

let t: TestApp;
let feeds: FeedServer;
let owner: TestUser;
let outsider: TestUser;
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

beforeAll(async () => {
  feeds = await startFeedServer({
    '/a.xml': ['application/rss+xml', rss('Blog A', [{ guid: 'a', title: 'A' }])],
    '/b.xml': ['application/rss+xml', rss('Forum B', [{ guid: 'b', title: 'B' }])],
  });
  t = await createTestApp({ outboundAllowLocal: true });
  const app = await appToken(t);
  owner = await signUpUser(t, app, `opml_owner_${uniq()}`);
  outsider = await signUpUser(t, app, `opml_out_${uniq()}`);
});
afterAll(async () => {
  await t?.close();
  await feeds?.stop();
});

const newBrand = async () => (await createBrand({ db: t.ctx.db }, owner.id, { username: `marque_${uniq()}` })).id;
const upload = (brandId: string, content: string | Uint8Array<ArrayBuffer>, token = owner.token, field = 'file') => {
  const form = new FormData();
  form.append(field, new Blob([content], { type: 'text/x-opml' }), 'abonnements.opml');
  return t.app.request(`/api/v1/brands/${brandId}/sources/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
};
const sourcesOf = async (brandId: string) =>
  json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/sources`, { token: owner.token }));
const rowsOf = async (brandId: string) => {
  const [row] = await queryRows<{ n: number }>(
    t.ctx.db,
    sql`select count(*)::int as n from brand_sources where brand_id = ${brandId}`,
  );
  return Number(row.n);
};

describe('OPML import', () => {
  it('adds the feeds of nested folders at once (no fetch in the request), skipping duplicates, listing refusals', async () => {
    const brandId = await newBrand();
    const file = opml([
      {
        text: 'Blogs',
        children: [
          { text: 'Blog A', xmlUrl: feeds.url('/a.xml') },
          { text: 'Folder', children: [{ text: 'Forum B', xmlUrl: feeds.url('/b.xml') }] },
        ],
      },
      { text: 'A again', xmlUrl: `${feeds.url('/a.xml')}#dup` },
      { text: 'Ailleurs', xmlUrl: 'https://never-fetched.example/feed' },
      { text: 'FTP', xmlUrl: 'ftp://files.example/feed' },
      { text: 'Private', xmlUrl: 'http://10.1.2.3/rss' },
      { text: 'No feed here' },
    ]);
    const result = await json(upload(brandId, file));
    expect(result.added).toBe(3);
    expect(result.skipped).toBe(1);
    expect(result.errors.map((e: { code: string }) => e.code).sort()).toEqual(['invalid_url', 'private_url']);
    expect(result.errors.find((e: { code: string }) => e.code === 'private_url').url).toBe('http://10.1.2.3/rss');
    const list = await sourcesOf(brandId);
    expect(list.map((s) => [s.name, s.url, s.status])).toEqual([
      ['Ailleurs', 'https://never-fetched.example/feed', 'pending'],
      ['Blog A', feeds.url('/a.xml'), 'pending'],
      ['Forum B', feeds.url('/b.xml'), 'pending'],
    ]);
    // Each new feed has its fetch queued; importing the same file again adds nothing.
    const [queued] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from jobs j join listening_sources s on s.id::text = j.payload->>'sourceId'
          where j.kind = 'source.fetch' and s.url = 'https://never-fetched.example/feed'`,
    );
    expect(Number(queued.n)).toBe(1);
    const again = await json(upload(brandId, file));
    expect(again).toMatchObject({ added: 0, skipped: 4 });
  });

  it('round trip: export (OPML 2.0 attachment) imported into another brand gives the same sources', async () => {
    const from = await newBrand();
    await json(
      t.call('POST', `/api/v1/brands/${from}/sources`, {
        token: owner.token,
        body: { url: feeds.url('/a.xml'), name: 'Blog « A » & <cie>' },
      }),
      201,
    );
    await json(
      upload(
        from,
        opml([
          { text: 'Forum B', xmlUrl: feeds.url('/b.xml') },
          { text: 'Loin', xmlUrl: 'https://far.example/rss' },
        ]),
      ),
    );
    const res = await t.call('GET', `/api/v1/brands/${from}/sources.opml`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/x-opml/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sources-marque_[a-z0-9_]+\.opml"$/);
    const text = await res.text();
    expect(text).toContain('<opml version="2.0">');
    expect(parseOpml(text).body?.outlines).toHaveLength(3);
    const to = await newBrand();
    expect(await json(upload(to, text))).toEqual({ added: 3, skipped: 0, errors: [] });
    const strip = (list: any[]) => list.map((s) => ({ name: s.name, url: s.url }));
    expect(strip(await sourcesOf(to))).toEqual(strip(await sourcesOf(from)));
    expect((await t.call('GET', `/api/v1/brands/${from}/sources.opml`, { token: outsider.token })).status).toBe(404);
  });

  it('exports an empty list as an empty OPML document, which imports as nothing', async () => {
    const empty = await newBrand();
    const res = await t.call('GET', `/api/v1/brands/${empty}/sources.opml`, { token: owner.token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<body/>');
    expect(await json(upload(await newBrand(), text))).toEqual({ added: 0, skipped: 0, errors: [] });
  });

  it(`refuses a file with more than ${OPML_MAX_ENTRIES} feeds (10,000 here) with 422 too_many_entries, adding nothing`, async () => {
    const brandId = await newBrand();
    const many = Array.from({ length: 10_000 }, (_, i) => ({ text: `Feed ${i}`, xmlUrl: `https://f${i}.example/rss` }));
    const res = await upload(brandId, opml([{ text: 'Tout', children: many }]));
    expect((await json(res, 422)).error.code).toBe('too_many_entries');
    expect(await rowsOf(brandId)).toBe(0);
  });

  it('refuses what is not OPML, too big, hostile XML or no file, adding nothing', async () => {
    const brandId = await newBrand();
    const cases: [string | Uint8Array<ArrayBuffer>, number, string][] = [
      ['<html><body>pas un OPML</body></html>', 422, 'invalid_opml'],
      ['<opml><body><outline text="x" xmlUrl="https://x.example/"', 422, 'invalid_opml'],
      ['', 422, 'invalid_opml'],
      [new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x6f, 0x00]), 422, 'invalid_opml'],
      [
        opml(
          [{ text: '&xxe;', xmlUrl: 'https://x.example/' }],
          '<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ).replace('&amp;xxe;', '&xxe;'),
        422,
        'invalid_opml',
      ],
      [
        `${opml([{ text: 'big', xmlUrl: 'https://big.example/' }])}<!--${'x'.repeat(OPML_MAX_BYTES)}-->`,
        413,
        'file_too_large',
      ],
    ];
    for (const [content, status, code] of cases) {
      const res = await upload(brandId, content);
      expect([code, res.status, (await res.json()).error.code]).toEqual([code, status, code]);
    }
    const none = await upload(brandId, opml([]), owner.token, 'other');
    expect((await json(none, 422)).error.code).toBe('file_missing');
    expect(await rowsOf(brandId)).toBe(0);
  });

  it('does not expand entities: a billion-laughs file stays small and literal', async () => {
    const brandId = await newBrand();
    const lol = 'lol'.padEnd(3, 'l');
    const dtd = `<!DOCTYPE opml [<!ENTITY a "${lol}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>`;
    const file = opml([{ text: 'LAUGHS', xmlUrl: 'https://lol.example/rss' }], dtd).replace('LAUGHS', '&h;');
    const res = await upload(brandId, file);
    // Refused as malformed or read with the entity left literal: never a billion characters.
    if (res.status === 200) {
      expect(await res.json()).toMatchObject({ added: 1 });
      const [source] = await sourcesOf(brandId);
      expect(source.name.length).toBeLessThan(100);
    } else {
      expect([res.status, (await res.json()).error.code]).toEqual([422, 'invalid_opml']);
    }
  });

  it('is for the brand’s managers: others get 404, nothing added', async () => {
    const brandId = await newBrand();
    const res = await upload(brandId, opml([{ text: 'A', xmlUrl: feeds.url('/a.xml') }]), outsider.token);
    expect([res.status, (await res.json()).error.code]).toEqual([404, 'not_found']);
    expect(await rowsOf(brandId)).toBe(0);
  });
});
