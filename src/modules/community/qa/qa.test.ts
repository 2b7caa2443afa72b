import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, person, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { inboxChannelHandlers } from '../../inbox';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // pages stay text
  }
  return { status: res.status, body: parsed };
}
const post = (url: string, token?: string, body: unknown = {}) => call('POST', url, token, body);
const get = (url: string, token?: string) => call('GET', url, token);

/** A shop whose clean texts publish at once (post-moderation), unless told to pre-moderate. */
async function qaShop(mode: 'pre' | 'post' = 'post'): Promise<Shop> {
  const s = await shop(t);
  if (mode === 'post') {
    const saved = await call('PUT', `/api/v1/brands/${s.brand.id}/moderation/policy`, s.ownerToken, { mode: 'post' });
    expect(saved.status).toBe(200);
  }
  return s;
}
const ask = (s: Shop, token: string, text = 'Ce comté convient-il à une fondue savoyarde ?') =>
  post(`/api/v1/products/${s.productId}/questions`, token, { text });
const answer = (questionId: string, token: string, text = 'Oui, il fond très bien, coupez-le en dés.') =>
  post(`/api/v1/questions/${questionId}/answers`, token, { text });
const questions = async (s: Shop, token?: string) =>
  (await get(`/api/v1/products/${s.productId}/questions`, token)).body;
const pageOf = (s: Shop, token?: string) => get(`/@${s.brand.username}/products/${s.productId}`, token);

async function verifiedBuyer(s: Shop) {
  const b = await buyerWithCard(t);
  const placed = await post('/api/v1/orders', b.token, orderBody(s.variantId, b.methodId, 1));
  expect(placed.status).toBe(201);
  return b;
}

