import type { RouteModule } from '../../http/app';
import { inboxApi } from './api';
import { customerRoutes } from './customers/routes';
import { routes as serviceLevelRoutes } from './service-levels/routes';
import { inboxPages } from './web';

/** The inbox's HTTP routes (the inbox itself and team work), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...serviceLevelRoutes, inboxApi, inboxPages, ...customerRoutes];
