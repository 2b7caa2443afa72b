import type { RouteModule } from '../../http/app';
import { federationRoutes } from './api-activitypub';

/** ActivityPub (WebFinger, actors, inboxes, collections, objects): before every page. */
export const routes: RouteModule[] = [federationRoutes];
