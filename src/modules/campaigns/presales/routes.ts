import type { RouteModule } from '../../../http/app';
import { presalesApi } from './api';

/** The pre-sales' HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [presalesApi];
