import type { RouteModule } from '../../http/app';

export const apiRoutes: RouteModule[] = [];
