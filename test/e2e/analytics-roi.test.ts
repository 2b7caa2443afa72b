/**
 * The Return on Involvement dashboard in a real browser: a brand owner opens Analytics from the
 * side bar, sees five charts drawn from the brand's rollup (written here with bumpCounts, the
 * same door the collectors use), switches the period and the interval, and downloads the CSV.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { bumpCounts, type CountBump } from '../../src/modules/analytics';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const axeSource = createRequire(import.meta.url)('axe-core').source as string;
const DAY = 86_400_000;

describe('Return on Involvement dashboard', () => {
  it('draws its five charts, switches period and interval, and downloads the CSV', async () => {
    const ctx = e2e.server.ctx;
    const rose = person('rose', 'Rose Analyse');
    const owner = await createPerson({ db: ctx.db }, rose);
    const brand = await createBrand({ db: ctx.db }, owner.id, {
      username: `roi_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Mesure',
    });
    // 120 days of history: every panel has something to draw in the period and the one before.
    const now = Date.now();
    const bumps: CountBump[] = [];
    for (let d = 0; d < 120; d++) {
      const at = new Date(now - d * DAY);
      const b = (metric: CountBump['metric'], by: number) =>
        bumps.push({ kind: 'brand', id: brand.id, metric, at, by });
      b('reach', 200 + ((d * 37) % 90));
      b('likes', 5 + (d % 7));
      b('replies', 1 + (d % 3));
      b('sentiment_sum', ((d % 5) - 1) * 300);
      b('sentiment_count', 3);
      b('rating_sum', 9);
      b('rating_count', 2);
      b('revenue_ambassadors', 1500 + d * 10);
      b('revenue_posts', 4200);
    }
    await bumpCounts(ctx.db, bumps);

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, rose.username, rose.password);
    await page.goto(`/brands/${brand.username}/manage`);
    await page.locator('.bo-side').getByRole('link', { name: 'Analyses', exact: true }).click();
    await page.waitForURL(`**/brands/${brand.username}/analytics`);

    const panels = page.locator('.roi-panel');
    await expect.poll(() => panels.count()).toBe(5);
    // Each panel's chart has a drawn line with one point per week (90 days: 13 or 14 Paris weeks).
    for (const key of ['involvement', 'interaction', 'intimacy', 'influence', 'social_revenue']) {
      const chart = page.locator(`.roi-panel[data-panel="${key}"] svg[role="img"]`);
      await expect.poll(() => chart.count()).toBe(1);
      const points = (await chart.locator('polyline').first().getAttribute('points')) ?? '';
      expect(points.split(' ').length, key).toBeGreaterThanOrEqual(13);
      expect(await chart.getAttribute('aria-label'), key).toContain('par semaine');
    }
    const weeks = await page.locator('.roi-panel[data-panel="interaction"] .roi-table tbody tr').count();
    expect(weeks).toBeGreaterThanOrEqual(13);
    // The social revenue's big number: 4 200 + the ambassadors' every day, not zero.
    await expect.poll(() => page.locator('[data-figure="social_revenue"] .roi-big-value').textContent()).toMatch(/€/);

    // No serious or critical accessibility problem (axe-core, WCAG 2.x A and AA), charts included.
    // Evaluated through the browser's protocol: the page's CSP allows no inline script.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as any).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'],
      });
      return (result.violations as { id: string; impact: string; nodes: { target: unknown }[] }[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
    });
    expect(violations).toEqual([]);

    // 30 days by month: one or two buckets.
    await page.getByLabel('Période').selectOption('30d');
    await page.getByLabel('Regroupement').selectOption('month');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/period=30d&interval=month/);
    const months = await page.locator('.roi-panel[data-panel="interaction"] .roi-table tbody tr').count();
    expect(months).toBeGreaterThanOrEqual(1);
    expect(months).toBeLessThanOrEqual(2);
    expect(await page.locator('.roi-panel[data-panel="intimacy"] svg').getAttribute('aria-label')).toContain(
      'par mois',
    );

    // The table under a chart opens for those who prefer figures.
    await page.locator('.roi-panel[data-panel="interaction"] summary').click();
    await page.locator('.roi-panel[data-panel="interaction"] .roi-table').waitFor();

    // The CSV of what is shown.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/analytics.*\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, first] = csv.split('\r\n');
    expect(header).toContain('period,from,to,audience,reach');
    expect(header).toContain('revenue_posts,revenue_posts_minor');
    expect(first).toMatch(/^current,/);
    expect(csv.split('\r\n').filter((l) => l.startsWith('current,')).length).toBe(months);
  });
});
