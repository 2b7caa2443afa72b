/**
 * "Download my data" in a real browser: from the settings, a person asks for the archive with
 * their password, the app's job worker builds it, the page then offers the download; the ZIP
 * holds their profile.
 */
import fs from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PASSWORD, person, signUp, useE2E } from './support';

const e2e = useE2E();

describe('downloading one’s data', () => {
  it('asks for the archive from the settings, waits for it, and downloads a ZIP with the profile', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    const noemie = person('noemie', 'Noémie Laurent');
    await signUp(page, noemie);

    await page.goto('/settings');
    await page
      .getByRole('navigation', { name: 'Sections des réglages' })
      .getByRole('link', { name: 'Mes données' })
      .click();
    await page.waitForURL('**/settings/privacy');
    await page.getByRole('heading', { level: 2, name: 'Télécharger mes données' }).waitFor();
    // The way to delete the account is on the same page.
    expect(await page.getByRole('link', { name: 'Supprimer mon compte…' }).getAttribute('href')).toBe(
      '/settings/delete',
    );

    await page.getByLabel(/^Mot de passe actuel/).fill('pas le bon');
    await page.getByRole('button', { name: 'Demander mon archive' }).click();
    await page.getByText('Mot de passe incorrect.').first().waitFor();

    await page.getByLabel(/^Mot de passe actuel/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Demander mon archive' }).click();
    await page.getByText('Demande reçue', { exact: false }).waitFor();
    // One archive per 7 days: the form gives way to the date of the next one.
    await page.getByText('la prochaine sera possible le', { exact: false }).waitFor();

    // The server's job worker builds it: the page offers the link once it is ready.
    const link = page.getByRole('link', { name: 'Télécharger l’archive' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return link.count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^comptoir-archive-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = await download.path();
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const profile = JSON.parse(strFromU8(entries['profile.json']));
    expect(profile).toMatchObject({ username: noemie.username, display_name: 'Noémie Laurent', email: noemie.email });
    expect(Object.keys(entries)).toContain('outbox.json');
  });
});
