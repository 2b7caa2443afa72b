import type { RouteModule } from '../../http/app';
import { federationRoutes } from './api-activitypub';
import { moveApi } from './api-moves';
import { adminDomainRoutes, mastodonDomainRoutes } from './moderation/api';
import { domainBlockPages } from './moderation/web';
import { movePages } from './web-moves';

/**
 * ActivityPub (WebFinger, actors, inboxes, collections, objects): before every page. Then the
 * platform's domain blocks (API, back office) and account migration (API, settings page).
 */
export const routes: RouteModule[] = [federationRoutes, adminDomainRoutes, domainBlockPages, moveApi, movePages];
/** Mastodon's per-user domain blocks (/api/v1/domain_blocks), on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [mastodonDomainRoutes];
