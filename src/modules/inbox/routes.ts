import type { RouteModule } from '../../http/app';
import { inboxApi } from './api';
import { customerRoutes } from './customers/routes';
import { routes as serviceLevelRoutes } from './service-levels/routes';
import { threadRoutes } from './threads/routes';
import { inboxPages } from './web';

/** The inbox module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...serviceLevelRoutes, inboxApi, inboxPages, ...customerRoutes, ...threadRoutes];
