// The withdrawal on pages: the buyer's section (one click, chosen lines, model form, period
// passed), the team's section (refund due date, refund button, lateness in the order list), the
// product page's sentence and the editor's exclusion field.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { deliveredAt, deliveredOrder } from '../../../../test/support/withdrawal';
import { queryRows } from '../../../db/client';
import { updateBrandLegal } from '../legal';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => t.clock.set(new Date()));

async function as(accountId: string) {
  const browser = new BrowserSession(t);
  await browser.actAs(accountId);
  return browser;
}
const withdrawalRows = (orderId: string) =>
  queryRows<{ line_ids: string[]; whole_order: boolean; reason: string }>(
    t.ctx.db,
    sql`select line_ids, whole_order, reason from withdrawals where order_id = ${orderId} order by id`,
  );

describe('the buyer’s order page', () => {
  it('withdraws from the whole order in one click, then shows the return and refund deadlines', async () => {
    const { b, id } = await deliveredOrder(t, { extra: [null] });
    const browser = await as(b.id);
    const before = await browser.page(`/orders/${id}`);
    expect(before.html).toContain('Se rétracter de toute la commande');
    expect(before.html).toContain(`/orders/${id}/withdrawal/form`);
    const res = await browser.post(`/orders/${id}/withdrawal`, { mode: 'all', reason: '' });
    expect(res.status).toBe(303);
    const rows = await withdrawalRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0].whole_order).toBe(true);
    const after = await browser.page(`/orders/${id}`);
    expect(after.html).toContain('Renvoyez les articles au plus tard le');
    expect(after.html).toContain('Remboursement dû au plus tard le');
    expect(after.html).not.toContain('Se rétracter de toute la commande');
  });

  it('withdraws from a chosen line with a reason; choosing none says so (422)', async () => {
    const { b, id, lineIds } = await deliveredOrder(t, { extra: [null] });
    const browser = await as(b.id);
    const none = await browser.post(`/orders/${id}/withdrawal`, { mode: 'lines' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choisissez au moins un article.');
    const res = await browser.post(`/orders/${id}/withdrawal`, {
      mode: 'lines',
      line_ids: lineIds[1],
      reason: 'Trop grand',
    });
    expect(res.status).toBe(303);
    expect(await withdrawalRows(id)).toEqual([{ line_ids: [lineIds[1]], whole_order: false, reason: 'Trop grand' }]);
    // The rest can still be withdrawn.
    expect((await browser.page(`/orders/${id}`)).html).toContain('Se rétracter de toute la commande');
  });

  it('says the period has passed, and when it ended; the form posted anyway answers 409', async () => {
    const { b, id } = await deliveredOrder(t);
    await deliveredAt(t, id, new Date('2026-03-04T09:00:00Z'));
    t.clock.set(new Date('2026-03-19T08:00:00Z'));
    const browser = await as(b.id);
    const page = await browser.page(`/orders/${id}`);
    expect(page.html).toContain('Le délai de rétractation est passé : il a pris fin le 18 mars 2026.');
    expect(page.html).not.toContain('Se rétracter de toute la commande');
    expect((await browser.post(`/orders/${id}/withdrawal`, { mode: 'all' })).status).toBe(409);
  });

  it('prints the model withdrawal form prefilled with the brand and the order, for the buyer only', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const page = await (await as(b.id)).page(`/orders/${id}/withdrawal/form`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Formulaire de rétractation');
    expect(page.html).toContain(s.brand.displayName);
    expect(page.html).toContain('Marie Dubois');
    expect((await (await as(s.owner.id)).page(`/orders/${id}/withdrawal/form`)).status).toBe(404);
    // Once the brand has filled in its legal identity, the form is addressed to the company, at its address.
    await updateBrandLegal(t.ctx, s.owner.id, s.brand.id, {
      company_name: 'Fromages & Cie SAS',
      address: '12 rue des Canuts, 69004 Lyon',
    });
    const addressed = await (await as(b.id)).page(`/orders/${id}/withdrawal/form`);
    expect(addressed.html).toContain('Fromages &amp; Cie SAS, 12 rue des Canuts, 69004 Lyon');
  });
});

