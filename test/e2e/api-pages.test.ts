/**
 * The developer-facing pages in a real browser: the API reference generated from the OpenAPI
 * document, and a Mastodon app's OAuth flow (authorize page, out-of-band code, token, API call).
 */
import { describe, expect, it } from 'vitest';
import { logIn, person, signUp, useE2E } from './support';

const e2e = useE2E();
const OOB = 'urn:ietf:wg:oauth:2.0:oob';

describe('API pages in the browser', () => {
  it('shows the API reference with its operations, methods and parameters', async () => {
    const page = await e2e.newPage();
    await page.goto('/api/docs');
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    const createBrand = page
      .locator('section.api-op')
      .filter({ has: page.locator('h3', { hasText: '/api/v1/brands' }) })
      .filter({ hasText: 'POST' })
      .first();
    await createBrand.waitFor();
    const method = createBrand.locator('.method-post').first();
    expect(await method.textContent()).toBe('POST');
    // The method badge is styled (not the page's plain text colour on nothing).
    const badge = await method.evaluate((el) => ({
      bg: getComputedStyle(el).backgroundColor,
      weight: Number(getComputedStyle(el).fontWeight),
    }));
    expect(badge.bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(badge.weight).toBeGreaterThanOrEqual(600);
    expect(await page.locator('table.api-params').count()).toBeGreaterThan(0);
    // Table of contents links reach their operation.
    const tocLink = page
      .getByRole('navigation', { name: /contents|sommaire/i })
      .getByRole('link')
      .first();
    const target = (await tocLink.getAttribute('href'))!;
    await tocLink.click();
    expect(await page.evaluate(() => location.hash)).toBe(target);
    const sizes = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.inner);
    await e2e.screenshot(page, 'api-docs-operation', { fullPage: false });
    await page.evaluate(() => window.scrollTo(0, 0));
    await e2e.screenshot(page, 'api-docs-top', { fullPage: false });

    const phone = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto('/api/docs');
    await phone.evaluate(() => document.querySelector('section.api-op table.api-params')?.scrollIntoView());
    await e2e.screenshot(phone, 'api-docs-phone', { fullPage: false });
    const phoneSizes = await phone.evaluate(() => ({
      scroll: document.scrollingElement!.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(phoneSizes.scroll).toBeLessThanOrEqual(phoneSizes.inner);
  });

  it('lets a person authorize an app and hands it a working code', async () => {
    const who = person('dev', 'Dana Dev');
    const page = await e2e.newPage();
    await signUp(page, who);
    await page.context().clearCookies();

    const app = (await (
      await page.request.post('/api/v1/apps', {
        data: { client_name: 'Tartine', redirect_uris: OOB, scopes: 'read write', website: 'https://tartine.example' },
      })
    ).json()) as { client_id: string; client_secret: string };
    expect(app.client_id).toBeTruthy();

    const authorize = `/oauth/authorize?${new URLSearchParams({ client_id: app.client_id, redirect_uri: OOB, response_type: 'code', scope: 'read write' })}`;
    await page.goto(authorize);
    // Not logged in: the log-in form first, then back to the authorization.
    expect(new URL(page.url()).pathname).toBe('/login');
    await logIn(page, who.username);
    expect(new URL(page.url()).pathname).toBe('/oauth/authorize');
    await page.getByRole('heading', { level: 1, name: 'Authorize an application' }).waitFor();
    const scopes = page.locator('ul.oauth-scopes li');
    expect(await scopes.count()).toBe(2);
    expect(await scopes.first().innerText()).toContain('read your data');
    await e2e.screenshot(page, 'oauth-authorize');

    await page.getByRole('button', { name: 'Authorize' }).click();
    const codeBox = page.getByRole('textbox', { name: 'Authorization code' });
    await codeBox.waitFor();
    const code = await codeBox.inputValue();
    expect(code.length).toBeGreaterThan(10);
    await e2e.screenshot(page, 'oauth-code');

    // The app, on its own server (no browser cookies), trades the code for a token and uses it.
    const tokenRes = await fetch(`${e2e.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: OOB,
      }),
    });
    const token = (await tokenRes.json()) as { access_token?: string };
    expect(token.access_token, JSON.stringify(token)).toBeTruthy();
    const me = await fetch(`${e2e.url}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe(who.username);
  });
});
