import type { RouteModule } from '../../../http/app';
import { ladderApi } from './api';
import { ladderPages } from './web';

/** The engagement ladder's routes: the JSON read and the back-office page. */
export const ladderRoutes: RouteModule[] = [ladderApi, ladderPages];
