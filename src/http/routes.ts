import type { RouteModule } from './app';
import * as accounts from '../modules/accounts/routes';
import { staticRoutes } from '../web/static';

/** Every module's routes, in the order they are matched. */
export const routeModules: RouteModule[] = [staticRoutes, ...accounts.routes];
