import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { queryRows } from '../../../db/client';
import { pathOf, person, programme } from '../../ambassadors/test-support';
import { CONSENT_DAYS, consentCookieValue, parseConsentCookie } from './cookie';
import { consentHistory, forgetConsents } from './service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const BANNER = 'id="consent-banner"';
const visitsOf = (ambassadorId: string) =>
  queryRows<{ visitor: string | null; account_id: string | null }>(
    t.ctx.db,
    sql`select visitor, account_id from ambassador_visits where ambassador_id = ${ambassadorId} order by at`,
  );

describe('the banner', () => {
  it('shows on pages until a choice is made, with both choices alike, then no more; never on the API or widgets', async () => {
    const browser = new BrowserSession(t);
    const home = await browser.page('/local');
    expect(home.status).toBe(200);
    expect(home.html).toContain(BANNER);
    const buttons = [...home.html.matchAll(/<button type="submit" class="([^"]+)" name="choice" value="(\w+)"/g)];
    expect(buttons.map((b) => b[2])).toEqual(['refuse', 'accept']);
    expect(buttons[0][1]).toBe(buttons[1][1]);
    expect(home.html).toContain('Tout refuser');
    expect(home.html).toContain('href="/privacy/cookies"');
    // Twice, the second time from the page cache: still asked.
    expect((await browser.page('/local')).html).toContain(BANNER);

    const res = await browser.post('/privacy/consent', { choice: 'refuse', back: '/local?lang=fr' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/local?lang=fr');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('comptoir_consent=')) ?? '';
    expect(cookie).toMatch(/^comptoir_consent=1\.0\.\d+;/);
    expect(cookie).toContain(`Max-Age=${CONSENT_DAYS * 86400}`);
    expect(cookie).toContain('HttpOnly');
    const after = await browser.page('/local');
    expect(after.html).not.toContain(BANNER);
    // A visitor without a choice still gets the banner from the same cached page.
    expect((await new BrowserSession(t).page('/local')).html).toContain(BANNER);

    const api = await t.app.request('/api/v1/instance');
    expect(await api.text()).not.toContain(BANNER);
  });

  it('sends the visitor back only to a page of this site', async () => {
    const browser = new BrowserSession(t);
    for (const back of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      const res = await browser.post('/privacy/consent', { choice: 'accept', back });
      expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
    }
  });

  it('refuses an unknown choice with a clear 400 page and changes nothing; a form without its token is refused', async () => {
    const browser = new BrowserSession(t);
    const res = await browser.post('/privacy/consent', { choice: 'maybe', back: '/' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Choisissez « Tout refuser » ou « Tout accepter ».');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('comptoir_consent='))).toBe(false);
    const forged = await new BrowserSession(t).post('/privacy/consent', { choice: 'accept' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('comptoir_consent='))).toBe(false);
  });

  it('asks again once the choice is six months old, or when the cookie is not one of ours', () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const value = consentCookieValue(true, at);
    expect(parseConsentCookie(value, new Date(at.getTime() + (CONSENT_DAYS - 1) * 86_400_000))).toMatchObject({
      referral: true,
    });
    expect(parseConsentCookie(value, new Date(at.getTime() + (CONSENT_DAYS + 1) * 86_400_000))).toBeNull();
    expect(parseConsentCookie(value, new Date(at.getTime() - 86_400_000))).toBeNull();
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const parsed = parseConsentCookie(junk, at);
        // Anything that is not `<version>.<0|1>.<seconds>` is no answer at all.
        if (parsed) expect(junk).toMatch(/^1\.[01]\.\d+$/);
      }),
    );
  });
});

