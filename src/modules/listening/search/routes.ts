import type { RouteModule } from '../../../http/app';

/** The search part's HTTP routes. */
export const routes: RouteModule[] = [];
