/**
 * Browser-test helpers: one real server per test file, one Chromium per worker (shared by its files),
 * fresh browser contexts per person, screenshots of every open page when a test fails (into test-results/), and the
 * user flows most tests start with (sign up, log in, log out, publish) done through the pages.
 *
 *   const e2e = useE2E();                       // registers beforeAll/afterEach/afterAll
 *   it('...', async () => {
 *     const page = await e2e.newPage();         // English; { locale: 'fr' } for French
 *     await signUp(page, { username: 'camille' });
 *   });
 *
 * playwright-core has no `expect`: wait with locators (`locator.waitFor()`), or poll what the
 * user sees with vitest's `expect.poll(() => locator.textContent())`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { replaceSharedBrowser, sharedBrowser } from '../support/browser';
import { repoRoot } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

export const resultsDir = path.join(repoRoot, 'test-results');
export const PASSWORD = 'correct horse battery';

export type Locale = 'fr' | 'en';
export type PageOptions = { locale?: Locale; viewport?: { width: number; height: number } };

export type E2E = {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly url: string;
  /** A new browser context (its own cookies: one person) with one page, closed after the test. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Saves a full-page screenshot into test-results/ and returns its path (for development). */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
};

/** Starts the server for this file (Chromium once per worker); cleans up after each test and the file. */
export function useE2E(): E2E {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  const fileName = path.basename(expect.getState().testPath ?? 'e2e', '.test.ts');

  const e2e: E2E = {
    get server() {
      if (!server) throw new Error('useE2E: the server is not started yet (use it inside tests)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('useE2E: the browser is not started yet (use it inside tests)');
      return browser;
    },
    get url() {
      return e2e.server.url;
    },
    async newPage(options = {}) {
      const locale = options.locale ?? 'en';
      // The shared browser again (launched anew if a stuck context made an earlier test give it up).
      browser = await sharedBrowser();
      const context = await browser.newContext({
        baseURL: e2e.url,
        locale: locale === 'fr' ? 'fr-FR' : 'en-GB',
        extraHTTPHeaders: { 'accept-language': locale === 'fr' ? 'fr-FR,fr;q=0.9' : 'en-GB,en;q=0.9' },
        viewport: options.viewport ?? { width: 1280, height: 900 },
      });
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${page.url()}: ${error.message}`));
      return page;
    },
    async screenshot(page, name, options = {}) {
      fs.mkdirSync(resultsDir, { recursive: true });
      const fullPage = options.fullPage ?? true;
      // A full-page capture of a scrolled page draws the sticky top bar mid-page.
      if (fullPage) await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
      const file = path.join(resultsDir, `${fileName}-${slug(name)}.png`);
      await page.screenshot({ path: file, fullPage });
      return file;
    },
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), sharedBrowser()]);
  });

  afterEach(async ({ task }) => {
    const open = contexts;
    contexts = [];
    if (task.result?.state === 'fail') {
      let n = 0;
      for (const context of open) {
        for (const page of context.pages()) {
          n += 1;
          const file = await e2e.screenshot(page, `FAILED-${task.name}-${n}`).catch(() => null);
          if (file) console.error(`Screenshot of ${page.url()} on failure: ${path.relative(repoRoot, file)}`);
        }
      }
    }
    // A safety net, never a measure: a context of the shared browser once did not close at all
    // (the hook then waited out its 240 s). Past a generous minute the browser is given up and the
    // next page gets a fresh one; the test's own result stands.
    const closed = Promise.all(open.map((context) => context.close().catch(() => {})));
    let stuck: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        stuck = setTimeout(() => resolve(true), 60_000);
      }),
    ]);
    clearTimeout(stuck);
    if (gaveUp) {
      console.error(`[e2e] a browser context did not close after "${task.name}": Chromium is launched again`);
      replaceSharedBrowser();
    }
  });

  afterAll(async () => {
    // The browser stays for the worker's next file; this file's contexts are closed already.
    await server?.stop();
  });

  return e2e;
}

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

let counter = 0;
/** A username no other test of this run has: letters, digits and underscores, at most 30. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36).slice(-4)}${counter}`.slice(0, 30);
}

export type Person = { username: string; displayName: string; email: string; password: string };

export function person(prefix: string, displayName?: string): Person {
  const username = uniqueName(prefix);
  return {
    username,
    displayName: displayName ?? prefix[0]!.toUpperCase() + prefix.slice(1),
    email: `${username}@example.test`,
    password: PASSWORD,
  };
}

/** Fills and sends the sign-up form; ends on the home page, logged in. */
export async function signUp(page: Page, who: Person): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel(/^(Display name|Nom affiché)/).fill(who.displayName);
  await page.getByLabel(/^(Username|Identifiant)/).fill(who.username);
  await page.getByLabel(/^(E-mail address|Adresse e-mail)/).fill(who.email);
  await page.getByLabel(/^(Password|Mot de passe)/).fill(who.password);
  await page.getByRole('button', { name: /Create my account|Créer mon compte/ }).click();
  await page.waitForURL('**/home');
}

/** Fills and sends the log-in form; ends on the home page (or `next`). */
export async function logIn(page: Page, identifier: string, password = PASSWORD): Promise<void> {
  // Already on the form (sent there with ?next=): keep it, so the redirect back works.
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByLabel(/^(E-mail or username|E-mail ou identifiant)/).fill(identifier);
  await page.getByLabel(/^(Password|Mot de passe)/).fill(password);
  await page.getByRole('button', { name: /^(Log in|Se connecter)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Opens the account menu in the top bar and presses "Log out". */
export async function logOut(page: Page): Promise<void> {
  await page.getByLabel(/Account menu|Menu du compte/).click();
  await page.getByRole('button', { name: /^(Log out|Se déconnecter)$/ }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/**
 * Opens a page and waits until its live connection (/live, Server-Sent Events) is established,
 * so that whatever happens next reaches it.
 */
export async function gotoLive(page: Page, path: string): Promise<void> {
  const connected = page.waitForResponse((res) => new URL(res.url()).pathname === '/live' && res.status() === 200);
  await page.goto(path);
  await connected;
}

/** The composer on the current page (home, or a post page's reply form). */
export const composer = (page: Page): Locator => page.locator('form.compose').first();

/** Types a post in the home composer and publishes it; waits until it shows in the timeline. */
export async function publish(page: Page, text: string): Promise<Locator> {
  if (new URL(page.url()).pathname !== '/home') await page.goto('/home');
  const form = composer(page);
  await form.getByLabel(/^(Post text|Texte du message)$/).fill(text);
  await form.getByRole('button', { name: /^(Publish|Publier)$/ }).click();
  await page.waitForURL('**/home');
  return statusWithText(page, firstLine(text));
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 60);

/** The post card (article) whose text contains `text`. */
export const statusWithText = (scope: Page | Locator, text: string | RegExp): Locator =>
  scope.locator('article.status').filter({ hasText: text }).first();

/** Opens a post's own page from a card (its date links there). */
export async function openPost(page: Page, card: Locator): Promise<string> {
  await card.locator('a.status-time').click();
  await page.waitForURL(/\/@\w+\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** A small real PNG, as setInputFiles wants it. */
export async function pngFile(name = 'picture.png', width = 64, height = 48, color = { r: 200, g: 80, b: 40 }) {
  const buffer = await sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

/** `document.documentElement.lang` of the page. */
export const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