describe('asking and moderation', () => {
  it('a question waits for the brand’s moderator (pre-moderation): seen by its author and the team only, then published', async () => {
    const s = await qaShop('pre');
    const p = await person(t);
    const stranger = await person(t);
    const asked = await ask(s, p.token);
    expect(asked.status).toBe(201);
    expect(Object.keys(asked.body).sort()).toEqual(['id', 'status']);
    expect(asked.body.status).toBe('pending');
    const id = asked.body.id;
    expect((await questions(s, p.token)).map((q: { id: string }) => q.id)).toEqual([id]);
    expect((await questions(s, s.ownerToken)).map((q: { id: string }) => q.id)).toEqual([id]);
    expect(await questions(s, stranger.token)).toEqual([]);
    expect(await questions(s)).toEqual([]);
    expect((await pageOf(s, stranger.token)).body).not.toContain(`question-${id}`);
    expect((await answer(id, stranger.token)).status).toBe(404);
    expect((await get(`/questions/${id}`, stranger.token)).status).toBe(404);

    const queue = await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken);
    const item = queue.body.find((i: { subject_id: string }) => i.subject_id === id);
    expect(item).toMatchObject({ type: 'question' });
    expect((await post(`/api/v1/moderation/items/${item.id}/approve`, s.ownerToken)).status).toBe(200);
    const listed = await questions(s);
    expect(listed).toMatchObject([{ id, status: 'published', answers: [] }]);
    const [note] = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where account_id = ${p.id} and subject_id = ${id}`,
    );
    expect(note?.detail).toBe('question_published');
  });

  it('triage holds a flagged question even when the brand post-moderates; a rejection keeps it off the page', async () => {
    const s = await qaShop('post');
    const p = await person(t);
    const clean = await ask(s, p.token);
    expect(clean.body.status).toBe('published');
    const flagged = await ask(s, p.token, 'Écrivez-moi à jean.dupont@example.org pour une promo sur ce comté');
    expect(flagged.body.status).toBe('pending');
    const queue = await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken);
    const item = queue.body.find((i: { subject_id: string }) => i.subject_id === flagged.body.id);
    expect(item.flags.length).toBeGreaterThan(0);
    const rejected = await post(`/api/v1/moderation/items/${item.id}/reject`, s.ownerToken, {
      reason: 'personal_data',
    });
    expect(rejected.status).toBe(200);
    expect((await questions(s, p.token)).map((q: { id: string }) => q.id)).toEqual([clean.body.id]);
  });

  it('an answer by a verified buyer is moderated like a question (held, then approved)', async () => {
    const s = await qaShop('pre');
    const p = await person(t);
    const q = (await ask(s, p.token)).body.id;
    const queued = async (subject: string) =>
      (await get(`/api/v1/brands/${s.brand.id}/moderation/queue`, s.ownerToken)).body.find(
        (i: { subject_id: string }) => i.subject_id === subject,
      );
    await post(`/api/v1/moderation/items/${(await queued(q)).id}/approve`, s.ownerToken);
    const b = await verifiedBuyer(s);
    const a = await answer(q, b.token);
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: a.body.id, official: false });
    expect((await questions(s)).at(0).answers).toEqual([]);
    expect((await questions(s, b.token)).at(0).answers).toMatchObject([{ id: a.body.id, status: 'pending' }]);
    const item = await queued(a.body.id);
    expect(item.type).toBe('answer');
    await post(`/api/v1/moderation/items/${item.id}/approve`, s.ownerToken);
    expect((await questions(s)).at(0).answers).toMatchObject([
      { id: a.body.id, status: 'published', official: false, verified_buyer: true, helpful_count: 0 },
    ]);
  });
});

describe('who may answer', () => {
  it('the team answers officially; verified buyers by default; others and team roles without the right get 403', async () => {
    const s = await qaShop();
    const asker = await person(t);
    const q = (await ask(s, asker.token)).body.id;
    const official = await answer(q, s.ownerToken, 'Oui : c’est notre comté pour la fondue.');
    expect(official.status).toBe(201);
    expect(official.body).toEqual({ id: official.body.id, official: true });
    const staff = await s.member('staff');
    expect((await answer(q, staff.token)).body.official).toBe(true);
    const moderator = await s.member('moderator');
    const refused = await answer(q, moderator.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('role_cannot_answer');
    const stranger = await person(t);
    const notBuyer = await answer(q, stranger.token);
    expect(notBuyer.status).toBe(403);
    expect(notBuyer.body.error.code).toBe('verified_buyers_only');
    const b = await verifiedBuyer(s);
    expect((await answer(q, b.token)).body.official).toBe(false);
    const answers = (await questions(s)).at(0).answers;
    expect(answers.filter((a: { official: boolean }) => a.official)).toHaveLength(2);
    expect(answers.find((a: { official: boolean }) => !a.official)).toMatchObject({ verified_buyer: true });
  });

  it('the brand’s setting: team only, then anyone signed in', async () => {
    const s = await qaShop();
    const q = (await ask(s, (await person(t)).token)).body.id;
    const setting = `/api/v1/brands/${s.brand.id}/qa-settings`;
    expect((await get(setting, s.ownerToken)).body).toEqual({ answerers: 'verified_buyers' });
    expect((await call('PUT', setting, s.ownerToken, { answerers: 'team' })).body).toEqual({ answerers: 'team' });
    const b = await verifiedBuyer(s);
    const teamOnly = await answer(q, b.token);
    expect(teamOnly.status).toBe(403);
    expect(teamOnly.body.error.code).toBe('team_only');
    await call('PUT', setting, s.ownerToken, { answerers: 'anyone' });
    const stranger = await person(t);
    const a = await answer(q, stranger.token);
    expect(a.status).toBe(201);
    expect((await questions(s)).at(0).answers).toMatchObject([{ official: false, verified_buyer: false }]);
    const bad = await call('PUT', setting, s.ownerToken, { answerers: 'everybody' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_answerers');
    const staff = await s.member('staff');
    expect((await get(setting, staff.token)).status).toBe(200);
    expect((await call('PUT', setting, staff.token, { answerers: 'team' })).status).toBe(403);
  });

  it('the brand’s team does not ask about its own products; a brand account does not answer others’', async () => {
    const s = await qaShop();
    const other = await qaShop();
    const mine = await ask(s, s.ownerToken);
    expect(mine.status).toBe(403);
    expect(mine.body.error.code).toBe('own_brand');
    const q = (await ask(s, (await person(t)).token)).body.id;
    // Another brand's owner is a person here: not on this team, not a buyer.
    expect((await answer(q, other.ownerToken)).body.error.code).toBe('verified_buyers_only');
  });
});

describe('helpful votes and the FAQ', () => {
  it('one vote per person (toggled) ranks questions and answers; the FAQ shows above the reviews and in the JSON-LD', async () => {
    const s = await qaShop();
    const [a, b, c] = [await person(t), await person(t), await person(t)];
    const q1 = (await ask(s, a.token, 'Quelle est la durée d’affinage exacte ?')).body.id;
    const q2 = (await ask(s, a.token, 'Peut-on le congeler sans perdre le goût ?')).body.id;
    const q3 = (await ask(s, b.token, 'Livrez-vous en Belgique ?')).body.id;
    const official = (await answer(q2, s.ownerToken, 'Non, la congélation le rend friable.')).body.id;
    await answer(q1, s.ownerToken, 'Vingt-quatre mois en cave.');
    const buyer = await verifiedBuyer(s);
    const buyerAnswer = (await answer(q2, buyer.token, 'Je le congèle en petits morceaux pour cuisiner.')).body.id;

    const first = await post(`/api/v1/questions/${q2}/helpful`, b.token);
    expect(first.body).toEqual({ helpful: true, helpful_count: 1 });
    await post(`/api/v1/questions/${q2}/helpful`, c.token);
    expect((await post(`/api/v1/questions/${q2}/helpful`, c.token)).body).toEqual({ helpful: false, helpful_count: 1 });
    await post(`/api/v1/questions/${q2}/helpful`, c.token);
    const own = await post(`/api/v1/questions/${q2}/helpful`, a.token);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_subject');
    await post(`/api/v1/answers/${buyerAnswer}/helpful`, a.token);
    await post(`/api/v1/questions/${q3}/helpful`, a.token);

    const listed = await questions(s);
    expect(listed.map((q: { id: string }) => q.id)).toEqual([q2, q3, q1]);
    expect(listed[0].helpful_count).toBe(2);
    expect(listed[0].answers.map((x: { id: string }) => x.id)).toEqual([buyerAnswer, official]);

    const page = (await pageOf(s)).body as string;
    const faq = page.indexOf('id="faq"');
    expect(faq).toBeGreaterThan(0);
    expect(faq).toBeLessThan(page.indexOf('id="reviews"'));
    expect(page).toContain('Réponse officielle de la marque');
    expect(page).toContain('Acheteur vérifié');
    // The FAQ: answered questions only (q3 has none), each with the brand's answer when it gave one.
    const faqBlock = page.slice(faq, page.indexOf('</dl>', faq));
    expect(faqBlock).toContain('Peut-on le congeler');
    expect(faqBlock).toContain('Vingt-quatre mois');
    expect(faqBlock).not.toContain('Belgique');
    expect(faqBlock).toContain('la congélation le rend friable');

    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)![1]);
    expect(ld['@type']).toBe('Product');
    expect(ld.subjectOf['@type']).toBe('FAQPage');
    expect(ld.subjectOf.mainEntity).toHaveLength(2);
    expect(ld.subjectOf.mainEntity[0]).toMatchObject({
      '@type': 'Question',
      name: 'Peut-on le congeler sans perdre le goût ?',
      answerCount: 2,
      acceptedAnswer: { '@type': 'Answer', text: 'Non, la congélation le rend friable.' },
    });
  });

  it('the page’s helpful button votes through htmx and answers the swapped button', async () => {
    const s = await qaShop();
    const a = await person(t);
    const q = (await ask(s, a.token)).body.id;
    const voter = await person(t);
    const res = await t.call('POST', `/questions/${q}/helpful`, {
      token: voter.token,
      headers: { 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: undefined,
    });
    // Bearer requests skip CSRF; the form's 'helpful' absent means "helpful".
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('aria-pressed="true"');
    expect((await questions(s)).at(0).helpful_count).toBe(1);
  });
});

describe('the inbox', () => {
  it('a question opens the brand’s conversation; the reply from the inbox becomes the official answer, once', async () => {
    const s = await qaShop();
    const p = await person(t);
    const q = (await ask(s, p.token)).body.id;
    const [conversation] = await queryRows<{
      id: string;
      brand_id: string;
      customer_id: string;
      channel: 'question';
      thread_key: string;
      order_id: string | null;
      status: string;
      subject: string;
    }>(t.ctx.db, sql`select * from inbox_conversations where channel = 'question' and thread_key = ${q}`);
    expect(conversation).toMatchObject({ brand_id: s.brand.id, customer_id: p.id, status: 'open', kind: 'service' });
    expect(conversation.subject).toContain('Comté');
    const handler = inboxChannelHandlers.get('question')!;
    const delivery = {
      id: conversation.id,
      brandId: conversation.brand_id,
      customerId: conversation.customer_id,
      channel: 'question' as const,
      threadKey: conversation.thread_key,
      orderId: null,
    };
    expect(handler.url?.(t.ctx.config, delivery)).toBe(`${t.ctx.config.publicUrl}/questions/${q}`);
    const message = { id: uuidv7(), text: 'Bonjour, oui, parfaitement.', authorId: s.owner.id };
    const first = await handler.deliver(t.ctx, delivery, message);
    const again = await handler.deliver(t.ctx, delivery, message);
    expect(again.ref).toBe(first.ref);
    expect((await questions(s)).at(0).answers).toMatchObject([
      { id: first.ref, official: true, text: 'Bonjour, oui, parfaitement.', status: 'published' },
    ]);
    const redirect = await t.call('GET', `/questions/${q}`);
    expect(redirect.headers.get('location')).toBe(`/@${s.brand.username}/products/${s.productId}#question-${q}`);
  });

  it('an official answer given on the product page is written into the conversation as the team’s message', async () => {
    const s = await qaShop();
    const p = await person(t);
    const q = (await ask(s, p.token)).body.id;
    const a = (await answer(q, s.ownerToken, 'Oui, il est au lait cru.')).body.id;
    const rows = await queryRows<{ author_role: string; text: string; channel_ref: string; status: string }>(
      t.ctx.db,
      sql`select m.author_role, m.text, m.channel_ref, c.status from inbox_messages m
          join inbox_conversations c on c.id = m.conversation_id
          where c.channel = 'question' and c.thread_key = ${q} order by m.created_at, m.id`,
    );
    expect(rows.map((r) => [r.author_role, r.channel_ref])).toEqual([
      ['customer', q],
      ['team', a],
    ]);
    expect(rows[0].status).toBe('pending');
  });
});

