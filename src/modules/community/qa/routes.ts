import type { RouteModule } from '../../../http/app';
import { qaApi } from './api';
import { qaPages } from './web';

/** The product Q&A's HTTP routes, gathered by src/modules/community/routes.ts. */
export const qaRoutes: RouteModule[] = [qaApi, qaPages];
