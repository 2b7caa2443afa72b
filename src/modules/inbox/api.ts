/**
 * The inbox's JSON API (errors `{"error": {"code", "message"}}`): the list and one conversation,
 * replies and notes, assignment, status, priority, labels, kind, presence, saved replies and the
 * round robin. Who may do what is the services' (anyone outside the brand's agents: 404).
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { setNextLink } from '../../http/pagination';
import type { AppEnv } from '../../http/types';
import type { z } from 'zod';
import { type AccountEntity, getAccount, presentAccount, type Account } from '../accounts';
import {
  assignConversation,
  reopenConversation,
  replyToConversation,
  resolveConversation,
  setKind,
  setLabels,
  setPriority,
  snoozeConversation,
  unassignConversation,
} from './actions';
import { contracts as api } from './api-contracts';
import { checkFilters, getConversation, listConversations, statusCounts } from './conversations';
import { touchPresence } from './presence';
import { presentConversation, presentMessage, yesNo } from './present';
import { agentsOf, routingOf, setAvailability, setRouting } from './round-robin';
import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  updateSavedReply,
  useSavedReply,
  type SavedReply,
} from './saved-replies';

type Ctx = Context<AppEnv>;
const savedJson = (r: SavedReply) => ({
  id: r.id,
  title: r.title,
  text: r.text,
  updated_at: r.updatedAt.toISOString(),
});

export const inboxApi: RouteModule = (app, ctx) => {
  const acct = (a: Account) => presentAccount(ctx.config, a) as z.input<typeof AccountEntity>;
  const me = (c: Ctx) => c.get('viewer')!.accountId; // auth: 'user' routes checked it
  const usernames = new Map<string, string>();
  const usernameOf = async (brandId: string) => {
    const known = usernames.get(brandId);
    if (known) return known;
    const brand = await getAccount({ db: ctx.db }, brandId);
    const name = brand?.username ?? brandId;
    usernames.set(brandId, name);
    return name;
  };
  /** One conversation as the list shows it, after an action. */
  const summary = async (c: Ctx, conversationId: string) => {
    const now = ctx.clock.now();
    const detail = await getConversation(ctx.db, { conversationId, viewerId: me(c), now });
    return presentConversation(ctx.config, detail, await usernameOf(detail.brandId), now);
  };

  mount(app, api.list, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    const q = c.req.valid('query');
    const limit = Number(q.limit ?? 25);
    const filters = checkFilters({ ...q, after: q.max_id, limit: undefined } as Record<string, string | undefined>);
    const now = ctx.clock.now();
    const size = Number.isInteger(limit) && limit >= 1 ? Math.min(limit, 100) : 25;
    const rows = await listConversations(ctx.db, { ...filters, brandId, viewerId: me(c), now, limit: size });
    setNextLink(
      c,
      ctx.config.publicUrl,
      rows.map((r) => r.id),
      size,
    );
    const username = await usernameOf(brandId);
    return c.json(
      rows.map((r) => presentConversation(ctx.config, r, username, now)),
      200,
    );
  });

  mount(app, api.counts, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    return c.json(await statusCounts(ctx.db, brandId, me(c), ctx.clock.now()), 200);
  });

  mount(app, api.show, async (c) => {
    const now = ctx.clock.now();
    const detail = await getConversation(ctx.db, { conversationId: c.req.valid('param').id, viewerId: me(c), now });
    const username = await usernameOf(detail.brandId);
    return c.json(
      {
        ...presentConversation(ctx.config, detail, username, now),
        messages: detail.messages.map((m) => presentMessage(ctx.config, m)),
      },
      200,
    );
  });

  mount(app, api.reply, async (c) => {
    const p = c.req.valid('json') as Record<string, unknown>;
    const conversationId = c.req.valid('param').id;
    const reply = await replyToConversation(ctx, {
      conversationId,
      authorId: me(c),
      text: p.text,
      internal: yesNo(p.internal) === true,
      status: (typeof p.status === 'string' && p.status ? p.status : undefined) as 'pending' | undefined,
    });
    const detail = await getConversation(ctx.db, { conversationId, viewerId: me(c) });
    const message = detail.messages.find((m) => m.id === reply.id)!;
    return c.json(presentMessage(ctx.config, message), 201);
  });

  const action = (
    contract: (typeof api)['assign'],
    run: (conversationId: string, viewerId: string, p: Record<string, unknown>) => Promise<unknown>,
  ) =>
    mount(app, contract, async (c) => {
      const id = c.req.valid('param').id;
      const p = ((c.req.valid as (t: string) => unknown)('json') ?? {}) as Record<string, unknown>;
      await run(id, me(c), p);
      return c.json(await summary(c, id), 200);
    });
  action(api.assign, (id, v, p) => assignConversation(ctx, id, v, p.account_id));
  action(api.unassign, (id, v) => unassignConversation(ctx, id, v));
  action(api.resolve, (id, v) => resolveConversation(ctx, id, v));
  action(api.snooze, (id, v, p) => snoozeConversation(ctx, id, v, p.until));
  action(api.reopen, (id, v) => reopenConversation(ctx, id, v));
  action(api.priority, (id, v, p) => setPriority(ctx, id, v, p.priority));
  action(api.labels, (id, v, p) => setLabels(ctx, id, v, p.labels ?? p['labels[]'] ?? []));
  action(api.kind, (id, v, p) => setKind(ctx, id, v, p.kind));

  mount(app, api.presence, async (c) => {
    const p = (c.req.valid('json') ?? {}) as Record<string, unknown>;
    const others = await touchPresence(ctx, c.req.valid('param').id, me(c), yesNo(p.typing) === true);
    return c.json({ others: others.map((o) => ({ account: acct(o.account), typing: o.typing })) }, 200);
  });

  mount(app, api.useSaved, async (c) => {
    const { id, reply_id } = c.req.valid('param');
    return c.json(await useSavedReply(ctx, me(c), id, reply_id), 200);
  });
  mount(app, api.savedList, async (c) => {
    const list = await listSavedReplies(ctx.db, c.req.valid('param').id.toLowerCase(), me(c));
    return c.json(list.map(savedJson), 200);
  });
  mount(app, api.savedCreate, async (c) => {
    const p = c.req.valid('json') as Record<string, unknown>;
    return c.json(savedJson(await createSavedReply(ctx, me(c), c.req.valid('param').id.toLowerCase(), p)), 201);
  });
  mount(app, api.savedEdit, async (c) => {
    const p = c.req.valid('json') as Record<string, unknown>;
    return c.json(savedJson(await updateSavedReply(ctx, me(c), c.req.valid('param').id, p)), 200);
  });
  mount(app, api.savedDelete, async (c) => {
    await deleteSavedReply(ctx, me(c), c.req.valid('param').id);
    return c.json({}, 200);
  });

  const routing = async (brandId: string, viewerId: string) => {
    const [r, agents] = await Promise.all([routingOf(ctx.db, brandId), agentsOf(ctx.db, brandId, viewerId)]);
    return {
      round_robin: r.roundRobin,
      open_cap: r.openCap,
      agents: agents.map((a) => ({
        account: acct(a.account),
        role: a.role,
        available: a.available,
        open: a.open,
      })),
    };
  };
  mount(app, api.routing, async (c) => c.json(await routing(c.req.valid('param').id.toLowerCase(), me(c)), 200));
  mount(app, api.setRouting, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    const p = c.req.valid('json') as Record<string, unknown>;
    await setRouting(ctx, me(c), brandId, { round_robin: yesNo(p.round_robin), open_cap: p.open_cap });
    return c.json(await routing(brandId, me(c)), 200);
  });
  mount(app, api.availability, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    const p = c.req.valid('json') as Record<string, unknown>;
    return c.json(await setAvailability(ctx, me(c), brandId, yesNo(p.available)), 200);
  });
};
