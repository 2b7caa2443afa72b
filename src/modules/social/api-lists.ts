/**
 * Mastodon's lists API: the owner's lists, their members (accounts the owner follows) and their
 * timelines, through the same pipeline as every timeline (skeleton → loadVisible → present). Each
 * route is a contract (src/http/contract.ts); ids are checked by the service (404 `List not found`).
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { body, json, mastodonFailures, mount, route } from '../../http/contract';
import { requireViewer } from '../../http/middleware';
import { AccountEntity, EmptyObjectEntity, getAccounts, presentAccount } from '../accounts';
import { entitySchema, pageOf, pageQuery, stringList } from './api-contract-shared';
import { asAccounts, statusList } from './api-shared';
import { statusPage } from './api-timelines';
import { ListEntity } from './entities';
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

const tags = ['Mastodon: lists'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const List = entitySchema(ListEntity);
const Empty = { 200: json(entitySchema(EmptyObjectEntity), 'An empty object') };
const list = z.object({ id: z.string().meta({ format: 'uuid', description: 'One of the caller’s lists' }) });
// The service checks each field and answers Mastodon's 422 codes (invalid_title, invalid_exclusive...).
const ListBody = z.object({
  title: z.string().optional().meta({ description: '1 to 100 characters (required to create)' }),
  replies_policy: z
    .string()
    .optional()
    .meta({ description: 'followed, list (default) or none: which replies of members show' }),
  exclusive: z.union([z.boolean(), z.string()]).optional().meta({ description: 'Leave members’ posts out of home' }),
});
const Members = z.object({ account_ids: stringList('Account ids (accounts the caller follows)') });

const contracts = {
  mine: route({
    method: 'get',
    path: '/api/v1/lists',
    tags,
    summary: 'The caller’s lists',
    ...reader,
    responses: { 200: json(z.array(List), 'Lists'), ...mastodonFailures(401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/lists',
    tags,
    summary: 'Create a list',
    ...writer,
    request: { body: body(ListBody) },
    responses: { 200: json(List, 'List'), ...mastodonFailures(400, 401, 403, 422) },
  }),
  get: route({
    method: 'get',
    path: '/api/v1/lists/{id}',
    tags,
    summary: 'One of the caller’s lists',
    ...reader,
    request: { params: list },
    responses: { 200: json(List, 'List'), ...mastodonFailures(401, 403, 404) },
  }),
  update: route({
    method: 'put',
    path: '/api/v1/lists/{id}',
    tags,
    summary: 'Rename a list or change its policy',
    ...writer,
    request: { params: list, body: body(ListBody, { required: false }) },
    responses: { 200: json(List, 'List'), ...mastodonFailures(400, 401, 403, 404, 422) },
  }),
  delete: route({
    method: 'delete',
    path: '/api/v1/lists/{id}',
    tags,
    summary: 'Delete a list',
    ...writer,
    request: { params: list },
    responses: { ...Empty, ...mastodonFailures(401, 403, 404) },
  }),
  members: route({
    method: 'get',
    path: '/api/v1/lists/{id}/accounts',
    tags,
    summary: 'A list’s members',
    ...reader,
    request: { params: list, query: z.object({ limit: pageQuery({ fallback: 40, max: 80 }).limit }) },
    responses: {
      200: json(z.array(entitySchema(AccountEntity)), 'Accounts'),
      ...mastodonFailures(400, 401, 403, 404),
    },
  }),
  add: route({
    method: 'post',
    path: '/api/v1/lists/{id}/accounts',
    tags,
    summary: 'Add members (accounts the caller follows)',
    ...writer,
    request: { params: list, body: body(Members) },
    responses: { ...Empty, ...mastodonFailures(400, 401, 403, 404, 422) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/v1/lists/{id}/accounts',
    tags,
    summary: 'Remove members (ids in the query string or the body)',
    ...writer,
    request: { params: list, query: Members, body: body(Members, { required: false }) },
    responses: { ...Empty, ...mastodonFailures(400, 401, 403, 404, 422) },
  }),
  containing: route({
    method: 'get',
    path: '/api/v1/accounts/{id}/lists',
    tags,
    summary: 'The caller’s lists that hold an account',
    ...reader,
    request: { params: z.object({ id: z.string().meta({ format: 'uuid', description: 'The account' }) }) },
    responses: { 200: json(z.array(List), 'Lists'), ...mastodonFailures(401, 403, 404) },
  }),
  timeline: route({
    method: 'get',
    path: '/api/v1/timelines/list/{id}',
    tags: ['Mastodon: timelines'],
    summary: 'Posts of a list’s members',
    ...reader,
    request: { params: list, query: z.object(pageQuery()) },
    responses: { ...statusPage, ...mastodonFailures(400, 401, 403, 404) },
  }),
};

const input = (p: z.output<typeof ListBody>) => ({
  title: p.title,
  repliesPolicy: p.replies_policy,
  exclusive: p.exclusive,
});

export const listRoutes: RouteModule = (app, ctx) => {
  mount(app, contracts.mine, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await myLists(ctx.db, viewer.accountId)).map(presentList), 200);
  });
  mount(app, contracts.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    return c.json(presentList(await createList(ctx.db, viewer.accountId, input(c.req.valid('json')))), 200);
  });
  mount(app, contracts.get, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(presentList(await getList(ctx.db, viewer.accountId, c.req.valid('param').id)), 200);
  });
  mount(app, contracts.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const list = await updateList(ctx.db, viewer.accountId, c.req.valid('param').id, input(c.req.valid('json')));
    return c.json(presentList(list), 200);
  });
  mount(app, contracts.delete, async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteList(ctx.db, viewer.accountId, c.req.valid('param').id);
    return c.json({}, 200);
  });

  mount(app, contracts.members, async (c) => {
    const viewer = requireViewer(c, 'read');
    const ids = await listMemberIds(ctx.db, viewer.accountId, c.req.valid('param').id, c.req.valid('query').limit);
    const accounts = await getAccounts(ctx, ids);
    return c.json(
      asAccounts(ids.flatMap((id) => (accounts.get(id) ? [presentAccount(ctx.config, accounts.get(id)!)] : []))),
      200,
    );
  });
  mount(app, contracts.add, async (c) => {
    const viewer = requireViewer(c, 'write');
    await addListMembers(ctx.db, viewer.accountId, c.req.valid('param').id, c.req.valid('json').account_ids);
    return c.json({}, 200);
  });
  mount(app, contracts.remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    // Mastodon clients send the ids in the query string or the body (the body wins, as before).
    const fromBody = c.req.valid('json').account_ids;
    const ids = fromBody.length ? fromBody : c.req.valid('query').account_ids;
    await removeListMembers(ctx.db, viewer.accountId, c.req.valid('param').id, ids);
    return c.json({}, 200);
  });
  mount(app, contracts.containing, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listsContaining(ctx.db, viewer.accountId, c.req.valid('param').id)).map(presentList), 200);
  });

  mount(app, contracts.timeline, async (c) => {
    const viewer = requireViewer(c, 'read');
    const list = await getList(ctx.db, viewer.accountId, c.req.valid('param').id);
    const page = pageOf(c.req.valid('query'));
    return statusList(c, ctx, viewer.accountId, await listSkeleton(ctx.reads, viewer.accountId, list, page));
  });
};
