import type { RouteModule } from '../../http/app';
import { routes as serviceLevelRoutes } from './service-levels/routes';

/** The inbox module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...serviceLevelRoutes];
