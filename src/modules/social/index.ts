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
export { block, follow, mute, relationships } from './graph';
export { bookmark, favourite, getPoll, notifyPollEnded, reblog, vote } from './reactions';
export { accountSkeleton, contextSkeleton, homeSkeleton, tagSkeleton } from './timelines';
export { loadVisible, type Hydrated } from './hydrate';
export { presentStatuses, statusUrl } from './present';
export { listNotifications, publishNotifications, unreadCount } from './notifications';
export { hiddenByGatesAmong, runPublished, statusExtensions, type StatusExtension } from './extensions';
export { attachStreamingSockets } from './streaming-ws';
export { parseText, renderText, escapeHtml, textLength } from './text';
export { detectLanguage } from './language';
