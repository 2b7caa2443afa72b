import type { RouteModule } from '../../../http/app';
import { qaApi } from './api';
import { qaPages } from './web';
import { qaBrandPages } from './web-brand';

/** The product Q&A's HTTP routes, gathered by src/modules/community/routes.ts. */
export const qaRoutes: RouteModule[] = [qaApi, qaPages, qaBrandPages];
