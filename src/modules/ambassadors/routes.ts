import type { RouteModule } from '../../http/app';
import { ambassadorApi } from './api';
import { ambassadorBackoffice } from './web-backoffice';
import { personPages } from './web-person';
import { publicPages } from './web-public';
import { redirectRoutes } from './web-redirect';

/** The ambassadors module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [ambassadorApi, redirectRoutes, ambassadorBackoffice, personPages, publicPages];
