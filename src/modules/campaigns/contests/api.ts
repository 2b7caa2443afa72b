/**
 * Contests' JSON API (errors `{"error": {"code", "message"}}`): create and list (a brand's team),
 * read and enter (anyone, signed in to enter), and the published draw. Rules are the service's.
 */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { contestContracts } from './api-contracts';
import { contestJson, drawJson, drawView, publicView } from './present';
import { createContest, enterContest, getContest, listContests, type ContestInput } from './service';

export const contestsApi: RouteModule = (app, ctx) => {
  const api = contestContracts();
  const publicUrl = ctx.config.publicUrl;

  mount(app, api.create, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    const created = await createContest(ctx, c.get('viewer')!.accountId, brandId, c.req.valid('json') as ContestInput);
    return c.json(created, 201);
  });

  mount(app, api.list, async (c) => {
    const list = await listContests(ctx, c.get('viewer')!.accountId, c.req.valid('param').id.toLowerCase());
    const views = await Promise.all(list.map((contest) => publicView(ctx, contest)));
    return c.json(
      views.map((v) => contestJson(publicUrl, v)),
      200,
    );
  });

  mount(app, api.show, async (c) => {
    const contest = await getContest(ctx.db, c.req.valid('param').id.toLowerCase());
    return c.json(contestJson(publicUrl, await publicView(ctx, contest)), 200);
  });

  mount(app, api.draw, async (c) => {
    const contest = await getContest(ctx.db, c.req.valid('param').id.toLowerCase());
    return c.json(drawJson(publicUrl, await drawView(ctx, contest)), 200);
  });

  mount(app, api.enter, async (c) => {
    const entry = await enterContest(ctx, c.get('viewer')!.accountId, c.req.valid('param').id.toLowerCase());
    return c.json(
      {
        id: entry.id,
        contest_id: entry.contestId,
        account_id: entry.accountId,
        entered_at: entry.enteredAt.toISOString(),
      },
      201,
    );
  });
};
