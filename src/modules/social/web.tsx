import type { RouteModule } from '../../http/app';
export const webRoutes: RouteModule[] = [];
