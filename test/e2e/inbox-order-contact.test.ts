/**
 * "Contact the shop" in a real browser: Bruno opens his order, presses "Contact the shop" and
 * asks about his parcel; Sacha, an agent of the brand, opens the conversation in the inbox,
 * inserts a saved reply (filled with Bruno's first name and the order number), resolves it with
 * the reply; Bruno sees the answer on his order page, follows "Rate this conversation" and rates
 * it. The steps run in order.
 */
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client';
import { createBrand, oauth, setMember, signUp as createPerson } from '../../src/modules/accounts';
import { createProduct, orderNumber, saveAddress, savePaymentMethod } from '../../src/modules/commerce';
import { createSavedReply } from '../../src/modules/inbox';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('owner', 'Odile Fromage');
const agent = person('sacha', 'Sacha Martin');
const bruno = person('bruno', 'Bruno Petit');
const question = 'Hello, my parcel has not arrived yet: can you check where it is?';
const address = {
  name: 'Bruno Petit',
  line1: '12 rue de la République',
  postal_code: '69002',
  city: 'Lyon',
  country: 'FR',
};

let brand: { id: string; username: string };
let orderId: string;

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [ownerAccount, agentAccount, buyer] = await Promise.all([
    createPerson(db, owner),
    createPerson(db, agent),
    createPerson(db, bruno),
  ]);
  const b = await createBrand(db, ownerAccount.id, {
    username: `fromagerie_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Fromagerie Lumière',
  });
  brand = { id: b.id, username: b.username };
  await setMember(db, ownerAccount.id, brand.id, agentAccount.id, 'staff');
  await createSavedReply(ctx, ownerAccount.id, brand.id, {
    title: 'Parcel on its way',
    text: 'Hello {{first_name}}, your order {{order_number}} left our shop yesterday; it arrives tomorrow.',
  });
  const p = await createProduct(ctx, ownerAccount.id, brand.id, {
    title: 'Comté 18 mois',
    status: 'published',
    variants: [{ sku: 'CMT-18', priceAmount: 1990, currency: 'EUR', stock: 5 }],
  });
  await saveAddress(ctx.db, buyer.id, address, true);
  const card = await savePaymentMethod(ctx, buyer.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
  const { accessToken } = await oauth.issueToken(db, null, buyer.id, 'read write');
  const placed = await e2e.server.call('POST', '/api/v1/orders', {
    token: accessToken,
    body: {
      lines: [{ variant_id: p.variants[0]!.id, quantity: 1 }],
      payment_method_id: card.id,
      shipping_address: address,
    },
  });
  expect(placed.status).toBe(201);
  orderId = ((await placed.json()) as { id: string }).id;
});

async function as(who: typeof bruno): Promise<Page> {
  const page = await e2e.newPage();
  await logIn(page, who.username);
  return page;
}

const thread = (page: Page) => page.locator('#order-thread');

describe('a customer contacts the shop from an order', () => {
  let conversationId: string;

  it('Bruno writes from his order page; the message lands in the brand’s inbox', async () => {
    const page = await as(bruno);
    await page.goto(`/orders/${orderId}`);
    await thread(page).locator('summary', { hasText: 'Contact the shop' }).click();
    await thread(page).getByLabel('Your message').fill(question);
    await thread(page).getByRole('button', { name: 'Send' }).click();
    await page.waitForURL((url) => url.pathname === `/orders/${orderId}`);
    await thread(page).locator('.inbox-thread-message', { hasText: question }).waitFor();
    const [row] = await queryRows<{ id: string; channel: string; order_id: string }>(
      e2e.server.ctx.db,
      sql`select id, channel, order_id from inbox_conversations where brand_id = ${brand.id}`,
    );
    expect(row).toMatchObject({ channel: 'order', order_id: orderId });
    conversationId = row.id;
  });

  it('Sacha answers from the inbox with a saved reply and resolves the conversation', async () => {
    const page = await as(agent);
    await page.goto(`/brands/${brand.username}/inbox`);
    await page.locator(`a[href$="/inbox/${conversationId}"]`).first().click();
    await page.getByText(question).first().waitFor();
    await page.locator('.inbox-saved-picker select[name="saved"]').selectOption({ label: 'Parcel on its way' });
    await page.locator('.inbox-saved-picker').getByRole('button', { name: 'Insert' }).click();
    const text = page.locator('#inbox-text');
    await expect.poll(() => text.inputValue()).toContain(`Hello Bruno, your order ${orderNumber(orderId)}`);
    await page.locator('#inbox-reply-form select[name="status"]').selectOption('resolved');
    await page.locator('#inbox-reply-form').getByRole('button', { name: 'Send' }).click();
    await page.getByText('it arrives tomorrow').first().waitFor();
  });

  it('Bruno reads the answer on his order page and rates the conversation', async () => {
    const page = await as(bruno);
    await expect
      .poll(
        async () => {
          await page.goto(`/orders/${orderId}`);
          return thread(page).textContent();
        },
        { timeout: 15_000 },
      )
      .toContain('it arrives tomorrow');
    expect(await thread(page).textContent()).toContain(`Hello Bruno, your order ${orderNumber(orderId)}`);
    await thread(page).getByRole('link', { name: 'Rate this conversation' }).click();
    await page.waitForURL(`**/conversations/${conversationId}/rate`);
    await page.locator('input[name="rating"][value="5"]').check();
    await page.getByLabel(/Comment/).fill('Quick and kind, thank you.');
    await page.getByRole('button', { name: 'Send my rating' }).click();
    await page.getByText('Thank you! You rated it 5 out of 5.').waitFor();
    const [row] = await queryRows<{ rating: number }>(
      e2e.server.ctx.db,
      sql`select rating from inbox_conversations where id = ${conversationId}`,
    );
    expect(row.rating).toBe(5);
    // Rated: the link leaves the order page.
    await page.goto(`/orders/${orderId}`);
    expect(await thread(page).getByRole('link', { name: 'Rate this conversation' }).count()).toBe(0);
  });
});
