/**
 * The spaces JSON API (errors `{"error": {"code", "message"}}`), described in the OpenAPI document
 * by api-contracts.ts. `POST /api/v1/brands/:id/spaces` answers exactly `{id, url}` and a new
 * topic `{id, status}` because other tools rely on them. Rules and authorization are the services'.
 */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import type { Params } from '../../../http/params';
import { readableSpace } from './access';
import { spaceContracts as api } from './api-contracts';
import { createReply, createTopic } from './posting';
import { presentReply, presentSpace, presentTopic } from './present';
import { createSpace, inviteMember, listBrandSpaces, listInvites, removeInvite, updateSpace } from './spaces';
import { acceptReply, getTopic, listTopics, moveTopic, readableTopic, setTopicFlags } from './topics';

export const spacesApi: RouteModule = (app, ctx) => {
  const config = ctx.config;
  const me = (c: { get(key: 'viewer'): { accountId: string } | null | undefined }) => c.get('viewer')!.accountId;
  const viewer = (c: { get(key: 'viewer'): { accountId: string } | null | undefined }) =>
    c.get('viewer')?.accountId ?? null;

  mount(app, api.create, async (c) => {
    const space = await createSpace(ctx, me(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json') as Params);
    return c.json({ id: space.id, url: presentSpace(config, space).url }, 201);
  });
  mount(app, api.brandSpaces, async (c) => {
    const list = await listBrandSpaces(ctx.db, viewer(c), c.req.valid('param').id.toLowerCase());
    return c.json(
      list.map((s) => presentSpace(config, s)),
      200,
    );
  });
  mount(app, api.show, async (c) => {
    const { space } = await readableSpace(ctx.db, viewer(c), c.req.valid('param').id.toLowerCase());
    return c.json(presentSpace(config, space), 200);
  });
  mount(app, api.edit, async (c) => {
    const space = await updateSpace(ctx, me(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json') as Params);
    return c.json(presentSpace(config, space), 200);
  });
  mount(app, api.topics, async (c) => {
    const { topics } = await listTopics(ctx.db, viewer(c), c.req.valid('param').id.toLowerCase(), {
      publishedOnly: true,
    });
    return c.json(
      topics.map((t) => presentTopic(config, t)),
      200,
    );
  });
  mount(app, api.createTopic, async (c) => {
    const created = await createTopic(ctx, me(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json') as Params);
    return c.json({ id: created.id, status: created.status }, 201);
  });
  mount(app, api.members, async (c) => {
    const list = await listInvites(ctx.db, me(c), c.req.valid('param').id.toLowerCase());
    return c.json(
      list.map((m) => ({
        id: m.id,
        username: m.username,
        display_name: m.displayName,
        invited_at: m.invitedAt.toISOString(),
      })),
      200,
    );
  });
  mount(app, api.invite, async (c) => {
    const params = c.req.valid('json') as Params;
    const { accountId } = await inviteMember(ctx, me(c), c.req.valid('param').id.toLowerCase(), params.account);
    return c.json({ account_id: accountId }, 201);
  });
  mount(app, api.uninvite, async (c) => {
    const { id, account_id } = c.req.valid('param');
    await removeInvite(ctx, me(c), id.toLowerCase(), account_id.toLowerCase());
    return c.body(null, 204);
  });
  mount(app, api.topic, async (c) => {
    const { topic, replies } = await getTopic(ctx.db, viewer(c), c.req.valid('param').id.toLowerCase());
    return c.json({ ...presentTopic(config, topic), replies: replies.map(presentReply) }, 200);
  });
  mount(app, api.reply, async (c) => {
    const created = await createReply(ctx, me(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json') as Params);
    return c.json({ id: created.id, status: created.status }, 201);
  });

  const topicAfter = async (viewerId: string, topicId: string) =>
    presentTopic(config, (await readableTopic(ctx.db, viewerId, topicId)).topic);
  mount(app, api.accept, async (c) => {
    const params = c.req.valid('json') as Params;
    const id = c.req.valid('param').id.toLowerCase();
    await acceptReply(ctx.db, me(c), id, params.reply_id);
    return c.json(await topicAfter(me(c), id), 200);
  });
  const flagRoute = (contract: typeof api.pin, change: { pinned?: boolean; locked?: boolean }) =>
    mount(app, contract, async (c) => {
      const id = c.req.valid('param').id.toLowerCase();
      await setTopicFlags(ctx.db, me(c), id, change);
      return c.json(await topicAfter(me(c), id), 200);
    });
  flagRoute(api.pin, { pinned: true });
  flagRoute(api.unpin, { pinned: false });
  flagRoute(api.lock, { locked: true });
  flagRoute(api.unlock, { locked: false });
  mount(app, api.move, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    await moveTopic(ctx.db, me(c), id, (c.req.valid('json') as Params).space_id);
    return c.json(await topicAfter(me(c), id), 200);
  });
};
