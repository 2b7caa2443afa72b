import type { RouteModule } from '../../http/app';
import { legalPagesRoutes } from './legal-pages/web';

/** The privacy module's pages and API (each part adds its own route modules here). */
export const routes: RouteModule[] = [legalPagesRoutes];
