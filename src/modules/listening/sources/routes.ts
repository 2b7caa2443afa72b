import type { RouteModule } from '../../../http/app';
import { sourceApiRoutes } from './api';
import { sourcePages } from './web';

/** The sources part's HTTP routes: JSON API, then pages. */
export const routes: RouteModule[] = [sourceApiRoutes, sourcePages];
