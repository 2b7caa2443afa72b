import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { safeNext } from '../../web/page';
import { createBrand, getAccount, roleIn, setMember, signUp, suspendAccount } from './index';

// Windows of a day: the limit is reached by count, whatever the machine's speed (a 60 s window
// could end mid-test on a loaded machine, and the expected 429 would never come).
const DAY = 86_400;

let t: TestApp;
let n = 0;
const unique = (prefix: string) => `${prefix}${++n}`;

/** A person made through the service (the form is rate-limited in these tests). */
async function person(username = unique('p')) {
  const account = await signUp(
    { db: t.ctx.db },
    {
      username,
      email: `${username}@example.test`,
      password: 'correct horse battery',
      displayName: `Person ${username}`,
    },
  );
  const browser = new BrowserSession(t);
  await browser.actAs(account.id);
  return { account, browser };
}

/**
 * The log-in budget starts over (the rate limit's rows are the state, not the clock): a test that
 * logs in several times does not inherit the attempts of the tests before it. Cheaper than a fresh
 * app (a database of its own) per test, which is what made these tests slow on a loaded machine.
 */
async function freshLoginBudget() {
  await queryRows(t.ctx.db, sql`delete from rate_limits where bucket like 'login:%'`);
}

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { login: [3, DAY], signup: [3, DAY], post: [100, DAY] } });
});
afterAll(async () => {
  await t?.close();
});

