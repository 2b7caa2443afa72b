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
export { orderThreadSection } from './threads/web';
// The inbox itself and team work (inboxcore): reading, replying, assignment, saved replies.
export {
  checkFilters,
  getConversation,
  listConversations,
  statusCounts,
  type ConversationDetail,
  type ListedConversation,
  type ListFilters,
  type Message,
} from './conversations';
export {
  assignConversation,
  reopenConversation,
  replyToConversation,
  resolveConversation,
  setKind,
  setLabels,
  setPriority,
  snoozeConversation,
  unassignConversation,
  wakeConversation,
  type Reply,
  type ReplyInput,
} from './actions';
export { deliverReply } from './delivery';
export { agentsOf, autoAssign, routingOf, setAvailability, setRouting, type Routing } from './round-robin';
export {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  updateSavedReply,
  useSavedReply,
  type SavedReply,
} from './saved-replies';
export { fillVariables, VARIABLES } from './variables';
export { othersHere, touchPresence, type Presence } from './presence';
export { customerFileUrl, inboxPageUrl } from './urls';
// The customer's file (customers/): what one customer did with one brand, for its team.
export { customerFile, type CustomerFile } from './customers/file';
export { addCustomerNote, setCustomerLabels } from './customers/notes';
export { engagementLevel, engagementLevels, type EngagementLevel } from './customers/engagement';
// Service levels (service-levels/): business time, targets, the customer's rating, reports.
export { slaStateOf, type SlaState } from './sla';
export {
  addBusinessMinutes,
  businessMinutesBetween,
  BUSINESS_ZONE,
  type BusinessHours,
} from './service-levels/business-hours';
export {
  DEFAULT_TARGETS,
  saveTargets,
  targetsOf,
  type ServiceTargets,
  type TargetsInput,
} from './service-levels/targets';
export { rateConversation } from './service-levels/rating';
export { serviceReport, reportCsv, type ServiceReport } from './service-levels/reports';
