import type { RouteModule } from '../../../http/app';
import { roiApiRoutes } from './api';
import { roiPages } from './web';

/** The Return on Involvement part's HTTP routes: the JSON API, then the dashboard and its CSV. */
export const roiRoutes: RouteModule[] = [roiApiRoutes, roiPages];
