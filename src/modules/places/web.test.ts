import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../test/support/browser-session';
import { person, shop, type Shop } from '../../../test/support/orders';
import { createPlace } from './places';
import { createSpecial } from './specials';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const browserOf = async (accountId: string | null, lang = 'fr') => {
  const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  if (accountId) await browser.actAs(accountId);
  return browser;
};

// Place Bellecour, Lyon 2e, and a point 60 m east of it.
const AT = { lat: 45.757814, lon: 4.832011 };
const NEAR = { lat: 45.757814, lon: 4.83278 };

async function placeOf(s: Shop, name = 'Maison Lin Bellecour', at = AT) {
  return createPlace(t.ctx, s.owner.id, s.brand.id, {
    name,
    address: '1 place Bellecour',
    postcode: '69002',
    city: 'Lyon',
    lat: at.lat,
    lon: at.lon,
    category: 'shop',
    opening_hours: { '1': ['09:00-19:00'] },
  });
}

describe('a place’s page', () => {
  it('shows a visitor the place, its plot, its specials and a sign-in link; names are escaped', async () => {
    const s = await shop(t);
    const place = await placeOf(s, 'Chez <script>alert(1)</script> Lin');
    await createSpecial(t.ctx, s.owner.id, place.id, { kind: 'check_in', title: 'Un café offert' });
    const visitor = await browserOf(null);
    const page = await visitor.page(`/places/${place.id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('Chez &lt;script&gt;alert(1)&lt;/script&gt; Lin');
    expect(page.html).toContain('class="places-plot-svg"');
    expect(page.html).not.toContain('data-tiles=');
    expect(page.html).toContain('Un café offert');
    expect(page.html).toContain('Se connecter pour faire un check-in');
    expect(page.html).toContain(`href="/@${s.brand.username}"`);
    expect(page.html).toContain('Lundi');
    const unknown = await visitor.page('/places/00000000-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('a person checks in from the form, sees the special’s code, and the brand’s staff redeems it once', async () => {
    const s = await shop(t);
    const place = await placeOf(s);
    await createSpecial(t.ctx, s.owner.id, place.id, { kind: 'check_in', title: 'Un cookie offert' });
    const p = await person(t);
    const me = await browserOf(p.id);
    const before = await me.page(`/places/${place.id}`);
    expect(before.html).toContain('data-geolocate');
    const res = await me.post(`/places/${place.id}/checkin`, { ...NEAR, accuracy_m: 20, visibility: 'private' });
    expect(res.status).toBe(201);
    const html = unescapeHtml(await me.html(res));
    expect(html).toContain('Check-in compté !');
    const code = /<p class="places-code"[^>]*>([A-Z0-9]+)<\/p>/.exec(html)?.[1];
    expect(code, 'the code shown after the check-in').toBeTruthy();

    const codes = await me.page('/me/codes');
    expect(codes.html).toContain(code);

    const again = await me.post(`/places/${place.id}/checkin`, { ...NEAR, accuracy_m: 20 });
    expect(unescapeHtml(await me.html(again))).toContain('déjà un check-in compté ici aujourd’hui');

    // Another brand's owner cannot redeem it: the same answer as an unknown code.
    const other = await shop(t);
    const stranger = await browserOf(other.owner.id);
    const refused = await stranger.post(`/brands/${other.brand.username}/places/redeem`, { code });
    expect(refused.status).toBe(404);
    expect(await stranger.html(refused)).toContain('Code inconnu');

    const staff = await s.member('staff');
    const counter = await browserOf(staff.id);
    const form = await counter.page(`/brands/${s.brand.username}/places/redeem`);
    expect(form.status).toBe(200);
    const ok = await counter.post(`/brands/${s.brand.username}/places/redeem`, { code });
    expect(ok.status).toBe(200);
    expect(await counter.html(ok)).toContain('Code accepté');
    const twice = await counter.post(`/brands/${s.brand.username}/places/redeem`, { code });
    expect(twice.status).toBe(409);
    expect(await counter.html(twice)).toContain('Code déjà utilisé');
    const unknown = await counter.post(`/brands/${s.brand.username}/places/redeem`, { code: 'ZZZZZZZZ' });
    expect(unknown.status).toBe(404);
  });

  it('says why a check-in is refused (too far, no position) and requires the CSRF token', async () => {
    const s = await shop(t);
    const place = await placeOf(s);
    const p = await person(t);
    const me = await browserOf(p.id);
    const far = await me.post(`/places/${place.id}/checkin`, { lat: 45.77, lon: 4.85, accuracy_m: 10 });
    expect(far.status).toBe(422);
    expect(unescapeHtml(await me.html(far))).toContain('Vous êtes trop loin de ce lieu');
    const blind = await me.post(`/places/${place.id}/checkin`, { lat: '', lon: '' });
    expect(blind.status).toBe(422);
    const forged = await me.post(`/places/${place.id}/checkin`, NEAR, { csrf: false });
    expect(forged.status).toBe(403);
    const visitor = await browserOf(null);
    const anonymous = await visitor.post(`/places/${place.id}/checkin`, NEAR);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login');
  });

  it('takes tips (held for the brand’s review, or published on a suggested place), likes, badges on the profile', async () => {
    const s = await shop(t);
    const place = await placeOf(s);
    const author = await person(t);
    const me = await browserOf(author.id);
    await me.post(`/places/${place.id}/checkin`, { ...NEAR, accuracy_m: 5 });
    // The brand moderates before publishing: the tip waits.
    const held = await me.post(`/places/${place.id}/tips`, { text: 'Les chemises en lin du fond, superbes.' });
    expect(held.status).toBe(303);
    const waiting = await me.page(held.headers.get('location')!);
    expect(unescapeHtml(waiting.html)).toContain('sera publié après relecture');
    expect(waiting.html).not.toMatch(/id="tip-[0-9a-f]{8}-/);

    // A place a person suggested has no brand: its tips show at once, most liked first.
    const market = await me.post('/places', {
      name: 'Marché <i>Saint-Antoine</i>',
      address: 'quai Saint-Antoine',
      category: 'market',
      lat: '45.7632',
      lon: '4.8301',
    });
    expect(market.status).toBe(303);
    const marketPath = market.headers.get('location')!.split('?')[0];
    const sent = await me.post(`${marketPath}/tips`, { text: 'Le <b>kouign-amann</b> du samedi, sans hésiter.' });
    expect(sent.status).toBe(303);
    const page = await me.page(marketPath);
    expect(page.html).toContain('Marché &lt;i&gt;Saint-Antoine&lt;/i&gt;');
    expect(page.html).toContain('Le &lt;b&gt;kouign-amann&lt;/b&gt; du samedi');
    const tip = /id="tip-([0-9a-f]{8}-[0-9a-f-]+)"/.exec(page.html)![1];
    const other = await browserOf((await person(t)).id);
    const liked = await other.post(`/places/tips/${tip}/like`, { like: '1' }, { headers: { 'hx-request': 'true' } });
    expect(liked.status).toBe(200);
    expect(await other.html(liked)).toContain('1 j’aime');
    const forged = await other.post(`/places/tips/${tip}/like`, { like: '1' }, { csrf: false });
    expect(forged.status).toBe(403);

    const profile = await me.page(`/@${author.username}`);
    expect(profile.html).toContain('id="profile-badges-title"');
    expect(profile.html).toContain('places-badge-name');
    const brandPage = await me.page(`/@${s.brand.username}`);
    expect(brandPage.html).toContain('Nos lieux');
    const brandPlaces = await me.page(`/places?brand=${s.brand.username}`);
    expect(brandPlaces.html).toContain(`/places/${place.id}`);
  });
});

describe('places nearby', () => {
  it('lists the places around a position, nearest first with the distance, and filters by category', async () => {
    const s = await shop(t);
    const far = await placeOf(s, 'Le Loin', { lat: AT.lat + 0.01, lon: AT.lon });
    const near = await placeOf(s, 'Le Près', NEAR);
    const visitor = await browserOf(null);
    const page = await visitor.page(`/places?lat=${AT.lat}&lon=${AT.lon}`);
    expect(page.status).toBe(200);
    const html = unescapeHtml(page.html);
    expect(html.indexOf(`/places/${near.id}`)).toBeLessThan(html.indexOf(`/places/${far.id}`));
    expect(html).toContain('60 m');
    expect(html).toContain('1,1 km');
    expect(html).toContain('places-plot-you');
    const cafes = await visitor.page(`/places?lat=${AT.lat}&lon=${AT.lon}&category=cafe`);
    expect(cafes.html).not.toContain(`/places/${near.id}`);
    // A typed postcode: the commune's centre, the same places around it, no "you" on the plot.
    const typed = await visitor.page('/places?q=69002');
    expect(typed.status).toBe(200);
    expect(typed.html).toContain(`/places/${near.id}`);
    expect(typed.html).not.toContain('places-plot-you');
    expect(typed.html).toContain('value="69002"');
    const nowhere = await visitor.page(`/places?q=${encodeURIComponent('<b>nulle part</b>')}`);
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).not.toContain('<b>nulle part</b>');
    const bad = await visitor.page('/places?lat=123&lon=4');
    expect(bad.status).toBe(400);
    const start = await visitor.page('/places');
    expect(start.status).toBe(200);
    expect(start.html).toContain('Utiliser ma position');
  });

  it('shows the map’s settings when a tile server is configured', async () => {
    const tiled = await createTestApp({ placesTileUrl: 'https://tiles.example.test/{z}/{x}/{y}.png' });
    try {
      const s = await shop(tiled);
      const place = await createPlace(tiled.ctx, s.owner.id, s.brand.id, {
        name: 'Maison Lin',
        address: '1 place Bellecour',
        lat: AT.lat,
        lon: AT.lon,
      });
      const res = await tiled.app.request(`/places/${place.id}`, { headers: { accept: 'text/html' } });
      const html = await res.text();
      expect(html).toContain('data-tiles="https://tiles.example.test/{z}/{x}/{y}.png"');
      expect(html).toContain('class="places-plot-svg"');
      // The page may load the tiles: the tile server is among the image sources.
      expect(res.headers.get('content-security-policy')).toContain(
        "img-src 'self' data: blob: https://tiles.example.test",
      );
      const leaflet = await tiled.app.request('/static/leaflet/leaflet.js');
      expect(leaflet.status).toBe(200);
      expect(leaflet.headers.get('cache-control')).toContain('max-age');
      const icon = await tiled.app.request('/static/leaflet/images/marker-icon.png');
      expect(icon.headers.get('content-type')).toBe('image/png');
      expect((await tiled.app.request('/static/leaflet/../package.json')).status).toBe(404);
    } finally {
      await tiled.close();
    }
  });
});

describe('the brand’s places back-office', () => {
  it('is for the brand’s team: a stranger gets a 404, the counter staff a 403 on places', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const stranger = await browserOf(other.owner.id);
    expect((await stranger.page(`/brands/${s.brand.username}/places`)).status).toBe(404);
    expect((await stranger.page(`/brands/${s.brand.username}/places/redeem`)).status).toBe(404);
    const staff = await s.member('staff');
    const counter = await browserOf(staff.id);
    expect((await counter.page(`/brands/${s.brand.username}/places`)).status).toBe(403);
    const owner = await browserOf(s.owner.id);
    const list = await owner.page(`/brands/${s.brand.username}/places`);
    expect(list.status).toBe(200);
    expect(list.html).toContain('data-section="places"');
    const place = await placeOf(s);
    expect((await stranger.page(`/brands/${other.brand.username}/places/${place.id}/edit`)).status).toBe(404);
  });

  it('creates and edits a place with the form, adds a special, shows the dashboard and its CSV', async () => {
    const s = await shop(t);
    const cm = await s.member('community_manager');
    const me = await browserOf(cm.id);
    const base = `/brands/${s.brand.username}/places`;
    expect((await me.page(`${base}/new`)).status).toBe(200);
    const bad = await me.post(`${base}/new`, { name: 'Pop-up', address: 'Quai', lat: '91', lon: '4.8' });
    expect(bad.status).toBe(422);
    expect(await me.html(bad)).toContain('href="#field-lat"');
    const noCsrf = await me.post(`${base}/new`, { name: 'X', address: 'Y', lat: '45', lon: '4' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    const made = await me.post(`${base}/new`, {
      name: 'Pop-up des Terreaux',
      address: '2 place des Terreaux',
      postcode: '69001',
      city: 'Lyon',
      lat: '45.767',
      lon: '4.8336',
      radius_m: '80',
      category: 'popup',
      hours_6: '10:00-13:00, 14:00-19:00',
      starts_at: '2026-12-01',
      ends_at: '2026-12-31',
    });
    expect(made.status).toBe(303);
    const list = await me.page(`${base}?notice=saved`);
    expect(list.html).toContain('Pop-up des Terreaux');
    const id = new RegExp(`${base}/([0-9a-f-]+)/edit`).exec(list.html)![1];
    const edit = await me.page(`${base}/${id}/edit`);
    expect(edit.html).toContain('value="10:00-13:00, 14:00-19:00"');
    expect(edit.html).toContain('value="2026-12-31"');
    const saved = await me.post(`${base}/${id}/edit`, {
      name: 'Pop-up des Terreaux (prolongé)',
      address: '2 place des Terreaux',
      lat: '45.767',
      lon: '4.8336',
      radius_m: '80',
      category: 'popup',
    });
    expect(saved.status).toBe(303);
    const place = await me.page(`/places/${id}`);
    expect(unescapeHtml(place.html)).toContain('Pop-up des Terreaux (prolongé)');

    const special = await me.post(`${base}/${id}/specials`, { kind: 'loyalty', title: 'Le 5e offert', every_n: '5' });
    expect(special.status).toBe(303);
    const specials = await me.page(`${base}/${id}/specials?notice=created`);
    expect(specials.html).toContain('Le 5e offert');
    const negative = await me.post(`${base}/${id}/specials`, { kind: 'flash', title: 'Flash', first_n: '-3' });
    expect(negative.status).toBe(422);

    const dash = await me.page(`${base}/${id}/dashboard`);
    expect(dash.status).toBe(200);
    expect(dash.html).toContain('watch-chart-svg');
    const csv = await me.get(`${base}/${id}/dashboard.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\n')[0]).toContain('day');
  });
});
