// The social module's public face: posts, the graph, reactions, polls, timelines, notifications.
// Named exports only; tables are reached through src/db/schema.ts.
export type { SocialContext } from './context';
export {
  announceStatus,
  createStatus,
  deleteStatus,
  getStatusRow,
  type NewStatus,
  type Status,
} from './posts';
export { block, follow, mute, relationships, unblock, unfollow } from './graph';
export { bookmark, favourite, getPoll, notifyPollEnded, reblog, unfavourite, unreblog, vote } from './reactions';
export { accountSkeleton, contextSkeleton, homeSkeleton, tagSkeleton } from './timelines';
export { loadVisible, type Hydrated } from './hydrate';
export { StatusList } from './views/status';
export type { ViewContext } from './web-shared';
export { presentStatuses, presentTag, statusUrl, tagUrl } from './present';
export { listNotifications, markRead, unreadCount } from './notifications';
export {
  hiddenByGatesAmong,
  profileSections,
  runPublished,
  statusExtensions,
  type ProfileSection,
  type StatusExtension,
} from './extensions';
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
  notFromHiddenDomain,
  notSilenced,
  notSuspended,
  statusShown,
  statusVisibleTo,
  type RuleOptions,
  type ViewerGraph,
} from './rules';
export { notify, notifyNow, publishNotifications, type NewNotification, type NotifyPolicy } from './notifications';
export { defaultFollowOptions, type FollowOptions } from './graph';
export { canSee } from './posts';
export { socialActListeners, type SocialAct, type SocialActListener } from './acts';
export {
  insertRemoteStatus,
  reblogAsRemote,
  removeRemoteAccount,
  statusByUri,
  updateRemoteStatus,
  type RemoteEdit,
  type RemoteMedia,
  type RemotePoll,
  type RemoteStatus,
} from './remote-posts';
export { accountCard } from './web-account-card';
export { closeSocialPresence, publishDeletedPosts, type DeletedPost } from './erase';
