/**
 * The commission ledger in a real browser: an ambassador sees their pending and payable
 * commissions and gives their bank details; the brand's owner records a SEPA payout on the
 * payouts page, and the ambassador sees it paid. Attribution is written by the ledger's test
 * fixture (the ambassadors' core records it in the checkout when both are merged).
 */
import { describe, expect, it } from 'vitest';
import { signUp as createPerson, setMember } from '../../src/modules/accounts';
import { placeOrder } from '../../src/modules/commerce';
import { matureCommissions } from '../../src/modules/ambassadors';
import { ambassador, attributeBuyer, programme } from '../support/ledger';
import { address, buyerWithCard, shop } from '../support/orders';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();

describe('ambassadors’ earnings and payouts', () => {
  it('shows pending and payable commissions, takes bank details, and a payout recorded by the brand', async () => {
    const t = e2e.server;
    const s = await shop(t, { price: 2500, stock: 50 });
    await programme(t, s.brand.id, { bp: 1000, minPayout: 100 });
    const who = person('fan', 'Camille Fan');
    const fan = await createPerson({ db: t.ctx.db }, who);
    const ambassadorId = await ambassador(t, s.brand.id, fan.id);
    const buyer = await buyerWithCard(t);
    attributeBuyer(buyer.id, ambassadorId);
    const order = (quantity: number) =>
      placeOrder(t.ctx, buyer.id, {
        lines: [{ variantId: s.variantId, quantity }],
        paymentMethodId: buyer.methodId,
        shippingAddress: address,
      });
    const first = await order(2); // 5,00 € of commission
    await order(1); // 2,50 €
    // The first one delivered long enough ago: its commission is payable.
    const ship = { carrier: 'Colissimo', tracking_number: 'E2E1' };
    await t.call('POST', `/api/v1/orders/${first.orderId}/ship`, { token: s.ownerToken, body: ship });
    await t.call('POST', `/api/v1/orders/${first.orderId}/deliver`, { token: s.ownerToken });
    await matureCommissions(
      { db: t.ctx.db, clock: { now: () => new Date(Date.now() + 15 * 86_400_000) } },
      first.orderId,
    );

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, who.username, who.password);
    await page.goto(`/ambassador/${ambassadorId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('[data-balance="pending"]').textContent()).toContain('2,50');
    expect(await page.locator('[data-balance="payable"]').textContent()).toContain('5,00');
    await page.locator('tr[data-kind="matured"]').waitFor();
    await page.getByLabel('Titulaire du compte').fill('Camille Fan');
    await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 180');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Cet IBAN n’est pas valide', { exact: false }).waitFor();
    await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Vos coordonnées bancaires sont enregistrées.').waitFor();

    const brandPage = await e2e.newPage({ locale: 'fr' });
    // The shop's owner has no password in the fixture: an admin (ambassadors.manage too) pays.
    const adminWho = person('admin', 'Odile Admin');
    const admin = await createPerson({ db: t.ctx.db }, adminWho);
    await setMember({ db: t.ctx.db }, s.owner.id, s.brand.id, admin.id, 'admin');
    await logIn(brandPage, adminWho.username, adminWho.password);
    await brandPage.goto(`/brands/${s.brand.username}/ambassadors/payouts`);
    await brandPage.locator(`tr[data-ambassador="${ambassadorId}"]`).waitFor();
    await brandPage.getByLabel('Moyen').selectOption('sepa');
    await brandPage.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await brandPage.getByText('Versement de 5,00', { exact: false }).waitFor();

    await page.goto(`/ambassador/${ambassadorId}`);
    expect(await page.locator('[data-balance="paid"]').textContent()).toContain('5,00');
    expect(await page.locator('[data-balance="payable"]').textContent()).toContain('0,00');
  });
});
