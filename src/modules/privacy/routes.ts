import type { RouteModule } from '../../http/app';
import { closeAccountApi } from './erasure/api';
import { closeAccountPages } from './erasure/web';

/** The privacy module's pages and API (each part adds its own route modules here). */
export const routes: RouteModule[] = [closeAccountApi, closeAccountPages];
