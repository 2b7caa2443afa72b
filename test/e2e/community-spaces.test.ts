/**
 * A brand's discussion space in a real browser: a person asks a question in the space, another
 * replies (the asker's open page shows the reply without reload), the asker accepts it and the
 * page shows it first, marked as the accepted answer.
 */
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createSpace } from '../../src/modules/community';
import { updatePolicy } from '../../src/modules/moderation';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();

describe('community spaces', () => {
  it('a topic gets a reply live, the author accepts it, the page shows the accepted answer', async () => {
    const ctx = e2e.server.ctx;
    const owner = person('gerant', 'Gérant Vélo');
    const asker = person('lea', 'Léa Cycliste');
    const helper = person('malik', 'Malik Mécano');
    const ownerAccount = await createPerson({ db: ctx.db }, owner);
    await createPerson({ db: ctx.db }, asker);
    await createPerson({ db: ctx.db }, helper);
    const brand = await createBrand({ db: ctx.db }, ownerAccount.id, {
      username: `velo_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Atelier Vélo',
    });
    await updatePolicy(ctx.db, ownerAccount.id, brand.id, { mode: 'post' });
    const space = await createSpace(ctx, ownerAccount.id, brand.id, {
      name: 'Le garage',
      visibility: 'public',
      charter: 'Soyez précis : modèle, symptôme.',
    });

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, asker.username, asker.password);
    await page.goto(`/spaces/${space.id}`);
    await page.getByText('Soyez précis : modèle, symptôme.').first().waitFor();
    await page.getByLabel('Titre').fill('Ma chaîne saute');
    await page.getByLabel('Votre message').fill('Sur le petit pignon, depuis hier.');
    await page.getByRole('button', { name: 'Publier le sujet' }).click();
    await page.waitForURL(/\/topics\//);
    await page.getByRole('heading', { name: 'Ma chaîne saute' }).waitFor();
    const topicPath = new URL(page.url()).pathname;

    const other = await e2e.newPage({ locale: 'fr' });
    await logIn(other, helper.username, helper.password);
    await other.goto(topicPath);
    await other.getByRole('textbox', { name: 'Répondre' }).fill('Un quart de tour sur la molette du câble.');
    await other.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await other.getByText('Un quart de tour sur la molette du câble.').waitFor();

    // The asker's page, still open, receives the reply without reload.
    const reply = page.locator('.space-reply', { hasText: 'Un quart de tour' });
    await reply.waitFor({ timeout: 15_000 });
    await reply.getByRole('button', { name: 'Marquer comme réponse acceptée' }).click();
    await page.waitForURL(`**${topicPath}`);
    const accepted = page.locator('.space-reply.accepted');
    await accepted.waitFor();
    expect(await accepted.textContent()).toContain('Réponse acceptée');
    expect(await accepted.textContent()).toContain('Un quart de tour sur la molette du câble.');
    await e2e.screenshot(page, 'topic-accepted');

    // The space's list marks the topic solved.
    await page.goto(`/spaces/${space.id}`);
    expect(await page.locator('.space-topic', { hasText: 'Ma chaîne saute' }).textContent()).toContain('Résolu');
  });
});
