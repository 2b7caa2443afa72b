/**
 * The moderation console in a real browser: a brand's moderator handles the queue from the
 * keyboard. Three flagged replies wait; `a` approves the first and the second shows at once
 * (it was already in the page); `r` then `2` rejects the second with the brand's second reason;
 * `j`/`k` move between items; the author of the rejected reply sees it gone. Also: a visitor's
 * "Signaler" form sends a report that lands in the queue. And the moderator's half of the reviews
 * flow (the buyer's is in reviews.test.ts): a verified review of a delivered order, approved with
 * `a` in the console, shows on the product page with "Achat vérifié".
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { createBrand, oauth, setMember, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct, savePaymentMethod } from '../../src/modules/commerce';
import { submitForModeration } from '../../src/modules/moderation';
import { createStatus } from '../../src/modules/social';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('mowner', 'Odile Patron');
const moderator = person('mmod', 'Mona Modère');
const author = person('mauthor', 'Alex Auteur');
const texts = ['Premier message douteux', 'Deuxième message à refuser', 'Troisième message en attente'];
let brand: { id: string; username: string };
const items: string[] = [];
const replies: string[] = [];

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [o, m, a] = await Promise.all([createPerson(db, owner), createPerson(db, moderator), createPerson(db, author)]);
  const b = await createBrand(db, o.id, {
    username: `marque_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Marque Modérée',
  });
  brand = { id: b.id, username: b.username };
  await setMember(db, o.id, b.id, m.id, 'moderator');
  const announce = await createStatus(ctx, b.id, { text: 'Notre nouvelle collection est en ligne.' }, o.id);
  for (const text of texts) {
    const reply = await createStatus(ctx, a.id, { text, inReplyToId: announce.id });
    replies.push(reply.id);
    const item = await ctx.db.transaction((tx) =>
      submitForModeration(tx, {
        brandId: b.id,
        type: 'reply',
        subjectId: reply.id,
        authorId: a.id,
        flags: [{ code: 'insult', confidence: 0.82, reason: 'Insult aimed at someone' }],
      }),
    );
    items.push(item.id);
  }
});

const statusOf = async (id: string) =>
  (
    await queryRows<{ status: string; reason: string | null }>(
      e2e.server.ctx.db,
      sql`select status, reason from moderation_items where id = ${id}`,
    )
  )[0];
const current = (page: Page) => page.locator('.mod-item.is-current');
const buyer = person('mbuyer', 'Bruno Acheteur');

describe('moderation console', () => {
  it('a moderator approves with `a`, sees the next item at once, and rejects with `r` + a reason number', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, moderator.username);
    await page.goto(`/brands/${brand.username}/moderation`);
    await expect.poll(() => current(page).textContent()).toContain(texts[0]);
    await expect.poll(() => page.locator('[data-counter="pending"]').textContent()).toBe('3');
    // One main landmark; the pager says where we are and moves with its buttons.
    expect(await page.locator('main').count()).toBe(1);
    const pager = page.locator('.mod-pager');
    await expect.poll(() => pager.textContent()).toMatch(/Élément\s*1\s*\/\s*3/);
    await pager.getByRole('button', { name: /Suivant/ }).click();
    await expect.poll(() => current(page).textContent()).toContain(texts[1]);
    await expect.poll(() => pager.textContent()).toMatch(/Élément\s*2\s*\/\s*3/);
    await pager.getByRole('button', { name: /Précédent/ }).click();
    await expect.poll(() => current(page).textContent()).toContain(texts[0]);
    // `?` lists the keys, in French; Escape closes the list.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.textContent()).toContain('Approuver');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    // x ticks the item for a bulk action, and the bar says how many (never "Sélection ()").
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('[data-bulk-count]').textContent()).toBe('1 élément sélectionné');
    await page.keyboard.press('x');
    // The flag's explanation is in French.
    expect(await current(page).locator('.mod-flag').textContent()).toContain('Insulte visant une personne');
    // j / k move between the items without deciding.
    await page.keyboard.press('j');
    await expect.poll(() => current(page).textContent()).toContain(texts[1]);
    await page.keyboard.press('k');
    await expect.poll(() => current(page).textContent()).toContain(texts[0]);

    await page.keyboard.press('a');
    await expect.poll(() => current(page).textContent()).toContain(texts[1]);
    await expect.poll(async () => (await statusOf(items[0])).status).toBe('approved');
    await expect.poll(() => page.locator('[data-counter="pending"]').textContent()).toBe('2');
    await expect.poll(() => pager.textContent()).toMatch(/Élément\s*1\s*\/\s*2/);

    await page.keyboard.press('r');
    await current(page).locator('.mod-reasons fieldset').waitFor();
    await page.keyboard.press('2');
    await expect.poll(() => current(page).textContent()).toContain(texts[2]);
    await expect.poll(() => statusOf(items[1])).toEqual({ status: 'rejected', reason: 'insult' });
    expect((await statusOf(items[2])).status).toBe('pending');

    // The buttons work with the mouse too (same forms).
    await current(page)
      .getByRole('button', { name: /Approuver/ })
      .click();
    await expect.poll(async () => (await statusOf(items[2])).status).toBe('approved');
    await page.locator('.mod-empty').waitFor();

    // The audit log lists the three decisions.
    await page.goto(`/brands/${brand.username}/moderation/audit`);
    await expect.poll(() => page.locator('table.mod-audit tbody tr').count()).toBeGreaterThanOrEqual(6);
  });

  it('the rejected reply is gone for everyone; a report from the “Signaler” form joins the queue', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, owner.username);
    const res = await page.goto(`/@${author.username}/${replies[1]}`);
    expect(res?.status()).toBe(404);
    await page.goto(`/moderation/report?type=reply&id=${replies[0]}`);
    await page.getByLabel('Harcèlement').check();
    await page.getByLabel('Précisions (facultatif)').fill('Propos déplacés');
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await page.waitForURL('**/moderation/mine?sent=report');
    await expect.poll(() => page.locator('.mod-mine').last().textContent()).toContain('en cours d’examen');
    await page.goto(`/brands/${brand.username}/moderation?type=report`);
    await expect.poll(() => current(page).textContent()).toContain(texts[0]);
  });

  it('a verified review waiting in the queue is approved with `a` and shows on the product page as a verified purchase', async () => {
    const ctx = e2e.server.ctx;
    const db = { db: ctx.db };
    const [ownerRow] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from accounts where username = ${owner.username}`,
    );
    const b = await createPerson(db, buyer);
    const product = await createProduct(ctx, ownerRow!.id, brand.id, {
      title: 'Gourde inox 75 cl',
      status: 'published',
      variants: [{ sku: 'GRD-75', priceAmount: 2490, currency: 'EUR', stock: 5 }],
    });
    const card = await savePaymentMethod(ctx, b.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
    const token = async (id: string) => (await oauth.issueToken(db, null, id, 'read write follow push')).accessToken;
    const [buyerToken, ownerToken] = await Promise.all([token(b.id), token(ownerRow!.id)]);
    const call = async (method: string, url: string, tok: string, body?: unknown) => {
      const res = await e2e.server.call(method, url, { token: tok, body });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const placed = await call('POST', '/api/v1/orders', buyerToken, {
      lines: [{ variant_id: product.variants[0]!.id, quantity: 1 }],
      payment_method_id: card.id,
      shipping_address: {
        name: 'Bruno Acheteur',
        line1: '3 quai de la Fosse',
        postal_code: '44000',
        city: 'Nantes',
        country: 'FR',
      },
    });
    expect(placed.status).toBe(201);
    for (const [step, body] of [
      ['prepare'],
      ['ship', { carrier: 'Colissimo', tracking_number: '6A99999999999' }],
      ['deliver'],
    ] as const) {
      expect((await call('POST', `/api/v1/orders/${placed.body.id}/${step}`, ownerToken, body ?? {})).status).toBe(200);
    }
    const review = await call('POST', `/api/v1/products/${product.id}/reviews`, buyerToken, {
      rating: 5,
      title: 'Parfaite',
      body: 'Garde l’eau fraîche toute la journée, je recommande.',
      order_id: placed.body.id,
    });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ status: 'pending', verified: true });

    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, moderator.username);
    await page.goto(`/brands/${brand.username}/moderation?type=review`);
    await expect.poll(() => current(page).textContent()).toContain('Garde l’eau fraîche');
    await page.keyboard.press('a');
    await page.locator('.mod-empty').waitFor();
    const visitor = await e2e.newPage({ locale: 'fr' });
    await visitor.goto(`/@${brand.username}/products/${product.id}`);
    const item = visitor.locator(`#review-${review.body.id}`);
    await item.waitFor();
    expect(await item.textContent()).toContain('Garde l’eau fraîche');
    expect((await item.locator('.review-verified').textContent())?.trim()).toBe('Achat vérifié');
  });
});
