/**
 * The social core in a real browser, as two people, Alice (A) and Bruno (B), each in their own
 * browser context: a post with a hashtag and an image, following, live home timeline, likes and
 * the notification, replies, polls, hostile markup shown as text, and the phone layout.
 * The tests run in order and build on each other (B follows A in the follow test).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  composer,
  gotoLive,
  logIn,
  openPost,
  person,
  pngFile,
  publish,
  signUp,
  statusWithText,
  useE2E,
} from './support';

const e2e = useE2E();
const alice = person('alice', 'Alice Durand');
const bruno = person('bruno', 'Bruno Petit');
const tag = `fournil${Date.now().toString(36).slice(-5)}`;

beforeAll(async () => {
  for (const who of [alice, bruno]) {
    const page = await e2e.newPage();
    await signUp(page, who);
    await page.context().close();
  }
});

async function as(who: typeof alice, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await e2e.newPage(options);
  await logIn(page, who.username);
  return page;
}

/** Marks the document, so a test can tell an in-place update from a reload. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __same?: boolean }).__same === true);

describe('social pages in the browser', () => {
  it('posts with a hashtag and an image, shown on the hashtag page with its alt text', async () => {
    const page = await as(alice);
    const form = composer(page);
    const text = `Premières baguettes du matin #${tag}`;
    await form.getByLabel('Post text').fill(text);
    await form.getByText('Images', { exact: true }).click();
    const first = form.getByRole('group', { name: 'Image 1' });
    await first.getByLabel('File').setInputFiles(await pngFile('baguettes.png', 120, 80));
    await first.getByLabel(/^Description/).fill('Three golden baguettes on a rack');
    await form.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL('**/home');

    const card = statusWithText(page, 'Premières baguettes du matin');
    await card.waitFor();
    await card.getByRole('img', { name: 'Three golden baguettes on a rack' }).waitFor();

    // The hashtag is a link to its page, which shows the post, its image and the alt text.
    await card.getByRole('link', { name: `#${tag}` }).click();
    await page.waitForURL(`**/tags/${tag}`);
    await page.getByRole('heading', { level: 1, name: `#${tag}` }).waitFor();
    const onTag = statusWithText(page, 'Premières baguettes du matin');
    const image = onTag.getByRole('img', { name: 'Three golden baguettes on a rack' });
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await onTag.getByText('Alice Durand').count()).toBeGreaterThan(0);

    // And a visitor sees the same public page.
    const visitor = await e2e.newPage();
    await visitor.goto(`/tags/${tag}`);
    await statusWithText(visitor, 'Premières baguettes du matin')
      .getByRole('img', { name: 'Three golden baguettes on a rack' })
      .waitFor();
    await e2e.screenshot(page, 'hashtag-page');
  });

  it('follows someone from their profile page', async () => {
    const page = await as(bruno);
    await page.goto(`/@${alice.username}`);
    await page.getByRole('heading', { level: 1, name: /Alice Durand/ }).waitFor();
    await markDocument(page);
    await page.locator('.profile-actions').getByRole('button', { name: 'Follow' }).click();
    await page.locator('.profile-actions').getByRole('button', { name: 'Unfollow' }).waitFor();
    expect(await sameDocument(page)).toBe(true);

    await page.reload();
    await page.locator('.profile-actions').getByRole('button', { name: 'Unfollow' }).waitFor();
    expect((await page.locator('.profile-counts').innerText()).replace(/\s+/g, ' ')).toContain('1 follower');
    // A's post shows on B's home timeline now.
    await page.goto('/home');
    await statusWithText(page, 'Premières baguettes du matin').waitFor();
  });

  it('shows a new post in the follower’s home timeline live, without reload', async () => {
    const reader = await as(bruno);
    await gotoLive(reader, '/home');
    await reader.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await markDocument(reader);

    const writer = await as(alice);
    await publish(writer, 'Sortie du four dans dix minutes');

    const live = statusWithText(reader, 'Sortie du four dans dix minutes');
    await live.waitFor({ timeout: 10_000 });
    expect(await sameDocument(reader)).toBe(true);
    expect(await live.getByText('Alice Durand').count()).toBeGreaterThan(0);
  });

  it('likes a post in place, keeps the count after reload, and notifies the author live', async () => {
    // The author reads their notifications (all read), then keeps their home page open.
    const author = await as(alice);
    await author.goto('/notifications');
    await gotoLive(author, '/home');
    const badge = author.locator('#unread-count');
    expect((await badge.textContent())?.trim()).toBe('');

    const page = await as(bruno);
    const card = statusWithText(page, 'Sortie du four dans dix minutes');
    await card.waitFor();
    await markDocument(page);
    const like = card.getByRole('button', { name: /^Like/ });
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    await like.click();
    await expect.poll(() => card.locator('button.like').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => card.locator('button.like .count').textContent()).toBe('1');
    expect(await sameDocument(page)).toBe(true);

    await page.reload();
    const again = statusWithText(page, 'Sortie du four dans dix minutes');
    expect(await again.locator('button.like .count').textContent()).toBe('1');
    expect(await again.locator('button.like').getAttribute('aria-pressed')).toBe('true');

    // The author's unread badge turns to 1 without reload; the list names the like.
    await expect.poll(async () => (await badge.textContent())?.trim(), { timeout: 10_000 }).toBe('1');
    await author
      .getByRole('navigation')
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await author.waitForURL('**/notifications');
    const item = author.locator('#notifications-list li').filter({ hasText: 'Bruno Petit liked your post' });
    await item.waitFor();
    expect(await item.innerText()).toContain('Sortie du four dans dix minutes');
    await e2e.screenshot(author, 'notifications');
  });

  it('replies from the post page; the reply shows in the thread', async () => {
    const page = await as(bruno);
    await page.goto(`/@${alice.username}`);
    const path = await openPost(page, statusWithText(page, 'Sortie du four dans dix minutes'));
    const form = composer(page);
    const box = form.getByLabel('Post text');
    expect(await box.inputValue()).toBe(`@${alice.username} `);
    await box.press('End');
    await box.pressSequentially('Je passe en prendre deux !');
    await form.getByRole('button', { name: 'Reply' }).click();
    await page.waitForURL((url) => url.pathname === path);

    const replies = page.locator('section.thread-replies');
    await replies.getByRole('heading', { name: '1 reply' }).waitFor();
    const reply = statusWithText(replies, 'Je passe en prendre deux !');
    await reply.waitFor();
    expect(await reply.getByText('Bruno Petit').count()).toBeGreaterThan(0);
    // The mention became a link to Alice's profile.
    expect(await reply.getByRole('link', { name: new RegExp(`@?${alice.username}`) }).count()).toBeGreaterThan(0);
    await e2e.screenshot(page, 'thread');
  });

  it('votes in a poll once and shows the results', async () => {
    const writer = await as(alice);
    const form = composer(writer);
    await form.getByLabel('Post text').fill('Croissant ou pain au chocolat ?');
    await form.getByText('Poll', { exact: true }).click();
    await form.getByLabel('Answer 1').fill('Croissant');
    await form.getByLabel('Answer 2').fill('Pain au chocolat');
    await form.getByRole('button', { name: 'Publish' }).click();
    await writer.waitForURL('**/home');
    await statusWithText(writer, 'Croissant ou pain au chocolat')
      .getByText('Pain au chocolat', { exact: true })
      .waitFor();

    const page = await as(bruno);
    await page.goto(`/@${alice.username}`);
    await openPost(page, statusWithText(page, 'Croissant ou pain au chocolat'));
    const card = page.locator('article.status.is-focus');
    await markDocument(page);
    const voteAction = await card.locator('form.poll-form').getAttribute('action');
    expect(voteAction).toMatch(/^\/polls\/[0-9a-f-]{36}\/vote$/);
    await card.getByRole('radio', { name: 'Pain au chocolat' }).check();
    await card.getByRole('button', { name: 'Vote' }).click();
    await card.getByText('your choice').waitFor();
    expect(await sameDocument(page)).toBe(true);
    const results = (await card.locator('.poll').innerText()).replace(/\s+/g, ' ');
    expect(results).toMatch(/Pain au chocolat ✓ your choice.*100 %/);
    expect(results).toContain('1 voter');

    // After a reload: still the results, no way to vote again.
    await page.reload();
    const after = page.locator('article.status.is-focus');
    await after.getByText('your choice').waitFor();
    expect(await after.getByRole('button', { name: 'Vote' }).count()).toBe(0);
    expect(await after.getByRole('radio').count()).toBe(0);

    // Even the old form sent again by hand is refused, and counts nothing.
    const refused = await page.evaluate(async (action) => {
      const csrf = (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)[
        'X-CSRF-Token'
      ]!;
      const res = await fetch(action, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrf, 'choices[]': '0' }),
        redirect: 'manual',
      });
      return res.status;
    }, voteAction!);
    expect(refused).toBeGreaterThanOrEqual(400);
    await page.reload();
    expect((await page.locator('article.status.is-focus .poll').innerText()).replace(/\s+/g, ' ')).toContain('1 voter');
    await e2e.screenshot(page, 'poll-results');
  });

  it('shows hostile markup in a post as text, and runs none of it', async () => {
    const reader = await as(bruno);
    await gotoLive(reader, '/home');
    const writer = await as(alice);
    const text = 'Attention <script>window.__xss=1</script> et <img src=x onerror="window.__xss=1"> fin';
    const card = await publish(writer, text);
    await card.waitFor();
    const shown = (await card.locator('.status-content').innerText()).replace(/\s+/g, ' ').trim();
    expect(shown).toBe(text);
    expect(await card.locator('.status-content img, .status-content script').count()).toBe(0);

    // Live on the follower's page, then on the post's own page.
    const live = statusWithText(reader, 'Attention <script>');
    await live.waitFor({ timeout: 10_000 });
    await openPost(writer, card);
    await statusWithText(writer, 'Attention <script>').waitFor();
    for (const page of [writer, reader]) {
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    }
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const page = await as(bruno, { viewport: { width: 390, height: 844 } });
    for (const path of ['/home', `/@${alice.username}`, `/tags/${tag}`, '/notifications']) {
      await page.goto(path);
      const sizes = await page.evaluate(() => ({
        scroll: document.scrollingElement!.scrollWidth,
        inner: window.innerWidth,
      }));
      expect({ path, ...sizes, fits: sizes.scroll <= sizes.inner }).toEqual({ path, ...sizes, fits: true });
    }
    await page.goto('/home');
    await e2e.screenshot(page, 'phone-home');
  });
});
