/**
 * The channels a customer conversation can come from, and how a team's reply goes back through
 * each (Medusa-style: the module that owns the channel registers its delivery in src/links/;
 * the inbox never writes posts, answers or order messages itself).
 */
import type { AppContext } from '../../context';
import { createRegistry, type Registry } from '../../lib/registry';
import type { InboxChannel } from './schema';

/** What a delivery knows of the conversation it answers. */
export type DeliveryConversation = {
  id: string;
  brandId: string;
  customerId: string;
  channel: InboxChannel;
  threadKey: string;
  orderId: string | null;
};

export type DeliveryMessage = { id: string; text: string; authorId: string | null };

export type InboxChannelHandler = {
  name: InboxChannel;
  /**
   * Puts a team's reply on the channel (a reply post as the brand, a direct message, the brand's
   * official answer, a message on the order page) and returns what it made there (its id), kept
   * as the message's `channel_ref`. Runs in the `inbox.deliver` job: may run again after a crash,
   * so it must not deliver the same message twice (use `message.id` as the key).
   * Throw an AppError to refuse (the message keeps `delivery_error`, the agent sees it).
   */
  deliver(app: AppContext, conversation: DeliveryConversation, message: DeliveryMessage): Promise<{ ref: string }>;
  /** Where the team sees the thread on its channel (the post, the product page, the order page). */
  url?(app: { publicUrl: string }, conversation: DeliveryConversation): string | null;
};

export type InboxChannels = Registry<InboxChannelHandler & { name: string }>;
export const inboxChannelHandlers: InboxChannels = createRegistry<InboxChannelHandler & { name: string }>();
