/**
 * Automatic assignment (round robin): when a brand turns it on, each new conversation goes to the
 * next available agent in rotation (the one who waited longest since their last assignment)
 * among those holding fewer unresolved conversations than the brand's cap. Nobody fits: the
 * conversation stays unassigned. The brand's settings row is locked for the choice, so
 * conversations arriving together never push an agent over the cap.
 */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { unprocessable } from '../../lib/errors';
import { getAccounts, permissions, type Account } from '../accounts';
import { assertInboxRole } from './access';
import { inboxConversations } from './schema';
import { inboxAgents, inboxSettings } from './team/schema';
import type { InboxContext } from './actions';

const agentRoles = [...permissions['inbox.answer']];

export type Routing = { roundRobin: boolean; openCap: number };
export const MAX_CAP = 500;

export async function routingOf(db: DbOrTx, brandId: string): Promise<Routing> {
  const [row] = await db.select().from(inboxSettings).where(eq(inboxSettings.brandId, brandId));
  return { roundRobin: row?.roundRobin ?? false, openCap: row?.openCap ?? 10 };
}

/** Owners and admins (inbox.manage) turn the rotation on or off and set the cap. */
export async function setRouting(
  ctx: InboxContext,
  viewerId: string,
  brandId: string,
  input: { round_robin?: unknown; open_cap?: unknown },
): Promise<Routing> {
  await assertInboxRole(ctx.db, brandId, viewerId, 'inbox.manage');
  const current = await routingOf(ctx.db, brandId);
  let roundRobin = current.roundRobin;
  let openCap = current.openCap;
  if (input.round_robin !== undefined) {
    if (typeof input.round_robin !== 'boolean')
      throw unprocessable('invalid_round_robin', 'round_robin must be true or false', { field: 'round_robin' });
    roundRobin = input.round_robin;
  }
  if (input.open_cap !== undefined) {
    const n = Number(input.open_cap);
    if (!Number.isInteger(n) || n < 1 || n > MAX_CAP)
      throw unprocessable('invalid_open_cap', `open_cap must be a whole number from 1 to ${MAX_CAP}`, {
        field: 'open_cap',
      });
    openCap = n;
  }
  await ctx.db
    .insert(inboxSettings)
    .values({ brandId, roundRobin, openCap, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: inboxSettings.brandId, set: { roundRobin, openCap, updatedAt: ctx.clock.now() } });
  return { roundRobin, openCap };
}

/** An agent marks themselves available (or not) for the brand's rotation. */
export async function setAvailability(ctx: InboxContext, viewerId: string, brandId: string, available: unknown) {
  await assertInboxRole(ctx.db, brandId, viewerId);
  if (typeof available !== 'boolean')
    throw unprocessable('invalid_available', 'available must be true or false', { field: 'available' });
  await ctx.db
    .insert(inboxAgents)
    .values({ brandId, accountId: viewerId, available })
    .onConflictDoUpdate({ target: [inboxAgents.brandId, inboxAgents.accountId], set: { available } });
  return { available };
}

export type AgentLoad = { account: Account; role: string; available: boolean; open: number };

/** The brand's agents with their availability and how many unresolved conversations each holds. */
export async function agentsOf(db: Db, brandId: string, viewerId: string): Promise<AgentLoad[]> {
  await assertInboxRole(db, brandId, viewerId);
  const rows = await queryRows<{ account_id: string; role: string; available: boolean | null; open: number }>(
    db,
    sql`select m.account_id, m.role, a.available,
          (select count(*)::int from inbox_conversations c
            where c.brand_id = m.brand_id and c.assignee_id = m.account_id and c.status <> 'resolved') as open
        from brand_members m
        left join inbox_agents a on a.brand_id = m.brand_id and a.account_id = m.account_id
        where m.brand_id = ${brandId} and m.role in ${agentRoles}
        order by m.created_at, m.account_id`,
  );
  const people = await getAccounts(
    { db },
    rows.map((r) => r.account_id),
  );
  return rows.flatMap((r) => {
    const account = people.get(r.account_id);
    return account ? [{ account, role: r.role, available: r.available === true, open: Number(r.open) }] : [];
  });
}

/**
 * Gives a conversation just opened to the next agent in rotation, in the caller's transaction
 * (a savepoint when it is one). Answers the agent's id, or null (rotation off, nobody fits).
 */
export async function autoAssign(tx: DbOrTx, brandId: string, conversationId: string, at: Date) {
  return tx.transaction(async (inner) => {
    const [settings] = await queryRows<{ round_robin: boolean; open_cap: number }>(
      inner,
      sql`select round_robin, open_cap from inbox_settings where brand_id = ${brandId} for update`,
    );
    if (!settings?.round_robin) return null;
    const [next] = await queryRows<{ account_id: string }>(
      inner,
      sql`select a.account_id from inbox_agents a
          join brand_members m on m.brand_id = a.brand_id and m.account_id = a.account_id
            and m.role in ${agentRoles}
          where a.brand_id = ${brandId} and a.available
            and (select count(*) from inbox_conversations c where c.brand_id = a.brand_id
                  and c.assignee_id = a.account_id and c.status <> 'resolved') < ${settings.open_cap}
          order by a.last_assigned_at asc nulls first, a.account_id limit 1`,
    );
    if (!next) return null;
    await inner
      .update(inboxConversations)
      .set({ assigneeId: next.account_id })
      .where(and(eq(inboxConversations.id, conversationId), sql`${inboxConversations.assigneeId} is null`));
    await inner
      .update(inboxAgents)
      .set({ lastAssignedAt: at })
      .where(and(eq(inboxAgents.brandId, brandId), eq(inboxAgents.accountId, next.account_id)));
    return next.account_id;
  });
}
