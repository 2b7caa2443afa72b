import type { RouteModule } from '../../http/app';
import { ladderRoutes } from './ladder/routes';

/** The analytics module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...ladderRoutes];
