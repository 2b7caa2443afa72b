/**
 * Federation in a real browser across two Comptoir instances on loopback: Ana, on instance 1,
 * finds Bob of instance 2 from the search page (`@bob@127.0.0.1:PORT`), opens his profile and
 * follows him; then Bob posts on instance 2 and the post arrives live on Ana's home timeline.
 * The tests run in order (the second needs the follow of the first).
 */
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { appToken, json, signUpUser, type TestUser } from '../../src/modules/social/api-test-support';
import { sharedBrowser } from '../support/browser';
import { eventually, handleOn, startTwoInstances } from '../support/federation';
import type { TestServer } from '../support/server';
import { gotoLive, person, signUp, statusWithText } from './support';

let one: TestServer;
let two: TestServer;
let bob: TestUser;
let contexts: BrowserContext[] = [];
const ana = person('ana', 'Ana Martin');

/** A page on instance 1, in its own browser context (its own cookies). */
async function pageOnOne(): Promise<Page> {
  const browser = await sharedBrowser();
  const context = await browser.newContext({
    baseURL: one.url,
    locale: 'en-GB',
    extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' },
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${page.url()}: ${error.message}`));
  return page;
}

beforeAll(async () => {
  [one, two] = await startTwoInstances();
  bob = await signUpUser(two, await appToken(two), 'bob');
  await json(
    two.call('PATCH', '/api/v1/accounts/update_credentials', {
      token: bob.token,
      body: { display_name: 'Bob Bernard', note: 'Boulanger à Lyon' },
    }),
  );
});
afterEach(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  contexts = [];
});
afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

/** The follow of Ana (instance 1) to Bob's account as stored on instance 1. */
async function anaFollowsBob(): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    one.ctx.db,
    sql`select count(*)::int as n from follows f
          join accounts a on a.id = f.follower_id join accounts b on b.id = f.followee_id
        where a.username = ${ana.username} and b.username = ${handleOn(two, 'bob')}`,
  );
  return Number(rows[0]?.n ?? 0) === 1;
}

describe('following someone on another server', () => {
  it('finds the remote account from the search page, opens its profile and follows it', async () => {
    const page = await pageOnOne();
    await signUp(page, ana);
    const handle = handleOn(two, 'bob');
    await page.getByRole('search').first().getByRole('searchbox').fill(`@${handle}`);
    await page.getByRole('search').first().getByRole('searchbox').press('Enter');
    await page.waitForURL('**/search?**');
    const card = page.locator('.account-card', { hasText: 'Bob Bernard' });
    await card.waitFor();
    await card.getByText(`@${handle}`).waitFor();
    await card.getByRole('link', { name: 'Bob Bernard' }).click();
    await page.waitForURL(`**/@${handle}`);
    await page.getByRole('heading', { name: 'Bob Bernard' }).waitFor();
    await page.getByText('Boulanger à Lyon').waitFor();
    const original = page.getByRole('link', { name: `View on ${new URL(two.url).host}` });
    expect(await original.getAttribute('href')).toBe(`${two.url}/@bob`);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Unfollow' }).waitFor();
    await eventually(anaFollowsBob);
  });

  // Needs the whole federation: the Follow delivered to instance 2 (outbound), Bob's post
  // delivered back to instance 1 and stored as a remote post (inbound).
  it("shows the remote account's new post live on the home timeline", async () => {
    expect(await anaFollowsBob()).toBe(true);
    const page = await pageOnOne();
    await page.goto('/login');
    await page.getByLabel(/^(E-mail or username|E-mail ou identifiant)/).fill(ana.username);
    await page.getByLabel(/^(Password|Mot de passe)/).fill(ana.password);
    await page.getByRole('button', { name: /^(Log in|Se connecter)$/ }).click();
    await page.waitForURL('**/home');
    // Instance 2 knows Ana follows Bob before he posts (else the post has nobody to go to).
    await eventually(async () => {
      const me = await json(two.call('GET', '/api/v1/accounts/verify_credentials', { token: bob.token }));
      return me.followers_count === 1;
    });
    await gotoLive(page, '/home');
    const text = `Fournée du soir ${Date.now().toString(36)}`;
    await json(
      two.call('POST', '/api/v1/statuses', { token: bob.token, body: { status: text, visibility: 'public' } }),
    );
    const post = statusWithText(page, text);
    await post.waitFor({ timeout: 60_000 });
    await post.getByText(`@${handleOn(two, 'bob')}`).waitFor();
  });
});
