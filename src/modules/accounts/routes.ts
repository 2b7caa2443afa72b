import type { RouteModule } from '../../http/app';
import { apiRoutes, mastodonApiRoutes } from './api';
import { webRoutes } from './web';
// The Mastodon routes' entries in the OpenAPI document.
import './openapi';

/** The accounts module's own API (brands) and pages, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...apiRoutes, ...webRoutes];
/** Mastodon-compatible accounts, apps and OAuth token endpoints, mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [...mastodonApiRoutes];
