import type { Federation, RequestContext, Context as FedifyContext } from '@fedify/fedify';
import type { AppContext } from '../../context';

/** What Fedify hands our dispatchers and listeners as context data: the running app. */
export type FederationData = AppContext;
export type Fed = Federation<FederationData>;
export type FedContext = FedifyContext<FederationData>;
export type FedRequestContext = RequestContext<FederationData>;

/** Our own JSON-LD namespace, for what the vocabulary has no term for (brand colours, products on posts). */
export const COMPTOIR_NS = 'https://comptoir.social/ns#';

/** The URL paths of our ActivityPub documents (Fedify's URI templates). */
export const paths = {
  actor: '/users/{identifier}',
  inbox: '/users/{identifier}/inbox',
  sharedInbox: '/inbox',
  outbox: '/users/{identifier}/outbox',
  followers: '/users/{identifier}/followers',
  following: '/users/{identifier}/following',
  featured: '/users/{identifier}/collections/featured',
  note: '/users/{identifier}/statuses/{id}',
  question: '/users/{identifier}/questions/{id}',
} as const;
