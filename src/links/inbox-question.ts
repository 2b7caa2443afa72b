/**
 * Product Q&A ↔ inbox: the `question` channel (registered once per app context by
 * src/links/extensions.ts).
 * - A question opens (or reopens) the brand's conversation with its author, in the question's
 *   transaction (receiveCustomerMessage, the thread being the question).
 * - A team reply in the inbox is delivered as the brand's official answer on the product page
 *   (once per inbox message); the conversation links to the question on the product page.
 * - An official answer given directly on the product page is written into the conversation as a
 *   team message (already delivered: it is on the page), so the inbox tells the whole thread; it
 *   counts as the team's response for service levels.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { uuidv7 } from '../db/ids';
import { inboxConversations, inboxMessages } from '../db/schema';
import { deliverOfficialAnswer, questionHooks, type OfficialAnswer } from '../modules/community';
import { applyServiceLevels, inboxChannelHandlers, receiveCustomerMessage } from '../modules/inbox';

/** The team's answer given on the product page, as a team message of the question's conversation. */
export async function recordOfficialAnswer(tx: DbOrTx, answer: OfficialAnswer): Promise<void> {
  const [conversation] = await tx
    .select({ id: inboxConversations.id })
    .from(inboxConversations)
    .where(
      and(
        eq(inboxConversations.brandId, answer.brandId),
        eq(inboxConversations.channel, 'question'),
        eq(inboxConversations.threadKey, answer.questionId),
      ),
    );
  if (!conversation) return;
  const [message] = await tx
    .insert(inboxMessages)
    .values({
      id: uuidv7(answer.at.getTime()),
      conversationId: conversation.id,
      authorId: answer.authorId,
      authorRole: 'team',
      text: answer.text,
      channelRef: answer.answerId,
      createdAt: answer.at,
      deliveredAt: answer.at,
    })
    .onConflictDoNothing()
    .returning({ id: inboxMessages.id });
  if (!message) return;
  await tx
    .update(inboxConversations)
    .set({
      // Answered: waiting on the customer now, as after a reply sent from the inbox.
      status: sql`case when ${inboxConversations.status} = 'open' then 'pending' else ${inboxConversations.status} end`,
      awaitingSince: null,
      firstResponseAt: sql`coalesce(${inboxConversations.firstResponseAt}, ${answer.at})`,
      lastMessageAt: sql`greatest(${inboxConversations.lastMessageAt}, ${answer.at})`,
      messageCount: sql`${inboxConversations.messageCount} + 1`,
    })
    .where(eq(inboxConversations.id, conversation.id));
  await applyServiceLevels(tx, conversation.id, { kind: 'team_reply', at: answer.at });
}

export function registerInboxQuestion() {
  questionHooks.register({
    name: 'inbox',
    async asked(tx, q) {
      await receiveCustomerMessage(tx, {
        brandId: q.brandId,
        customerId: q.authorId,
        channel: 'question',
        threadKey: q.questionId,
        text: q.text,
        channelRef: q.questionId,
        subject: q.productTitle,
        at: q.at,
      });
    },
    answeredOfficially: recordOfficialAnswer,
  });
  inboxChannelHandlers.register({
    name: 'question',
    async deliver(app, conversation, message) {
      const answer = await deliverOfficialAnswer(app, {
        questionId: conversation.threadKey,
        brandId: conversation.brandId,
        authorId: message.authorId,
        text: message.text,
        inboxMessageId: message.id,
      });
      return { ref: answer.id };
    },
    url: (app, conversation) => `${app.publicUrl}/questions/${conversation.threadKey}`,
  });
}
