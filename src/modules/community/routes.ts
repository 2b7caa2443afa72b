import type { RouteModule } from '../../http/app';
import { qaRoutes } from './qa/routes';
import { routes as spaceRoutes } from './spaces/routes';

/** The community module's HTTP routes (spaces, product Q&A), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...spaceRoutes, ...qaRoutes];
