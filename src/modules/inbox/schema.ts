// The inbox's tables: one conversation per customer thread with a brand, whatever its channel,
// and its messages (the customer's, the team's replies, internal notes). SQL in src/db/migrations.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';
import { orders } from '../commerce/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Where a conversation came from; its replies go back the same way (channels.ts):
 * `mention` a post mentioning or replying to the brand (reply: a reply post), `direct` a direct
 * message to the brand (reply: a direct message), `question` a product question (reply: the
 * brand's official answer on the product page), `review` a review triage passed to customer
 * service, `order` the "Contact the shop" thread of an order, `return` a return or repair request
 * (the last three: a message on the order page).
 */
export const inboxChannels = ['mention', 'direct', 'question', 'review', 'order', 'return'] as const;
export type InboxChannel = (typeof inboxChannels)[number];

/** `pending`: waiting on the customer; `snoozed`: out of the list until `snoozed_until`. */
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const conversationKinds = ['service', 'marketing', 'other'] as const;
export type ConversationKind = (typeof conversationKinds)[number];

export const conversationPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type ConversationPriority = (typeof conversationPriorities)[number];

/**
 * One thread between a customer and a brand. `thread_key` names the thread within its channel
 * (the root post's id, the question's id, the review's id, the order's id, the return's id), so
 * a new message on the same thread lands in the same conversation. `kind_source` says whether
 * triage proposed the kind or a person set it (a person's choice is never overwritten).
 * Service levels (sla.ts): `*_due_at` are the current targets, null when none applies; a
 * breach is a due time passed while its answer is still missing. `rating` is the customer's
 * 1..5 after resolution, given once.
 */
export const inboxConversations = pgTable(
  'inbox_conversations',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<InboxChannel>().notNull(),
    threadKey: text('thread_key').notNull(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    subject: text('subject'),
    status: text('status').$type<ConversationStatus>().notNull().default('open'),
    snoozedUntil: at('snoozed_until'),
    assigneeId: uuid('assignee_id').references(() => accounts.id, { onDelete: 'set null' }),
    priority: text('priority').$type<ConversationPriority>().notNull().default('normal'),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    kind: text('kind').$type<ConversationKind>().notNull().default('other'),
    kindSource: text('kind_source').$type<'triage' | 'person'>().notNull().default('triage'),
    createdAt: at('created_at').notNull().defaultNow(),
    lastMessageAt: at('last_message_at').notNull().defaultNow(),
    /** The customer's latest message not yet answered by the team; null when the team spoke last. */
    awaitingSince: at('awaiting_since'),
    firstResponseAt: at('first_response_at'),
    firstResponseDueAt: at('first_response_due_at'),
    nextResponseDueAt: at('next_response_due_at'),
    resolutionDueAt: at('resolution_due_at'),
    /** The earliest of the due times still running: the list sorts by it. */
    slaDueAt: at('sla_due_at'),
    resolvedAt: at('resolved_at'),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: at('rated_at'),
    messageCount: integer('message_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('inbox_conversations_thread_idx').on(t.brandId, t.channel, t.threadKey),
    // The list's order within one status (conversations.ts): what breaches first, then the latest.
    index('inbox_conversations_status_sla_idx').on(
      t.brandId,
      t.status,
      t.slaDueAt.asc().nullsLast(),
      t.lastMessageAt.desc(),
      t.id.desc(),
    ),
    // Snoozed conversations whose time has come (the open list shows them before the wake job runs).
    index('inbox_conversations_snoozed_idx').on(t.brandId, t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
    index('inbox_conversations_brand_recent_idx').on(t.brandId, t.lastMessageAt, t.id),
    index('inbox_conversations_customer_idx').on(t.brandId, t.customerId, t.lastMessageAt),
    index('inbox_conversations_assignee_idx').on(t.brandId, t.assigneeId).where(sql`${t.status} <> 'resolved'`),
    index('inbox_conversations_order_idx').on(t.orderId),
    check('inbox_conversations_rating_range', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/**
 * One message of a conversation. `author_role`: `customer`, `team` (a reply, delivered through
 * the channel) or `system` (status changes shown in the thread). `internal` notes are the
 * team's only and are never delivered. `channel_ref` is what the message is on its channel (the
 * post, the answer, the order message), so a message seen twice (a job run again) is kept once.
 */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => inboxConversations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    authorRole: text('author_role').$type<'customer' | 'team' | 'system'>().notNull(),
    internal: boolean('internal').notNull().default(false),
    text: text('text').notNull(),
    channelRef: text('channel_ref'),
    createdAt: at('created_at').notNull().defaultNow(),
    deliveredAt: at('delivered_at'),
    deliveryError: text('delivery_error'),
  },
  (t) => [
    index('inbox_messages_conversation_idx').on(t.conversationId, t.createdAt, t.id),
    uniqueIndex('inbox_messages_channel_ref_idx')
      .on(t.conversationId, t.channelRef)
      .where(sql`${t.channelRef} is not null`),
  ],
);
