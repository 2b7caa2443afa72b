/**
 * The smaller things of issue 11, seen in a browser: the language chosen on the log-in page
 * survives logging in, the search page has one search box and its help behind a disclosure,
 * and the review form's radio buttons look and work like stars (mouse and keyboard).
 */
import { describe, expect, it } from 'vitest';
import { appToken, shop } from '../../src/links/testing';
import { htmlLang, logIn, logOut, person, signUp, useE2E } from './support';

const e2e = useE2E();

describe('smaller things', () => {
  it('keeps the language chosen on the log-in page after logging in', async () => {
    const who = person('lina');
    const page = await e2e.newPage({ locale: 'fr' });
    await signUp(page, who);
    expect(await htmlLang(page)).toBe('fr');
    await logOut(page);
    await page.goto('/login');
    // The header's language switch, on the log-in page itself.
    await page.locator('a.lang-switch').click();
    await page.waitForURL('**/login');
    expect(await htmlLang(page)).toBe('en');
    await logIn(page, who.username);
    expect(await htmlLang(page)).toBe('en');
    await page.goto('/settings');
    expect(await htmlLang(page)).toBe('en');
  });

  it('shows one search box on the search page, and the query help on demand', async () => {
    const page = await e2e.newPage();
    await page.goto('/search?q=nothingmatchesthis');
    expect(await page.getByRole('searchbox').count()).toBe(1);
    await page.getByText('Nothing matches this search.').waitFor();
    const help = page.locator('#search-help');
    expect(await help.isVisible()).toBe(false);
    await page.getByText('Help: how to write a search').click();
    expect(await help.isVisible()).toBe(true);
    // Elsewhere the header's box is there.
    await page.goto('/local');
    expect(await page.getByRole('searchbox').count()).toBe(1);
  });

  it('draws the review form’s radio buttons as stars, filled up to the chosen one', async () => {
    const s = await shop(e2e.server, await appToken(e2e.server));
    const page = await e2e.newPage({ locale: 'fr' });
    await signUp(page, person('rita'));
    await page.goto(`/reviews/new?product=${s.productId}`);
    const stars = page.locator('.review-star');
    const colours = () => stars.evaluateAll((els) => els.map((el) => getComputedStyle(el).color));
    const empty = (await colours())[0];
    // A click on the third star checks "3 étoiles" and fills three.
    await page.locator('label.review-rating-choice').nth(2).click();
    expect(await page.getByRole('radio', { name: '3 étoiles' }).isChecked()).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(async () => (await colours()).map((c) => c !== empty)).toEqual([true, true, true, false, false]);
    // Arrows move the choice like any radio group; the focused star shows an outline.
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: '4 étoiles' }).isChecked()).toBe(true);
    await expect.poll(async () => (await colours()).map((c) => c !== empty)).toEqual([true, true, true, true, false]);
    const outline = await stars.nth(3).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
  });
});
