/**
 * A pre-sale in a real browser: a linen brand offers a jacket it has not made yet (threshold 3
 * units). Alice, with a saved card and address, opens the page in French, sees "1 / 3" (someone
 * pledged before her) and the days left, pledges two units with the form, and sees the progress
 * reach the threshold; the job worker then charges every pledge, and her pledge shows as charged
 * with a link to its order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, signUp as createPerson } from '../../src/modules/accounts';
import { createPresale, pledge } from '../../src/modules/campaigns';
import { createProduct, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Camille Lin');
const alice = person('alice', 'Alice Martin');
const early = person('early', 'Bastien Tôt');
let presaleId = '';

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, a, b] = await Promise.all([
    createPerson(db, owner),
    createPerson(db, alice),
    createPerson(db, early),
  ]);
  const brand = await createBrand(db, ownerAccount.id, {
    username: `lin_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Maison Lin',
  });
  const product = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: 'Veste en lin lavé',
    status: 'draft',
    variants: [{ sku: 'VESTE-M', options: { Taille: 'M' }, priceAmount: 18900, currency: 'EUR', stock: 0 }],
  });
  const presale = await createPresale(ctx, ownerAccount.id, brand.id, {
    productId: product.id,
    thresholdUnits: 3,
    deadline: new Date(Date.now() + 9 * 86_400_000 + 3_600_000).toISOString(),
    expectedDelivery: '2027-03-01',
  });
  presaleId = presale.id;
  const address = { name: 'X', line1: '3 rue des Tisserands', postal_code: '44000', city: 'Nantes', country: 'FR' };
  for (const who of [a, b]) {
    await saveAddress(ctx.db, who.id, { ...address, name: who.displayName }, true);
    await savePaymentMethod(ctx, who.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  }
  const method = await savePaymentMethod(ctx, b.id, { provider: 'test', token: 'tok_mastercard' });
  await pledge(
    ctx,
    b.id,
    presale.id,
    { variantId: product.variants[0]!.id, quantity: 1, paymentMethodId: method.id },
    'e',
  );
});

describe('pre-sale page', () => {
  it('pledges with the form, sees the progress reach the threshold, then the pledge charged', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, alice.username);
    await page.goto(`${e2e.url}/presales/${presaleId}`);
    const count = page.locator('.presale-count');
    expect(await count.textContent()).toBe('1 / 3');
    expect(await page.locator('.presale-progress').textContent()).toContain('9 jours restants');
    await page.locator('input[name="quantity"]').fill('2');
    await page.getByRole('button', { name: 'Promettre' }).click();
    await page.locator('.presale-mine').waitFor();
    expect(await count.textContent()).toBe('3 / 3');
    expect(await page.locator('.presale-status').textContent()).toContain('Seuil atteint');
    // The job worker charges every pledge; the page tells her once it is done.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('[data-pledge-status]').first().getAttribute('data-pledge-status');
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('charged');
    await page.getByRole('link', { name: 'Voir la commande' }).waitFor();
  });
});
