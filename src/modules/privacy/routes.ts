import type { RouteModule } from '../../http/app';

/** The privacy module's pages and API (each part adds its own route modules here). */
export const routes: RouteModule[] = [];
