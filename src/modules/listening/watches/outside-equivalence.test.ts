/**
 * The promise: outside items are matched exactly like posts. For any text and language,
 * an item read from a brand's source matches exactly the watches of that brand a public post
 * with the same text and language matches (words, stems, accents, phrases, OR, exclusions,
 * #tags, @mentions, lang:).
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { createBrand } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { matchStatuses } from './matcher';
import { matchOutsideItems } from './outside-items';
import { insertOutsideItem, listenTo } from './outside-test-support';

let t: TestApp;
let owner: TestUser;
let author: TestUser;
let brand: { id: string; username: string };
let sourceId: string;
const watchIds: string[] = [];

const WORDS = [
  'café',
  'cafés',
  'cafe',
  'torréfaction',
  'torréfié',
  'grain',
  'grains',
  'coffee',
  'coffees',
  'roasted',
  'roasting',
  'bitter',
  'amer',
  'doux',
  'les',
  'the',
  'Lyon',
];
const word = fc.constantFrom(...WORDS);

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, 'eq_owner');
  author = await signUpUser(t, app, 'eq_author');
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: 'eq_brulerie', displayName: 'Brûlerie' });
  brand = { id: b.id, username: b.username };
  sourceId = (await listenTo(t.ctx.db, brand.id, 'Blog')).sourceId;
  const handwritten = [
    'café',
    'cafe',
    'coffee',
    '"grain torréfié"',
    'café OR coffee',
    'café -amer',
    '(grain OR grains) doux',
    '#torrefaction',
    `@${brand.username}`,
    `@${brand.username} -bitter`,
    'café lang:fr',
    'coffee lang:en',
    'roasted lang:fr',
    'les',
    '"the coffee"',
  ];
  // More queries from the same vocabulary, fixed by the seed so every run tests the same watches.
  const atom = fc.oneof(
    word,
    word.map((w) => `-${w}`),
    fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
    fc.tuple(word, word).map(([a, b]) => `(${a} OR ${b})`),
  );
  const generated = fc
    .sample(fc.tuple(word, fc.array(atom, { maxLength: 2 })), { numRuns: 15, seed: 19 })
    .map(([first, rest]) => [first, ...rest].join(' '));
  for (const query of [...handwritten, ...generated]) {
    const res = await t.call('POST', `/api/v1/brands/${brand.id}/watches`, {
      token: owner.token,
      body: { name: query.slice(0, 90), query },
    });
    if (res.status === 201) watchIds.push(((await res.json()) as { id: string }).id);
  }
  expect(watchIds.length).toBeGreaterThan(20);
});
afterAll(() => t.close());

const matchedBy = async (itemId: string) =>
  (
    await queryRows<{ watch_id: string }>(
      t.ctx.db,
      sql`select watch_id from watch_matches where item_id = ${itemId} and watch_id in ${watchIds} order by watch_id`,
    )
  ).map((r) => r.watch_id);

describe('outside items match like posts', () => {
  it('for any text and language, the same watches', async () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: word },
      { weight: 1, arbitrary: fc.constantFrom('#torrefaction', '#café', `@${brand.username}`, '@inconnu_x', ',', '!') },
    );
    const doc = fc.record({
      text: fc.array(piece, { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
      language: fc.constantFrom('fr', 'en', 'de'),
    });
    let anyMatch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 4 }), async (docs) => {
        for (const d of docs) {
          const post = await json<{ id: string }>(
            t.call('POST', '/api/v1/statuses', { token: author.token, body: { status: d.text, language: d.language } }),
          );
          const item = await insertOutsideItem(t.ctx.db, sourceId, { text: d.text, language: d.language });
          await matchStatuses({ db: t.ctx.db }, [post.id]);
          await matchOutsideItems({ db: t.ctx.db }, [item]);
          const [byPost, byItem] = [await matchedBy(post.id), await matchedBy(item)];
          expect({ text: d.text, language: d.language, watches: byItem }).toEqual({
            text: d.text,
            language: d.language,
            watches: byPost,
          });
          if (byPost.length) anyMatch++;
        }
      }),
      { numRuns: 25, seed: 1919 },
    );
    // The property said something: many documents matched some watch.
    expect(anyMatch).toBeGreaterThan(10);
  });
});
