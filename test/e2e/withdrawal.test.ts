/**
 * Withdrawal in a real browser: Inès, whose order was delivered, opens it, withdraws from the
 * whole order in one click and sees the return and refund deadlines; a visitor of a hygiene
 * product's page reads, near the Buy button, that it cannot be withdrawn from once unsealed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand, oauth, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct, savePaymentMethod } from '../../src/modules/commerce';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Savon');
const ines = person('ines', 'Inès Moreau');
const address = {
  name: 'Inès Moreau',
  line1: '3 quai Saint-Antoine',
  postal_code: '69002',
  city: 'Lyon',
  country: 'FR',
};

let orderId: string;
let soapPath: string;

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, buyer] = await Promise.all([createPerson(db, owner), createPerson(db, ines)]);
  const brand = await createBrand(db, ownerAccount.id, {
    username: `savonnerie_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Savonnerie du Rhône',
  });
  const candle = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: 'Bougie au miel',
    status: 'published',
    variants: [{ sku: 'BGM-1', priceAmount: 1800, currency: 'EUR', stock: 5 }],
  });
  const soap = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: 'Savon à barbe',
    status: 'published',
    withdrawalExclusion: 'hygiene',
    variants: [{ sku: 'SVB-1', priceAmount: 900, currency: 'EUR', stock: 5 }],
  });
  soapPath = `/@${brand.username}/products/${soap.id}`;
  const card = await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  const token = (await oauth.issueToken(db, null, buyer.id, 'read write')).accessToken;
  const ownerToken = (await oauth.issueToken(db, null, ownerAccount.id, 'read write')).accessToken;
  const placed = await e2e.server.call('POST', '/api/v1/orders', {
    token,
    body: {
      lines: [{ variant_id: candle.variants[0]!.id, quantity: 1 }],
      payment_method_id: card.id,
      shipping_address: address,
    },
  });
  expect(placed.status).toBe(201);
  orderId = ((await placed.json()) as { id: string }).id;
  const ship = { carrier: 'Colissimo', tracking_number: '6A999' };
  expect(
    (await e2e.server.call('POST', `/api/v1/orders/${orderId}/ship`, { token: ownerToken, body: ship })).status,
  ).toBe(200);
  const delivered = await e2e.server.call('POST', `/api/v1/orders/${orderId}/deliver`, { token: ownerToken, body: {} });
  expect(delivered.status).toBe(200);
});

describe('withdrawal', () => {
  it('a buyer withdraws from a delivered order on its page and sees the deadlines', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, ines.username);
    await page.goto(`/orders/${orderId}`);
    const section = page.locator('#withdrawal');
    await section.getByText(/sans donner de motif, jusqu’au/).waitFor();
    await section.getByRole('link', { name: /Formulaire type de rétractation/ }).waitFor();
    await section.getByRole('button', { name: 'Se rétracter de toute la commande' }).click();
    await section.getByText(/Renvoyez les articles au plus tard le/).waitFor();
    await section.getByText(/Remboursement dû au plus tard le/).waitFor();
    expect(await section.getByText('toute la commande, livraison comprise').count()).toBe(1);
    expect(await section.getByRole('button', { name: 'Se rétracter de toute la commande' }).count()).toBe(0);
  });

  it('the page of a hygiene product says before purchase that it is excluded once unsealed', async () => {
    const page = await e2e.newPage();
    await page.goto(soapPath);
    const notice = page.locator('.buy-box .withdrawal-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      'Hygiene product: the right of withdrawal no longer applies once it is unsealed',
    );
  });
});
