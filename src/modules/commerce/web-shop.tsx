import type { RouteModule } from '../../http/app';

export const routes: RouteModule[] = [];
