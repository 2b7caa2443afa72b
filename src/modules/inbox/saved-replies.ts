/**
 * A brand's saved replies: a title and a text with variables filled from the conversation when an
 * agent picks one. `{{first_name}}` (the customer's first name), `{{order_number}}` (the
 * conversation's order), `{{tracking_link}}` (the order's page, where the customer sees the carrier
 * and tracking number, once shipped). A value that is missing leaves the variable as it is, e.g.
 * `{{order_number}}`, so the agent sees what to write by hand: a reply still holding one is
 * refused (`unfilled_variable`) rather than sent with a hole in it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import type { Clock } from '../../lib/clock';
import { notFound, unprocessable } from '../../lib/errors';
import { getAccounts } from '../accounts';
import { orderNumber } from '../commerce';
import { assertInboxRole, conversationFor } from './access';
import { checkText } from './actions';
import { inboxSavedReplies } from './team/schema';
import { fillVariables, unfilled, type Variable } from './variables';

export const MAX_TITLE = 80;

export type SavedReply = { id: string; brandId: string; title: string; text: string; updatedAt: Date };
type Ctx = { db: Db; clock: Clock; config: { publicUrl: string } };

function checkInput(input: { title?: unknown; text?: unknown }) {
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) throw unprocessable('empty_title', 'title must not be empty', { field: 'title' });
  if (title.length > MAX_TITLE)
    throw unprocessable('title_too_long', `title must be at most ${MAX_TITLE} characters`, { field: 'title' });
  return { title, text: checkText(input.text) };
}

/** The brand's saved replies, by title: every agent uses them. */
export async function listSavedReplies(db: Db, brandId: string, viewerId: string): Promise<SavedReply[]> {
  await assertInboxRole(db, brandId, viewerId);
  return db
    .select({
      id: inboxSavedReplies.id,
      brandId: inboxSavedReplies.brandId,
      title: inboxSavedReplies.title,
      text: inboxSavedReplies.text,
      updatedAt: inboxSavedReplies.updatedAt,
    })
    .from(inboxSavedReplies)
    .where(eq(inboxSavedReplies.brandId, brandId))
    .orderBy(asc(inboxSavedReplies.title), asc(inboxSavedReplies.id));
}

export async function createSavedReply(
  ctx: Ctx,
  viewerId: string,
  brandId: string,
  input: { title?: unknown; text?: unknown },
): Promise<SavedReply> {
  await assertInboxRole(ctx.db, brandId, viewerId, 'inbox.manage');
  const { title, text } = checkInput(input);
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  await ctx.db
    .insert(inboxSavedReplies)
    .values({ id, brandId, title, text, createdBy: viewerId, createdAt: now, updatedAt: now });
  return { id, brandId, title, text, updatedAt: now };
}

async function ownReply(db: Db, id: string, viewerId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Saved reply');
  const [row] = await db.select().from(inboxSavedReplies).where(eq(inboxSavedReplies.id, id.toLowerCase()));
  if (!row) throw notFound('Saved reply');
  await assertInboxRole(db, row.brandId, viewerId, 'inbox.answer', 'Saved reply');
  return row;
}

export async function updateSavedReply(
  ctx: Ctx,
  viewerId: string,
  id: string,
  input: { title?: unknown; text?: unknown },
): Promise<SavedReply> {
  const row = await ownReply(ctx.db, id, viewerId);
  await assertInboxRole(ctx.db, row.brandId, viewerId, 'inbox.manage');
  const { title, text } = checkInput({ title: input.title ?? row.title, text: input.text ?? row.text });
  const now = ctx.clock.now();
  await ctx.db.update(inboxSavedReplies).set({ title, text, updatedAt: now }).where(eq(inboxSavedReplies.id, row.id));
  return { id: row.id, brandId: row.brandId, title, text, updatedAt: now };
}

export async function deleteSavedReply(ctx: Ctx, viewerId: string, id: string): Promise<void> {
  const row = await ownReply(ctx.db, id, viewerId);
  await assertInboxRole(ctx.db, row.brandId, viewerId, 'inbox.manage');
  await ctx.db
    .delete(inboxSavedReplies)
    .where(and(eq(inboxSavedReplies.id, row.id), eq(inboxSavedReplies.brandId, row.brandId)));
}

/** The values of the variables for a conversation (null: unknown). */
export async function variablesFor(ctx: Ctx, conversationId: string, viewerId: string) {
  const { conversation } = await conversationFor(ctx.db, conversationId, viewerId);
  const customer = (await getAccounts({ db: ctx.db }, [conversation.customerId])).get(conversation.customerId);
  const firstName = customer?.displayName.trim().split(/\s+/)[0] || customer?.username || null;
  let order: { id: string; tracking_number: string | null } | undefined;
  if (conversation.orderId)
    [order] = await queryRows<{ id: string; tracking_number: string | null }>(
      ctx.db,
      sql`select id, tracking_number from orders where id = ${conversation.orderId} and brand_id = ${conversation.brandId}`,
    );
  return {
    first_name: firstName,
    order_number: order ? orderNumber(order.id) : null,
    tracking_link: order?.tracking_number ? `${ctx.config.publicUrl}/orders/${order.id}` : null,
  } satisfies Record<Variable, string | null>;
}

/** A saved reply's text filled for one conversation, and the variables left to write by hand. */
export async function useSavedReply(ctx: Ctx, viewerId: string, conversationId: string, savedReplyId: string) {
  const values = await variablesFor(ctx, conversationId, viewerId);
  const { conversation } = await conversationFor(ctx.db, conversationId, viewerId);
  const row = await ownReply(ctx.db, savedReplyId, viewerId);
  if (row.brandId !== conversation.brandId) throw notFound('Saved reply');
  const text = fillVariables(row.text, values);
  return { text, missing: unfilled(text) };
}
