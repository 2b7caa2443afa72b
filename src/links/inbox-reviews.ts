/**
 * Reputation ↔ inbox: a review triage took for a customer-service request (status `question`)
 * lands in the brand's inbox in the review's transaction (channel `review`, thread = the review,
 * with its order when it has one); each edit that sends it there again is a new message. The
 * brand's reviews page links each question to its conversation.
 * Delivery: on the order page's thread when the review has an order (notification and e-mail),
 * else a direct message from the brand.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import type { Clock } from '../lib/clock';
import { inboxPageUrl, deliverOnOrderPage, receiveCustomerMessage } from '../modules/inbox';
import type { AppExtensions } from './extensions';
import { postAsBrand } from './inbox-social';

export function registerInboxReviews(extensions: AppExtensions, app: { clock: Clock }) {
  extensions.reviewQuestions.register({
    name: 'inbox',
    async onQuestion(tx, review) {
      await receiveCustomerMessage(tx, {
        brandId: review.brandId,
        customerId: review.authorId,
        channel: 'review',
        threadKey: review.id,
        orderId: review.orderId,
        subject: review.title,
        text: review.title ? `${review.title}\n\n${review.body}` : review.body,
        channelRef: review.editedAt ? `${review.id}@${review.editedAt.toISOString()}` : review.id,
        at: app.clock.now(),
      });
    },
    async links(db, brand, reviewIds) {
      const rows = await queryRows<{ id: string; thread_key: string }>(
        db,
        sql`select id, thread_key from inbox_conversations
            where brand_id = ${brand.id} and channel = 'review' and thread_key in ${reviewIds}`,
      );
      return new Map(rows.map((r) => [r.thread_key, inboxPageUrl(brand.username, r.id)]));
    },
  });
  extensions.inboxChannels.register({
    name: 'review',
    async deliver(ctx, conversation, message) {
      if (conversation.orderId) return deliverOnOrderPage(ctx, conversation, message);
      return postAsBrand(ctx, {
        brandId: conversation.brandId,
        customerId: conversation.customerId,
        message,
        visibility: 'direct',
        inReplyToId: null,
      });
    },
  });
}
