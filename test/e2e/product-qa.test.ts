/**
 * Product Q&A in a real browser (French): a person asks a question on a product page; the brand's
 * owner answers it from the same page with the official answer form; the question then opens the
 * page's FAQ, above the reviews, with « Réponse officielle de la marque », and the person's
 * helpful vote is swapped in place by htmx.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct } from '../../src/modules/commerce';
import { updatePolicy } from '../../src/modules/moderation';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const axeSource = createRequire(import.meta.url)('axe-core').source as string;

/** axe-core's serious and critical WCAG A/AA findings on the page, as "rule: targets" lines. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated by the browser's tooling, so the page's Content-Security-Policy does not apply.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return (result.violations as { id: string; impact: string; nodes: { target: unknown[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

describe('product Q&A', () => {
  it('a question asked, answered by the brand, shown in the FAQ above the reviews', async () => {
    const ctx = e2e.server.ctx;
    const owner = person('fromagere', 'Fromagère Lumière');
    const asker = person('lea', 'Léa Curieuse');
    const voter = person('sam', 'Sam Voisin');
    const ownerAccount = await createPerson({ db: ctx.db }, owner);
    await createPerson({ db: ctx.db }, asker);
    await createPerson({ db: ctx.db }, voter);
    const brand = await createBrand({ db: ctx.db }, ownerAccount.id, {
      username: `qa_${Date.now().toString(36).slice(-5)}`,
      displayName: 'Fromagerie Lumière',
    });
    // Post-moderation: a clean question is published at once.
    await updatePolicy(ctx.db, ownerAccount.id, brand.id, { mode: 'post' });
    const product = await createProduct(ctx, ownerAccount.id, brand.id, {
      title: 'Comté 24 mois',
      status: 'published',
      variants: [{ sku: 'QA-24', priceAmount: 1990, currency: 'EUR', stock: 5 }],
    });
    const path = `/@${brand.username}/products/${product.id}`;
    const question = 'Ce comté convient-il pour une fondue ?';
    const official = 'Oui : râpez-le grossièrement et mélangez-le à un beaufort.';

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, asker.username, asker.password);
    await page.goto(path);
    await page.getByLabel('Votre question sur ce produit').fill(question);
    await page.getByRole('button', { name: 'Envoyer la question' }).click();
    await page.getByText('Votre question est publiée.').waitFor();
    const item = page.locator('.qa-question', { hasText: question });
    await item.getByText('Pas encore de réponse.').waitFor();

    const team = await e2e.newPage({ locale: 'fr' });
    await logIn(team, owner.username, owner.password);
    await team.goto(path);
    const teamItem = team.locator('.qa-question', { hasText: question });
    await teamItem.getByText('Répondre au nom de la marque').click();
    await teamItem.getByLabel('Votre réponse').fill(official);
    await teamItem.getByRole('button', { name: 'Publier la réponse' }).click();
    await team.getByText('Votre réponse est publiée.').waitFor();

    const reader = await e2e.newPage({ locale: 'fr' });
    await logIn(reader, voter.username, voter.password);
    await reader.goto(path);
    const faq = reader.locator('#faq');
    await faq.getByText(question).waitFor();
    await faq.getByText('Réponse officielle de la marque').waitFor();
    await faq.getByText(official).waitFor();
    // The FAQ comes before the reviews on the page.
    const before = await reader.evaluate(() => {
      const faqBlock = document.getElementById('faq');
      const reviews = document.getElementById('reviews');
      return Boolean(
        faqBlock && reviews && faqBlock.compareDocumentPosition(reviews) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
    });
    expect(before).toBe(true);
    const readerItem = reader.locator('.qa-question', { hasText: question });
    await readerItem.locator('.qa-answer-official', { hasText: official }).waitFor();
    await readerItem.getByRole('button', { name: 'Utile (0)' }).first().click();
    await readerItem.getByRole('button', { name: 'Vous avez trouvé ceci utile (1)' }).first().waitFor();
    expect(await violations(reader)).toEqual([]);
    expect(await violations(team)).toEqual([]);
    await e2e.screenshot(reader, 'product-qa-faq');
  });
});
