/**
 * Reviews in a real browser (the buyer's half; the moderator's keyboard half is in
 * moderation.test.ts): Bruno's order is delivered, he opens it, follows "Donner mon avis", rates
 * with the star radios from the keyboard and sends his review; the brand's moderator approves it
 * through the moderation API; it appears on the product page with the "Achat vérifié" label and
 * the average. Claire's review, rejected for personal data, shows her the reason and lets her
 * correct it. The tests run in order.
 */
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { createBrand, oauth, setMember, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Fromage');
const moderator = person('modo', 'Mona Dératrice');
const bruno = person('bruno', 'Bruno Petit');
const claire = person('claire', 'Claire Dupont');
const product = { title: `Comté 18 mois ${Date.now().toString(36).slice(-4)}`, price: 1990 };
const reviewText = 'Un comté fruité et fondant, parfait avec un vin du Jura.';

let brand: { id: string; username: string };
let productId: string;
let orderId: string;
let moderatorToken: string;
let claireToken: string;

const call = async (method: string, url: string, token: string, body?: unknown) => {
  const res = await e2e.server.call(method, url, { token, body });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, moderatorAccount, buyer, claireAccount] = await Promise.all([
    createPerson(db, owner),
    createPerson(db, moderator),
    createPerson(db, bruno),
    createPerson(db, claire),
  ]);
  const b = await createBrand(db, ownerAccount.id, {
    username: `fromagerie_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Fromagerie Lumière',
  });
  brand = { id: b.id, username: b.username };
  await setMember(db, ownerAccount.id, brand.id, moderatorAccount.id, 'moderator');
  const p = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: product.title,
    status: 'published',
    variants: [{ sku: 'CMT-18', priceAmount: product.price, currency: 'EUR', stock: 5 }],
  });
  productId = p.id;
  await saveAddress(
    ctx.db,
    buyer.id,
    { name: 'Bruno Petit', line1: '12 rue de la République', postal_code: '69002', city: 'Lyon', country: 'FR' },
    true,
  );
  const card = await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  const token = async (id: string) => (await oauth.issueToken(db, null, id, 'read write follow push')).accessToken;
  const [buyerToken, ownerToken] = await Promise.all([token(buyer.id), token(ownerAccount.id)]);
  moderatorToken = await token(moderatorAccount.id);
  claireToken = await token(claireAccount.id);
  const placed = await call('POST', '/api/v1/orders', buyerToken, {
    lines: [{ variant_id: p.variants[0]!.id, quantity: 1 }],
    payment_method_id: card.id,
    shipping_address: {
      name: 'Bruno Petit',
      line1: '12 rue de la République',
      postal_code: '69002',
      city: 'Lyon',
      country: 'FR',
    },
  });
  expect(placed.status).toBe(201);
  orderId = placed.body.id;
  for (const [step, body] of [
    ['prepare'],
    ['ship', { carrier: 'Colissimo', tracking_number: '6A12345678901' }],
    ['deliver'],
  ] as const) {
    expect((await call('POST', `/api/v1/orders/${orderId}/${step}`, ownerToken, body ?? {})).status).toBe(200);
  }
});

async function as(who: typeof bruno): Promise<Page> {
  const page = await e2e.newPage({ locale: 'fr' });
  await logIn(page, who.username);
  return page;
}

const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The pending moderation item of a review, then the moderator's decision through the API. */
async function decide(reviewId: string, action: 'approve' | 'reject', reason?: string) {
  const [item] = await queryRows<{ id: string }>(
    e2e.server.ctx.db,
    sql`select id from moderation_items where subject_id = ${reviewId} and status = 'pending'`,
  );
  expect(item, 'queued for moderation').toBeDefined();
  const res = await call(
    'POST',
    `/api/v1/moderation/items/${item.id}/${action}`,
    moderatorToken,
    reason ? { reason } : {},
  );
  expect(res.status).toBe(200);
}

describe('reviews in the browser', () => {
  it('a buyer reviews a delivered item from the order page; once approved it shows on the product page as a verified purchase', async () => {
    const page = await as(bruno);
    await page.goto(`/orders/${orderId}`);
    const box = page.locator('.review-order-box');
    await box.waitFor();
    await box.getByRole('link', { name: 'Donner mon avis' }).click();
    await page.waitForURL(/\/reviews\/new\?line=/);
    expect(clean(await page.locator('.review-verified-note').textContent())).toContain('Achat vérifié');

    // The stars are radio buttons: reachable and chosen from the keyboard.
    await page.getByRole('radio', { name: '4 étoiles' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: '5 étoiles' }).isChecked()).toBe(true);
    await page.getByLabel('Titre (facultatif)').fill('Excellent');
    await page.getByLabel('Votre avis', { exact: true }).fill(reviewText);
    await page.getByLabel('Date de votre expérience').fill('2026-11-10');
    await e2e.screenshot(page, 'review-form', { fullPage: true });
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await page.waitForURL(/\/me\/reviews/);
    const mine = page.locator('.review-mine-item').first();
    expect(clean(await mine.textContent())).toContain('En attente de modération');

    const [review] = await queryRows<{ id: string; verified: boolean }>(
      e2e.server.ctx.db,
      sql`select id, verified from reviews where order_id = ${orderId}`,
    );
    expect(review.verified).toBe(true);
    await decide(review.id, 'approve');

    const visitor = await e2e.newPage({ locale: 'fr' });
    await visitor.goto(`/@${brand.username}/products/${productId}`);
    const item = visitor.locator(`#review-${review.id}`);
    await item.waitFor();
    expect(clean(await item.textContent())).toContain(reviewText);
    expect(clean(await item.locator('.review-verified').textContent())).toBe('Achat vérifié');
    expect(clean(await visitor.locator('.review-average-value').textContent())).toBe('5,0 sur 5');
    await visitor.locator('.review-notice summary').click();
    expect(clean(await visitor.locator('.review-notice').textContent())).toContain('Aucune contrepartie');
    await e2e.screenshot(visitor, 'product-page-reviews', { fullPage: true });
  });

  it('a rejected review shows its reason to its author, who can correct and resend it', async () => {
    const sent = await call('POST', `/api/v1/products/${productId}/reviews`, claireToken, {
      rating: 3,
      body: 'Bon, mais écrivez-moi à claire@example.org pour en parler.',
    });
    expect(sent.status).toBe(201);
    await decide(sent.body.id, 'reject', 'personal_data');

    const page = await as(claire);
    await page.goto('/me/reviews');
    const item = page.locator(`#review-${sent.body.id}`);
    await item.waitFor();
    expect(clean(await item.locator('.review-rejection').textContent())).toContain('Refusé : données personnelles');
    await e2e.screenshot(page, 'my-reviews-rejected', { fullPage: true });
    await item.getByRole('link', { name: 'Corriger et renvoyer' }).click();
    await page.waitForURL(/\/reviews\/[0-9a-f-]+\/edit/);
    await page.getByLabel('Votre avis', { exact: true }).fill('Bon comté, un peu jeune à mon goût.');
    await page.getByRole('button', { name: 'Corriger et renvoyer' }).click();
    await page.waitForURL(/\/me\/reviews/);
    expect(clean(await page.locator(`#review-${sent.body.id}`).textContent())).toContain('En attente de modération');
  });
});
