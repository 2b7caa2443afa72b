import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import {
  buyerWithCard,
  orderBody,
  outbox,
  person,
  runJobs,
  shop,
  type Person,
  type Shop,
} from '../../../test/support/orders';
import { moderationPolicies } from '../../db/schema';
import { moderationSubjects } from '../moderation';
import { ratingSummary, recomputedSummary } from './aggregate';
import { sendInvitations } from './invitations';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, options: { token?: string; body?: unknown } = {}) {
  const res = await t.call(method, url, options);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML stays text
  }
  return { status: res.status, body, headers: res.headers };
}
const post = (url: string, token: string | undefined, body: unknown = {}) => call('POST', url, { token, body });
const get = (url: string, token?: string) => call('GET', url, { token });
const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.ctx.db, query))[0].n);

/** A buyer's order of the shop's product, paid, prepared, shipped and delivered by the brand. */
async function deliveredOrder(s: Shop, b: Person & { methodId: string }, options: { deliver?: boolean } = {}) {
  const placed = await post('/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 1));
  expect(placed.status).toBe(201);
  const id = placed.body.id as string;
  if (options.deliver === false) return id;
  expect((await post(`/api/v1/orders/${id}/prepare`, s.ownerToken)).status).toBe(200);
  expect(
    (await post(`/api/v1/orders/${id}/ship`, s.ownerToken, { carrier: 'Colissimo', tracking_number: '6A12345678901' }))
      .status,
  ).toBe(200);
  expect((await post(`/api/v1/orders/${id}/deliver`, s.ownerToken)).status).toBe(200);
  return id;
}

const review = (over: Record<string, unknown> = {}) => ({
  rating: 4,
  title: 'Très bon comté',
  body: 'Fruité, bien affiné, parfait sur un plateau.',
  experienced_on: '2026-11-01',
  ...over,
});
const submit = (s: Shop, token: string, body: Record<string, unknown>) =>
  post(`/api/v1/products/${s.productId}/reviews`, token, body);

/** The moderator's decision, through the subject handler moderation calls (in a transaction). */
async function decide(reviewId: string, action: 'approve' | 'reject', reason?: string) {
  const handler = moderationSubjects.get('review')!;
  await t.ctx.db.transaction((tx) =>
    handler.onDecision!(tx, reviewId, { action, reason, moderatorId: '00000000-0000-7000-8000-000000000000' }),
  );
}

describe('writing a review', () => {
  it('is verified only with a delivered order line of the author, answering exactly {id, status, verified, flags}', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    const res = await submit(s, b.token, review({ order_id: orderId }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['flags', 'id', 'status', 'verified']);
    expect(res.body).toMatchObject({ status: 'pending', verified: true });
    for (const f of res.body.flags) expect(Object.keys(f).sort()).toEqual(['code', 'confidence']);
    // The moderation queue has it, in the same transaction.
    expect(
      await count(
        sql`select count(*)::int as n from moderation_items where subject_id = ${res.body.id} and type = 'review'`,
      ),
    ).toBe(1);

    const other = await person(t);
    const unverified = await submit(s, other.token, review());
    expect(unverified.status).toBe(201);
    expect(unverified.body.verified).toBe(false);
  });

  it('refuses a second review of one order line, also when two arrive at once', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    const results = await Promise.all([1, 2, 3].map(() => submit(s, b.token, review({ order_id: orderId }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('already_reviewed');
    expect(await count(sql`select count(*)::int as n from reviews where order_id = ${orderId}`)).toBe(1);
    expect((await submit(s, b.token, review({ order_id: orderId }))).body.error.code).toBe('already_reviewed');
  });

  it('needs a purchase when the brand says so, and the order must be the author’s, delivered, with that product', async () => {
    const s = await shop(t);
    await t.ctx.db.insert(moderationPolicies).values({ brandId: s.brand.id, allowUnverifiedReviews: false });
    const stranger = await person(t);
    const refused = await submit(s, stranger.token, review());
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('purchase_required');

    const b = await buyerWithCard(t);
    const notDelivered = await deliveredOrder(s, b, { deliver: false });
    expect((await submit(s, b.token, review({ order_id: notDelivered }))).body.error.code).toBe('order_not_delivered');
    expect((await submit(s, stranger.token, review({ order_id: notDelivered }))).body.error.code).toBe('invalid_order');
    expect((await submit(s, b.token, review({ order_id: 'nope' }))).body.error.code).toBe('invalid_order');
    const elsewhere = await shop(t);
    const otherOrder = await deliveredOrder(elsewhere, b);
    expect((await submit(s, b.token, review({ order_id: otherOrder }))).body.error.code).toBe('product_not_in_order');
    expect(await count(sql`select count(*)::int as n from reviews where product_id = ${s.productId}`)).toBe(0);
  });

  it('answers clear 4xx codes for bad input and writes nothing', async () => {
    const s = await shop(t);
    const p = await person(t);
    const code = async (body: Record<string, unknown>) => {
      const res = await submit(s, p.token, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      return res.body.error.code;
    };
    for (const rating of [0, 6, 3.5, -1, 'abc', null, ''])
      expect(await code(review({ rating }))).toBe('invalid_rating');
    expect(await code(review({ rating: undefined }))).toBe('invalid_rating');
    expect(await code(review({ body: '   ' }))).toBe('empty_body');
    expect(await code(review({ body: 'x'.repeat(5001) }))).toBe('body_too_long');
    expect(await code(review({ title: 'x'.repeat(151) }))).toBe('title_too_long');
    expect(await code(review({ experienced_on: '2999-01-01' }))).toBe('future_date');
    expect(await code(review({ experienced_on: '2024-02-30' }))).toBe('invalid_date');
    expect(await code(review({ experienced_on: 'yesterday' }))).toBe('invalid_date');
    expect(
      (await post(`/api/v1/products/${'0'.repeat(8)}-0000-7000-8000-000000000000/reviews`, p.token, review())).status,
    ).toBe(404);
    expect((await post('/api/v1/products/nope/reviews', p.token, review())).status).toBe(404);
    expect((await post(`/api/v1/products/${s.productId}/reviews`, undefined, review())).status).toBe(401);
    // The brand's own team does not review its products.
    expect((await submit(s, s.ownerToken, review())).body.error.code).toBe('own_brand');
    expect(await count(sql`select count(*)::int as n from reviews where product_id = ${s.productId}`)).toBe(0);
  });

  it('publishes at once under post-moderation', async () => {
    const s = await shop(t);
    await t.ctx.db.insert(moderationPolicies).values({ brandId: s.brand.id, mode: 'post' });
    const p = await person(t);
    const res = await submit(s, p.token, review({ rating: 5 }));
    expect(res.body.status).toBe('published');
    expect((await ratingSummary(t.ctx.db, s.productId)).count).toBe(1);
  });
});

describe('moderation, listing and the aggregate', () => {
  it('lists published reviews only; approval through the subject handler publishes and counts it; rejection tells the reason', async () => {
    const s = await shop(t);
    const [a, b, c] = await Promise.all([person(t), person(t), person(t)]);
    const ra = (await submit(s, a.token, review({ rating: 5, body: 'Excellent, je recommande à tous les amateurs.' })))
      .body.id;
    const rb = (await submit(s, b.token, review({ rating: 2, body: 'Trop salé à mon goût, croûte trop dure.' }))).body
      .id;
    const rc = (await submit(s, c.token, review({ rating: 1, body: 'Mon adresse est 12 rue X, appelez-moi.' }))).body
      .id;
    expect((await get(`/api/v1/products/${s.productId}/reviews`)).body).toEqual([]);
    expect((await get(`/api/v1/reviews/${ra}`)).status).toBe(404);
    expect((await get(`/api/v1/reviews/${ra}`, b.token)).status).toBe(404);
    expect((await get(`/api/v1/reviews/${ra}`, a.token)).body.status).toBe('pending');
    expect((await get(`/api/v1/reviews/${ra}`, s.ownerToken)).body.status).toBe('pending');

    await decide(ra, 'approve');
    await decide(rb, 'approve');
    await decide(rc, 'reject', 'personal_data');
    const list = await get(`/api/v1/products/${s.productId}/reviews`);
    expect(list.body.map((r: { id: string }) => r.id)).toEqual([rb, ra]);
    expect(list.body[0]).toMatchObject({
      rating: 2,
      verified: false,
      status: 'published',
      published_at: expect.any(String),
      experienced_on: '2026-11-01',
    });
    expect(list.body[0].flags).toBeUndefined();
    expect(
      (await get(`/api/v1/products/${s.productId}/reviews?sort=rating_asc`)).body.map((r: { id: string }) => r.id),
    ).toEqual([rb, ra]);
    expect(
      (await get(`/api/v1/products/${s.productId}/reviews?sort=rating_desc`)).body.map((r: { id: string }) => r.id),
    ).toEqual([ra, rb]);
    expect((await get(`/api/v1/products/${s.productId}/reviews?sort=best`)).body.error.code).toBe('invalid_sort');
    const paged = await get(`/api/v1/products/${s.productId}/reviews?limit=1`);
    expect(paged.body).toHaveLength(1);
    expect(paged.headers.get('link')).toContain(`max_id=${rb}`);
    expect(
      (await get(`/api/v1/products/${s.productId}/reviews?limit=1&max_id=${rb}`)).body.map((r: { id: string }) => r.id),
    ).toEqual([ra]);

    const summary = await get(`/api/v1/products/${s.productId}/reviews/summary`);
    expect(summary.body).toMatchObject({
      count: 2,
      average: 3.5,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 },
      moderation: { mode: 'pre', max_delay_hours: 48 },
    });
    expect(await ratingSummary(t.ctx.db, s.productId)).toEqual(await recomputedSummary(t.ctx.db, s.productId));

    const rejected = await get(`/api/v1/reviews/${rc}`, c.token);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'personal_data', editable: true } });
    expect(
      await count(
        sql`select count(*)::int as n from notifications where account_id = ${c.id} and type = 'review' and detail = 'rejected:personal_data'`,
      ),
    ).toBe(1);
    expect(
      await count(
        sql`select count(*)::int as n from notifications where account_id = ${a.id} and type = 'review' and detail = 'published'`,
      ),
    ).toBe(1);

    // An editable rejection: the author corrects and resubmits; back to pending, queued again.
    const fixed = await call('PATCH', `/api/v1/reviews/${rc}`, {
      token: c.token,
      body: { body: 'Déçu : la croûte était abîmée à la livraison.' },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ status: 'pending', rejection: null });
    expect(
      await count(sql`select count(*)::int as n from moderation_items where subject_id = ${rc} and status = 'pending'`),
    ).toBe(1);
  });

  it('a rejection for a reason that cannot be corrected cannot be edited', async () => {
    const s = await shop(t);
    const p = await person(t);
    const id = (await submit(s, p.token, review())).body.id;
    await decide(id, 'reject', 'not_experience');
    const res = await call('PATCH', `/api/v1/reviews/${id}`, { token: p.token, body: { body: 'Autre texte' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('not_editable');
  });

  it('withdrawal and edits take the review out of the page and the average; only the author edits', async () => {
    const s = await shop(t);
    const [a, b] = await Promise.all([person(t), person(t)]);
    const ra = (await submit(s, a.token, review({ rating: 5 }))).body.id;
    const rb = (await submit(s, b.token, review({ rating: 3, body: 'Correct sans plus, un peu sec cette fois.' }))).body
      .id;
    await decide(ra, 'approve');
    await decide(rb, 'approve');
    expect((await ratingSummary(t.ctx.db, s.productId)).count).toBe(2);

    const notMine = await call('PATCH', `/api/v1/reviews/${ra}`, { token: b.token, body: { rating: 1 } });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('not_author');
    expect((await call('PATCH', `/api/v1/reviews/${ra}`, { token: s.ownerToken, body: { rating: 1 } })).status).toBe(
      403,
    );
    expect((await call('DELETE', `/api/v1/reviews/${ra}`, { token: b.token })).status).toBe(403);
    expect(
      (await call('PATCH', `/api/v1/reviews/${ra}`, { token: a.token, body: { rating: 9 } })).body.error.code,
    ).toBe('invalid_rating');

    const edited = await call('PATCH', `/api/v1/reviews/${ra}`, { token: a.token, body: { rating: 4 } });
    expect(edited.body).toMatchObject({ status: 'pending', rating: 4, published_at: null });
    expect(await ratingSummary(t.ctx.db, s.productId)).toMatchObject({ count: 1, average: 3 });

    const withdrawn = await call('DELETE', `/api/v1/reviews/${rb}`, { token: b.token });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await get(`/api/v1/products/${s.productId}/reviews`)).body).toEqual([]);
    expect((await ratingSummary(t.ctx.db, s.productId)).count).toBe(0);
    // A decision arriving after the withdrawal leaves it withdrawn.
    await decide(rb, 'approve');
    expect((await get(`/api/v1/reviews/${rb}`, b.token)).body.status).toBe('withdrawn');
    await decide(ra, 'approve');
    expect(await ratingSummary(t.ctx.db, s.productId)).toEqual(await recomputedSummary(t.ctx.db, s.productId));
    expect(await ratingSummary(t.ctx.db, s.productId)).toMatchObject({ count: 1, average: 4 });
    expect((await get('/api/v1/reviews/mine', a.token)).body.map((r: { id: string }) => r.id)).toEqual([ra]);
  });
});

describe('brand replies and helpful votes', () => {
  it('the brand replies once; another brand’s team cannot', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const p = await person(t);
    const id = (await submit(s, p.token, review())).body.id;
    expect((await post(`/api/v1/reviews/${id}/reply`, s.ownerToken, { body: 'Merci !' })).body.error.code).toBe(
      'not_published',
    );
    await decide(id, 'approve');
    const cm = await s.member('community_manager');
    const outsider = await other.member('community_manager');
    const refused = await post(`/api/v1/reviews/${id}/reply`, outsider.token, { body: 'Venez chez nous' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_a_member');
    expect((await post(`/api/v1/reviews/${id}/reply`, other.ownerToken, { body: 'Venez chez nous' })).status).toBe(403);
    expect((await post(`/api/v1/reviews/${id}/reply`, p.token, { body: 'moi' })).status).toBe(403);
    const moderator = await s.member('moderator');
    expect((await post(`/api/v1/reviews/${id}/reply`, moderator.token, { body: 'x' })).body.error.code).toBe(
      'role_not_allowed',
    );
    expect((await post(`/api/v1/reviews/${id}/reply`, cm.token, { body: '  ' })).body.error.code).toBe('empty_body');
    // A reply that would expose the customer or insult is sent back, not published.
    const exposing = await post(`/api/v1/reviews/${id}/reply`, cm.token, {
      body: 'Rappelez-nous au 06 12 34 56 78 ou écrivez à marie.dupont@example.org',
    });
    expect(exposing.status).toBe(422);
    expect(exposing.body.error.code).toBe('reply_needs_changes');

    const replies = await Promise.all([
      post(`/api/v1/reviews/${id}/reply`, cm.token, { body: 'Merci pour votre retour !' }),
      post(`/api/v1/reviews/${id}/reply`, s.ownerToken, { body: 'Merci !' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(replies.find((r) => r.status === 409)!.body.error.code).toBe('already_replied');
    const shown = await get(`/api/v1/reviews/${id}`);
    expect(shown.body.reply).toMatchObject({ body: expect.any(String), brand: { id: s.brand.id } });
  });

  it('counts parallel helpful votes exactly, one per account, never one’s own', async () => {
    const s = await shop(t);
    const author = await person(t);
    const id = (await submit(s, author.token, review())).body.id;
    const early = await person(t);
    expect((await post(`/api/v1/reviews/${id}/helpful`, early.token)).status).toBe(404);
    await decide(id, 'approve');
    expect((await post(`/api/v1/reviews/${id}/helpful`, author.token)).body.error.code).toBe('own_review');
    const voters = await Promise.all(Array.from({ length: 12 }, () => person(t)));
    // Every voter twice, all at once: 12 votes.
    await Promise.all(
      voters.flatMap((v) => [
        post(`/api/v1/reviews/${id}/helpful`, v.token),
        post(`/api/v1/reviews/${id}/helpful`, v.token),
      ]),
    );
    const votes = await count(sql`select count(*)::int as n from review_votes where review_id = ${id}`);
    expect(votes).toBe(12);
    expect((await get(`/api/v1/reviews/${id}`)).body.helpful_count).toBe(12);
    await Promise.all(
      voters
        .slice(0, 5)
        .flatMap((v) => [
          call('DELETE', `/api/v1/reviews/${id}/helpful`, { token: v.token }),
          call('DELETE', `/api/v1/reviews/${id}/helpful`, { token: v.token }),
        ]),
    );
    expect((await get(`/api/v1/reviews/${id}`, voters[6].token)).body).toMatchObject({
      helpful_count: 7,
      helpful: true,
    });
    expect(await count(sql`select count(*)::int as n from review_votes where review_id = ${id}`)).toBe(7);
    expect((await get(`/api/v1/products/${s.productId}/reviews?sort=helpful`)).body[0].id).toBe(id);
  });
});

describe('invitations after delivery', () => {
  it('invites every buyer once per order line, even when the job runs twice', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    await runJobs(t);
    const invitations = () => count(sql`select count(*)::int as n from review_invitations where order_id = ${orderId}`);
    const notes = () =>
      count(
        sql`select count(*)::int as n from notifications where account_id = ${b.id} and type = 'review' and detail = 'invitation'`,
      );
    expect(await invitations()).toBe(1);
    expect(await notes()).toBe(1);
    const mails = () => outbox(t).filter((m) => m.text.includes(`/reviews/new?line=`) && m.text.includes(b.email));
    expect(mails()).toHaveLength(1);
    // The job again (a crash after its work), and the same job enqueued twice.
    await sendInvitations(t.ctx, { orderId });
    await queryRows(
      t.ctx.db,
      sql`insert into jobs (id, kind, payload, run_at) values (gen_random_uuid(), 'review.invite', ${JSON.stringify({ orderId })}::jsonb, now())`,
    );
    await runJobs(t);
    expect(await invitations()).toBe(1);
    expect(await notes()).toBe(1);
    expect(mails()).toHaveLength(1);
    // A review of the line is linked to its invitation.
    const res = await submit(s, b.token, review({ order_id: orderId }));
    expect(
      await count(
        sql`select count(*)::int as n from review_invitations where order_id = ${orderId} and review_id = ${res.body.id}`,
      ),
    ).toBe(1);
  });

  it('waits the days the brand chose after delivery before inviting', async () => {
    const s = await shop(t);
    const saved = await call('PUT', `/api/v1/brands/${s.brand.id}/moderation/policy`, {
      token: s.ownerToken,
      body: { review_invitation_delay_days: 7 },
    });
    expect(saved.body.review_invitation_delay_days).toBe(7);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    await runJobs(t);
    const invitations = () => count(sql`select count(*)::int as n from review_invitations where order_id = ${orderId}`);
    expect(await invitations()).toBe(0);
    const [job] = await queryRows<{ days: number }>(
      t.ctx.db,
      sql`select round(extract(epoch from run_at - now()) / 86400)::int as days from jobs where kind = 'review.invite' and payload->>'orderId' = ${orderId} and done_at is null`,
    );
    expect(job.days).toBe(7);
    // A week later.
    await queryRows(
      t.ctx.db,
      sql`update jobs set run_at = now() where kind = 'review.invite' and payload->>'orderId' = ${orderId}`,
    );
    await runJobs(t);
    expect(await invitations()).toBe(1);
  });

  it('does not invite before delivery', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b, { deliver: false });
    await runJobs(t);
    await sendInvitations(t.ctx, { orderId });
    expect(await count(sql`select count(*)::int as n from review_invitations where order_id = ${orderId}`)).toBe(0);
  });
});

describe('triage on arrival', () => {
  it('a customer-service request is not published: it becomes a question for the brand’s team, with the order', async () => {
    const s = await shop(t);
    const b = await buyerWithCard(t);
    const orderId = await deliveredOrder(s, b);
    const res = await submit(
      s,
      b.token,
      review({
        order_id: orderId,
        rating: 1,
        title: 'Colis',
        body: 'Où est ma commande ? Le colis n’est jamais arrivé, je veux être remboursé.',
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
    expect(res.body.flags.map((f: { code: string }) => f.code)).toContain('customer_service');
    const [row] = await queryRows<{ status: string }>(
      t.ctx.db,
      sql`select status from reviews where id = ${res.body.id}`,
    );
    expect(row.status).toBe('question');
    expect((await get(`/api/v1/products/${s.productId}/reviews`)).body).toEqual([]);
    const questions = await get(`/api/v1/brands/${s.brand.id}/review_questions`, s.ownerToken);
    expect(questions.status).toBe(200);
    expect(questions.body.map((q: { id: string; order_id: string }) => [q.id, q.order_id])).toEqual([
      [res.body.id, orderId],
    ]);
    expect((await get(`/api/v1/brands/${s.brand.id}/review_questions`, b.token)).status).toBe(404);
    expect(
      (await get(`/api/v1/brands/${s.brand.id}/review_questions`, (await s.member('moderator')).token)).status,
    ).toBe(403);
  });

  it('flags insults, and the same text from another account or pasted on another product as a duplicate', async () => {
    const s = await shop(t);
    const s2 = await shop(t);
    const [a, b, c] = await Promise.all([person(t), person(t), person(t)]);
    const insult = await submit(
      s,
      c.token,
      review({ rating: 1, body: 'Vendeur de merde, bande de connards, arnaque totale.' }),
    );
    expect(insult.body.flags.map((f: { code: string }) => f.code)).toContain('insult');
    const text =
      'Livraison rapide, fromage excellent, affinage parfait, je recommande vivement cette fromagerie du Jura.';
    const first = await submit(s, a.token, review({ rating: 5, body: text }));
    expect(first.body.flags.map((f: { code: string }) => f.code)).not.toContain('duplicate');
    const copy = await submit(s, b.token, review({ rating: 5, body: text }));
    const dup = copy.body.flags.find((f: { code: string }) => f.code === 'duplicate');
    expect(dup).toBeDefined();
    expect(dup.confidence).toBeGreaterThanOrEqual(0.7);
    // Pasted on another product with other punctuation and case: the fingerprint ignores those.
    const pasted = await submit(s2, a.token, review({ rating: 5, body: text.replace(/,/g, ' !').toUpperCase() }));
    expect(pasted.body.flags.map((f: { code: string }) => f.code)).toContain('duplicate');
    const other = await submit(
      s2,
      b.token,
      review({ rating: 2, body: 'Croûte abîmée, goût trop salé, je ne rachèterai pas ce produit.' }),
    );
    expect(other.body.flags.map((f: { code: string }) => f.code)).not.toContain('duplicate');
  });

  it('auto-approves confident clean reviews only when the brand allows it', async () => {
    const s = await shop(t);
    await t.ctx.db.insert(moderationPolicies).values({ brandId: s.brand.id, autoApproveConfident: true });
    const [a, b] = await Promise.all([person(t), person(t)]);
    const clean = await submit(
      s,
      a.token,
      review({ rating: 5, body: 'Très bon fromage, bien affiné, je le recommande.' }),
    );
    expect(clean.body).toMatchObject({ status: 'published', flags: [] });
    expect(await count(sql`select count(*)::int as n from moderation_items where subject_id = ${clean.body.id}`)).toBe(
      0,
    );
    const flagged = await submit(
      s,
      b.token,
      review({ rating: 5, body: 'Écrivez-moi à jean.dupont@example.org pour une promo' }),
    );
    expect(flagged.body.status).toBe('pending');
  });
});

describe('moderation through its API', () => {
  it('the brand’s moderator approves from the queue; another brand’s moderator cannot', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const p = await person(t);
    const id = (await submit(s, p.token, review({ rating: 4 }))).body.id;
    const queue = await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken);
    const item = queue.body.find((i: { subject_id: string }) => i.subject_id === id);
    expect(item).toMatchObject({ type: 'review', subject_id: id });
    const outsider = await other.member('moderator');
    expect((await post(`/api/v1/moderation/items/${item.id}/approve`, outsider.token)).status).toBe(404);
    const mod = await s.member('moderator');
    expect((await post(`/api/v1/moderation/items/${item.id}/approve`, mod.token)).status).toBe(200);
    expect((await get(`/api/v1/products/${s.productId}/reviews`)).body.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await ratingSummary(t.ctx.db, s.productId)).count).toBe(1);
  });

  it('a review withdrawn while pending leaves the queue: nothing is left for a moderator to decide', async () => {
    const s = await shop(t);
    const p = await person(t);
    const id = (await submit(s, p.token, review({ rating: 2, body: 'Trop salé à mon goût, je ne le reprendrai pas.' })))
      .body.id;
    const queued = (await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken)).body.find(
      (i: { subject_id: string }) => i.subject_id === id,
    );
    expect(queued).toBeDefined();
    expect((await call('DELETE', `/api/v1/reviews/${id}`, { token: p.token })).body.status).toBe('withdrawn');
    const queue = (await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken)).body;
    expect(queue.map((i: { subject_id: string }) => i.subject_id)).not.toContain(id);
    const late = await post(`/api/v1/moderation/items/${queued.id}/approve`, s.ownerToken);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('already_decided');
    expect((await get(`/api/v1/reviews/${id}`, p.token)).body.status).toBe('withdrawn');
  });
});

describe('photos', () => {
  const png = async (w = 40, h = 30) =>
    new Blob(
      [
        await sharp({ create: { width: w, height: h, channels: 3, background: '#c83' } })
          .png()
          .toBuffer(),
      ],
      { type: 'image/png' },
    );
  const multipart = async (token: string, productId: string, photos: Blob[], body = 'Belle pâte, bon goût.') => {
    const form = new FormData();
    form.append('rating', '4');
    form.append('body', body);
    for (const p of photos) form.append('photos[]', p, 'photo.png');
    const res = await t.call('POST', `/api/v1/products/${productId}/reviews`, { token, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('takes up to 4 checked images; more, or a file that is not an image, is refused with nothing written', async () => {
    const s = await shop(t);
    const [a, b, c] = await Promise.all([person(t), person(t), person(t)]);
    const ok = await multipart(a.token, s.productId, [await png(), await png()]);
    expect(ok.status).toBe(201);
    expect(await count(sql`select count(*)::int as n from review_photos where review_id = ${ok.body.id}`)).toBe(2);
    const five = await multipart(b.token, s.productId, await Promise.all([1, 2, 3, 4, 5].map(() => png())));
    expect(five.status).toBe(422);
    expect(five.body.error.code).toBe('too_many_photos');
    const notImage = await multipart(c.token, s.productId, [new Blob(['not an image'], { type: 'image/png' })]);
    expect(notImage.status).toBeGreaterThanOrEqual(400);
    expect(notImage.status).toBeLessThan(500);
    expect(await count(sql`select count(*)::int as n from reviews where author_id in (${b.id}, ${c.id})`)).toBe(0);
  });

  it('refuses an oversized photo with 413', async () => {
    const small = await createTestApp({ mediaMaxBytes: 2000 });
    try {
      const saved = t;
      t = small;
      try {
        const s = await shop(t);
        const p = await person(t);
        const res = await multipart(p.token, s.productId, [await png(400, 400)]);
        expect(res.status).toBe(413);
        expect(res.body.error.code).toBe('media_too_large');
        expect(await count(sql`select count(*)::int as n from reviews where author_id = ${p.id}`)).toBe(0);
      } finally {
        t = saved;
      }
    } finally {
      await small.close();
    }
  });
});