describe('the referral cookie', () => {
  it('without consent: /r/<code> still redirects and counts the visit, with no cookie and no identifier', async () => {
    const { s, ambassadorId, link } = await programme(t);
    const res = await t.app.request(pathOf(link.url));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/@${s.brand.username}/products/${s.productId}`);
    // Only the strictly necessary CSRF seed every first visit gets: no referral cookie.
    expect(res.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['comptoir_csrf']);
    expect(await visitsOf(ambassadorId)).toEqual([{ visitor: null, account_id: null }]);
  });

  it('refused: no cookie, even for a signed-in person (no account remembered either)', async () => {
    const { ambassadorId, link } = await programme(t);
    const fan = await person(t);
    const browser = new BrowserSession(t);
    await browser.actAs(fan.id);
    await browser.post('/privacy/consent', { choice: 'refuse', back: '/' });
    const res = await browser.get(pathOf(link.url));
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('comptoir_ref='))).toEqual([]);
    expect(browser.cookies.has('comptoir_ref')).toBe(false);
    expect(await visitsOf(ambassadorId)).toEqual([{ visitor: null, account_id: null }]);
  });

  it('accepted: the cookie is set for the window; refusing later takes it back', async () => {
    const { ambassadorId, link } = await programme(t, { windowDays: 7 });
    const browser = new BrowserSession(t);
    await browser.post('/privacy/consent', { choice: 'accept', back: '/' });
    const res = await browser.get(pathOf(link.url));
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('comptoir_ref=')) ?? '';
    expect(cookie).toContain('Max-Age=604800');
    const [visit] = await visitsOf(ambassadorId);
    expect(browser.cookies.get('comptoir_ref')).toBe(visit.visitor);

    const refused = await browser.post('/privacy/consent', { choice: 'refuse', back: '/privacy/cookies' });
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('comptoir_ref=;'))).toBe(true);
    expect(browser.cookies.has('comptoir_ref')).toBe(false);
  });
});

describe('a signed-in person’s choice', () => {
  it('is stored with the text’s version and date, followed on another browser, and read and changed through the API', async () => {
    const fan = await person(t);
    const browser = new BrowserSession(t);
    await browser.actAs(fan.id);
    expect((await browser.page('/local')).html).toContain(BANNER);
    await browser.post('/privacy/consent', { choice: 'accept', back: '/' });
    const rows = await queryRows<{ version: string; referral: boolean; source: string }>(
      t.ctx.db,
      sql`select version, referral, source from consents where account_id = ${fan.id}`,
    );
    expect(rows).toEqual([{ version: '1', referral: true, source: 'banner' }]);

    // Another browser, signed in as the same person, has no cookie yet: the stored choice counts.
    const other = new BrowserSession(t);
    await other.actAs(fan.id);
    expect((await other.page('/local')).html).not.toContain(BANNER);
    // ...and is copied into that browser's cookie, with the date it was made.
    expect(other.cookies.get('comptoir_consent')).toBe(browser.cookies.get('comptoir_consent'));

    const got = await t.call('GET', '/api/v1/account/consent', { token: fan.token });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ referral: true, version: '1', decided_at: expect.any(String) });
    const put = await t.call('PUT', '/api/v1/account/consent', { token: fan.token, body: { referral: false } });
    expect([put.status, (await put.json()).referral]).toEqual([200, false]);
    expect(await (await t.call('GET', '/api/v1/account/consent', { token: fan.token })).json()).toMatchObject({
      referral: false,
    });
    const history = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from consents where account_id = ${fan.id}`,
    );
    expect(history[0].n).toBe(2);
    // What the data export lists, oldest first; erasure removes it.
    expect((await consentHistory(t.ctx.db, fan.id)).map((c) => [c.source, c.referral, c.version])).toEqual([
      ['banner', true, '1'],
      ['api', false, '1'],
    ]);
    expect(await forgetConsents(t.ctx.db, fan.id)).toBe(2);
    expect(await consentHistory(t.ctx.db, fan.id)).toEqual([]);
  });

  it('the API: no choice yet is null; bad input is a 400 naming the field; no token is a 401', async () => {
    const fan = await person(t);
    expect(await (await t.call('GET', '/api/v1/account/consent', { token: fan.token })).json()).toEqual({
      referral: null,
      version: '1',
      decided_at: null,
    });
    for (const body of [{}, { referral: 'yes' }, { referral: null }]) {
      const res = await t.call('PUT', '/api/v1/account/consent', { token: fan.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBeTruthy();
    }
    expect((await t.call('GET', '/api/v1/account/consent')).status).toBe(401);
    const none = await queryRows(t.ctx.db, sql`select 1 from consents where account_id = ${fan.id}`);
    expect(none).toEqual([]);
  });
});

describe('the cookies page', () => {
  it('lists every cookie with its basis, shows the choice in force and lets the visitor change it, in both languages', async () => {
    const browser = new BrowserSession(t);
    const page = await browser.page('/privacy/cookies');
    expect(page.status).toBe(200);
    for (const name of [
      'comptoir_session',
      'comptoir_csrf',
      'comptoir_lang',
      'comptoir_rw',
      'comptoir_consent',
      'comptoir_ref',
    ])
      expect(page.html).toContain(`<code>${name}</code>`);
    expect(page.html).toContain('data-choice="none"');
    expect(page.html).not.toContain(BANNER);
    await browser.post('/privacy/consent', { choice: 'accept', back: '/privacy/cookies' });
    expect((await browser.page('/privacy/cookies')).html).toContain('data-choice="accepted"');
    await browser.post('/privacy/consent', { choice: 'refuse', back: '/privacy/cookies' });
    expect((await browser.page('/privacy/cookies')).html).toContain('data-choice="refused"');
    const en = await new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' }).page('/privacy/cookies');
    expect(en.html).toContain('Cookies and trackers');
    expect(en.html).toContain('Refuse all');
    expect((await browser.page('/local')).html).toContain('<a href="/privacy/cookies">Cookies</a>');
  });
});
