import type { RouteModule } from '../../http/app';
import { ledgerRoutes } from './ledger/routes';

/** The ambassadors module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...ledgerRoutes];
