import type { RouteModule } from '../../../http/app';
import { serviceLevelsApi } from './api';
import { serviceLevelPages } from './web';

/** The service levels' HTTP routes (rating, targets, reports), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [serviceLevelsApi, serviceLevelPages];
