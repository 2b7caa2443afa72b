/**
 * Account migration over the API (moves.ts): a person's aliases (`alsoKnownAs`) and the move to
 * another server. Contracts here (src/http/contract.ts); rules in moves.ts. Errors are 422 with a
 * code: invalid_handle, local_account, account_not_found, too_many_aliases, not_aliased.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { body, failures, json, mount, route } from '../../http/contract';
import { requireViewer } from '../../http/middleware';
import { aliasesOf } from './aliases';
import { addAlias, moveAccount, removeAlias } from './lazy';

const handle = (description: string) => z.unknown().meta({ type: 'string', description }).optional();

function moveContracts() {
  const tags = ['Federation'];
  const Aliases = z
    .object({ aliases: z.array(z.string().meta({ format: 'uri' })) })
    .meta({ id: 'AccountAliases', description: 'The ActivityPub ids of the account’s other accounts' });
  const Moved = z
    .object({ moved_to: z.object({ id: z.string(), acct: z.string(), uri: z.string().meta({ format: 'uri' }) }) })
    .meta({ id: 'AccountMove' });
  const user = (scope: 'read' | 'write') => ({ auth: 'user' as const, scope });
  const path = '/api/v1/accounts/aliases';
  return {
    list: route({
      method: 'get',
      path,
      tags,
      summary: 'Your account’s aliases (alsoKnownAs)',
      ...user('read'),
      responses: { 200: json(Aliases, 'The aliases'), ...failures(401) },
    }),
    add: route({
      method: 'post',
      path,
      tags,
      summary: 'Name another account (name@server) as yours, before moving from it to here',
      ...user('write'),
      request: { body: body(z.looseObject({ acct: handle('name@server') }).meta({ required: ['acct'] })) },
      responses: { 200: json(Aliases, 'The aliases'), ...failures(400, 401, 422) },
    }),
    remove: route({
      method: 'delete',
      path,
      tags,
      summary: 'Remove an alias (by its ActivityPub id)',
      ...user('write'),
      request: { body: body(z.looseObject({ uri: handle('The alias’ ActivityPub id') }).meta({ required: ['uri'] })) },
      responses: { 200: json(Aliases, 'The aliases'), ...failures(400, 401) },
    }),
    migrate: route({
      method: 'post',
      path: '/api/v1/accounts/migration',
      tags,
      summary: 'Move your account to another server; the new account must list this one as an alias',
      ...user('write'),
      request: {
        body: body(
          z.looseObject({ target_acct: handle('The new account, name@server') }).meta({ required: ['target_acct'] }),
        ),
      },
      responses: { 200: json(Moved, 'Moved: followers are told'), ...failures(400, 401, 404, 422) },
    }),
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const moveApi: RouteModule = (app, ctx) => {
  if (!ctx.config.federation) return;
  const api = moveContracts();
  mount(app, api.list, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json({ aliases: await aliasesOf(ctx, viewer.accountId) }, 200);
  });
  mount(app, api.add, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json') as { acct?: unknown };
    return c.json({ aliases: await addAlias(ctx, viewer.accountId, text(input.acct)) }, 200);
  });
  mount(app, api.remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json') as { uri?: unknown };
    return c.json({ aliases: await removeAlias(ctx, viewer.accountId, text(input.uri)) }, 200);
  });
  mount(app, api.migrate, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json') as { target_acct?: unknown };
    const moved = await moveAccount(ctx, viewer.accountId, text(input.target_acct));
    return c.json({ moved_to: { id: moved.movedTo.id, acct: moved.movedTo.username, uri: moved.uri } }, 200);
  });
};
