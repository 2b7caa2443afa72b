// The campaigns module's HTTP routes, registered by src/http/routes.ts.
import type { RouteModule } from '../../http/app';
import { routes as editionRoutes } from './editions/pages';

export const routes: RouteModule[] = [...editionRoutes];
