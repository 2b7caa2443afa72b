import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { person, runJobs, shop, type Person, type Shop } from '../../../test/support/orders';
import { updateProfile } from '../accounts';
import { inboxChannelHandlers } from './channels';
import { getConversation } from './conversations';
import { receiveCustomerMessage } from './receive';
import { createSavedReply } from './saved-replies';

// Stored text shown on both pages: each must come back escaped.
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
];

let t: TestApp;
let s: Shop;
let cm: Person;
let customer: Person;
let conversationId: string;
const sent: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  cm = await s.member('community_manager');
  customer = await person(t);
  await updateProfile({ db: t.ctx.db }, customer.id, { displayName: `Léa ${XSS[1]}` });
  inboxChannelHandlers.register({
    name: 'direct',
    async deliver(_app, _c, message) {
      sent.push(message.text);
      return { ref: `dm-${message.id}` };
    },
  });
  conversationId = (
    await receiveCustomerMessage(t.ctx.db, {
      brandId: s.brand.id,
      customerId: customer.id,
      channel: 'direct',
      threadKey: 'web-1',
      text: `Bonjour ${XSS.join(' ')}`,
      subject: XSS[2],
      at: t.clock.now(),
    })
  ).conversationId;
});
afterAll(() => t.close());

const browserOf = async (accountId: string | null, lang = 'fr') => {
  const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  if (accountId) await browser.actAs(accountId);
  return browser;
};

const noRawXss = (html: string) => {
  for (const x of XSS.slice(0, 3)) expect(html).not.toContain(x);
};

describe('the inbox pages', () => {
  it('list the conversations with counts and due times, in French and English, escaped', async () => {
    const fr = await browserOf(cm.id);
    const page = await fr.page(`/brands/${s.brand.username}/inbox`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Boîte de réception');
    expect(page.html).toContain(`href="/brands/${s.brand.username}/inbox/${conversationId}"`);
    expect(page.html).toContain('Ouvertes <span class="inbox-count">1</span>');
    expect(page.html).toContain('Raccourcis clavier');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    noRawXss(page.html);
    const en = await browserOf(cm.id, 'en');
    await t.ctx.db.execute((await import('drizzle-orm')).sql`update accounts set locale = 'en' where id = ${cm.id}`);
    const english = await en.page(`/brands/${s.brand.username}/inbox?status=open`);
    expect(english.html).toContain('Inbox');
    expect(english.html).toContain('Keyboard shortcuts');
    await t.ctx.db.execute((await import('drizzle-orm')).sql`update accounts set locale = 'fr' where id = ${cm.id}`);
  });

  it('open one conversation, answer it with a saved reply, keep a note internal, act from the forms', async () => {
    await createSavedReply(t.ctx, s.owner.id, s.brand.id, {
      title: 'Accueil',
      text: 'Bonjour {{first_name}}, votre commande {{order_number}} est en route.',
    });
    const fr = await browserOf(cm.id);
    const url = `/brands/${s.brand.username}/inbox/${conversationId}`;
    const page = await fr.page(url);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/brands/${s.brand.username}/customers/${customer.id}"`);
    expect(page.html).toContain('Fiche client');
    noRawXss(page.html);
    const savedId = /<option value="([0-9a-f-]{36})"[^>]*>Accueil<\/option>/.exec(page.html)?.[1];
    expect(savedId).toBeTruthy();
    const picked = await fr.page(`${url}?saved=${savedId}`);
    expect(picked.html).toContain('Bonjour Léa, votre commande {{order_number}} est en route.');
    expect(picked.html).toContain('À compléter à la main : {{order_number}}');

    const refused = await fr.post(`${url}/reply`, { text: 'Votre commande {{order_number}} est en route.' });
    expect(refused.status).toBe(422);
    const note = await fr.post(`${url}/reply`, { text: `Note ${XSS[0]}`, internal: 'true' });
    expect(note.status).toBe(303);
    const reply = await fr.post(`${url}/reply`, { text: 'Votre colis arrive demain.', status: 'pending' });
    expect(reply.status).toBe(303);
    await runJobs(t);
    expect(sent).toEqual(['Votre colis arrive demain.']);
    const after = await fr.page(`${url}?done=reply`);
    expect(after.html).toContain('Réponse envoyée.');
    expect(after.html).toContain('Note interne');
    expect(after.html).toContain('Note &lt;script&gt;alert(1)&lt;/script&gt;');
    noRawXss(after.html);

    expect((await fr.post(`${url}/assign`, { account_id: cm.id })).status).toBe(303);
    expect((await fr.post(`${url}/priority`, { priority: 'high' })).status).toBe(303);
    expect((await fr.post(`${url}/labels`, { labels: 'livraison, <b>vip</b>' })).status).toBe(303);
    expect((await fr.post(`${url}/kind`, { kind: 'service' })).status).toBe(303);
    const inPast = await fr.post(`${url}/snooze`, { until: '2020-01-01T10:00' });
    expect(inPast.status).toBe(422);
    expect(await fr.html(inPast)).toContain('until must be in the future');
    expect((await fr.post(`${url}/resolve`)).status).toBe(303);
    const detail = await getConversation(t.ctx.db, { conversationId, viewerId: cm.id });
    expect(detail).toMatchObject({
      status: 'resolved',
      assigneeId: cm.id,
      priority: 'high',
      labels: ['livraison', '<b>vip</b>'],
      kindSource: 'person',
    });
    const list = await fr.page(`/brands/${s.brand.username}/inbox?status=resolved`);
    expect(list.html).toContain('&lt;b&gt;vip&lt;/b&gt;');
    expect(list.html).not.toContain('<b>vip</b>');
    // Without the CSRF token, nothing happens.
    const forged = await fr.post(`${url}/reopen`, {}, { csrf: false });
    expect(forged.status).toBe(403);
  });

  it('says who else is here, and shows nothing to another brand’s team or a stranger', async () => {
    const other = await s.member('staff');
    const a = await browserOf(other.id);
    const url = `/brands/${s.brand.username}/inbox/${conversationId}`;
    await a.post(`${url}/presence`, { typing: 'true' });
    const b = await browserOf(cm.id);
    const page = await b.page(url);
    expect(page.html).toMatch(/staff_\w+ répond aussi à cette conversation/);

    const otherShop = await shop(t);
    const outsiders = [await browserOf(otherShop.owner.id), await browserOf((await person(t)).id)];
    for (const o of outsiders) {
      for (const path of ['', `/${conversationId}`])
        expect((await o.page(`/brands/${s.brand.username}/inbox${path}`)).status).toBe(404);
      for (const action of ['reply', 'assign', 'resolve', 'snooze', 'presence'])
        expect((await o.post(`${url}/${action}`, { text: 'x' })).status).toBe(404);
      expect((await o.post(`/brands/${s.brand.username}/inbox/saved-replies`, { title: 'a', text: 'b' })).status).toBe(
        404,
      );
    }
    const visitor = await browserOf(null);
    expect((await visitor.get(`/brands/${s.brand.username}/inbox`)).status).toBe(303);
  });
});
