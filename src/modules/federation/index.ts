// The federation module's public face: the single place that knows ActivityPub (Fedify).
// What a write does in its transaction (queue a delivery) is here at once; what needs Fedify
// (sending, fetching, discovery) loads on first use (lazy.ts).
export { queueAct } from './outbox';
export type { FederationData } from './context';
export {
  deliverableDomain,
  isDomainSuspended,
  normaliseDomain,
  type DomainBlock,
} from './moderation/domains';
export { remoteObjectImporters, type RemoteObjectImporter } from './importers';
export type { ResolvedAccount } from './resolve';
export { copyRemoteImages, queueRemoteImages } from './avatars';
export {
  noteExtensions,
  type ExtraContext,
  type NoteExtension,
  type NoteExtra,
  type NoteLink,
} from './outbound/extras';
export {
  queueActorDelete,
  queueFlag,
  queueProfileUpdate,
  reachesFediverse,
  type ActorDeletePayload,
} from './outbound/queued';
export {
  cacheRemoteMedia,
  importPostObject,
  loadFederation,
  publishPost,
  remoteAccountViewed,
  resolveHandle,
  runFederationTask,
  sendAct,
  sendActorActivity,
  sendActorDelete,
  sendFlag,
} from './lazy';
