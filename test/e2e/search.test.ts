/**
 * Search in a real browser: a visitor types in the header's search box on any page, sees the
 * matched words highlighted in the results, switches to another kind of results with the tabs,
 * and follows a profile's feed link. French stemming and accents: "elegante" finds "élégantes".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { person, publish, signUp, uniqueName, useE2E } from './support';

const e2e = useE2E();
const author = person('solene', 'Solène Martin');
const word = uniqueName('bottine').replace(/[^a-z]/g, '');

beforeAll(async () => {
  const page = await e2e.newPage();
  await signUp(page, author);
  await publish(page, `Mes ${word}s élégantes sont arrivées #${word}`);
  await publish(page, 'Un tout autre sujet');
  await page.context().close();
});

describe('search in the browser', () => {
  it('searches from the header, highlights matches, switches tabs', async () => {
    const page = await e2e.newPage();
    await page.goto('/local');
    const box = page.getByRole('search').first().getByRole('searchbox', { name: 'Search Comptoir' });
    await box.fill(`${word} elegante`);
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();

    const posts = page.locator('section[data-kind="statuses"]');
    await posts.getByRole('heading', { name: 'Posts' }).waitFor();
    const hit = posts.locator('.search-hit').first();
    await expect.poll(() => hit.textContent()).toContain('élégantes');
    const marks = await hit.locator('mark').allTextContents();
    expect(marks).toContain('élégantes');
    expect(marks.some((m) => m.startsWith(word))).toBe(true);
    expect(await posts.locator('.search-hit').count()).toBe(1);

    // The hashtags tab lists the tag and nothing else.
    await page.getByRole('navigation', { name: 'Kinds of results' }).getByRole('link', { name: 'Hashtags' }).click();
    await page.waitForURL(/type=hashtags/);
    await expect.poll(() => page.locator('nav.search-tabs a[aria-current="page"]').textContent()).toBe('Hashtags');
    await page.getByRole('link', { name: `#${word}` }).waitFor();
    expect(await page.locator('section[data-kind="statuses"]').count()).toBe(0);

    // A malformed query says what is wrong.
    await page.goto(`/search?q=${encodeURIComponent('"unclosed')}`);
    await page.getByText(/Unbalanced quotes/).waitFor();
  });

  it('links a profile to its RSS and Atom feeds', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await page.goto(`/@${author.username}`);
    const rss = page.locator('link[rel="alternate"][type="application/rss+xml"]');
    expect(await rss.getAttribute('href')).toBe(`/@${author.username}.rss`);
    const response = await page.request.get(`/@${author.username}.rss`);
    expect(response.headers()['content-type']).toContain('application/rss+xml');
    expect(await response.text()).toContain(`${word}s élégantes`);
    await page.getByRole('link', { name: 'Atom' }).waitFor();
  });
});
