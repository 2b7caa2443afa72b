import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { createBrand, setMember } from '../../accounts';
import { browserSession, postForm } from '../../accounts/api-testing';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { type FeedServer, opml, page, rss, startFeedServer } from './sources-test-support';

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
    '/feed.xml': ['application/rss+xml', rss('Blog du comté', [{ guid: 'c1', title: 'Comté' }])],
    '/hostile.xml': ['application/rss+xml', rss('<img src=x onerror=alert(1)>Blog', [])],
    '/page.html': ['text/html', page('')],
    '/forum.xml': ['application/rss+xml', rss('Forum', [])],
  });
  t = await createTestApp({ outboundAllowLocal: true });
  const app = await appToken(t);
  owner = await signUpUser(t, app, `web_owner_${uniq()}`);
  staff = await signUpUser(t, app, `web_staff_${uniq()}`);
  outsider = await signUpUser(t, app, `web_out_${uniq()}`);
  otherOwner = await signUpUser(t, app, `web_other_${uniq()}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: `canuts_${uniq()}`, displayName: 'Canuts' });
  brand = { id: b.id, username: b.username };
  await setMember({ db: t.ctx.db }, owner.id, brand.id, staff.id, 'staff');
  const o = await createBrand({ db: t.ctx.db }, otherOwner.id, { username: `rival_${uniq()}` });
  otherBrand = { id: o.id, username: o.username };
});
afterAll(async () => {
  await t?.close();
  await feeds?.stop();
});

/** A page as the person sees it, in their account's language (French unless `lang` says otherwise). */
const get = async (who: TestUser, path: string, lang: 'fr' | 'en' = 'fr') => {
  await queryRows(t.ctx.db, sql`update accounts set locale = ${lang} where id = ${who.id}`);
  const { cookie } = await browserSession(t, who.id);
  return t.app.request(path, { headers: { cookie, 'accept-language': lang } });
};
const post = async (who: TestUser, path: string, fields: Record<string, string>) => {
  await queryRows(t.ctx.db, sql`update accounts set locale = 'fr' where id = ${who.id}`);
  const session = await browserSession(t, who.id);
  return postForm(t, path, { ...fields, _csrf: session.csrf }, { cookie: session.cookie, 'accept-language': 'fr' });
};
const base = () => `/brands/${brand.username}/sources`;
const apiAdd = (url: string, name?: string) =>
  json(t.call('POST', `/api/v1/brands/${brand.id}/sources`, { token: owner.token, body: { url, name } }), 201);

describe('the sources page', () => {
  it('shows the team its sources with their health, in French and English, linked from the watches page', async () => {
    const made = await apiAdd(feeds.url('/feed.xml'));
    const fr = await get(owner, base());
    expect(fr.status).toBe(200);
    const html = await fr.text();
    expect(html).toContain('Sources extérieures de Canuts');
    expect(html).toContain('Blog du comté');
    expect(html).toContain('Pas encore relevée');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain(`/api/v1/brands/${brand.id}/sources.opml`);
    expect(html).toContain(`action="${base()}/${made.id}/fetch"`);
    expect(html).toContain('enctype="multipart/form-data"');
    const en = await (await get(owner, base(), 'en')).text();
    expect(en).toContain('Canuts’s outside sources');
    expect(en).toContain('Not fetched yet');
    // Staff reads without the forms that change things.
    const seen = await (await get(staff, base())).text();
    expect(seen).toContain('Blog du comté');
    expect(seen).not.toContain(`${made.id}/fetch`);
    expect(await (await get(owner, `/brands/${brand.username}/watches`)).text()).toContain(`href="${base()}"`);
  });

  it('is the 404 page for anyone off the team, and the login for no one', async () => {
    expect((await get(outsider, base())).status).toBe(404);
    expect((await get(otherOwner, base())).status).toBe(404);
    const anonymous = await t.app.request(base());
    expect([302, 303]).toContain(anonymous.status);
  });

  it('flags a failing source in plain words and escapes everything that came from outside', async () => {
    const made = await apiAdd(feeds.url('/hostile.xml'));
    await queryRows(
      t.ctx.db,
      sql`update listening_sources set last_fetched_at = now(), failing_since = now() - interval '3 days',
            last_error = 'server_error: The site had an error (HTTP 503)', site_url = 'javascript:alert(1)'
          where url = ${feeds.url('/hostile.xml')}`,
    );
    const html = await (await get(owner, base())).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Blog');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('En échec depuis 3 jours');
    expect(html).toContain('le site est en panne (erreur 503)');
    const en = await (await get(owner, base(), 'en')).text();
    expect(en).toContain('Failing for 3 days');
    expect(en).toContain('the site is down (error 503)');
    // Text that is no code is shown as it is, escaped.
    await queryRows(
      t.ctx.db,
      sql`update listening_sources set last_error = '<script>alert(2)</script>' where url = ${feeds.url('/hostile.xml')}`,
    );
    const raw = await (await get(owner, base())).text();
    expect(raw).not.toContain('<script>alert(2)');
    expect(raw).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    await t.call('DELETE', `/api/v1/sources/${made.id}`, { token: owner.token });
  });

  it('adds, renames, fetches and removes through its forms; refusals show on the page in words', async () => {
    const added = await post(owner, base(), { url: feeds.url('/forum.xml'), name: '<b>Forum</b>' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${base()}?added=1`);
    const [row] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select b.id from brand_sources b join listening_sources s on s.id = b.source_id where s.url = ${feeds.url('/forum.xml')} and b.brand_id = ${brand.id}`,
    );
    const after = await (await get(owner, `${base()}?added=1`)).text();
    expect(after).toContain('Source ajoutée');
    expect(after).toContain('&lt;b&gt;Forum&lt;/b&gt;');

    const refused = await post(owner, base(), { url: feeds.url('/page.html'), name: '' });
    expect(refused.status).toBe(422);
    const words = await refused.text();
    expect(words).toContain('Source non ajoutée : l’adresse ne donne pas de flux RSS ou Atom.');
    expect(words).toContain(`value="${feeds.url('/page.html')}"`);
    const twice = await post(owner, base(), { url: feeds.url('/forum.xml') });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Cette source est déjà suivie.');

    expect((await post(owner, `${base()}/${row.id}/rename`, { name: 'Forum des amateurs' })).status).toBe(303);
    expect(await (await get(owner, base())).text()).toContain('Forum des amateurs');
    expect((await post(owner, `${base()}/${row.id}/rename`, { name: ' ' })).status).toBe(422);
    expect((await post(owner, `${base()}/${row.id}/fetch`, {})).headers.get('location')).toBe(
      `${base()}?fetch_queued=1`,
    );
    // Staff may not; another brand's owner gets the 404 page, through either brand.
    expect((await post(staff, `${base()}/${row.id}/delete`, {})).status).toBe(403);
    expect((await post(otherOwner, `${base()}/${row.id}/delete`, {})).status).toBe(404);
    expect((await post(otherOwner, `/brands/${otherBrand.username}/sources/${row.id}/delete`, {})).status).toBe(404);
    expect((await post(owner, `${base()}/${row.id}/delete`, {})).headers.get('location')).toBe(`${base()}?removed=1`);
    expect(await (await get(owner, base())).text()).not.toContain('Forum des amateurs');
  });

  it('imports an OPML file from its form and lists what it refused', async () => {
    const session = await browserSession(t, owner.id);
    const form = new FormData();
    form.append('_csrf', session.csrf);
    const file = opml([
      { text: 'Importé', xmlUrl: 'https://imported.example/rss' },
      { text: 'Privé', xmlUrl: 'http://10.9.9.9/rss' },
    ]);
    form.append('file', new Blob([file], { type: 'text/x-opml' }), 'a.opml');
    const res = await t.app.request(`${base()}/import`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'accept-language': 'fr' },
      body: form,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 source ajoutée, aucune déjà suivie.');
    expect(html).toContain('http://10.9.9.9/rss');
    expect(html).toContain('l’adresse mène à un réseau privé, interdit aux sources');
    expect(html).toContain('Importé');
    const bad = new FormData();
    bad.append('_csrf', session.csrf);
    bad.append('file', new Blob(['<html></html>']), 'x.opml');
    const refused = await t.app.request(`${base()}/import`, {
      method: 'POST',
      headers: { cookie: session.cookie },
      body: bad,
    });
    expect(refused.status).toBe(422);
    // Without the CSRF token, nothing happens.
    const forged = new FormData();
    forged.append('file', new Blob([file]), 'a.opml');
    const csrf = await t.app.request(`${base()}/import`, {
      method: 'POST',
      headers: { cookie: session.cookie },
      body: forged,
    });
    expect(csrf.status).toBe(403);
  });
});
