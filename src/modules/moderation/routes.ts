import type { RouteModule } from '../../http/app';

/** The moderation part's HTTP routes. */
export const routes: RouteModule[] = [];
