// The collector's other sources, through the modules' own services: a review with text (a
// creator's, with its rating in the brand's metrics), a product question (one conversation: a
// critic), an answer (a critic), a topic in the brand's space and a tip at its place (creators).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { parisDay } from '../../../lib/paris';
import { answerQuestion, askQuestion, createSpace, createTopic } from '../../community';
import { createPlace, createTip } from '../../places';
import { createReview } from '../../reputation';
import { readCounts } from '../counts';
import { collectInteractions } from './collector';
import { ladderCounts } from './snapshot';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('reads reviews, questions, answers, topics and tips into the ladder and the brand metrics', async () => {
  const s = await shop(t);
  const [reviewer, asker, answerer, writer, tipper] = await Promise.all(
    ['rev', 'ask', 'ans', 'top', 'tip'].map((prefix) => person(t, { prefix })),
  );
  await createReview(t.ctx, reviewer!.id, s.productId, {
    rating: 4,
    body: 'Très bon comté, fruité et long en bouche.',
  });
  const question = await askQuestion(t.ctx, asker!.id, s.productId, { text: 'Se conserve-t-il longtemps au frais ?' });
  // As the team's moderation would: a question waits for it before others may answer.
  await queryRows(
    t.ctx.db,
    sql`update qa_questions set status = 'published', published_at = now() where id = ${question.id}`,
  );
  await queryRows(t.ctx.db, sql`insert into qa_settings (brand_id, answerers) values (${s.brand.id}, 'anyone')`);
  await answerQuestion(t.ctx, answerer!.id, question.id, { text: 'Trois semaines dans un papier ciré.' });
  const space = await createSpace(t.ctx, s.owner.id, s.brand.id, { name: 'Les amateurs', visibility: 'public' });
  await createTopic(t.ctx, writer!.id, space.id, { title: 'Accords vins', text: 'Un jura avec le comté ?' });
  const place = await createPlace(t.ctx, s.owner.id, s.brand.id, {
    name: 'La boutique',
    address: '3 place des Terreaux',
    city: 'Lyon',
    lat: 45.7676,
    lon: 4.8344,
  });
  await createTip(t.ctx, tipper!.id, place.id, { text: 'Demandez à goûter le comté 36 mois.' });
  // Unverified reviews wait for the brand's moderation: published as its decision would.
  await queryRows(
    t.ctx.db,
    sql`update reviews set status = 'published', published_at = now() where author_id = ${reviewer!.id}`,
  );
  await collectInteractions(t.ctx);

  const kinds = await queryRows<{ account_id: string; kind: string }>(
    t.ctx.db,
    sql`select account_id, kind from analytics_interactions where brand_id = ${s.brand.id} order by kind`,
  );
  const kindOf = (id: string) => kinds.filter((k) => k.account_id === id).map((k) => k.kind);
  expect(kindOf(reviewer!.id)).toEqual(['review']);
  expect(kindOf(asker!.id)).toEqual(['question']);
  expect(kindOf(answerer!.id)).toEqual(['answer']);
  expect(kindOf(writer!.id)).toEqual(['topic']);
  expect(kindOf(tipper!.id)).toEqual(['tip']);

  const l = await ladderCounts(t.ctx.db, s.brand.id, { periodDays: 30, now: t.clock.now() });
  expect(l.rungs).toMatchObject({ creators: 3, conversationalists: 0, critics: 2 });
  expect(l.audience).toBe(5);
  const today = parisDay(new Date());
  const metrics = await readCounts(
    t.ctx.db,
    { kind: 'brand', id: s.brand.id },
    ['reviews', 'rating_sum', 'rating_count', 'topics'],
    today,
    today,
  );
  expect(Object.fromEntries(metrics.map((m) => [m.metric, m.value]))).toEqual({
    reviews: 1,
    rating_sum: 4,
    rating_count: 1,
    topics: 1,
  });
});
