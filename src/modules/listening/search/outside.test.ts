/**
 * Search can include outside items (include=outside): a brand's team finds what its sources said,
 * nobody else does, and the page logged-out visitors get (cached) never shows any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { createBrand, setMember } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { insertOutsideItem, listenTo } from '../watches/outside-test-support';

let t: TestApp;
let owner: TestUser;
let staff: TestUser;
let stranger: TestUser;
let rivalOwner: TestUser;
let brand: { id: string; username: string };
let source: { sourceId: string; brandSourceId: string };
let itemId: string;
let frenchId: string;
const word = `percolateur${Math.random().toString(36).slice(2, 7).replace(/\d/g, 'z')}`;
const hostile = `<script>alert("x")</script> le ${word} fuit`;

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, `so_owner_${word}`);
  staff = await signUpUser(t, app, `so_staff_${word}`);
  stranger = await signUpUser(t, app, `so_stranger_${word}`);
  rivalOwner = await signUpUser(t, app, `so_rival_${word}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: `so_${word}`, displayName: 'Cafetière' });
  brand = { id: b.id, username: b.username };
  await setMember({ db: t.ctx.db }, owner.id, brand.id, staff.id, 'staff');
  const r = await createBrand({ db: t.ctx.db }, rivalOwner.id, { username: `so_rival_b_${word}` });
  source = await listenTo(t.ctx.db, brand.id, 'Forum <i>café</i>');
  // The rival listens to another source that says the same word.
  const other = await listenTo(t.ctx.db, r.id, 'Autre forum');
  await insertOutsideItem(t.ctx.db, other.sourceId, { text: `Un ${word} chez le rival` });
  itemId = await insertOutsideItem(t.ctx.db, source.sourceId, {
    title: 'Fuite',
    text: hostile,
    language: 'fr',
    url: 'https://forum.example/fuite',
  });
  frenchId = await insertOutsideItem(t.ctx.db, source.sourceId, {
    text: `The ${word} is great`,
    language: 'en',
    publishedAt: new Date('2025-01-05T10:00:00Z'),
  });
});
afterAll(() => t.close());

type Outside = { id: string; url: string | null; source: { id: string; name: string }; brand: { id: string } };
const api = (query: string, token?: string) =>
  json<{ outside?: Outside[]; statuses: unknown[] }>(t.call('GET', `/api/v1/search?${query}`, { token }));

describe('GET /api/v1/search?include=outside', () => {
  it('gives the team its brand’s outside items, with source and link, and only theirs', async () => {
    for (const member of [owner, staff]) {
      const r = await api(`q=${word}&include=outside`, member.token);
      expect(r.outside!.map((o) => o.id).sort()).toEqual([itemId, frenchId].sort());
      const hit = r.outside!.find((o) => o.id === itemId)!;
      expect(hit).toMatchObject({
        url: 'https://forum.example/fuite',
        source: { id: source.brandSourceId, name: 'Forum <i>café</i>' },
        brand: { id: brand.id },
        title: 'Fuite',
      });
      // Highlights are plain-text segments: the outside's markup stays text.
      expect(JSON.stringify((hit as any).highlight)).toContain('</script>');
    }
    // The rival's team sees its own source's item, never this brand's.
    const rival = await api(`q=${word}&include=outside`, rivalOwner.token);
    expect(rival.outside!.map((o) => o.id)).not.toContain(itemId);
    expect(rival.outside).toHaveLength(1);
  });

  it('reads the query’s filters on the items', async () => {
    expect((await api(`q=${word} lang:en&include=outside`, owner.token)).outside!.map((o) => o.id)).toEqual([frenchId]);
    expect((await api(`q=${word} until:2025-12-31&include=outside`, owner.token)).outside!.map((o) => o.id)).toEqual([
      frenchId,
    ]);
    expect((await api(`q=${word} -fuit&include=outside`, owner.token)).outside!.map((o) => o.id)).toEqual([frenchId]);
    expect((await api(`q=${word} rating:>=4&include=outside`, owner.token)).outside).toEqual([]);
    expect((await api(`q=${word} from:${owner.username}&include=outside`, owner.token)).outside).toEqual([]);
  });

  it('nobody else ever sees them; without the filter nobody gets the key; a bad value is a 400', async () => {
    expect((await api(`q=${word}&include=outside`)).outside).toEqual([]);
    expect((await api(`q=${word}&include=outside`, stranger.token)).outside).toEqual([]);
    expect(await api(`q=${word}`, owner.token)).not.toHaveProperty('outside');
    const bad = await t.call('GET', `/api/v1/search?q=${word}&include=everything`, { token: owner.token });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBeTruthy();
  });
});

describe('the search page with include=outside', () => {
  const path = `/search?q=${word}&include=outside`;
  it('shows the team a section labelled with the source, escaped; logged-out visitors never, before or after', async () => {
    const before = await (await t.app.request(path, { headers: { 'accept-language': 'en' } })).text();
    expect(before).not.toContain('forum.example/fuite');
    expect(before).not.toContain('name="include"');

    const team = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'fr' });
    await team.actAs(owner.id);
    const html = await (await team.get(path)).text();
    expect(html).toContain('data-kind="outside"');
    expect(html).toContain('Sources externes');
    expect(html).toContain('via Forum &lt;i&gt;café&lt;/i&gt;');
    expect(html).toContain('href="https://forum.example/fuite"');
    expect(html).toContain('name="include" value="outside" checked');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('alert(&quot;x&quot;)&lt;/script&gt;');

    const after = await (await t.app.request(path, { headers: { 'accept-language': 'en' } })).text();
    expect(after).not.toContain('forum.example/fuite');
    expect(after).not.toContain('data-kind="outside"');

    const strangerSession = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    await strangerSession.actAs(stranger.id);
    const theirs = await (await strangerSession.get(path)).text();
    expect(theirs).not.toContain('forum.example/fuite');
    expect(theirs).toContain('Rien dans les sources externes de vos marques.'); // their account is in French
  });
});
