// An action scoped by brand that matches nothing says "not found", never a success (issue 17, defect 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../../test/support/browser-session';
import { brandTeam, type Team } from '../../../../test/support/catalog';
import { createCollection, listCollections } from './collections';

let t: TestApp;
let mine: Team;
let theirs: Team;
let theirCollection: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  [mine, theirs] = [await brandTeam(t), await brandTeam(t)];
  theirCollection = await createCollection(t.ctx, theirs.owner.id, theirs.brand.id, { title: 'Fromages affinés' });
});
afterAll(() => t.close());

const theirTitles = async () =>
  (await listCollections(t.ctx, theirs.owner.id, theirs.brand.id)).map((c) => c.title).sort();

describe('another brand’s collection through one’s own brand', () => {
  it('the console says it was not found and deletes nothing', async () => {
    const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    await browser.actAs(mine.owner.id);
    const res = await browser.post(`/brands/${mine.brand.username}/collections/${theirCollection.id}/delete`);
    expect(res.status).toBe(404);
    const html = unescapeHtml(await browser.html(res));
    expect(html).toContain('This collection was not found in this brand’s catalog: nothing was deleted.');
    expect(html).not.toContain('Collection deleted');
    expect(await theirTitles()).toEqual(['Fromages affinés']);
  });

  it('the API answers 404 with a code to delete, rename or fill it, and changes nothing', async () => {
    const base = `/api/v1/brands/${mine.brand.id}/collections/${theirCollection.id}`;
    const attempts = [
      t.call('DELETE', base, { token: mine.owner.token }),
      t.call('PATCH', base, { token: mine.owner.token, body: { title: 'Volée' } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect(await theirTitles()).toEqual(['Fromages affinés']);
  });
});
