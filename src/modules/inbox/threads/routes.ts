import type { RouteModule } from '../../../http/app';
import { orderMessagesApi } from './api';
import { orderThreadPages } from './web';

/** The order thread's routes (API and the order page's form), registered by src/http/routes.ts. */
export const threadRoutes: RouteModule[] = [orderMessagesApi, orderThreadPages];
