import type { RouteModule } from '../../../http/app';
import { ledgerApi } from './api';
import { ledgerPages } from './pages';

/** The commission ledger's routes (API, earnings page, payouts pages), spread into the module's routes.ts. */
export const ledgerRoutes: RouteModule[] = [ledgerApi, ledgerPages];
