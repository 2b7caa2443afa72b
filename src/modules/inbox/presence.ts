/**
 * Collision warning: who else has a conversation open or is writing in it. Each agent's page
 * refreshes its row every few seconds (htmx polling); the server decides with its clock that a
 * row older than STALE_MS is gone, so a closed tab stops counting without any goodbye.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { getAccounts, type Account } from '../accounts';
import { conversationFor } from './access';
import { inboxPresence } from './team/schema';

export const STALE_MS = 30_000;

export type Presence = { account: Account; typing: boolean };

/** Marks the viewer as here (writing when `typing`), and answers the others still here. */
export async function touchPresence(
  ctx: { db: Db; clock: Clock },
  conversationId: string,
  viewerId: string,
  typing: boolean,
): Promise<Presence[]> {
  const { conversation } = await conversationFor(ctx.db, conversationId, viewerId);
  const now = ctx.clock.now();
  await ctx.db
    .insert(inboxPresence)
    .values({ conversationId: conversation.id, accountId: viewerId, typing, seenAt: now })
    .onConflictDoUpdate({
      target: [inboxPresence.conversationId, inboxPresence.accountId],
      set: { typing, seenAt: now },
    });
  return othersHere(ctx, conversation.id, viewerId);
}

/** The other agents seen on the conversation within STALE_MS of now. */
export async function othersHere(
  ctx: { db: Db; clock: Clock },
  conversationId: string,
  viewerId: string,
): Promise<Presence[]> {
  const since = new Date(ctx.clock.now().getTime() - STALE_MS).toISOString();
  const rows = await queryRows<{ account_id: string; typing: boolean }>(
    ctx.db,
    sql`select account_id, typing from inbox_presence
        where conversation_id = ${conversationId} and account_id <> ${viewerId} and seen_at > ${since}::timestamptz
        order by seen_at desc`,
  );
  const people = await getAccounts(
    { db: ctx.db },
    rows.map((r) => r.account_id),
  );
  return rows.flatMap((r) => {
    const account = people.get(r.account_id);
    return account ? [{ account, typing: r.typing === true }] : [];
  });
}
