import type { RouteModule } from '../../http/app';

/** The reputation module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [];
