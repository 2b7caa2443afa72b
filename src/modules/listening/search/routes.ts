import type { RouteModule } from '../../../http/app';
import { searchApiRoutes } from './api';
import { feedRoutes } from './web-feeds';
import { searchPageRoutes } from './web';

/** The search part's HTTP routes: the APIs, the /search page, public RSS/Atom feeds. */
export const routes: RouteModule[] = [searchApiRoutes, searchPageRoutes, feedRoutes];
