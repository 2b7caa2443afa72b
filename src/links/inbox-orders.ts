/**
 * Commerce ↔ inbox: the order page's thread with the shop, and return or repair requests.
 *
 * - `order`: the "Contact the shop" section of the buyer's order page (commerce's order page
 *   extension) shows the thread and posts to /orders/:id/messages (inbox/threads); the brand's
 *   order page shows it too, with a link to the conversation.
 * - `return`: a return or a repair request (both kinds of commerce's returns) lands in the inbox
 *   in the request's transaction (the `return_requested` order step), thread = the request, with
 *   its order; the reason is the customer's message.
 * - Delivery for both: the reply is already in the order page's thread; it is marked delivered
 *   and the buyer gets a notification and an e-mail.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import type { Clock } from '../lib/clock';
import { deliverOnOrderPage, orderThreadSection, receiveCustomerMessage } from '../modules/inbox';
import type { AppExtensions } from './extensions';

export function registerInboxOrders(extensions: AppExtensions, app: { clock: Clock; publicUrl: string }) {
  extensions.orderPages.register(orderThreadSection);
  extensions.orderSteps.register({
    name: 'inbox_returns',
    async onStep(tx, order, step) {
      if (step !== 'return_requested') return;
      // The request was written just before this step, in the same transaction.
      const [request] = await queryRows<{ id: string; kind: string; reason: string }>(
        tx,
        sql`select id, kind, reason from return_requests where order_id = ${order.id}
            order by created_at desc, id desc limit 1`,
      );
      if (!request) return;
      await receiveCustomerMessage(tx, {
        brandId: order.brandId,
        customerId: order.buyerId,
        channel: 'return',
        threadKey: request.id,
        orderId: order.id,
        subject: request.kind,
        text: request.reason,
        channelRef: request.id,
        at: app.clock.now(),
      });
    },
  });
  for (const name of ['order', 'return'] as const)
    extensions.inboxChannels.register({
      name,
      deliver: deliverOnOrderPage,
      url: (urls, conversation) => (conversation.orderId ? `${urls.publicUrl}/orders/${conversation.orderId}` : null),
    });
}
