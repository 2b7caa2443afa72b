/**
 * The sources page in a real browser: a brand's owner adds a page (a person's profile, which
 * announces its RSS feed) and the feed is found; the queue fetches it and the page shows it
 * working; rename, then remove after the confirmation. In French, as the back-office's first
 * language. The feed is this server's own (its origin is always reachable by sources).
 */
import { describe, expect, it } from 'vitest';
import { listeningSources } from '../../src/db/schema';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();

describe('the sources page', () => {
  it('adds a page’s feed, shows it fetched, renames it and removes it', async () => {
    const ctx = e2e.server.ctx;
    const owner = person('sources_owner', 'Gérante Sources');
    const ownerAccount = await createPerson({ db: ctx.db }, owner);
    const blogger = await createPerson({ db: ctx.db }, person('blogueuse', 'Blogueuse Gourmande'));
    const brand = await createBrand({ db: ctx.db }, ownerAccount.id, {
      username: `src_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Sources',
    });

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, owner.username, owner.password);
    await page.goto(`/brands/${brand.username}/watches`);
    await page.getByRole('link', { name: 'Sources extérieures (blogs, forums, actualités)' }).click();
    await page.getByRole('heading', { name: 'Sources extérieures de Fromagerie Sources', level: 1 }).waitFor();

    await page.getByLabel('Adresse du flux ou de la page').fill(`${e2e.url}/@${blogger.username}`);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByText('Source ajoutée.', { exact: false }).waitFor();
    const item = page.locator('li.source-item').first();
    await item.locator('.source-url', { hasText: `/@${blogger.username}.rss` }).waitFor();

    // The queue fetches it (the server's worker); the page shows it working once reloaded.
    const fetched = async () =>
      (await ctx.db.select({ at: listeningSources.lastSuccessAt }).from(listeningSources)).some((r) => r.at !== null);
    await expect.poll(fetched, { timeout: 60_000, interval: 100 }).toBe(true);
    await page.reload();
    await item.locator('.source-status-ok', { hasText: 'Fonctionne' }).waitFor();

    await item.getByRole('textbox', { name: 'Renommer' }).fill('Le blog de la blogueuse');
    await item.getByRole('button', { name: 'Renommer' }).click();
    await page.getByText('Source renommée.').waitFor();
    await page.locator('li.source-item .source-name', { hasText: 'Le blog de la blogueuse' }).waitFor();

    page.once('dialog', (dialog) => dialog.accept());
    await page.locator('li.source-item').first().getByRole('button', { name: 'Retirer' }).click();
    await page.getByText('Source retirée.').waitFor();
    expect(await page.locator('li.source-item').count()).toBe(0);
  });
});
