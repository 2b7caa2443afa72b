import type { RouteModule } from '../../../http/app';

/** The watches part's HTTP routes. */
export const routes: RouteModule[] = [];
