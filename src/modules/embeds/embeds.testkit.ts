/**
 * Fixtures for the embeds tests, made through the real API: a shop with published reviews (one
 * verified by a delivered order), shoppable posts, a public space with a topic. Anonymous requests
 * carry no cookie, as a host website's visitor's browser sends none to a third-party iframe.
 */
import { expect } from 'vitest';
import type { TestApp } from '../../../test/support/app';
import { buyerWithCard, orderBody, person, type Shop } from '../../../test/support/orders';
import { moderationSubjects } from '../moderation';

export async function call(t: TestApp, method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML stays text
  }
  return { status: res.status, body: json, headers: res.headers, text };
}

export const ok = (res: { status: number; body: unknown }, status = 200) => {
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(status);
  return res.body as any;
};

/** A visitor of a host website: no cookie, no token. */
export async function anonymous(t: TestApp, url: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(url, { headers: { 'accept-language': 'fr', ...headers } });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The moderator approves a review, through the subject handler moderation calls. */
async function approve(t: TestApp, reviewId: string) {
  const handler = moderationSubjects.get('review')!;
  await t.ctx.db.transaction((tx) =>
    handler.onDecision!(tx, reviewId, { action: 'approve', moderatorId: '00000000-0000-7000-8000-000000000000' }),
  );
}

async function deliveredOrder(t: TestApp, s: Shop, b: { token: string; methodId: string }) {
  const placed = ok(await call(t, 'POST', '/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 1)), 201);
  for (const step of ['prepare', 'ship', 'deliver'])
    ok(
      await call(t, 'POST', `/api/v1/orders/${placed.id}/${step}`, s.ownerToken, {
        carrier: 'Colissimo',
        tracking_number: '6A12345678901',
      }),
    );
  return placed.id as string;
}

const review = (over: Record<string, unknown>) => ({
  rating: 4,
  title: 'Très bon comté',
  body: 'Fruité, bien affiné, parfait sur un plateau.',
  experienced_on: '2026-11-01',
  ...over,
});

/**
 * Reviews of the shop's product: a verified 5 (approved), an unverified 3 (approved), one left
 * pending and one rejected, whose words must never show.
 */
export async function reviewedShop(t: TestApp, s: Shop) {
  const submit = async (token: string, body: Record<string, unknown>) =>
    ok(await call(t, 'POST', `/api/v1/products/${s.productId}/reviews`, token, review(body)), 201).id as string;
  const buyer = await buyerWithCard(t);
  const orderId = await deliveredOrder(t, s, buyer);
  const verified = await submit(buyer.token, {
    order_id: orderId,
    rating: 5,
    title: 'Un régal <b>vraiment</b>',
    body: 'Croûte parfaite, goût de noisette.',
  });
  await approve(t, verified);
  const unverified = await submit((await person(t)).token, {
    rating: 3,
    title: 'Correct',
    body: 'Un peu salé à mon goût.',
  });
  await approve(t, unverified);
  await submit((await person(t)).token, { rating: 1, title: 'Encore en attente', body: 'Avis pas encore modéré.' });
  const rejected = await submit((await person(t)).token, {
    rating: 1,
    title: 'Refusé',
    body: 'Avis refusé par la marque.',
  });
  const handler = moderationSubjects.get('review')!;
  await t.ctx.db.transaction((tx) =>
    handler.onDecision!(tx, rejected, {
      action: 'reject',
      reason: 'off_topic',
      moderatorId: '00000000-0000-7000-8000-000000000000',
    }),
  );
  return { verified, unverified };
}

/** A post as the brand (its owner acting for it), with products when given. */
export async function brandPost(
  t: TestApp,
  s: Shop,
  text: string,
  options: { productIds?: string[]; visibility?: string } = {},
) {
  return ok(
    await call(t, 'POST', '/api/v1/statuses', s.ownerToken, {
      status: text,
      as_account_id: s.brand.id,
      visibility: options.visibility ?? 'public',
      ...(options.productIds ? { product_ids: options.productIds } : {}),
    }),
  ) as { id: string };
}
