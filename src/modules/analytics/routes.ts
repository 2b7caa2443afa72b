import type { RouteModule } from '../../http/app';
import { ladderRoutes } from './ladder/routes';
import { roiRoutes } from './roi/routes';

/** The analytics module's HTTP routes, registered by src/http/routes.ts (each part adds one spread line). */
export const routes: RouteModule[] = [...roiRoutes, ...ladderRoutes];
