import type { RouteModule } from '../../../http/app';
import { sourceApiRoutes } from './api';
import { demoFeedRoutes } from './web-demo-feeds';
import { sourcePages } from './web';

/** The sources part's HTTP routes: JSON API, pages, and the demo's own feeds (when the demo is on). */
export const routes: RouteModule[] = [sourceApiRoutes, sourcePages, demoFeedRoutes];
