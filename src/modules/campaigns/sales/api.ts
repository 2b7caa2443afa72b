/** The price rules JSON API (errors `{"error": {"code", "message"}}`); rules and rights live in rules.ts. */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import type { Params } from '../../../http/params';
import { contracts as api } from './api-contracts';
import { presentPriceRule } from './present';
import {
  createPriceRule,
  deletePriceRule,
  endPriceRule,
  listPriceRules,
  showPriceRule,
  updatePriceRule,
} from './rules';

export const priceRulesApi: RouteModule = (app, ctx) => {
  const now = () => ctx.clock.now();
  const signedIn = (c: { get(key: 'viewer'): { accountId: string } | undefined }) => c.get('viewer')!.accountId;

  mount(app, api.create, async (c) => {
    const rule = await createPriceRule(ctx, signedIn(c), c.req.valid('param').id, c.req.valid('json') as Params);
    return c.json(presentPriceRule(rule, now()), 201);
  });
  mount(app, api.list, async (c) => {
    const rules = await listPriceRules(ctx, signedIn(c), c.req.valid('param').id);
    return c.json(
      rules.map((r) => presentPriceRule(r, now())),
      200,
    );
  });
  mount(app, api.show, async (c) => {
    const rule = await showPriceRule(ctx, signedIn(c), c.req.valid('param').id);
    return c.json(presentPriceRule(rule, now()), 200);
  });
  mount(app, api.update, async (c) => {
    const rule = await updatePriceRule(ctx, signedIn(c), c.req.valid('param').id, c.req.valid('json') as Params);
    return c.json(presentPriceRule(rule, now()), 200);
  });
  mount(app, api.end, async (c) => {
    const rule = await endPriceRule(ctx, signedIn(c), c.req.valid('param').id);
    return c.json(presentPriceRule(rule, now()), 200);
  });
  mount(app, api.remove, async (c) => {
    await deletePriceRule(ctx, signedIn(c), c.req.valid('param').id);
    return c.json({}, 200);
  });
};
