/**
 * A contest in a real browser: the brand's owner creates it from the back-office form and lands on
 * its page (rules, countdown, commitment); a person enters with the page's button; after the end
 * the page shows the seed, the winner and how to check the draw.
 */
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();

describe('contests (jeux-concours)', () => {
  it('creates a form contest from the back-office, a person enters, the draw is shown with its check', async () => {
    const ctx = e2e.server.ctx;
    const olga = person('olga', 'Olga Concours');
    const rita = person('rita', 'Rita Joueuse');
    const owner = await createPerson({ db: ctx.db }, olga);
    await createPerson({ db: ctx.db }, rita);
    const brand = await createBrand({ db: ctx.db }, owner.id, {
      username: `concours_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Concours',
    });

    const manager = await e2e.newPage({ locale: 'fr' });
    await logIn(manager, olga.username, olga.password);
    await manager.goto(`/brands/${brand.username}/contests`);
    await manager.getByLabel('Titre').fill('Un comté à gagner');
    await manager.getByLabel('Règlement').fill('Un tirage au sort parmi les participants.');
    await manager.getByLabel('Pour participer').selectOption('form');
    // Tomorrow, in the form's datetime-local format (read as Paris time).
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
    await manager.getByLabel('Fin (heure de Paris)').fill(tomorrow);
    await manager.getByLabel('Nombre de gagnants').fill('1');
    await manager.getByRole('button', { name: 'Créer le concours' }).click();
    await manager.waitForURL(/\/contests\/[0-9a-f-]{36}$/);
    const commitment = (await manager.locator('#contest-commitment').textContent())?.trim() ?? '';
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    await manager.getByText('sans obligation d’achat', { exact: false }).waitFor();
    await e2e.screenshot(manager, 'open');
    const contestPath = new URL(manager.url()).pathname;

    const player = await e2e.newPage({ locale: 'fr' });
    await logIn(player, rita.username, rita.password);
    await player.goto(contestPath);
    await player.getByRole('button', { name: 'Je participe' }).click();
    await player.getByText('Vous participez', { exact: false }).waitFor();

    // The end comes: the page shows the draw.
    e2e.server.clock.advance(2 * 24 * 3600_000);
    await player.reload();
    const seed = (await player.locator('#contest-seed').textContent())?.trim() ?? '';
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    await player.locator('.contest-winners').getByText(rita.displayName).waitFor();
    await player.getByRole('heading', { name: 'Vérifier le tirage' }).waitFor();
    await e2e.screenshot(player, 'drawn');
  });
});
