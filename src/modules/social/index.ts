// The social module's public face: posts, the graph, reactions, polls, timelines, notifications.
export * from './schema';
export type { SocialContext } from './context';
export * from './posts';
export * from './graph';
export * from './reactions';
export * from './timelines';
export * from './hydrate';
export * from './present';
export * from './notifications';
export * from './links';
export * from './extensions';
export { fetchCard, linkCardExtension, presentCard, type Card, type LocalPreviewer } from './cards';
export { attachStreamingSockets } from './streaming-ws';
export { parseText, renderText, escapeHtml, textLength } from './text';
export { detectLanguage } from './language';
export {
  ContextEntity,
  FilterEntity,
  FilterResultEntity,
  MediaAttachmentEntity,
  PollEntity,
  PreviewCardEntity,
  QuoteEntity,
  StatusEntity,
  StatusMentionEntity,
  StatusProductEntity,
  StatusSourceEntity,
  StatusTagEntity,
} from './entities-status';
export {
  ListEntity,
  MarkerEntity,
  MarkersEntity,
  MASTODON_NOTIFICATION_TYPES,
  NotificationEntity,
  PreferencesEntity,
  RelationshipEntity,
  ReportEntity,
  SearchEntity,
  TagEntity,
  UnreadCountEntity,
} from './entities';
export {
  authorShown,
  authorVisibleTo,
  blockedEitherWay,
  blockedPairs,
  graphAllows,
  mutedBy,
  notSuspended,
  statusShown,
  statusVisibleTo,
  type RuleOptions,
  type ViewerGraph,
} from './rules';
export { notify, notifyNow, publishNotifications, type NewNotification, type NotifyPolicy } from './notifications';
export { defaultFollowOptions, type FollowOptions } from './graph';
export { canSee } from './posts';
