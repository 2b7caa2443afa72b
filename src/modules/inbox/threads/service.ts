/**
 * The order page's thread: what the buyer and the brand's team write about an order ("Contact the
 * shop"), kept as the inbox messages of the order's conversations. The buyer's side shows every
 * non-internal message of the conversations tied to the order (channel `order`, and `review` or
 * `return` ones that carry it), so an answer to a review question or a return lands there too.
 *
 * Who may: the buyer, or the brand's team with `inbox.answer`; anyone else gets 404 (an order is
 * not acknowledged to outsiders). The buyer's message comes in through receiveCustomerMessage
 * (it reopens a resolved conversation); a team message is an inbox reply on the order's
 * conversation (replyToConversation), delivered at once (notification and e-mail to the buyer).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { notFound, unprocessable } from '../../../lib/errors';
import { roleAllows } from '../../accounts';
import { teamRole } from '../../commerce';
import type { DeliveryConversation, DeliveryMessage } from '../channels';
import { receiveCustomerMessage } from '../receive';
import { replyToConversation } from '../actions';
import { deliverReply } from '../delivery';
import { tellBuyer } from './tell';

export const MAX_ORDER_MESSAGE = 5000;
/** The channels whose conversations are shown on the order's page. */
export const ORDER_PAGE_CHANNELS = ['order', 'review', 'return'] as const;

export type ThreadOrder = { id: string; brandId: string; buyerId: string; brandUsername: string };
export type ThreadAccess = { order: ThreadOrder; as: 'buyer' | 'team' };

export type ThreadMessage = {
  id: string;
  conversationId: string;
  channel: string;
  authorRole: 'customer' | 'team' | 'system';
  text: string;
  createdAt: Date;
};
export type ThreadConversation = {
  id: string;
  channel: string;
  status: string;
  rated: boolean;
};
export type OrderThread = ThreadAccess & { conversations: ThreadConversation[]; messages: ThreadMessage[] };

/** The text of a message: trimmed, not empty, at most MAX_ORDER_MESSAGE characters. */
export function checkText(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
  if (!text) throw unprocessable('empty_text', 'Write a message (text)', { field: 'text' });
  if ([...text].length > MAX_ORDER_MESSAGE)
    throw unprocessable('text_too_long', `A message has at most ${MAX_ORDER_MESSAGE} characters`, {
      field: 'text',
      max: MAX_ORDER_MESSAGE,
    });
  return text;
}

export async function loadThreadOrder(db: DbOrTx, orderId: string): Promise<ThreadOrder | null> {
  if (!isUuid(orderId)) return null;
  const [row] = await queryRows<{ id: string; brand_id: string; buyer_id: string; username: string }>(
    db,
    sql`select o.id, o.brand_id, o.buyer_id, a.username from orders o join accounts a on a.id = o.brand_id
        where o.id = ${orderId}`,
  );
  return row ? { id: row.id, brandId: row.brand_id, buyerId: row.buyer_id, brandUsername: row.username } : null;
}

/** The buyer, or the brand's team with `inbox.answer`; 404 to anyone else. */
export async function threadAccess(app: { db: DbOrTx }, viewerId: string, orderId: string) {
  const order = await loadThreadOrder(app.db, orderId);
  if (!order) throw notFound('Order');
  if (order.buyerId === viewerId) return { order, as: 'buyer' } as ThreadAccess;
  // A transaction reads the same roles as the database handle (teamRole only selects).
  if (roleAllows(await teamRole(app.db as Db, order.brandId, viewerId), 'inbox.answer'))
    return { order, as: 'team' } as ThreadAccess;
  throw notFound('Order');
}

