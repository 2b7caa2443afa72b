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
