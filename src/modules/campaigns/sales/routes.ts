import type { RouteModule } from '../../../http/app';
import { priceRulesApi } from './api';
import { salesPages } from './web';

/** The sales' HTTP routes, exported by the campaigns index and mounted by src/http/routes.ts. */
export const salesRoutes: RouteModule[] = [priceRulesApi, salesPages];
