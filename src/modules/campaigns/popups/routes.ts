import type { RouteModule } from '../../../http/app';
import { popupApi } from './api';
import { popupPages } from './web';

/** The pop-up stores' routes: the JSON API, the public page and the back-office pages. */
export const popupRoutes: RouteModule[] = [popupApi, popupPages];
