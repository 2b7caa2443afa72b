import type { RouteModule } from '../../http/app';
import { moveApi } from './api-moves';
import { federationRoutes } from './http';
import { movePages } from './web-moves';

/** ActivityPub (WebFinger, actors, inboxes, collections, objects): before every page. Then account migration (API, settings page). */
export const routes: RouteModule[] = [federationRoutes, moveApi, movePages];
