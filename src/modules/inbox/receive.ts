/**
 * The one door every channel uses to bring a customer's message into the brand's inbox: it finds
 * the conversation of the thread (or opens it), appends the message, reopens a resolved or
 * snoozed conversation and restarts its service levels. Runs in the caller's transaction, so the
 * message lands with what produced it (the post, the question, the order message) or not at all.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { analyseText } from '../analysis';
import { inboxConversations, inboxMessages, type ConversationKind, type InboxChannel } from './schema';
import { autoAssign } from './round-robin';
import { applyServiceLevels } from './sla';

export type CustomerMessage = {
  brandId: string;
  customerId: string;
  channel: InboxChannel;
  /** The thread within its channel: root post id, question id, review id, order id, return id. */
  threadKey: string;
  text: string;
  /** What the message is on its channel (post id, answer id...): the same ref is kept once. */
  channelRef?: string | null;
  orderId?: string | null;
  subject?: string | null;
  at: Date;
};

export type Received = { conversationId: string; messageId: string | null; opened: boolean; reopened: boolean };

/** Channels that are service by nature; the others are proposed by triage from the text. */
const serviceChannels: ReadonlySet<InboxChannel> = new Set(['order', 'return', 'review']);

/** Triage's proposal: help wanted is service, praise or a prospect's interest is marketing. */
export function proposeKind(channel: InboxChannel, text: string): ConversationKind {
  if (serviceChannels.has(channel)) return 'service';
  const analysis = analyseText({ text });
  if (analysis.flags.some((f) => f.code === 'customer_service')) return 'service';
  if (channel === 'question') return 'service';
  if (analysis.sentiment.label === 'positive' || analysis.flags.some((f) => f.code === 'advertising')) {
    return 'marketing';
  }
  return 'other';
}

export async function receiveCustomerMessage(tx: DbOrTx, input: CustomerMessage): Promise<Received> {
  const kind = proposeKind(input.channel, input.text);
  // One statement opens the thread or touches it, so two messages racing on a new thread make one
  // conversation (the unique index on brand, channel, thread decides).
  const [conversation] = await tx
    .insert(inboxConversations)
    .values({
      id: uuidv7(input.at.getTime()),
      brandId: input.brandId,
      customerId: input.customerId,
      channel: input.channel,
      threadKey: input.threadKey,
      orderId: input.orderId ?? null,
      subject: input.subject ?? null,
      kind,
      createdAt: input.at,
      lastMessageAt: input.at,
    })
    .onConflictDoUpdate({
      target: [inboxConversations.brandId, inboxConversations.channel, inboxConversations.threadKey],
      set: { lastMessageAt: sql`greatest(${inboxConversations.lastMessageAt}, excluded.last_message_at)` },
    })
    .returning({
      id: inboxConversations.id,
      status: inboxConversations.status,
      // A row the insert wrote has no deleting transaction: xmax is 0 (PostgreSQL and PGlite alike).
      inserted: sql<boolean>`(xmax = 0)`,
    });
  if (!conversation) throw new Error('inbox conversation upsert returned nothing');
  const opened = conversation.inserted === true;

  const [message] = await tx
    .insert(inboxMessages)
    .values({
      id: uuidv7(input.at.getTime()),
      conversationId: conversation.id,
      authorId: input.customerId,
      authorRole: 'customer',
      text: input.text,
      channelRef: input.channelRef ?? null,
      createdAt: input.at,
      deliveredAt: input.at,
    })
    .onConflictDoNothing()
    .returning({ id: inboxMessages.id });
  if (!message) return { conversationId: conversation.id, messageId: null, opened: false, reopened: false };

  const reopened = !opened && conversation.status !== 'open';
  await tx
    .update(inboxConversations)
    .set({
      status: 'open',
      snoozedUntil: null,
      resolvedAt: null,
      messageCount: sql`${inboxConversations.messageCount} + 1`,
      awaitingSince: sql`coalesce(${inboxConversations.awaitingSince}, ${input.at})`,
    })
    .where(eq(inboxConversations.id, conversation.id));
  await applyServiceLevels(tx, conversation.id, { kind: 'customer_message', at: input.at, reopened });
  if (opened) await autoAssign(tx, input.brandId, conversation.id, input.at); // round robin, when the brand has it on
  return { conversationId: conversation.id, messageId: message.id, opened, reopened };
}
