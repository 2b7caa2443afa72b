/**
 * The `inbox.deliver` job: a team's reply goes back through the conversation's channel (the
 * handler its owner registered in src/links/). What it made there is kept as the message's
 * `channel_ref`; a refusal is kept in plain words as `delivery_error`, shown to the agent.
 */
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { DomainError } from '../../lib/errors';
import { readConversation } from './access';
import { inboxChannelHandlers } from './channels';
import { inboxMessages } from './schema';

export async function deliverReply(app: AppContext, messageId: string): Promise<void> {
  const [message] = await queryRows<{
    id: string;
    conversation_id: string;
    author_id: string | null;
    text: string;
    internal: boolean;
    author_role: string;
    delivered_at: string | Date | null;
  }>(
    app.db,
    sql`select id, conversation_id, author_id, text, internal, author_role, delivered_at
        from inbox_messages where id = ${messageId}`,
  );
  // Notes never leave the team; a message delivered already (the job ran again) is done.
  if (!message || message.internal || message.author_role !== 'team' || message.delivered_at) return;
  const conversation = await readConversation(app.db, message.conversation_id);
  if (!conversation) return;
  const handler = inboxChannelHandlers.get(conversation.channel);
  const fail = (text: string) =>
    app.db.update(inboxMessages).set({ deliveryError: text }).where(eq(inboxMessages.id, message.id));
  if (!handler) {
    await fail(
      `Replies cannot be sent on the “${conversation.channel}” channel yet; the customer has not received it.`,
    );
    return;
  }
  try {
    const { ref } = await handler.deliver(
      app,
      {
        id: conversation.id,
        brandId: conversation.brandId,
        customerId: conversation.customerId,
        channel: conversation.channel,
        threadKey: conversation.threadKey,
        orderId: conversation.orderId,
      },
      { id: message.id, text: message.text, authorId: message.author_id },
    );
    await app.db
      .update(inboxMessages)
      .set({ channelRef: ref, deliveredAt: app.clock.now(), deliveryError: null })
      .where(eq(inboxMessages.id, message.id));
  } catch (error) {
    // A refusal (the channel's rule) is final and told to the agent; anything else is retried.
    if (error instanceof DomainError) {
      await fail(`Not delivered: ${error.message}`);
      return;
    }
    await fail('Not delivered yet: the channel failed; it will be tried again.');
    throw error;
  }
}
