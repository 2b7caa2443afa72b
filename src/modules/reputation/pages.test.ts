import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { buyerWithCard, orderBody, person, runJobs, shop, type Person, type Shop } from '../../../test/support/orders';
import { moderationSubjects } from '../moderation';
import { createStatus } from '../social';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = async (url: string, token: string, body: unknown = {}) => {
  const res = await t.call('POST', url, { token, body });
  return { status: res.status, body: (await res.json()) as any };
};

async function deliveredOrder(s: Shop, b: Person & { methodId: string }) {
  const id = (await post('/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 1))).body.id as string;
  await post(`/api/v1/orders/${id}/prepare`, s.ownerToken);
  await post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '6A12345678901' });
  await post(`/api/v1/orders/${id}/deliver`, s.ownerToken);
  return id;
}

async function decide(reviewId: string, action: 'approve' | 'reject', reason?: string) {
  await t.ctx.db.transaction((tx) =>
    moderationSubjects.get('review')!.onDecision!(tx, reviewId, {
      action,
      reason,
      moderatorId: '00000000-0000-7000-8000-000000000000',
    }),
  );
}

const browserOf = async (accountId: string, lang = 'fr') => {
  const browser = new BrowserSession(t, { accept: 'text/html', 'accept-language': lang });
  await browser.actAs(accountId);
  return browser;
};

function jsonLd(html: string): any {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'JSON-LD script').not.toBeNull();
  return JSON.parse(m![1]);
}

const productPath = (s: Shop) => `/@${s.brand.username}/products/${s.productId}`;

