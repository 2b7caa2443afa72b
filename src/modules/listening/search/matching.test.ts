import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { createAccount } from '../../accounts';
import * as social from '../../social';
import { parseQuery, statusesMatching } from './index';

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
    const post = (text: string, extra: Partial<social.NewStatus> = {}) => social.createStatus(ctx, ann.id, { text, language: 'fr', ...extra });
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
