import type { RouteModule } from '../../http/app';
import { federationRoutes } from './api-activitypub';
import { adminDomainRoutes, mastodonDomainRoutes } from './moderation/api';
import { domainBlockPages } from './moderation/web';

/** ActivityPub (WebFinger, actors, inboxes, collections, objects): before every page. */
export const routes: RouteModule[] = [federationRoutes, adminDomainRoutes, domainBlockPages];
/** Mastodon's per-user domain blocks (/api/v1/domain_blocks), on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [mastodonDomainRoutes];
