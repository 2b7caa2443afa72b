/**
 * Everything of this module that needs Fedify's libraries, loaded on first use through lazy.ts:
 * the federation itself, the jobs that send and fetch, discovery, account moves.
 */
export { federationContext, federationOf, runFederationTask } from './federation';
export { sendAct } from './outbound/acts';
export { cacheRemoteMedia } from './inbound/media';
export { importPostObject } from './inbound/import';
export { importRemoteObject, parseRemoteQuery, resolveHandle, resolveStatus } from './resolve';
export { backfillOutbox, remoteAccountViewed } from './backfill';
export { publishPost, sendActorActivity } from './outbound/publish';
export { createOf, noteOf } from './outbound/notes';
export { sendFlag } from './outbound/flag';
export { sendActorDelete } from './outbound/delete-actor';
export { addAlias, moveAccount, removeAlias } from './moves';
