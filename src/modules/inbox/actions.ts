/**
 * What an agent does to a conversation: reply (delivered through its channel by the
 * `inbox.deliver` job), write an internal note, assign, resolve, snooze, reopen, set the priority,
 * the labels, correct the kind. Each runs in one transaction on the locked conversation and tells
 * the service levels (sla.ts) what happened. Only the brand's agents may (anyone else: 404).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { enqueue } from '../../jobs/queue';
import type { Clock } from '../../lib/clock';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { roleAllows, roleIn } from '../accounts';
import { conversationFor, readConversation } from './access';
import type { ConversationRow } from './rows';
import { effectiveStatus } from './rows';
import {
  conversationKinds,
  conversationPriorities,
  inboxConversations,
  inboxMessages,
  type ConversationKind,
  type ConversationPriority,
} from './schema';
import { applyServiceLevels } from './sla';
import { unfilled } from './variables';

export type InboxContext = { db: Db; clock: Clock };

export const MAX_TEXT = 5000;
export const MAX_LABELS = 10;
export const MAX_LABEL = 40;

export function checkText(text: unknown): string {
  const value = typeof text === 'string' ? text.trim() : '';
  if (!value) throw unprocessable('empty_text', 'text must not be empty', { field: 'text' });
  if (value.length > MAX_TEXT)
    throw unprocessable('text_too_long', `text must be at most ${MAX_TEXT} characters`, { field: 'text' });
  return value;
}

/** Runs `work` on the locked conversation when the viewer is one of its brand's agents. */
async function onConversation<T>(
  ctx: InboxContext,
  conversationId: string,
  viewerId: string,
  work: (tx: DbOrTx, c: ConversationRow, now: Date) => Promise<T>,
): Promise<T> {
  // Who may is checked before the transaction: PGlite has one connection, a read beside an open
  // transaction would wait for it.
  await conversationFor(ctx.db, conversationId, viewerId);
  return ctx.db.transaction(async (tx) => {
    const c = await readConversation(tx, conversationId, true);
    if (!c) throw notFound('Conversation');
    return work(tx, c, ctx.clock.now());
  });
}

export type ReplyInput = {
  conversationId: string;
  authorId: string;
  text: unknown;
  /** An internal note: the team's only, never delivered, changes no status. */
  internal?: boolean;
  /** The status after a reply: `pending` (waiting on the customer) unless the agent picks another. */
  status?: 'open' | 'pending' | 'resolved';
};

export type Reply = { id: string; conversationId: string; internal: boolean; status: string; createdAt: Date };

/**
 * A team message. A reply (not internal) is delivered through the conversation's channel by the
 * `inbox.deliver` job once this commits; the first one sets `first_response_at`.
 */
export async function replyToConversation(app: InboxContext, input: ReplyInput): Promise<Reply> {
  const text = checkText(input.text);
  const internal = input.internal === true;
  const holes = unfilled(text);
  if (!internal && holes.length > 0)
    throw unprocessable('unfilled_variable', `Write the missing value of {{${holes[0]}}} before sending`, {
      field: 'text',
      variables: holes,
    });
  const status = input.status ?? 'pending';
  if (!['open', 'pending', 'resolved'].includes(status))
    throw unprocessable('invalid_status', 'status must be open, pending or resolved', { field: 'status' });
  return onConversation(app, input.conversationId, input.authorId, async (tx, c, now) => {
    const id = uuidv7(now.getTime());
    await tx.insert(inboxMessages).values({
      id,
      conversationId: c.id,
      authorId: input.authorId,
      authorRole: 'team',
      internal,
      text,
      createdAt: now,
    });
    if (internal) {
      await tx
        .update(inboxConversations)
        .set({ messageCount: sql`${inboxConversations.messageCount} + 1` })
        .where(eq(inboxConversations.id, c.id));
      return { id, conversationId: c.id, internal, status: c.status, createdAt: now };
    }
    await tx
      .update(inboxConversations)
      .set({
        status,
        snoozedUntil: null,
        resolvedAt: status === 'resolved' ? now : null,
        awaitingSince: null,
        firstResponseAt: sql`coalesce(${inboxConversations.firstResponseAt}, ${now.toISOString()}::timestamptz)`,
        lastMessageAt: now,
        messageCount: sql`${inboxConversations.messageCount} + 1`,
      })
      .where(eq(inboxConversations.id, c.id));
    await applyServiceLevels(tx, c.id, { kind: 'team_reply', at: now });
    if (status === 'resolved') await applyServiceLevels(tx, c.id, { kind: 'resolved', at: now });
    await enqueue(tx, 'inbox.deliver', { messageId: id });
    return { id, conversationId: c.id, internal, status, createdAt: now };
  });
}

/** Assigns the conversation to one of the brand's agents (someone else: 422 not_on_team). */
export async function assignConversation(ctx: InboxContext, conversationId: string, viewerId: string, to: unknown) {
  if (typeof to !== 'string' || !/^[0-9a-f-]{36}$/i.test(to))
    throw unprocessable('invalid_account_id', 'account_id must be an account id', { field: 'account_id' });
  const accountId = to.toLowerCase();
  const { conversation } = await conversationFor(ctx.db, conversationId, viewerId);
  if (!roleAllows(await roleIn({ db: ctx.db }, conversation.brandId, accountId), 'inbox.answer'))
    throw unprocessable('not_on_team', 'Only a member of the brand’s team who answers the inbox can be assigned', {
      field: 'account_id',
    });
  return onConversation(ctx, conversationId, viewerId, async (tx, c) => {
    await tx.update(inboxConversations).set({ assigneeId: accountId }).where(eq(inboxConversations.id, c.id));
    return { ...c, assigneeId: accountId };
  });
}

