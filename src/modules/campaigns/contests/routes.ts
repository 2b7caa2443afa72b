import type { RouteModule } from '../../../http/app';
import { contestsApi } from './api';
import { contestPages } from './web';

/** The contests' HTTP routes, gathered by campaigns/routes.ts. */
export const contestRoutes: RouteModule[] = [contestsApi, contestPages];