describe('review pages', () => {
  it('a buyer reviews from the delivered order page; once approved it shows on the product page, verified, with JSON-LD', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    await runJobs(t);
    const browser = await browserOf(b.id);

    const order = await browser.page(`/orders/${orderId}`);
    const link = /href="(\/reviews\/new\?line=[0-9a-f-]+)"/.exec(order.html);
    expect(link, 'review link on the order page').not.toBeNull();
    const form = await browser.page(unescapeHtml(link![1]));
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="rating"');
    expect(form.html).toContain(`name="order_id" value="${orderId}"`);

    // A bad submission comes back with the message and the values kept.
    const bad = await browser.post('/reviews', {
      product_id: s.productId,
      order_id: orderId,
      body: 'Délicieux',
      rating: '',
    });
    expect(bad.status).toBe(422);
    const badHtml = unescapeHtml(await browser.html(bad));
    expect(badHtml).toContain('Choisissez une note de 1 à 5 étoiles.');
    expect(badHtml).toContain('Délicieux');

    const photo = new File(
      [
        await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c83' } })
          .png()
          .toBuffer(),
      ],
      'comte.png',
      { type: 'image/png' },
    );
    const sent = await browser.post('/reviews', {
      product_id: s.productId,
      order_id: orderId,
      rating: '5',
      title: 'Excellent',
      body: 'Un comté fruité, parfait.',
      experienced_on: '2026-11-02',
      photos: photo,
      photo_alt: 'Une part de comté sur une planche',
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toMatch(/^\/me\/reviews\?notice=sent#review-/);
    const [review] = await queryRows<{ id: string; verified: boolean; status: string }>(
      t.ctx.db,
      sql`select id, verified, status from reviews where order_id = ${orderId}`,
    );
    expect(review).toMatchObject({ verified: true, status: 'pending' });
    expect(
      (
        await queryRows<{ alt: string }>(t.ctx.db, sql`select alt from review_photos where review_id = ${review.id}`)
      ).map((p) => p.alt),
    ).toEqual(['Une part de comté sur une planche']);

    const mine = unescapeHtml((await browser.page('/me/reviews?notice=sent')).html);
    expect(mine).toContain('En attente de modération');
    expect(unescapeHtml((await browser.page(`/orders/${orderId}`)).html)).toContain('Avis envoyé');

    let page = unescapeHtml((await new BrowserSession(t).page(productPath(s))).html);
    expect(page).not.toContain('Un comté fruité');
    expect(page).toContain('Comment les avis sont-ils contrôlés ?');
    expect(jsonLd(page).aggregateRating).toBeUndefined();

    await decide(review.id, 'approve');
    page = unescapeHtml((await new BrowserSession(t).page(productPath(s))).html);
    expect(page).toContain('Un comté fruité, parfait.');
    expect(page).toContain('Achat vérifié');
    expect(page).toContain('Expérience du 2 novembre 2026');
    expect(page).toContain('5,0 sur 5');
    expect(page).toContain('Aucune contrepartie');
    expect(page).toContain('moyenne arithmétique');
    expect(page).toContain('Délai maximal de modération : 48 heures.');
    const ld = jsonLd(page);
    expect(ld['@type']).toBe('Product');
    expect(ld.aggregateRating).toEqual({
      '@type': 'AggregateRating',
      ratingValue: 5,
      reviewCount: 1,
      bestRating: 5,
      worstRating: 1,
    });
    expect(ld.review[0]).toMatchObject({
      '@type': 'Review',
      reviewRating: { ratingValue: 5 },
      reviewBody: 'Un comté fruité, parfait.',
      name: 'Excellent',
    });
    expect(ld.offers).toBeDefined();

    // Shop tiles show average and count.
    const shopPage = unescapeHtml((await new BrowserSession(t).page(`/@${s.brand.username}/shop`)).html);
    expect(shopPage).toContain('5,0/5 · 1 avis');

    // English pages too.
    const en = unescapeHtml(
      (await new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' }).page(productPath(s))).html,
    );
    expect(en).toContain('Verified purchase');
    expect(en).toContain('How are reviews checked?');
  });

  it('a rejected review shows its reason to its author, who corrects and resubmits it', async () => {
    const s = await shop(t);
    const p = await person(t);
    const id = (
      await post(`/api/v1/products/${s.productId}/reviews`, p.token, {
        rating: 2,
        body: 'Appelez-moi au 06 12 34 56 78',
      })
    ).body.id;
    await decide(id, 'reject', 'personal_data');
    const browser = await browserOf(p.id);
    const mine = unescapeHtml((await browser.page('/me/reviews')).html);
    expect(mine).toContain('Refusé : données personnelles');
    expect(mine).toContain(`/reviews/${id}/edit`);
    const edit = await browser.page(`/reviews/${id}/edit`);
    expect(edit.status).toBe(200);
    const res = await browser.post(`/reviews/${id}/edit`, {
      rating: '2',
      body: 'Trop salé pour moi.',
      title: '',
      experienced_on: '',
    });
    expect(res.status).toBe(303);
    expect(unescapeHtml((await browser.page('/me/reviews')).html)).toContain('En attente de modération');
    // Someone else cannot open the edit form.
    const other = await person(t);
    expect((await (await browserOf(other.id)).page(`/reviews/${id}/edit`)).status).toBe(404);
  });

  it('helpful votes through htmx answer the updated button; the brand replies from the page', async () => {
    const s = await shop(t);
    const author = await person(t);
    const id = (
      await post(`/api/v1/products/${s.productId}/reviews`, author.token, {
        rating: 4,
        body: 'Bon produit, livraison rapide.',
      })
    ).body.id;
    await decide(id, 'approve');
    const voter = await person(t);
    const browser = await browserOf(voter.id);
    const res = await browser.post(`/reviews/${id}/helpful`, { helpful: '1' }, { headers: { 'hx-request': 'true' } });
    expect(res.status).toBe(200);
    const fragment = unescapeHtml(await res.text());
    expect(fragment).toContain('Vous avez trouvé cet avis utile (1)');
    expect(fragment).toContain('aria-pressed="true"');
    // Without the CSRF token: refused.
    expect((await browser.post(`/reviews/${id}/helpful`, { helpful: '1' }, { csrf: false })).status).toBe(403);

    const owner = await browserOf(s.owner.id);
    const page = unescapeHtml((await owner.page(productPath(s))).html);
    expect(page).toContain('Répondre publiquement au nom de la marque');
    const replied = await owner.post(
      `/reviews/${id}/reply`,
      { body: 'Merci beaucoup !' },
      { headers: { referer: `http://localhost:3000${productPath(s)}` } },
    );
    expect(replied.status).toBe(303);
    const after = unescapeHtml((await new BrowserSession(t).page(productPath(s))).html);
    expect(after).toContain('Merci beaucoup !');
    expect(after).toContain(`Réponse de Brand`);
  });

  it('the review form needs a sign-in and a real product', async () => {
    const s = await shop(t);
    const visitor = new BrowserSession(t);
    const res = await visitor.get(`/reviews/new?product=${s.productId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/login?next=');
    const p = await person(t);
    const browser = await browserOf(p.id);
    expect((await browser.page('/reviews/new?product=nope')).status).toBe(404);
    const form = unescapeHtml((await browser.page(`/reviews/new?product=${s.productId}`)).html);
    expect(form).toContain('sans la mention « Achat vérifié »');
  });
});

describe('ratings elsewhere, notifications and the API document', () => {
  it('products on shoppable posts show their rating; invitations and decisions read well in notifications; the OpenAPI lists the routes', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    await runJobs(t);
    const id = (
      await post(`/api/v1/products/${s.productId}/reviews`, b.token, {
        rating: 4,
        body: 'Très bon, je recommande.',
        order_id: orderId,
      })
    ).body.id;
    await decide(id, 'approve');
    await createStatus(
      t.ctx,
      s.brand.id,
      { text: 'Notre comté est de retour.', extensions: { products: [s.productId] } },
      s.owner.id,
    );
    const profile = unescapeHtml((await new BrowserSession(t).page(`/@${s.brand.username}`)).html);
    expect(profile).toContain('Notre comté est de retour.');
    expect(profile).toContain('4,0/5 · 1 avis');
    // Inside the product's card, not in a line of its own under the cards.
    expect(profile).toMatch(/<div class="product-card-body">(?:(?!<\/div>)[\s\S])*?4,0\/5 · 1 avis/);
    expect(profile).not.toContain('review-post-ratings');

    const browser = await browserOf(b.id);
    const notes = unescapeHtml((await browser.page('/notifications')).html);
    expect(notes).toContain('vous invite à donner votre avis sur un article livré');
    expect(notes).toContain('a publié votre avis');
    expect(notes).toMatch(/href="\/reviews\/new\?line=[0-9a-f-]+"/);
    // Each one names the product: the invitation, the decision and the order's own steps.
    const named = notes.match(/<li class="notification[^"]*"[\s\S]*?<\/li>/g) ?? [];
    for (const text of ['vous invite à donner votre avis', 'a publié votre avis', 'votre commande a été livrée']) {
      const item = named.find((li) => li.includes(text));
      expect(item, text).toMatch(/<span class="notification-subject">· Comté 24 mois \d+<\/span>/);
    }

    // Someone else sees the report link under the review.
    const page = unescapeHtml((await (await browserOf((await person(t)).id)).page(productPath(s))).html);
    expect(page).toContain(`/moderation/report?type=review&id=${id}`);

    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/products/{id}/reviews'] ?? {}).sort()).toEqual(['get', 'post']);
    for (const path of [
      '/api/v1/products/{id}/reviews/summary',
      '/api/v1/reviews/{id}',
      '/api/v1/reviews/{id}/reply',
      '/api/v1/reviews/{id}/helpful',
      '/api/v1/reviews/mine',
      '/api/v1/brands/{id}/review_questions',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

describe('the brand team’s review page', () => {
  it('lists customer questions with their order to those who handle orders, and reviews waiting for a reply', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    const question = (
      await post(`/api/v1/products/${s.productId}/reviews`, b.token, {
        rating: 1,
        body: 'Où est ma commande ? Le colis n’est jamais arrivé, je veux un remboursement.',
        order_id: orderId,
      })
    ).body.id;
    const p = await person(t);
    const published = (
      await post(`/api/v1/products/${s.productId}/reviews`, p.token, { rating: 4, body: 'Bon produit, bien emballé.' })
    ).body.id;
    await decide(published, 'approve');

    const owner = await browserOf(s.owner.id);
    const page = await owner.page(`/brands/${s.brand.username}/reviews`);
    expect(page.status).toBe(200);
    const html = unescapeHtml(page.html);
    expect(html).toContain('Questions clients');
    expect(html).toContain(`id="review-${question}"`);
    expect(html).toContain(`/brands/${s.brand.username}/orders/${orderId}`);
    expect(html).toContain(`id="review-${published}"`);
    expect(html).toContain('Répondre publiquement au nom de la marque');
    expect(unescapeHtml((await owner.page(productPath(s))).html)).toContain(`/brands/${s.brand.username}/reviews`);

    const moderator = await browserOf((await s.member('moderator')).id);
    const modPage = unescapeHtml((await moderator.page(`/brands/${s.brand.username}/reviews`)).html);
    expect(modPage).not.toContain('Questions clients');
    expect(modPage).not.toContain('Répondre publiquement');
    expect((await (await browserOf(p.id)).page(`/brands/${s.brand.username}/reviews`)).status).toBe(404);
  });
});
