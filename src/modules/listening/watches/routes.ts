import type { RouteModule } from '../../../http/app';
import { watchApiRoutes } from './api';
import { watchPages } from './web';

/** The watches part's HTTP routes: JSON API and feeds, then pages. */
export const routes: RouteModule[] = [watchApiRoutes, watchPages];
