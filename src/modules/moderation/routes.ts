import type { RouteModule } from '../../http/app';
import { mastodonRoutes as mastodonApi, routes as api } from './api';
import { webRoutes } from './web';

/** The moderation part's HTTP routes. */
export const routes: RouteModule[] = [...api, webRoutes];
/** Mastodon's reports, mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [...mastodonApi];
