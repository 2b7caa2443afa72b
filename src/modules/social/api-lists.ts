/**
 * Mastodon's lists API: the owner's lists, their members (accounts the owner follows) and their
 * timelines, through the same pipeline as every timeline (skeleton → loadVisible → present).
 */
import type { RouteModule } from '../../http/app';
import { requireViewer } from '../../http/middleware';
import { queryParams, readParams, str } from '../../http/params';
import { getAccounts, presentAccount } from '../accounts';
import { pageParams, statusList } from './api-shared';
import {
  addListMembers,
  createList,
  deleteList,
  getList,
  listMemberIds,
  listsContaining,
  listSkeleton,
  myLists,
  presentList,
  removeListMembers,
  updateList,
} from './lists';

export const listRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/lists', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await myLists(ctx.db, viewer.accountId)).map(presentList));
  });
  app.post('/api/v1/lists', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    return c.json(
      presentList(
        await createList(ctx.db, viewer.accountId, {
          title: p.title,
          repliesPolicy: str(p, 'replies_policy'),
          exclusive: p.exclusive,
        }),
      ),
    );
  });
  app.get('/api/v1/lists/:id', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(presentList(await getList(ctx.db, viewer.accountId, c.req.param('id'))));
  });
  app.put('/api/v1/lists/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    return c.json(
      presentList(
        await updateList(ctx.db, viewer.accountId, c.req.param('id'), {
          title: p.title,
          repliesPolicy: str(p, 'replies_policy'),
          exclusive: p.exclusive,
        }),
      ),
    );
  });
  app.delete('/api/v1/lists/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteList(ctx.db, viewer.accountId, c.req.param('id'));
    return c.json({});
  });

  app.get('/api/v1/lists/:id/accounts', async (c) => {
    const viewer = requireViewer(c, 'read');
    const ids = await listMemberIds(
      ctx.db,
      viewer.accountId,
      c.req.param('id'),
      pageParams(queryParams(c), { fallback: 40, max: 80 }).limit,
    );
    const accounts = await getAccounts(ctx, ids);
    return c.json(ids.flatMap((id) => (accounts.get(id) ? [presentAccount(ctx.config, accounts.get(id)!)] : [])));
  });
  app.post('/api/v1/lists/:id/accounts', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    await addListMembers(ctx.db, viewer.accountId, c.req.param('id'), p.account_ids);
    return c.json({});
  });
  app.delete('/api/v1/lists/:id/accounts', async (c) => {
    const viewer = requireViewer(c, 'write');
    // Mastodon clients send the ids in the query string or the body.
    const p = { ...queryParams(c), ...(await readParams(c)) };
    await removeListMembers(ctx.db, viewer.accountId, c.req.param('id'), p.account_ids);
    return c.json({});
  });
  app.get('/api/v1/accounts/:id/lists', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listsContaining(ctx.db, viewer.accountId, c.req.param('id'))).map(presentList));
  });

  app.get('/api/v1/timelines/list/:id', async (c) => {
    const viewer = requireViewer(c, 'read');
    const list = await getList(ctx.db, viewer.accountId, c.req.param('id'));
    return statusList(
      c,
      ctx,
      viewer.accountId,
      await listSkeleton(ctx.db, viewer.accountId, list, pageParams(queryParams(c))),
    );
  });
};
