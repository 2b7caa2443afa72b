import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { address, buyerWithCard, person, shop } from '../../../../test/support/orders';
import { saveAddress } from '../shipping';
import { grantPlatformRole } from '../../moderation';
import { updateBrandLegal } from './identity';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const browserOf = async (accountId: string | null, lang = 'fr') => {
  const b = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  if (accountId) await b.actAs(accountId);
  return b;
};
const identity = { company_name: 'Fromagerie Dubois', address: '3 rue des Alpes' };
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('the brand’s legal page', () => {
  it('shows every field escaped and the terms as safe Markdown, with every version readable', async () => {
    const s = await shop(t);
    await updateBrandLegal(t.ctx, s.owner.id, s.brand.id, {
      company_name: `Dubois ${XSS}`,
      legal_form: `SAS ${XSS}`,
      address: `1 rue ${XSS}\n74000 Annecy`,
      contact_email: 'contact@dubois.example',
      contact_phone: '+33 4 50 00 00 00',
      mediator_name: `Médiateur ${XSS}`,
      mediator_url: 'https://mediateur.example/?a="><script>alert(3)</script>',
      terms_of_sale: `# Article 1 ${XSS}\n\n**Prix** en euros. [Lien](javascript:alert(4)) ${XSS}`,
    });
    await updateBrandLegal(t.ctx, s.owner.id, s.brand.id, { terms_of_sale: '# Article 1\n\nVersion deux.' });
    const visitor = await browserOf(null);
    const page = await visitor.page(`/@${s.brand.username}/legal`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).not.toContain('href="javascript:');
    expect(page.html).toContain('Dubois &lt;script&gt;');
    expect(page.html).toContain('SAS &lt;script&gt;');
    expect(page.html).toContain('Médiateur &lt;script&gt;');
    expect(page.html).toContain('Version deux.');
    expect(page.html).toContain('data-terms-version="2"');
    expect(page.html).toContain(`href="/@${s.brand.username}/legal/terms/1"`);

    const first = await visitor.page(`/@${s.brand.username}/legal/terms/1`);
    expect(first.status).toBe(200);
    expect(first.html).toContain('<h2>Article 1 &lt;script&gt;');
    expect(first.html).toContain('<strong>Prix</strong>');
    expect(first.html).not.toContain('<script>alert');
    expect(first.html).not.toContain('href="javascript:');
    // An old version says so and links to the one in force.
    expect(first.html).toContain(`href="/@${s.brand.username}/legal"`);
    expect((await visitor.page(`/@${s.brand.username}/legal/terms/3`)).status).toBe(404);
    expect((await visitor.page('/@nobody_here_at_all/legal')).status).toBe(404);
  });

  it('a brand without legal identity: a plain notice on its page, a reminder in its back-office; pages link to it', async () => {
    const s = await shop(t);
    const visitor = await browserOf(null, 'en');
    const page = await visitor.page(`/@${s.brand.username}/legal`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('has not filled in its legal information yet');
    for (const path of [
      `/@${s.brand.username}`,
      `/@${s.brand.username}/shop`,
      `/@${s.brand.username}/products/${s.productId}`,
    ]) {
      const linked = await visitor.page(path);
      expect(linked.html, path).toContain(`href="/@${s.brand.username}/legal"`);
    }
    const owner = await browserOf(s.owner.id);
    const overview = await owner.page(`/brands/${s.brand.username}/manage`);
    expect(overview.html).toContain(`data-key="legal"`);
    expect(overview.html).toContain(`href="/brands/${s.brand.username}/legal"`);
    const form = await owner.page(`/brands/${s.brand.username}/legal`);
    expect(form.html).toContain('data-reminder="legal"');
  });
});

describe('the back-office form', () => {
  it('saves with the CSRF token, refuses a bad SIREN with the form kept, and is for owners and admins only', async () => {
    const s = await shop(t);
    const owner = await browserOf(s.owner.id);
    const fields = {
      company_name: 'Fromagerie Dubois',
      legal_form: 'SARL',
      siren: '732829321',
      address: '3 rue des Alpes',
      vat_number: '',
      contact_email: '',
      contact_phone: '',
      mediator_name: '',
      mediator_url: '',
      terms_of_sale: 'Nos CGV.',
    };
    const refused = await owner.post(`/brands/${s.brand.username}/legal`, fields);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Ce SIREN n’est pas valide');
    expect(html).toContain('value="Fromagerie Dubois"');
    expect(html).toContain('Nos CGV.');

    const saved = await owner.post(`/brands/${s.brand.username}/legal`, { ...fields, siren: '732 829 320' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/brands/${s.brand.username}/legal?saved=1`);
    const again = await owner.post(`/brands/${s.brand.username}/legal`, { ...fields, siren: '732829320' });
    expect(again.headers.get('location')).toBe(`/brands/${s.brand.username}/legal?saved`);
    const page = await owner.page(`/brands/${s.brand.username}/legal?saved=1`);
    expect(page.html).toContain('CGV publiées en version 1');
    expect(page.html).not.toContain('data-reminder="legal"');

    // Without the token: refused, nothing changed.
    const forged = await owner.post(
      `/brands/${s.brand.username}/legal`,
      { ...fields, terms_of_sale: 'Autre' },
      { csrf: false },
    );
    expect(forged.status).toBe(403);
    const staff = await browserOf((await s.member('staff')).id);
    expect((await staff.page(`/brands/${s.brand.username}/legal`)).status).toBe(403);
    expect((await staff.post(`/brands/${s.brand.username}/legal`, fields)).status).toBe(403);
    const stranger = await browserOf((await person(t)).id);
    expect((await stranger.page(`/brands/${s.brand.username}/legal`)).status).toBe(404);
    const visitor = await browserOf(null);
    expect((await visitor.page(`/@${s.brand.username}/legal`)).html).toContain('data-terms-version="1"');
  });
});

describe('the platform’s legal pages', () => {
  it('show the template marked as not adapted, then the operator’s text, in the reader’s language', async () => {
    const fr = await browserOf(null, 'fr');
    const en = await browserOf(null, 'en');
    const notice = await fr.page('/legal/notice');
    expect(notice.status).toBe(200);
    expect(notice.html).toContain('data-template="not-adapted"');
    expect(notice.html).toContain('Mentions légales');
    expect(notice.html).toContain('localhost:3000');
    expect(notice.html).not.toContain('{{host}}');
    expect((await en.page('/legal/privacy')).html).toContain('Privacy policy');
    expect((await en.page('/legal/terms')).html).toContain('Terms of use');
    // Every page's footer links to them.
    for (const href of ['/legal/notice', '/legal/privacy', '/legal/terms'])
      expect(notice.html).toContain(`href="${href}"`);

    const someone = await person(t);
    const plain = await browserOf(someone.id);
    expect((await plain.page('/admin/legal')).status).toBe(404);
    expect((await plain.post('/admin/legal/notice/fr', { body: 'Piraté' })).status).toBe(404);
    await grantPlatformRole(t.ctx.db, someone.username, 'moderator');
    expect((await plain.page('/admin/legal')).status).toBe(404);

    const operator = await person(t);
    await grantPlatformRole(t.ctx.db, operator.username, 'admin');
    const admin = await browserOf(operator.id);
    const list = await admin.page('/admin/legal');
    expect(list.status).toBe(200);
    expect(list.html).toContain('href="/admin/legal/notice/fr"');
    const saved = await admin.post('/admin/legal/notice/fr', {
      body: `# Mentions légales\n\nÉdité par **Coopérative Comptoir** sur {{host}}. ${XSS}`,
    });
    expect(saved.status).toBe(303);
    const adapted = await fr.page('/legal/notice');
    expect(adapted.html).not.toContain('data-template="not-adapted"');
    expect(adapted.html).toContain('<strong>Coopérative Comptoir</strong> sur localhost:3000');
    expect(adapted.html).not.toContain('<script>alert');
    // The English page is still the template until it is adapted too.
    expect((await en.page('/legal/notice')).html).toContain('data-template="not-adapted"');
    // An empty text goes back to the template.
    await admin.post('/admin/legal/notice/fr', { body: '  ' });
    expect((await fr.page('/legal/notice')).html).toContain('data-template="not-adapted"');
  });
});

describe('the checkout', () => {
  it('tells the buyer which terms they accept, and the order placed from the form records that version', async () => {
    const s = await shop(t, { stock: 5 });
    const buyer = await buyerWithCard(t);
    await saveAddress(t.ctx.db, buyer.id, address);
    const b = await browserOf(buyer.id);
    const none = await b.page(`/checkout/now?variant_id=${s.variantId}`);
    expect(none.status).toBe(200);
    expect(none.html).toContain(`href="/@${s.brand.username}/legal"`);
    expect(none.html).not.toContain('data-terms-version');

    await updateBrandLegal(t.ctx, s.owner.id, s.brand.id, { ...identity, terms_of_sale: 'Un' });
    await updateBrandLegal(t.ctx, s.owner.id, s.brand.id, { terms_of_sale: 'Deux' });
    const form = await b.page(`/checkout/now?variant_id=${s.variantId}`);
    expect(form.html).toContain('data-terms-version="2"');
    expect(form.html).toContain('vous acceptez les conditions générales de vente');
    expect(form.html).toContain(`href="/@${s.brand.username}/legal/terms/2"`);

    const placed = await b.post('/checkout/now', {
      idempotency_key: crypto.randomUUID(),
      variant_id: s.variantId,
      quantity: 1,
      payment_method_id: buyer.methodId,
    });
    expect(placed.status).toBe(303);
    const orderId = /\/orders\/([0-9a-f-]{36})/.exec(placed.headers.get('location') ?? '')?.[1];
    expect(orderId).toBeDefined();
    const page = await b.page(`/orders/${orderId}`);
    expect(page.html).toContain('data-terms-version="2"');
    expect(page.html).toContain(`href="/@${s.brand.username}/legal/terms/2"`);
  });
});