describe('sign-up', () => {
  it('shows a labelled form, creates the account, sets a session cookie and redirects', async () => {
    const browser = new BrowserSession(t);
    const { status, html } = await browser.page('/signup');
    expect(status).toBe(200);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<label for="field-username"');
    expect(html).toContain('id="field-username"');
    const res = await browser.post('/signup', {
      username: 'margaux',
      display_name: 'Margaux',
      email: 'margaux@example.test',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/home');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('comptoir_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=2592000/);
    // Logged in: the landing page sends to /home, and settings show the new account.
    const home = await browser.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/home');
    const settings = await browser.page('/settings');
    expect(settings.status).toBe(200);
    expect(settings.html).toContain('value="Margaux"');
  });

  it('keeps the values and shows the error beside the field when the handle is taken (422)', async () => {
    const browser = new BrowserSession(t);
    const res = await browser.post('/signup', {
      username: 'margaux',
      display_name: 'Autre Margaux',
      email: 'autre@example.test',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(422);
    const html = await browser.html(res);
    expect(html).toContain('id="field-username-error"');
    expect(html).toContain('Cet identifiant est déjà pris.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="Autre Margaux"');
    expect(html).toContain('value="autre@example.test"');
    expect(html).not.toContain('correct horse battery');
    expect(browser.sessionToken).toBeUndefined();
  });

  it('refuses a form without the CSRF token (403)', async () => {
    const browser = new BrowserSession(t);
    const res = await browser.post(
      '/signup',
      { username: 'nocsrf', display_name: 'x', email: 'nocsrf@example.test', password: 'correct horse battery' },
      { csrf: false },
    );
    expect(res.status).toBe(403);
  });

  it('limits sign-ups per IP (429)', async () => {
    // Two posts reached the handler above (the CSRF failure did not); the third is allowed,
    // the fourth in the window is refused with the form kept.
    const browser = new BrowserSession(t);
    const third = await browser.post('/signup', {
      username: 'toomany',
      display_name: 'Trop',
      email: 'not-an-email',
      password: 'correct horse battery',
    });
    expect(third.status).toBe(422);
    expect(await browser.html(third)).toContain('id="field-email-error"');
    const res = await browser.post('/signup', {
      username: 'toomany',
      display_name: 'Trop',
      email: 'toomany@example.test',
      password: 'correct horse battery',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    const html = await browser.html(res);
    expect(html).toContain('Trop de tentatives');
    expect(html).toContain('value="toomany"');
  });
});

describe('log-in', () => {
  it('says 401 on a wrong password, then 429 past the configured attempts', async () => {
    const { account } = await person('lucie');
    const browser = new BrowserSession(t);
    for (let i = 0; i < 2; i++) {
      const res = await browser.post('/login', { identifier: 'lucie', password: 'wrong password!' });
      expect(res.status).toBe(401);
      const html = await browser.html(res);
      expect(html).toContain('E-mail, identifiant ou mot de passe incorrect.');
      expect(html).toContain('value="lucie"');
    }
    const ok = await browser.post('/login', { identifier: 'LUCIE@example.test', password: 'correct horse battery' });
    expect(ok.status).toBe(303);
    expect(browser.sessionToken).toBeTruthy();
    const limited = await browser.post('/login', { identifier: 'lucie', password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(account.id).toBeTruthy();
  });

  it("keeps the language chosen on the log-in page and saves it as the account's", async () => {
    await freshLoginBudget();
    const base = { password: 'correct horse battery', locale: 'fr' };
    const anne = await signUp({ db: t.ctx.db }, { username: 'anne', email: 'anne@example.test', ...base });
    // The switch on the log-in page (a cookie), then the form: English wins over the stored French.
    const visitor = new BrowserSession(t);
    await visitor.get('/lang?to=en&next=%2Flogin');
    const res = await visitor.post('/login', { identifier: 'anne', password: base.password });
    expect(res.status).toBe(303);
    expect((await getAccount(t.ctx, anne.id)).locale).toBe('en');
    expect((await visitor.page('/settings')).html).toContain('<html lang="en">');
    // ?lang= on the log-in page: carried by the form, saved too.
    const bob = await signUp({ db: t.ctx.db }, { username: 'bob', email: 'bob@example.test', ...base });
    const second = new BrowserSession(t);
    expect((await second.page('/login?lang=en')).html).toContain('name="lang" value="en"');
    await second.post('/login', { identifier: 'bob', password: base.password, lang: 'en' });
    expect((await getAccount(t.ctx, bob.id)).locale).toBe('en');
    // No choice made: the stored language stays.
    const third = new BrowserSession(t);
    await third.post('/login', { identifier: 'anne', password: base.password });
    expect((await getAccount(t.ctx, anne.id)).locale).toBe('en');
    expect((await third.page('/settings')).html).toContain('<html lang="en">');
  });

  it('follows ?next= to same-site paths only', async () => {
    await freshLoginBudget();
    await signUp({ db: t.ctx.db }, { username: 'paul', email: 'paul@example.test', password: 'correct horse battery' });
    const browser = new BrowserSession(t);
    const form = await browser.page('/login?next=//evil.com/x');
    expect(form.html).not.toContain('name="next"');
    const evil = await browser.post('/login', {
      identifier: 'paul',
      password: 'correct horse battery',
      next: '//evil.com/x',
    });
    expect(evil.status).toBe(303);
    expect(evil.headers.get('location')).toBe('/home');
    const browser2 = new BrowserSession(t);
    const absolute = await browser2.post('/login', {
      identifier: 'paul',
      password: 'correct horse battery',
      next: 'https://evil.com/',
    });
    expect(absolute.headers.get('location')).toBe('/home');
    const browser3 = new BrowserSession(t);
    const good = await browser3.post('/login', {
      identifier: 'paul',
      password: 'correct horse battery',
      next: '/settings?tab=1',
    });
    expect(good.headers.get('location')).toBe('/settings?tab=1');
    // Log out ends the session.
    const out = await browser3.post('/logout');
    expect(out.status).toBe(303);
    expect(browser3.sessionToken).toBeUndefined();
    expect((await browser3.get('/settings')).headers.get('location')).toBe('/login?next=%2Fsettings');
  });

  it('a suspended account cannot log in (403, said plainly) and its open session ends', async () => {
    await freshLoginBudget();
    const account = await signUp(
      { db: t.ctx.db },
      { username: 'susie', email: 'susie@example.test', password: 'correct horse battery' },
    );
    const browser = new BrowserSession(t);
    expect((await browser.post('/login', { identifier: 'susie', password: 'correct horse battery' })).status).toBe(303);
    expect((await browser.get('/settings')).status).toBe(200);
    await t.ctx.db.transaction((tx) => suspendAccount(tx, account.id, 'spam'));
    expect((await browser.get('/settings')).headers.get('location')).toBe('/login?next=%2Fsettings');
    const refused = await new BrowserSession(t).post('/login', {
      identifier: 'susie',
      password: 'correct horse battery',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Ce compte est suspendu par les modérateurs de la plateforme.');
  });

  it('safeNext rejects every off-site shape', () => {
    for (const bad of [
      '//evil.com',
      '/\\evil.com',
      'https://evil.com',
      'javascript:alert(1)',
      '/%0a/evil',
      'evil.com',
      '',
      '/\t/evil.com',
    ]) {
      expect(safeNext(bad, '/home')).toBe(bad === '/%0a/evil' ? '/%0a/evil' : '/home');
    }
    expect(safeNext('/@camille?x=1#top')).toBe('/@camille?x=1#top');
  });
});

describe('landing', () => {
  it('welcomes visitors with links to the local feed, sign-up and log-in', async () => {
    const { status, html } = await new BrowserSession(t).page('/');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('href="/local"');
    expect(html).toContain('href="/signup"');
    expect(html).toContain('href="/login"');
    expect(html).toContain('property="og:title"');
  });
});

describe('settings', () => {
  it('saves a real PNG avatar, and escapes a hostile bio', async () => {
    const { account, browser } = await person();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .png()
      .toBuffer();
    const res = await browser.post('/settings', {
      display_name: 'Camille',
      note: '<script>alert(1)</script>',
      location: 'Lyon',
      website: 'camille.example',
      locale: 'fr',
      avatar: new File([new Uint8Array(png)], 'me.png', { type: 'image/png' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings?saved=profile');
    const saved = await getAccount(t.ctx, account.id);
    expect(saved.avatarPath).toMatch(/\.webp$/);
    expect(saved.website).toBe('https://camille.example/');
    const { html } = await browser.page('/settings?saved=profile');
    expect(html).toContain('Profil enregistré.');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`/media/${saved.avatarPath!.replace('.webp', '-preview.webp')}`);
    const media = await t.app.request(`/media/${saved.avatarPath}`);
    expect(media.status).toBe(200);
  });

  it('refuses a file that is not an image and changes nothing', async () => {
    const { account, browser } = await person();
    const res = await browser.post('/settings', {
      display_name: 'Nouveau nom',
      note: '',
      location: '',
      website: '',
      locale: '',
      avatar: new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'evil.svg', { type: 'image/svg+xml' }),
    });
    expect(res.status).toBe(422);
    const html = await browser.html(res);
    expect(html).toContain('id="field-avatar-error"');
    expect(html).toContain('n’est pas une image prise en charge');
    expect(html).toContain('value="Nouveau nom"');
    const after = await getAccount(t.ctx, account.id);
    expect(after.displayName).toBe(account.displayName);
    expect(after.avatarPath).toBeNull();
  });

  it('shows each bad field beside it', async () => {
    const { browser } = await person();
    const res = await browser.post('/settings', {
      display_name: '',
      note: 'x'.repeat(501),
      location: '',
      website: 'ftp://nope',
      locale: '',
    });
    expect(res.status).toBe(422);
    const html = await browser.html(res);
    expect(html).toContain('id="field-display_name-error"');
    expect(html).toContain('id="field-note-error"');
    expect(html).toContain('id="field-website-error"');
  });

  it('changes the password and ends the other sessions', async () => {
    const { account, browser } = await person();
    const other = new BrowserSession(t);
    await other.actAs(account.id);
    const mismatch = await browser.post('/settings/password', {
      current_password: 'correct horse battery',
      new_password: 'new secret 123',
      confirm_password: 'other',
    });
    expect(mismatch.status).toBe(422);
    expect(await browser.html(mismatch)).toContain('id="field-confirm_password-error"');
    const wrong = await browser.post('/settings/password', {
      current_password: 'nope nope nope',
      new_password: 'new secret 123',
      confirm_password: 'new secret 123',
    });
    expect(wrong.status).toBe(422);
    expect(await browser.html(wrong)).toContain('id="field-current_password-error"');
    const ok = await browser.post('/settings/password', {
      current_password: 'correct horse battery',
      new_password: 'new secret 123',
      confirm_password: 'new secret 123',
    });
    expect(ok.status).toBe(303);
    expect((await browser.get('/settings')).status).toBe(200);
    expect((await other.get('/settings')).status).toBe(303);
  });

  it('switches the language: a cookie for visitors, the account setting for people', async () => {
    const visitor = new BrowserSession(t);
    const landing = await visitor.page('/');
    expect(landing.html).toContain('href="/lang?to=en&amp;next=%2F"');
    const res = await visitor.get('/lang?to=en&next=%2Flogin%3Flang%3Dfr');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(visitor.cookies.get('comptoir_lang')).toBe('en');
    const login = await visitor.page('/login');
    expect(login.html).toContain('<html lang="en">');
    expect(login.html).toContain('Log in');
    // ?lang= wins for one page.
    expect((await visitor.page('/login?lang=fr')).html).toContain('<html lang="fr">');
    // Off-site next is ignored.
    expect((await visitor.get('/lang?to=fr&next=//evil.com')).headers.get('location')).toBe('/');

    const { account, browser } = await person();
    expect((await browser.page('/settings')).html).toContain('<html lang="fr">');
    const saved = await browser.post('/settings/language', { locale: 'en', next: '/settings' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/settings');
    expect((await getAccount(t.ctx, account.id)).locale).toBe('en');
    const page = await browser.page('/settings');
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Settings');
  });
});

describe('brands', () => {
  it('creates a brand whose creator is owner', async () => {
    const { account, browser } = await person();
    const form = await browser.page('/brands/new');
    expect(form.status).toBe(200);
    const res = await browser.post('/brands/new', { username: 'fromagerie_lyon', display_name: 'Fromagerie de Lyon' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/brands/fromagerie_lyon/settings?saved=created');
    const { html } = await browser.page('/brands/fromagerie_lyon/settings?saved=created');
    expect(html).toContain('Fromagerie de Lyon');
    const again = await browser.post('/brands/new', { username: 'fromagerie_lyon', display_name: 'Copie' });
    expect(again.status).toBe(422);
    expect(await browser.html(again)).toContain('value="Copie"');
    const brand = (await import('./service')).findByUsername(t.ctx, 'fromagerie_lyon');
    expect(await roleIn(t.ctx, (await brand)!.id, account.id)).toBe('owner');
  });

  it('saves the charter colours and themes the page with them', async () => {
    const { account, browser } = await person();
    const brand = await createBrand(t.ctx, account.id, { username: unique('brand'), displayName: 'Brûlerie' });
    const res = await browser.post(`/brands/${brand.username}/settings`, {
      display_name: 'Brûlerie Saint-Jean',
      note: 'Torréfacteur',
      location: 'Lyon',
      website: '',
      primary_color: '#1E3A8A',
      accent_color: '#fbbf24',
    });
    expect(res.status).toBe(303);
    const saved = await getAccount(t.ctx, brand.id);
    expect(saved.primaryColor).toBe('#1e3a8a');
    expect(saved.accentColor).toBe('#fbbf24');
    const { html } = await browser.page(`/brands/${brand.username}/settings`);
    expect(html).toContain('--brand-primary:#1e3a8a');
    expect(html).toContain('--brand-on-accent:#1c1917');
    expect(html).toContain('type="color"');
    const bad = await browser.post(`/brands/${brand.username}/settings`, {
      display_name: 'X',
      note: '',
      location: '',
      website: '',
      primary_color: 'red',
      accent_color: '#fbbf24',
    });
    expect(bad.status).toBe(422);
    expect(await browser.html(bad)).toContain('id="field-primary_color-error"');
  });

  it('forbids the team and charter pages to people outside the team (403 page)', async () => {
    const owner = await person();
    const outsider = await person();
    const brand = await createBrand(t.ctx, owner.account.id, { username: unique('shop'), displayName: 'Boutique' });
    for (const path of [`/brands/${brand.username}/team`, `/brands/${brand.username}/settings`]) {
      const res = await outsider.browser.get(path);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('Accès refusé');
    }
    const post = await outsider.browser.post(`/brands/${brand.username}/team`, {
      intent: 'add',
      handle: outsider.account.username,
      role: 'owner',
    });
    expect(post.status).toBe(403);
    expect(await roleIn(t.ctx, brand.id, outsider.account.id)).toBeNull();
    expect((await outsider.browser.get('/brands/nobody_here/team')).status).toBe(404);
  });

  it('lets the owner add, re-role and remove members; staff only see the list', async () => {
    const owner = await person();
    const camille = await person();
    const brand = await createBrand(t.ctx, owner.account.id, { username: unique('team'), displayName: 'Équipe' });
    const add = await owner.browser.post(`/brands/${brand.username}/team`, {
      intent: 'add',
      handle: `@${camille.account.username}`,
      role: 'staff',
    });
    expect(add.status).toBe(303);
    expect(await roleIn(t.ctx, brand.id, camille.account.id)).toBe('staff');
    const unknown = await owner.browser.post(`/brands/${brand.username}/team`, {
      intent: 'add',
      handle: 'nobody_at_all',
      role: 'staff',
    });
    expect(unknown.status).toBe(422);
    expect(await owner.browser.html(unknown)).toContain('id="field-handle-error"');

    const staffView = await camille.browser.page(`/brands/${brand.username}/team`);
    expect(staffView.status).toBe(200);
    expect(staffView.html).not.toContain('name="intent" value="add"');
    const staffAdd = await camille.browser.post(`/brands/${brand.username}/team`, {
      intent: 'add',
      handle: owner.account.username,
      role: 'staff',
    });
    expect(staffAdd.status).toBe(403);

    const promote = await owner.browser.post(`/brands/${brand.username}/team`, {
      intent: 'role',
      account: camille.account.username,
      role: 'community_manager',
    });
    expect(promote.status).toBe(303);
    expect(await roleIn(t.ctx, brand.id, camille.account.id)).toBe('community_manager');
    const lastOwner = await owner.browser.post(`/brands/${brand.username}/team`, {
      intent: 'remove',
      account: owner.account.username,
    });
    expect(lastOwner.status).toBe(409);
    expect(await owner.browser.html(lastOwner)).toContain('au moins un propriétaire');
    const remove = await owner.browser.post(`/brands/${brand.username}/team`, {
      intent: 'remove',
      account: camille.account.username,
    });
    expect(remove.status).toBe(303);
    expect(await roleIn(t.ctx, brand.id, camille.account.id)).toBeNull();
  });

  it('switches the acting account between oneself and a brand one may post for', async () => {
    const owner = await person();
    const mod = await person();
    const brand = await createBrand(t.ctx, owner.account.id, { username: unique('act'), displayName: 'Maison Act' });
    await setMember(t.ctx, owner.account.id, brand.id, mod.account.id, 'moderator');
    const before = await owner.browser.page('/settings');
    expect(before.html).toContain('name="account"');
    const res = await owner.browser.post('/acting-as', { account: brand.username, next: '/settings' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings');
    const after = await owner.browser.page('/settings');
    expect(after.html).toMatch(new RegExp(`<option value="${brand.username}" selected`));
    expect(after.html).toContain('acting-as is-brand');
    await owner.browser.post('/acting-as', { account: 'self' });
    expect((await owner.browser.page('/settings')).html).not.toContain('acting-as is-brand');
    // A moderator may not post for the brand, so may not act as it.
    const denied = await mod.browser.post('/acting-as', { account: brand.username });
    expect(denied.status).toBe(403);
  });
});
