/**
 * Accounts in a real browser: sign up, log out, log in; switching language as a visitor and as a
 * person (saved on the account); a brand's page in its own colours; the skip link.
 */
import { describe, expect, it } from 'vitest';
import { htmlLang, logIn, logOut, person, signUp, useE2E } from './support';

const e2e = useE2E();

describe('accounts in the browser', () => {
  it('signs up through the form, logs out, and logs back in', async () => {
    const page = await e2e.newPage();
    const camille = person('camille', 'Camille Martin');
    await signUp(page, camille);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(await page.getByLabel('Account menu').textContent()).toContain('Camille Martin');

    await logOut(page);
    // A visitor again: the top bar offers to log in, and /home sends to the log-in page.
    await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).waitFor();
    await page.goto('/home');
    expect(new URL(page.url()).pathname).toBe('/login');

    // Wrong password first: an error, still on the form.
    await page.getByLabel(/^E-mail or username/).fill(camille.username);
    await page.getByLabel(/^Password/).fill('not the password');
    await page.getByRole('button', { name: /^Log in$/ }).click();
    await page.getByText('Wrong', { exact: false }).or(page.getByRole('alert')).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await logIn(page, camille.email);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(await page.getByLabel('Account menu').textContent()).toContain('Camille Martin');
  });

  it('shows the sign-up errors next to the fields', async () => {
    const page = await e2e.newPage();
    await page.goto('/signup');
    await page.getByLabel(/^Username/).fill('no spaces allowed');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create my account' }).click();
    const username = page.getByLabel(/^Username/);
    await username.waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(/^Password/).getAttribute('aria-invalid')).toBe('true');
    expect(await username.inputValue()).toBe('no spaces allowed');
  });

  it('switches language for a visitor with the FR/EN link, across pages', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await page.goto('/local');
    expect(await htmlLang(page)).toBe('fr');
    await page.getByRole('heading', { level: 1, name: 'Fil local' }).waitFor();

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/local');
    expect(await htmlLang(page)).toBe('en');
    await page.getByRole('heading', { level: 1, name: 'Local feed' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).waitFor();

    // The choice sticks (a cookie) on the next pages.
    await page.goto('/signup');
    expect(await htmlLang(page)).toBe('en');
    await page.getByRole('button', { name: 'Create my account' }).waitFor();

    await page.getByRole('link', { name: 'Français' }).click();
    await page.waitForURL('**/signup');
    expect(await htmlLang(page)).toBe('fr');
    await page.getByRole('button', { name: 'Créer mon compte' }).waitFor();
  });

  it('switches language for a person, saved on the account', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    const who = person('lea', 'Léa');
    await signUp(page, who);
    expect(await htmlLang(page)).toBe('fr');
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL('**/home');
    expect(await htmlLang(page)).toBe('en');
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();

    await page.goto('/notifications');
    expect(await htmlLang(page)).toBe('en');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^Notifications/ })
      .waitFor();

    // Another browser whose language is French: the account's choice wins once logged in.
    const elsewhere = await e2e.newPage({ locale: 'fr' });
    await logIn(elsewhere, who.username);
    expect(await htmlLang(elsewhere)).toBe('en');
    await elsewhere.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  });

  it('shows a brand page in the colours set in its charter', async () => {
    const page = await e2e.newPage();
    await signUp(page, person('owner'));
    const handle = `brand_${Date.now().toString(36).slice(-6)}`;

    await page.goto('/brands/new');
    await page.getByLabel(/^Brand name/).fill('Maison Test');
    await page.getByLabel(/^Brand handle/).fill(handle);
    await page.getByRole('button', { name: 'Create the brand' }).click();
    await page.waitForURL(`**/brands/${handle}/settings?saved=created`);

    await page.getByLabel(/^Primary colour/).fill('#1d4ed8');
    await page.getByLabel(/^Accent colour/).fill('#f59e0b');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**/brands/${handle}/settings?saved=1`);
    expect(await page.getByLabel(/^Primary colour/).inputValue()).toBe('#1d4ed8');

    await page.goto(`/@${handle}`);
    await page.getByRole('heading', { level: 1, name: /Maison Test/ }).waitFor();
    const colours = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const probe = document.createElement('div');
      probe.style.background = 'var(--primary)';
      probe.style.color = 'var(--accent)';
      document.querySelector('.profile-header')!.append(probe);
      const used = getComputedStyle(probe);
      return {
        brandPrimary: body.getPropertyValue('--brand-primary').trim(),
        brandAccent: body.getPropertyValue('--brand-accent').trim(),
        primary: used.backgroundColor,
        accent: used.color,
      };
    });
    expect(colours.brandPrimary).toBe('#1d4ed8');
    expect(colours.brandAccent).toBe('#f59e0b');
    expect(colours.primary).toBe('rgb(29, 78, 216)');
    expect(colours.accent).toBe('rgb(245, 158, 11)');
    // The visible follow button of a visitor uses the brand's primary colour.
    const visitor = await e2e.newPage();
    await visitor.goto(`/@${handle}`);
    const follow = visitor.locator('.profile-actions').getByRole('link', { name: 'Follow' });
    expect(await follow.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(29, 78, 216)');
    await e2e.screenshot(visitor, 'brand-page');
  });

  it('reaches the skip link first with Tab', async () => {
    const page = await e2e.newPage();
    await page.goto('/local');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        tag: el?.tagName,
        text: el?.textContent?.trim(),
        href: el?.getAttribute('href'),
        visible: el ? el.getBoundingClientRect().height > 0 : false,
      };
    });
    expect(focused).toEqual({ tag: 'A', text: 'Skip to content', href: '#main', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });
});
