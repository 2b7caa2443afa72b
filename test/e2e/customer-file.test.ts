/**
 * The customer's file in a real browser: the brand's owner opens a customer's file, adds a
 * private note and labels without leaving the page (htmx), edits the note, and hostile markup
 * stored in a note stays text. In French, as the back-office's first language.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { addCustomerNote } from '../../src/modules/inbox';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();

describe('the customer’s file', () => {
  it('shows the file, adds and edits a note and labels in place, keeps hostile markup as text', async () => {
    const ctx = e2e.server.ctx;
    const odile = person('odile', 'Odile Gérante');
    const owner = await createPerson({ db: ctx.db }, odile);
    const chloe = await createPerson({ db: ctx.db }, person('chloe', 'Chloé Martin'));
    const brand = await createBrand({ db: ctx.db }, owner.id, {
      username: `crm_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Fiche',
    });
    await ctx.db.execute(sql`insert into follows (follower_id, followee_id) values (${chloe.id}, ${brand.id})`);
    const key = { brandId: brand.id, accountId: chloe.id, viewerId: owner.id };
    await addCustomerNote(ctx, key, { text: '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>' });

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, odile.username, odile.password);
    await page.goto(`/brands/${brand.username}/customers/${chloe.id}`);
    await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).waitFor();
    await page.getByText('Abonné·e', { exact: true }).waitFor();
    await page.locator('.customer-note-text', { hasText: '<script>window.__xss=1</script>' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    const notes = page.locator('#customer-notes');
    await notes.getByLabel('Nouvelle note').fill('Préfère le comté 24 mois');
    await notes.getByRole('button', { name: 'Ajouter la note' }).click();
    await notes.locator('.customer-note-text', { hasText: 'Préfère le comté 24 mois' }).waitFor();

    const note = notes.locator('li.customer-note', { hasText: 'Préfère le comté 24 mois' });
    await note.locator('summary').click();
    await note.getByRole('textbox').fill('Préfère le comté 36 mois');
    await note.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#customer-notes .customer-note-text', { hasText: 'Préfère le comté 36 mois' }).waitFor();
    await page.locator('#customer-notes').getByText('modifiée', { exact: false }).first().waitFor();

    const labels = page.locator('#customer-labels');
    await labels.getByLabel('Étiquettes').fill('Habituée, Lyon');
    await labels.getByRole('button', { name: 'Enregistrer les étiquettes' }).click();
    await page.locator('#customer-labels li', { hasText: 'Habituée' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  });
});