/** The conversations and non-internal messages of an order's thread, oldest first. */
export async function readThread(db: DbOrTx, order: ThreadOrder): Promise<Omit<OrderThread, 'as' | 'order'>> {
  const conversations = await queryRows<{ id: string; channel: string; status: string; rated: boolean }>(
    db,
    sql`select id, channel, status, (rating is not null) as rated from inbox_conversations
        where brand_id = ${order.brandId} and customer_id = ${order.buyerId}
          and (order_id = ${order.id} or (channel = 'order' and thread_key = ${order.id}))
          and channel in ('order', 'review', 'return')
        order by created_at, id`,
  );
  if (conversations.length === 0) return { conversations: [], messages: [] };
  const ids = conversations.map((c) => c.id);
  // Internal notes never leave the team; a team reply shows once it is delivered (or written here).
  const rows = await queryRows<{
    id: string;
    conversation_id: string;
    author_role: ThreadMessage['authorRole'];
    text: string;
    created_at: Date | string;
  }>(
    db,
    sql`select id, conversation_id, author_role, text, created_at from inbox_messages
        where conversation_id in ${ids} and not internal and author_role <> 'system'
          and (author_role = 'customer' or delivered_at is not null)
        order by created_at, id limit 500`,
  );
  const channelOf = new Map(conversations.map((c) => [c.id, c.channel]));
  return {
    conversations: conversations.map((c) => ({ ...c, rated: c.rated === true })),
    messages: rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      channel: channelOf.get(r.conversation_id) ?? 'order',
      authorRole: r.author_role,
      text: r.text,
      createdAt: new Date(r.created_at),
    })),
  };
}

export async function orderThread(app: Pick<AppContext, 'db'>, viewerId: string, orderId: string) {
  const access = await threadAccess(app, viewerId, orderId);
  return { ...access, ...(await readThread(app.db, access.order)) } as OrderThread;
}

export type PostedMessage = { id: string; conversationId: string; as: 'buyer' | 'team' };

/** A message on the order's thread, by the buyer (into the inbox) or the team (to the buyer). */
export async function postOrderMessage(
  app: AppContext,
  actorId: string,
  orderId: string,
  raw: unknown,
): Promise<PostedMessage> {
  const { order, as } = await threadAccess(app, actorId, orderId);
  const text = checkText(raw);
  const at = app.clock.now();
  if (as === 'buyer') {
    const received = await app.db.transaction((tx) =>
      receiveCustomerMessage(tx, {
        brandId: order.brandId,
        customerId: order.buyerId,
        channel: 'order',
        threadKey: order.id,
        orderId: order.id,
        text,
        at,
      }),
    );
    return { id: received.messageId!, conversationId: received.conversationId, as };
  }
  // The team writes first on an order nobody asked about yet: the conversation opens with it.
  await queryRows(
    app.db,
    sql`insert into inbox_conversations (id, brand_id, customer_id, channel, thread_key, order_id, kind, created_at, last_message_at)
        values (${uuidv7(at.getTime())}, ${order.brandId}, ${order.buyerId}, 'order', ${order.id}, ${order.id}, 'service', ${at}, ${at})
        on conflict (brand_id, channel, thread_key) do nothing`,
  );
  const [conversation] = await queryRows<{ id: string }>(
    app.db,
    sql`select id from inbox_conversations where brand_id = ${order.brandId} and channel = 'order' and thread_key = ${order.id}`,
  );
  // An inbox reply like any other (status, service levels), delivered now rather than by the job.
  const reply = await replyToConversation(app, { conversationId: conversation.id, authorId: actorId, text });
  await deliverReply(app, reply.id);
  return { id: reply.id, conversationId: conversation.id, as };
}

/**
 * Delivery on the order page (channels `order`, `return`, and `review` with an order): the
 * message is already in the thread; it is marked delivered and the buyer is told (notification
 * and e-mail), once, whatever how many times the delivery job runs.
 */
export async function deliverOnOrderPage(
  app: AppContext,
  conversation: DeliveryConversation,
  message: DeliveryMessage,
): Promise<{ ref: string }> {
  const orderId = conversation.orderId ?? (conversation.channel === 'order' ? conversation.threadKey : null);
  const order = orderId ? await loadThreadOrder(app.db, orderId) : null;
  if (!order) throw notFound('Order');
  await tellBuyer(app, order, message);
  return { ref: message.id };
}