describe('the brand’s order page and list', () => {
  it('shows the withdrawal with its refund due date, refunds it, and flags a late one in the list', async () => {
    const { s, b, id } = await deliveredOrder(t);
    const buyer = await as(b.id);
    await buyer.post(`/orders/${id}/withdrawal`, { mode: 'all', reason: 'Pas à mon goût' });
    const team = await as(s.owner.id);
    const page = await team.page(`/brands/${s.brand.username}/orders/${id}`);
    expect(page.html).toContain('Remboursement dû au plus tard le');
    expect(page.html).toContain('Motif : Pas à mon goût');
    expect(page.html).toContain('Rembourser cette rétractation');
    const [w] = await queryRows<{ id: string; refund_deadline: Date }>(
      t.ctx.db,
      sql`select id, refund_deadline from withdrawals where order_id = ${id}`,
    );
    t.clock.set(new Date(new Date(w.refund_deadline).getTime() + 60_000));
    const list = await team.page(`/brands/${s.brand.username}/orders`);
    expect(list.html).toContain('Remboursement de rétractation en retard');
    const res = await team.post(`/brands/${s.brand.username}/orders/${id}/withdrawals/${w.id}/refund`);
    expect(res.status).toBe(303);
    const after = await team.page(res.headers.get('location')!);
    expect(after.html).toContain('La rétractation est remboursée.');
    expect(after.html).not.toContain('Rembourser cette rétractation');
    expect((await team.page(`/brands/${s.brand.username}/orders`)).html).not.toContain(
      'Remboursement de rétractation en retard',
    );
  });
});

describe('the product page and editor', () => {
  it('says before purchase that a product is excluded, in French and English; the editor sets it', async () => {
    const { s } = await deliveredOrder(t, { deliver: false });
    const owner = await as(s.owner.id);
    const edit = await owner.page(`/brands/${s.brand.username}/products/${s.productId}/edit`);
    expect(edit.html).toContain('name="withdrawal_exclusion"');
    const path = `/@${s.brand.username}/products/${s.productId}`;
    expect((await owner.page(path)).html).not.toContain('withdrawal-notice');
    await queryRows(
      t.ctx.db,
      sql`update products set withdrawal_exclusion = 'made_to_order' where id = ${s.productId}`,
    );
    const fr = await new BrowserSession(t).page(path);
    expect(fr.html).toContain('Produit fait sur mesure ou personnalisé : il n’ouvre pas droit à rétractation');
    const en = await new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' }).page(path);
    expect(en.html).toContain('Made to order or personalised: this product cannot be withdrawn from');
    const api = await t.call('PATCH', `/api/v1/products/${s.productId}`, {
      token: s.ownerToken,
      body: { withdrawal_exclusion: 'nonsense' },
    });
    expect(api.status).toBe(422);
    const ok = await t.call('PATCH', `/api/v1/products/${s.productId}`, {
      token: s.ownerToken,
      body: { withdrawal_exclusion: 'hygiene' },
    });
    expect((await ok.json()).withdrawal_exclusion).toBe('hygiene');
    expect((await new BrowserSession(t).page(path)).html).toContain('Produit d’hygiène');
  });

  it('the product editor saves the exclusion, and clears it', async () => {
    const { s } = await deliveredOrder(t, { deliver: false });
    const owner = await as(s.owner.id);
    const [variant] = await queryRows<{ sku: string }>(
      t.ctx.db,
      sql`select sku from variants where id = ${s.variantId}`,
    );
    const save = (exclusion: string) =>
      owner.post(`/brands/${s.brand.username}/products/${s.productId}/edit`, {
        title: 'Comté sur mesure',
        status: 'published',
        kind: 'physical',
        currency: 'EUR',
        withdrawal_exclusion: exclusion,
        'variants[0][id]': s.variantId,
        'variants[0][stock_seen]': '10',
        'variants[0][sku]': variant.sku,
        'variants[0][price]': '12,00',
        'variants[0][stock]': '10',
      });
    const exclusionOf = async () =>
      (
        await queryRows<{ e: string | null; at: Date | null }>(
          t.ctx.db,
          sql`select withdrawal_exclusion as e, withdrawal_excluded_at as at from products where id = ${s.productId}`,
        )
      )[0];
    expect((await save('perishable')).status).toBe(303);
    expect(await exclusionOf()).toMatchObject({ e: 'perishable', at: expect.anything() });
    const edit = await owner.page(`/brands/${s.brand.username}/products/${s.productId}/edit`);
    expect(edit.html).toMatch(/<option value="perishable" selected/);
    expect((await save('nonsense')).status).toBe(422);
    expect((await save('')).status).toBe(303);
    expect(await exclusionOf()).toEqual({ e: null, at: null });
  });
});
