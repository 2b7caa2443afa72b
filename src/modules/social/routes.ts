import type { RouteModule } from '../../http/app';
import { apiRoutes } from './api';
import { webRoutes } from './web';

/** The social module's pages, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...webRoutes];
/** The social module's Mastodon client API, mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [...apiRoutes];
