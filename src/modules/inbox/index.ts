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
