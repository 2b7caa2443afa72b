// The federation module's public face: the single place that knows ActivityPub (Fedify).
export { federationContext, federationOf, runFederationTask } from './federation';
export { queueAct, sendAct } from './outbox';
export type { FederationData } from './context';
export {
  deliverableDomain,
  isDomainSuspended,
  normaliseDomain,
  type DomainBlock,
} from './moderation/domains';
export { cacheRemoteMedia } from './inbound/media';
export { importPostObject } from './inbound/import';
export {
  importRemoteObject,
  parseRemoteQuery,
  remoteObjectImporters,
  resolveHandle,
  resolveStatus,
  type RemoteObjectImporter,
  type ResolvedAccount,
} from './resolve';
export { backfillOutbox, remoteAccountViewed } from './backfill';
export { copyRemoteImages, queueRemoteImages } from './avatars';
export {
  noteExtensions,
  type ExtraContext,
  type NoteExtension,
  type NoteExtra,
  type NoteLink,
} from './outbound/extras';
export { publishPost, queueProfileUpdate, reachesFediverse, sendActorActivity } from './outbound/publish';
export { createOf, noteOf } from './outbound/notes';
export { queueFlag, sendFlag } from './outbound/flag';
export { queueActorDelete, sendActorDelete, type ActorDeletePayload } from './outbound/delete-actor';
