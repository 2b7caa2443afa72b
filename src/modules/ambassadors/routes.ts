import type { RouteModule } from '../../http/app';
import { ambassadorApi } from './api';
import { ledgerRoutes } from './ledger/routes';
import { ambassadorBackoffice } from './web-backoffice';
import { personPages } from './web-person';
import { publicPages } from './web-public';
import { redirectRoutes } from './web-redirect';

/**
 * The ambassadors module's HTTP routes, registered by src/http/routes.ts. The ledger's come first:
 * its fixed paths (/brands/<u>/ambassadors/payouts) must win over the member pages' parameters.
 */
export const routes: RouteModule[] = [
  ...ledgerRoutes,
  ambassadorApi,
  redirectRoutes,
  ambassadorBackoffice,
  personPages,
  publicPages,
];
