import type { RouteModule } from '../../http/app';
import { routes as api } from './api';
import { webRoutes } from './web';

/** The moderation part's HTTP routes. */
export const routes: RouteModule[] = [...api, webRoutes];
