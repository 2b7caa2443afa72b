// The inbox's public face: every customer conversation with a brand, whatever its channel.
// Named exports only; tables are reached through src/db/schema.ts.
export {
  conversationKinds,
  conversationPriorities,
  conversationStatuses,
  inboxChannels,
  type ConversationKind,
  type ConversationPriority,
  type ConversationStatus,
  type InboxChannel,
} from './schema';
export { proposeKind, receiveCustomerMessage, type CustomerMessage, type Received } from './receive';
export {
  inboxChannelHandlers,
  type DeliveryConversation,
  type DeliveryMessage,
  type InboxChannelHandler,
  type InboxChannels,
} from './channels';
export { applyServiceLevels, type ServiceLevelEvent } from './sla';
// channels: the order page's thread with the shop (threads/), its delivery, the team's conversation path.
export {
  checkText as checkOrderMessage,
  deliverOnOrderPage,
  orderThread,
  postOrderMessage,
  type OrderThread,
} from './threads/service';
export { conversationPath, orderThreadSection } from './threads/web';
export { threadRoutes } from './threads/routes';
