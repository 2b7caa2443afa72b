import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { createAccount } from '../../accounts';
import * as social from '../../social';
import { queryRows } from '../../../db/client';
import { parseQuery, statusesMatching } from './index';
import { searchStatusIds } from './service';

let t: TestApp;
let ctx: social.SocialContext;
const person = (username: string) => createAccount({ db: t.ctx.db }, { kind: 'person', username });

beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
});
afterAll(() => t.close());

describe('statusesMatching', () => {
  it('tells which posts match, with stemming, accents, operators, and only public posts', async () => {
    const ann = await person('ann');
    const ben = await person('ben');
    const post = (text: string, extra: Partial<social.NewStatus> = {}) =>
      social.createStatus(ctx, ann.id, { text, language: 'fr', ...extra });
    const shoes = await post('Mes Chaussures élégantes en cuir #Soldes');
    const boots = await post('Des bottes en daim, pas de promo');
    const promo = await post('Chaussures en promo @ben');
    const privateOne = await post('Chaussures privées', { visibility: 'private' });
    const unlisted = await post('Chaussures discrètes', { visibility: 'unlisted' });
    const english = await social.createStatus(ctx, ben.id, { text: 'Running shoes are elegant', language: 'en' });
    const all = [shoes, boots, promo, privateOne, unlisted, english].map((s) => s.id);
    const match = async (q: string) => [...(await statusesMatching(t.ctx.db, all, parseQuery(q)))].sort();
    const ids = (...s: { id: string }[]) => s.map((x) => x.id).sort();

    expect(await match('chaussure')).toEqual(ids(shoes, promo));
    expect(await match('ELEGANTE')).toEqual(ids(shoes, english));
    expect(await match('chaussure -promo')).toEqual(ids(shoes));
    expect(await match('cuir OR daim')).toEqual(ids(shoes, boots));
    expect(await match('"chaussures élégantes"')).toEqual(ids(shoes));
    expect(await match('"élégantes chaussures"')).toEqual([]);
    expect(await match('#soldes')).toEqual(ids(shoes));
    expect(await match('@ben')).toEqual(ids(promo));
    expect(await match('from:ben')).toEqual(ids(english));
    expect(await match('shoe lang:en')).toEqual(ids(english));
    expect(await match('chaussures lang:en')).toEqual([]);
    expect(await match('(cuir OR daim) -#soldes')).toEqual(ids(boots));
    expect(await match('chaussures rating:<=2')).toEqual([]);
    expect(await match('chaussures since:2000-01-01')).toEqual(ids(shoes, promo));
    expect(await match('chaussures until:2000-01-01')).toEqual([]);
    expect(await match('has:product')).toEqual([]);

    await social.deleteStatus(ctx, [ann.id], shoes.id);
    expect(await match('chaussure')).toEqual(ids(promo));
  });
});

describe('search and matching agree', () => {
  it('finds, through its time windows, exactly the posts statusesMatching says match', async () => {
    const cleo = await person('cleo');
    const dora = await person('dora');
    const words = ['pain', 'fromage', 'vin', 'cidre', 'beurre', 'miel'];
    const ids: string[] = [];
    // Posts spread over the newest day, weeks, months and years: every window of the search.
    // Oldest first, so that ids (time-sortable) agree with created_at, as they do for real posts.
    const ages = [900, 500, 200, 90, 45, 20, 9, 3, 2, 0.5, 0.2, 0];
    for (const [i, days] of ages.entries()) {
      for (let k = 0; k < 3; k++) {
        const text = `${words[(i + k) % words.length]} ${words[(i * 2 + k) % words.length]} #${k === 0 ? 'marche' : 'ferme'}`;
        const s = await social.createStatus(ctx, k === 2 ? dora.id : cleo.id, { text, language: 'fr' });
        const at = new Date(Date.now() - days * 86_400_000).toISOString();
        await queryRows(t.ctx.db, sql`update statuses set created_at = ${at} where id = ${s.id}`);
        await queryRows(t.ctx.db, sql`update status_search set created_at = ${at} where status_id = ${s.id}`);
        ids.push(s.id);
      }
    }
    const atom = fc.oneof(fc.constantFrom(...words), fc.constantFrom('#marche', '#ferme', 'from:dora', 'from:cleo'));
    const query = fc.oneof(
      atom,
      fc.tuple(atom, atom).map(([a, b]) => `${a} ${b}`),
      fc.tuple(atom, atom).map(([a, b]) => `${a} OR ${b}`),
      fc.tuple(atom, atom, atom).map(([a, b, c]) => `(${a} OR ${b}) -${c}`),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('newest' as const, 'relevance' as const), async (q, sort) => {
        const parsed = parseQuery(q);
        const expected = [...(await statusesMatching(t.ctx.db, ids, parsed))].sort();
        const found = (await searchStatusIds(t.ctx, parsed, { sort, limit: 40 })).filter((id) => ids.includes(id));
        expect(found.length, q).toBe(new Set(found).size);
        expect([...found].sort(), q).toEqual(expected);
        if (sort === 'newest') {
          expect(found, q).toEqual([...found].sort().reverse());
          // A short page stops at an early window: still the newest matches.
          const page = await searchStatusIds(t.ctx, parsed, { sort, limit: 3 });
          expect(page, q).toEqual(expected.slice().reverse().slice(0, 3));
        }
      }),
      { numRuns: 60 },
    );
  });
});
