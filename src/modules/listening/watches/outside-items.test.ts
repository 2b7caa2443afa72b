/**
 * Outside items (read from the feeds brands listen to) matched by watches: only the watches of
 * brands listening to the item's source, with search's query language, scanned from a cursor
 * with an overlap; shown in the matches API with their source and link, counted by the stats.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { createBrand } from '../../accounts';
import { collectSentiment } from '../../analytics/roi/sentiment';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { negativeWindows } from './alerts';
import { runReviewScan } from './matcher';
import { OUTSIDE_CURSOR_KEY, OUTSIDE_OVERLAP_MS, scanOutsideItems } from './outside-items';
import { idAt, insertOutsideItem, listenTo } from './outside-test-support';
import { dailySeries, shareOfVoice, topWords } from './stats';

let t: TestApp;
let owner: TestUser;
let rivalOwner: TestUser;
let brand: { id: string; username: string };
let rival: { id: string; username: string };
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 7).replace(/\d/g, 'x')}`;

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, `out_owner_${uniq()}`);
  rivalOwner = await signUpUser(t, app, `out_rival_${uniq()}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: `cafe_${uniq()}`, displayName: 'Café' });
  brand = { id: b.id, username: b.username };
  const r = await createBrand({ db: t.ctx.db }, rivalOwner.id, { username: `rival_${uniq()}` });
  rival = { id: r.id, username: r.username };
});
afterAll(() => t.close());

const watch = async (who: TestUser, brandId: string, query: string) =>
  (
    await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${brandId}/watches`, {
        token: who.token,
        body: { name: query.slice(0, 90), query },
      }),
      201,
    )
  ).id;
const matches = (who: TestUser, brandId: string, watchId: string) =>
  json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/watches/${watchId}/matches`, { token: who.token }));
const cursor = async () =>
  (await queryRows<{ value: string }>(t.ctx.db, sql`select value from settings where key = ${OUTSIDE_CURSOR_KEY}`))[0]
    ?.value;

describe('outside items matched by watches', () => {
  it('match the watches of the brands listening to the source only, with the source and link in the API', async () => {
    const word = `torrefaction${uniq()}`;
    const mine = await watch(owner, brand.id, word);
    const theirs = await watch(rivalOwner, rival.id, word);
    const { sourceId, brandSourceId } = await listenTo(t.ctx.db, brand.id, 'Le blog du café');
    const item = await insertOutsideItem(t.ctx.db, sourceId, {
      title: `Une ${word} exemplaire`,
      text: 'Un article de blog, très enthousiaste : excellent, formidable.',
      language: 'fr',
      url: 'https://blog.example/2026/torrefaction',
    });
    await runReviewScan(t.ctx);
    const list = await matches(owner, brand.id, mine);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: item,
      type: 'outside',
      status_id: null,
      review_id: null,
      url: 'https://blog.example/2026/torrefaction',
      text: `Une ${word} exemplaire\nUn article de blog, très enthousiaste : excellent, formidable.`,
      language: 'fr',
      remote: false,
      author: null,
      source: { id: brandSourceId, name: 'Le blog du café' },
      sentiment: { label: 'positive' },
    });
    // The rival's watch has the same query but does not listen to that source.
    expect(await matches(rivalOwner, rival.id, theirs)).toEqual([]);
    // The cursor is the last item scanned; a second scan records nothing twice.
    expect(await cursor()).toBe(item);
    await scanOutsideItems(t.ctx);
    expect(await matches(owner, brand.id, mine)).toHaveLength(1);
  });

  it('a brand sharing the source sees it under its own name for it; a link that is not a web page is dropped', async () => {
    const word = `arabica${uniq()}`;
    const mine = await watch(owner, brand.id, word);
    const theirs = await watch(rivalOwner, rival.id, word);
    const { sourceId, brandSourceId } = await listenTo(t.ctx.db, brand.id, 'Forum A');
    const shared = await listenTo(t.ctx.db, rival.id, 'Forum des rivaux', undefined, sourceId);
    await insertOutsideItem(t.ctx.db, sourceId, { text: `Le ${word} du matin`, url: 'javascript:alert(1)' });
    await scanOutsideItems(t.ctx);
    const [a] = await matches(owner, brand.id, mine);
    const [b] = await matches(rivalOwner, rival.id, theirs);
    expect(a).toMatchObject({ source: { id: brandSourceId, name: 'Forum A' }, url: null });
    expect(b).toMatchObject({ source: { id: shared.brandSourceId, name: 'Forum des rivaux' }, url: null });
  });

  it('reads the query language on the item: lang:, since:/until:, @brand and #tag in the text; from: and rating: match nothing', async () => {
    const w = `moka${uniq()}`;
    const { sourceId } = await listenTo(t.ctx.db, brand.id, 'Actus');
    const old = new Date('2025-03-10T12:00:00Z');
    const fr = await insertOutsideItem(t.ctx.db, sourceId, {
      text: `Le ${w} de @${brand.username} #cafe`,
      language: 'fr',
    });
    const en = await insertOutsideItem(t.ctx.db, sourceId, {
      text: `The ${w} is back`,
      language: 'en',
      publishedAt: old,
    });
    const queries: Record<string, string[]> = {
      [w]: [fr, en],
      [`${w} lang:fr`]: [fr],
      [`${w} lang:en`]: [en],
      [`${w} since:2026-01-01`]: [fr],
      [`${w} until:2025-12-31`]: [en],
      [`${w} @${brand.username}`]: [fr],
      [`${w} #cafe`]: [fr],
      [`${w} -#cafe`]: [en],
      [`${w} @nobody_${uniq()}`]: [],
      [`${w} from:${owner.username}`]: [],
      [`${w} rating:<=2`]: [],
      [`${w} has:media`]: [],
    };
    const ids = Object.fromEntries(
      await Promise.all(Object.keys(queries).map(async (q) => [q, await watch(owner, brand.id, q)] as const)),
    );
    await scanOutsideItems(t.ctx);
    for (const [q, expected] of Object.entries(queries)) {
      const got = (await matches(owner, brand.id, ids[q])).map((m) => m.id).sort();
      expect({ q, got }).toEqual({ q, got: [...expected].sort() });
    }
  });

  it('rescans the overlap: an item committed late with an id just behind the cursor is matched; older ones are not', async () => {
    const word = `ristretto${uniq()}`;
    const id = await watch(owner, brand.id, word);
    const { sourceId } = await listenTo(t.ctx.db, brand.id, 'Lent');
    const first = await insertOutsideItem(t.ctx.db, sourceId, { text: `${word} un` });
    await scanOutsideItems(t.ctx);
    expect(await cursor()).toBe(first);
    const at = Number.parseInt(first.replace(/-/g, '').slice(0, 12), 16);
    const late = await insertOutsideItem(t.ctx.db, sourceId, { id: idAt(at - 5_000), text: `${word} deux` });
    const tooLate = await insertOutsideItem(t.ctx.db, sourceId, {
      id: idAt(at - OUTSIDE_OVERLAP_MS - 60_000),
      text: `${word} trois`,
    });
    await scanOutsideItems(t.ctx);
    const got = (await matches(owner, brand.id, id)).map((m) => m.id);
    expect(got).toContain(late);
    expect(got).not.toContain(tooLate);
    expect(await cursor()).toBe(first);
  });

  it('a source the brand removes takes its matches away; the other brands listening keep theirs', async () => {
    const word = `cortado${uniq()}`;
    const mine = await watch(owner, brand.id, word);
    const theirs = await watch(rivalOwner, rival.id, word);
    const { sourceId, brandSourceId } = await listenTo(t.ctx.db, brand.id, 'Partagé');
    await listenTo(t.ctx.db, rival.id, 'Partagé aussi', undefined, sourceId);
    await insertOutsideItem(t.ctx.db, sourceId, { text: `Un ${word} serré` });
    await scanOutsideItems(t.ctx);
    expect(await matches(owner, brand.id, mine)).toHaveLength(1);
    await queryRows(t.ctx.db, sql`delete from brand_sources where id = ${brandSourceId}`);
    expect(await matches(owner, brand.id, mine)).toEqual([]);
    const left = await queryRows(t.ctx.db, sql`select 1 from watch_matches where watch_id = ${mine}`);
    expect(left).toHaveLength(0);
    expect(await matches(rivalOwner, rival.id, theirs)).toHaveLength(1);
    // Nobody listens any more: the items go with the source, and so do the rival's matches.
    await queryRows(t.ctx.db, sql`delete from listening_sources where id = ${sourceId}`);
    expect(await queryRows(t.ctx.db, sql`select 1 from watch_matches where watch_id = ${theirs}`)).toHaveLength(0);
  });

  it('another brand’s team never reads them (403 on the brand, 404 through its own)', async () => {
    const id = await watch(owner, brand.id, `latte${uniq()}`);
    const direct = await t.call('GET', `/api/v1/brands/${brand.id}/watches/${id}/matches`, { token: rivalOwner.token });
    expect(direct.status).toBe(403);
    const through = await t.call('GET', `/api/v1/brands/${rival.id}/watches/${id}/matches`, {
      token: rivalOwner.token,
    });
    expect(through.status).toBe(404);
  });

  it('counts in the series, share of voice, crisis windows, top words and the sentiment rollup', async () => {
    const word = `robusta${uniq()}`;
    const id = await watch(owner, brand.id, word);
    const { sourceId } = await listenTo(t.ctx.db, brand.id, 'Critiques');
    await insertOutsideItem(t.ctx.db, sourceId, {
      title: 'Horrible',
      text: `Ce ${word} est horrible, immangeable, une honte, je suis déçue`,
      language: 'fr',
    });
    await scanOutsideItems(t.ctx);
    const [m] = await matches(owner, brand.id, id);
    expect(m.sentiment.label).toBe('negative');
    expect((await shareOfVoice(t.ctx.db, brand.id, 7)).find((s) => s.watch_id === id)?.count).toBe(1);
    expect((await negativeWindows(t.ctx.db, id)).current).toBe(1);
    expect((await dailySeries(t.ctx.db, id, 1))[0]).toMatchObject({ total: 1, negative: 1 });
    expect((await topWords(t.ctx.db, id, 7)).words.map((w) => w.word)).toContain('immangeable');
    await collectSentiment(t.ctx.db);
    const counts = await queryRows<{ value: number }>(
      t.ctx.db,
      sql`select value from analytics_counts where subject_kind = 'brand' and subject_id = ${brand.id} and metric = 'sentiment_count'`,
    );
    expect(counts.reduce((a, r) => a + Number(r.value), 0)).toBeGreaterThanOrEqual(1);
  });
});
