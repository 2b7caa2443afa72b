import type { RouteModule } from '../../http/app';
import { mastodonRoutes as mastodonSearch, routes as search } from './search/routes';
import { routes as sources } from './sources/routes';
import { routes as watches } from './watches/routes';

/** The listening module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...search, ...watches, ...sources];
/** Mastodon's search, mounted on the Mastodon sub-app. */
export const mastodonRoutes: RouteModule[] = [...mastodonSearch];
