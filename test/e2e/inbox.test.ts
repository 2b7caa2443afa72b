/**
 * The inbox in a real browser: an agent moves through the list with `j` and opens a conversation
 * with Enter, sees the shortcuts with `?`, inserts a saved reply (the customer's first name
 * filled), sends it (delivered through the channel), resolves with `e`; a second agent opening
 * the same conversation is told the first one is there.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrand, setMember, signUp as createPerson } from '../../src/modules/accounts';
import {
  createSavedReply,
  getConversation,
  inboxChannelHandlers,
  receiveCustomerMessage,
} from '../../src/modules/inbox';
import { logIn, person, useE2E } from './support';

const e2e = useE2E();
const owner = person('iowner', 'Inès Patronne');
const agent = person('iagent', 'Sophie Répond');
const customer = person('icust', 'Camille Cliente');
const delivered: string[] = [];
let brand: { id: string; username: string };
const conversations: string[] = [];
let agentId = '';
let realDirect: ReturnType<typeof inboxChannelHandlers.get>;

afterAll(() => {
  if (realDirect) inboxChannelHandlers.register(realDirect);
});

beforeAll(async () => {
  const ctx = e2e.server.ctx;
  const db = { db: ctx.db };
  const [o, a, c] = await Promise.all([createPerson(db, owner), createPerson(db, agent), createPerson(db, customer)]);
  agentId = a.id;
  const b = await createBrand(db, o.id, {
    username: `boutique_${Date.now().toString(36).slice(-5)}`,
    displayName: 'Boutique',
  });
  brand = { id: b.id, username: b.username };
  await setMember(db, o.id, b.id, a.id, 'community_manager');
  // A stand-in for the direct-message channel that records what it delivers; the real one is put
  // back after this file (the browser pass keeps modules from one file to the next).
  realDirect = inboxChannelHandlers.get('direct');
  inboxChannelHandlers.register({
    name: 'direct',
    async deliver(_app, _conversation, message) {
      delivered.push(message.text);
      return { ref: `dm-${message.id}` };
    },
  });
  for (const [i, text] of ['Où en est ma commande ?', 'Avez-vous du comté 36 mois ?'].entries()) {
    const r = await receiveCustomerMessage(ctx.db, {
      brandId: b.id,
      customerId: c.id,
      channel: 'direct',
      threadKey: `e2e-${i}`,
      text,
      at: new Date(Date.now() - (2 - i) * 60_000),
    });
    conversations.push(r.conversationId);
  }
  // The brand's default targets give due times that depend on the hour the test runs (one next
  // opening for both outside business hours, each its own within): this test wants none.
  await ctx.db.execute(sql`update inbox_conversations set sla_due_at = null where id in ${conversations}`);
  await createSavedReply(ctx, o.id, b.id, { title: 'Accueil', text: 'Bonjour {{first_name}}, nous regardons cela.' });
});

describe('the inbox', () => {
  it('an agent answers from the keyboard with a saved reply; a second agent sees the collision warning', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    await logIn(page, agent.username);
    await page.goto(`/brands/${brand.username}/inbox`);
    const current = page.locator('.inbox-item.is-current');
    // Newest message first (no due times): the second conversation, then the first.
    await expect.poll(() => current.getAttribute('data-item')).toBe(conversations[1]);
    await page.keyboard.press('j');
    await expect.poll(() => current.getAttribute('data-item')).toBe(conversations[0]);
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('#inbox-help').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/inbox/${conversations[0]}`);
    await page.getByRole('button', { name: 'Insérer' }).click();
    await expect.poll(() => page.locator('#inbox-text').inputValue()).toBe('Bonjour Camille, nous regardons cela.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('Réponse envoyée.');
    await expect.poll(() => delivered).toEqual(['Bonjour Camille, nous regardons cela.']);

    const other = await e2e.newPage({ locale: 'fr' });
    await logIn(other, owner.username);
    await other.goto(`/brands/${brand.username}/inbox/${conversations[0]}`);
    await expect.poll(() => other.locator('#inbox-presence').textContent()).toContain('Sophie Répond consulte aussi');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('e');
    // The page the agent lands on says so (a browser closed mid-navigation may never close).
    await page.waitForURL((url) => url.searchParams.get('done') === 'saved');
    await page.waitForLoadState('load');
    await expect
      .poll(
        async () =>
          (await getConversation(e2e.server.ctx.db, { conversationId: conversations[0], viewerId: agentId })).status,
      )
      .toBe('resolved');
  });
});
