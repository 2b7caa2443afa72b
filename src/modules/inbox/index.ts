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
// The customer's file (customers/): what one customer did with one brand, for its team.
export { customerFile, type CustomerFile } from './customers/file';
export { customerFileUrl } from './customers/urls';
export { addCustomerNote, setCustomerLabels } from './customers/notes';
export { engagementLevel, engagementLevels, type EngagementLevel } from './customers/engagement';