describe('the back office', () => {
  it('the brand’s managers set who answers and see the questions waiting for the official answer', async () => {
    const s = await qaShop();
    const q = (await ask(s, (await person(t)).token, 'Quel vin servir avec ?')).body.id;
    const answered = (await ask(s, (await person(t)).token, 'Est-il au lait cru ?')).body.id;
    await answer(answered, s.ownerToken, 'Oui.');
    const page = await get(`/brands/${s.brand.username}/questions`, s.ownerToken);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Quel vin servir avec ?');
    expect(page.body).toContain(`/questions/${q}`);
    expect(page.body).not.toContain('Est-il au lait cru ?');
    expect(page.body).toMatch(/value="verified_buyers" checked/);
    const saved = await t.call('POST', `/brands/${s.brand.username}/questions/settings`, {
      token: s.ownerToken,
      body: { answerers: 'anyone' },
    });
    expect(saved.status).toBe(303);
    expect((await get(`/api/v1/brands/${s.brand.id}/qa-settings`, s.ownerToken)).body.answerers).toBe('anyone');
    const staff = await s.member('staff');
    expect((await get(`/brands/${s.brand.username}/questions`, staff.token)).status).toBe(403);
    for (const token of [(await qaShop()).ownerToken, (await person(t)).token])
      expect((await get(`/brands/${s.brand.username}/questions`, token)).status).toBe(404);
    const bad = await t.call('POST', `/brands/${s.brand.username}/questions/settings`, {
      token: s.ownerToken,
      body: { answerers: 'everybody' },
    });
    expect(bad.status).toBe(422);
  });
});

