import type { RouteModule } from '../../http/app';
import { moveApi } from './api-moves';
import { federationRoutes } from './http';

/** ActivityPub (WebFinger, actors, inboxes, collections, objects): before every page. Then account migration. */
export const routes: RouteModule[] = [federationRoutes, moveApi];
