/**
 * The product Q&A's JSON routes (errors `{"error": {"code", "message"}}`), described by their
 * contracts (api-contracts.ts). Who may do what is checked in the services.
 */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { hitRateLimit } from '../../../http/rate-limit';
import { qaContracts } from './api-contracts';
import { listQuestions } from './listing';
import { presentQuestion } from './present';
import { qaProduct, teamStanding } from './rules';
import { readQaSettings, updateQaSettings, voteHelpful } from './votes';
import { answerQuestion, askQuestion } from './write';

export const qaApi: RouteModule = (app, ctx) => {
  const api = qaContracts();
  const signedIn = (c: { get(key: 'viewer'): { accountId: string } | null }) => c.get('viewer')!.accountId;

  mount(app, api.ask, async (c) => {
    const author = signedIn(c);
    await hitRateLimit(ctx.db, `question:${author}`, ctx.config.rateLimits.post);
    const q = await askQuestion(ctx, author, c.req.valid('param').id.toLowerCase(), c.req.valid('json'));
    return c.json({ id: q.id, status: q.status }, 201);
  });

  mount(app, api.list, async (c) => {
    const viewerId = c.get('viewer')?.accountId ?? null;
    const product = await qaProduct(ctx.db, c.req.valid('param').id.toLowerCase());
    const team = (await teamStanding(ctx.db, product.brand_id, viewerId)) !== null;
    const questions = await listQuestions(ctx.db, {
      productId: product.id,
      viewerId,
      team,
      limit: c.req.valid('query').limit,
    });
    return c.json(
      questions.map((q) => presentQuestion(product.id, q)),
      200,
    );
  });

  mount(app, api.answer, async (c) => {
    const author = signedIn(c);
    await hitRateLimit(ctx.db, `answer:${author}`, ctx.config.rateLimits.post);
    const a = await answerQuestion(ctx, author, c.req.valid('param').id.toLowerCase(), c.req.valid('json'));
    return c.json({ id: a.id, official: a.official }, 201);
  });

  mount(app, api.voteQuestion, async (c) => {
    const v = await voteHelpful(ctx, signedIn(c), 'question', c.req.valid('param').id.toLowerCase());
    return c.json({ helpful: v.helpful, helpful_count: v.helpfulCount }, 200);
  });

  mount(app, api.voteAnswer, async (c) => {
    const v = await voteHelpful(ctx, signedIn(c), 'answer', c.req.valid('param').id.toLowerCase());
    return c.json({ helpful: v.helpful, helpful_count: v.helpfulCount }, 200);
  });

  mount(app, api.readSettings, async (c) => {
    return c.json(await readQaSettings(ctx, signedIn(c), c.req.valid('param').id.toLowerCase()), 200);
  });

  mount(app, api.updateSettings, async (c) => {
    const s = await updateQaSettings(ctx, signedIn(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json'));
    return c.json(s, 200);
  });
};