describe('bad input and access', () => {
  it('empty, oversized, unknown, anonymous: 4xx with a code', async () => {
    const s = await qaShop();
    const p = await person(t);
    const empty = await ask(s, p.token, '   ');
    expect([empty.status, empty.body.error.code]).toEqual([422, 'empty_text']);
    const long = await ask(s, p.token, 'x'.repeat(1001));
    expect([long.status, long.body.error.code]).toEqual([422, 'text_too_long']);
    const noText = await post(`/api/v1/products/${s.productId}/questions`, p.token, {});
    expect(noText.status).toBe(422);
    expect((await post(`/api/v1/products/${uuidv7()}/questions`, p.token, { text: 'Bonjour ?' })).status).toBe(404);
    expect((await post('/api/v1/products/nope/questions', p.token, { text: 'Bonjour ?' })).status).toBe(404);
    expect((await get(`/api/v1/products/${uuidv7()}/questions`)).status).toBe(404);
    expect((await ask(s, undefined as unknown as string)).status).toBe(401);
    const q = (await ask(s, p.token)).body.id;
    const longAnswer = await answer(q, s.ownerToken, 'y'.repeat(3001));
    expect([longAnswer.status, longAnswer.body.error.code]).toEqual([422, 'text_too_long']);
    expect((await answer(uuidv7(), s.ownerToken)).status).toBe(404);
    expect((await post(`/api/v1/answers/${uuidv7()}/helpful`, p.token)).status).toBe(404);
    const page = await t.call('POST', `/products/${s.productId}/questions`, {
      token: p.token,
      body: { text: '' },
    });
    expect(page.status).toBe(422);
  });

  it('another brand’s team and strangers: 404 on the setting and on pending texts', async () => {
    const s = await qaShop('pre');
    const other = await qaShop();
    const stranger = await person(t);
    const setting = `/api/v1/brands/${s.brand.id}/qa-settings`;
    for (const token of [other.ownerToken, stranger.token]) {
      expect((await get(setting, token)).status).toBe(404);
      expect((await call('PUT', setting, token, { answerers: 'anyone' })).status).toBe(404);
    }
    const q = (await ask(s, stranger.token)).body.id;
    expect((await answer(q, other.ownerToken)).status).toBe(404);
    expect((await post(`/api/v1/questions/${q}/helpful`, other.ownerToken)).status).toBe(404);
    expect(await questions(s, other.ownerToken)).toEqual([]);
  });

  it('stored text is escaped on the page and in the JSON-LD', async () => {
    const s = await qaShop();
    const p = await person(t);
    const hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> "quoted"';
    const q = (await ask(s, p.token, `${hostile} ?`)).body.id;
    await answer(q, s.ownerToken, hostile);
    const page = (await pageOf(s)).body as string;
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('onerror=alert(1)>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;');
    const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)![1];
    expect(ld).not.toContain('<script>');
    expect(JSON.parse(ld).subjectOf.mainEntity[0].acceptedAnswer.text).toBe(hostile);
  });
});
