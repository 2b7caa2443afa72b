import type { RouteModule } from '../../../http/app';
import { mastodonSearchRoutes, searchApiRoutes } from './api';
import { feedRoutes } from './web-feeds';
import { searchPageRoutes } from './web';

/** The search part's HTTP routes: the APIs, the /search page, public RSS/Atom feeds. */
export const routes: RouteModule[] = [searchApiRoutes, searchPageRoutes, feedRoutes];
/** Mastodon's search (/api/v2/search), mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [mastodonSearchRoutes];
