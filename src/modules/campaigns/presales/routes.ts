import type { RouteModule } from '../../../http/app';
import { presalesApi } from './api';
import { presalePages } from './web';

/** The pre-sales' HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [presalesApi, presalePages];
