import type { RouteModule } from '../../http/app';
import { apiRoutes } from './api';
import { shortLinkRoutes } from './api-media';
import { ownNotificationRoutes } from './api-notifications-ours';
import { webRoutes } from './web';
// The Mastodon routes' entries in the OpenAPI document.
import './openapi';

/** The social module's pages and our own JSON routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [ownNotificationRoutes, shortLinkRoutes, ...webRoutes];
/** The social module's Mastodon client API, mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [...apiRoutes];