export async function unassignConversation(ctx: InboxContext, conversationId: string, viewerId: string) {
  return onConversation(ctx, conversationId, viewerId, async (tx, c) => {
    await tx.update(inboxConversations).set({ assigneeId: null }).where(eq(inboxConversations.id, c.id));
    return { ...c, assigneeId: null };
  });
}

export async function resolveConversation(ctx: InboxContext, conversationId: string, viewerId: string) {
  return onConversation(ctx, conversationId, viewerId, async (tx, c, now) => {
    if (c.status === 'resolved') throw conflict('already_resolved', 'The conversation is already resolved');
    await tx
      .update(inboxConversations)
      .set({ status: 'resolved', resolvedAt: now, snoozedUntil: null })
      .where(eq(inboxConversations.id, c.id));
    await applyServiceLevels(tx, c.id, { kind: 'resolved', at: now });
    return { ...c, status: 'resolved' as const, resolvedAt: now, snoozedUntil: null };
  });
}

/** Out of the list until `until` (a time in the future); the `inbox.wake` job brings it back. */
export async function snoozeConversation(ctx: InboxContext, conversationId: string, viewerId: string, until: unknown) {
  const date = typeof until === 'string' && until.trim() ? new Date(until) : null;
  if (!date || Number.isNaN(date.getTime()))
    throw unprocessable('invalid_until', 'until must be a date and time (ISO 8601)', { field: 'until' });
  return onConversation(ctx, conversationId, viewerId, async (tx, c, now) => {
    if (date.getTime() <= now.getTime())
      throw unprocessable('snooze_in_past', 'until must be in the future', { field: 'until' });
    if (c.status === 'resolved') throw conflict('resolved', 'A resolved conversation cannot be snoozed');
    await tx
      .update(inboxConversations)
      .set({ status: 'snoozed', snoozedUntil: date })
      .where(eq(inboxConversations.id, c.id));
    await applyServiceLevels(tx, c.id, { kind: 'snoozed', at: now, until: date });
    await enqueue(tx, 'inbox.wake', { conversationId: c.id }, date);
    return { ...c, status: 'snoozed' as const, snoozedUntil: date };
  });
}

export async function reopenConversation(ctx: InboxContext, conversationId: string, viewerId: string) {
  return onConversation(ctx, conversationId, viewerId, async (tx, c, now) => {
    if (effectiveStatus(c, now) === 'open' && c.status !== 'snoozed')
      throw conflict('already_open', 'The conversation is already open');
    await tx
      .update(inboxConversations)
      .set({ status: 'open', snoozedUntil: null, resolvedAt: null })
      .where(eq(inboxConversations.id, c.id));
    await applyServiceLevels(tx, c.id, { kind: 'reopened', at: now });
    return { ...c, status: 'open' as const, snoozedUntil: null, resolvedAt: null };
  });
}

/** The `inbox.wake` job: a snoozed conversation whose time has come is open again (safe to run twice). */
export async function wakeConversation(ctx: InboxContext, conversationId: string): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const c = await readConversation(tx, conversationId, true);
    const now = ctx.clock.now();
    if (c?.status !== 'snoozed' || !c.snoozedUntil || c.snoozedUntil.getTime() > now.getTime()) return false;
    await tx
      .update(inboxConversations)
      .set({ status: 'open', snoozedUntil: null })
      .where(eq(inboxConversations.id, c.id));
    await applyServiceLevels(tx, c.id, { kind: 'reopened', at: now });
    return true;
  });
}

export async function setPriority(ctx: InboxContext, conversationId: string, viewerId: string, priority: unknown) {
  if (!(conversationPriorities as readonly unknown[]).includes(priority))
    throw unprocessable('invalid_priority', `priority must be one of ${conversationPriorities.join(', ')}`, {
      field: 'priority',
    });
  return onConversation(ctx, conversationId, viewerId, async (tx, c) => {
    const p = priority as ConversationPriority;
    await tx.update(inboxConversations).set({ priority: p }).where(eq(inboxConversations.id, c.id));
    return { ...c, priority: p };
  });
}

/** Labels: lower-case words, at most 10 of 40 characters each, kept once. */
export function checkLabels(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!list || list.some((l) => typeof l !== 'string'))
    throw unprocessable('invalid_labels', 'labels must be a list of words', { field: 'labels' });
  const labels = [...new Set((list as string[]).map((l) => l.trim().toLowerCase()).filter(Boolean))];
  if (labels.length > MAX_LABELS || labels.some((l) => l.length > MAX_LABEL))
    throw unprocessable('invalid_labels', `at most ${MAX_LABELS} labels of ${MAX_LABEL} characters`, {
      field: 'labels',
    });
  return labels;
}

export async function setLabels(ctx: InboxContext, conversationId: string, viewerId: string, raw: unknown) {
  const labels = checkLabels(raw);
  return onConversation(ctx, conversationId, viewerId, async (tx, c) => {
    await tx.update(inboxConversations).set({ labels }).where(eq(inboxConversations.id, c.id));
    return { ...c, labels };
  });
}

/** A person's correction of triage's service/marketing/other: kept, triage never writes it again. */
export async function setKind(ctx: InboxContext, conversationId: string, viewerId: string, kind: unknown) {
  if (!(conversationKinds as readonly unknown[]).includes(kind))
    throw unprocessable('invalid_kind', `kind must be one of ${conversationKinds.join(', ')}`, { field: 'kind' });
  return onConversation(ctx, conversationId, viewerId, async (tx, c) => {
    const k = kind as ConversationKind;
    await tx.update(inboxConversations).set({ kind: k, kindSource: 'person' }).where(eq(inboxConversations.id, c.id));
    return { ...c, kind: k, kindSource: 'person' as const };
  });
}
