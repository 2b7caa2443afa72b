import type { RouteModule } from '../../http/app';
import { reviewsApi } from './api';
import { brandReviewPages, reviewPages } from './web';

/** The reputation module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [reviewsApi, reviewPages, brandReviewPages];
